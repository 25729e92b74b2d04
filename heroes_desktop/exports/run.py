"""One entry to every export, for the command line and the window alike: CASE/UCO JSON-LD, a portable case, or
VICS 2.0. Each export is recorded in the custody chain with the SHA-256 of what it wrote (the portable case records
its own creation in its own chain, and the source case records that it was exported)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.exports.errors import ExportError
from heroes_desktop.exports.formats import EXPORT_FORMATS, ITEM_CHOICES


def _sha256(path: Path) -> str:
    return file_sha256(path)


def run_export(case: Case, fmt: str, out: Path, *, items: str = "bookmarked", passphrase: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Write the export ``fmt`` of ``case`` to ``out`` and record it; return what was written."""
    out = Path(out)
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use {', '.join(EXPORT_FORMATS)}")
    if out.exists():
        raise ExportError(f"{out} already exists; an export is never overwritten")
    if fmt == "portable":
        if not passphrase:
            raise ExportError("a portable case needs a passphrase of its own")
        if items not in ITEM_CHOICES:
            raise ExportError(f"items must be one of {', '.join(ITEM_CHOICES)}")
        from heroes_desktop.exports.portable import export_portable  # noqa: PLC0415 - loaded when used

        result = export_portable(case, out, passphrase, items=items, progress=progress, cancelled=cancelled)
        case.record("export.written", {"format": "portable", "out": str(out), "items": items,
                                       "sha256": _sha256(out), **_counts(result)})
        return {"format": fmt, **result}
    if fmt == "case-uco":
        from heroes_desktop.exports.case_uco import export_case_uco  # noqa: PLC0415

        result = export_case_uco(case, out, progress=progress, cancelled=cancelled)
        case.record("export.written", {"format": "case-uco", "out": str(out), "sha256": result.get("sha256")
                                       or _sha256(out), **_counts(result)})
        return {"format": fmt, **result}
    from heroes_desktop.hashsets.store import export_vics  # noqa: PLC0415

    document = export_vics(case, out)  # records its own hashset.exported event
    return {"format": fmt, "out": str(out), "media": len(document["value"][0]["Media"]), "sha256": _sha256(out)}


def _counts(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if isinstance(value, int) and not isinstance(value, bool)}
