"""Project VIC categories, as Autopsy and Griffeye use them."""

from __future__ import annotations

CATEGORIES = {
    "CAT-0": "uncategorised",
    "CAT-1": "child abuse material",
    "CAT-2": "child exploitive (non-CSAM)",
    "CAT-3": "CGI / animation",
    "CAT-4": "comparison images",
    "CAT-5": "non-pertinent",
}
KNOWN_GOOD = "known-good"  # NSRL: files to hide, not a Project VIC category


def normalise_category(value: object) -> str | None:
    """``3``, ``"3"``, ``"cat3"`` or ``"CAT-3"`` -> ``"CAT-3"``; None for empty; refuses anything else."""
    if value is None or value == "":
        return None
    text = str(value).strip().upper().replace("_", "-").replace(" ", "")
    if text == KNOWN_GOOD.upper():
        return KNOWN_GOOD
    if text.isdigit():
        text = f"CAT-{int(text)}"
    elif text.startswith("CAT") and not text.startswith("CAT-"):
        text = "CAT-" + text[3:]
    if text not in CATEGORIES:
        raise ValueError(f"unknown category {value!r}: expected CAT-0 ... CAT-5")
    return text
