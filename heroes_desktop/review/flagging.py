"""What counts as *flagged* material: the items whose clear views are counted against the examiner's exposure and
that start lower on the reveal ladder."""

from __future__ import annotations

FLAG_SCORE = 0.35  # a triage score at or above this puts an image in the examiner's "flagged" queue
# Project VIC categories that describe abuse or exploitation (CGI included); CAT-0, CAT-4 and CAT-5 do not.
PERTINENT_CATEGORIES = frozenset({"CAT-1", "CAT-2", "CAT-3"})


def is_flagged(triage_score: float | None, hash_category: str | None = None,
               examiner_category: str | None = None, flag_score: float = FLAG_SCORE) -> bool:
    """True when triage scored the item at or above ``flag_score``, a hash set gives it a pertinent category, or
    the examiner already put it in one."""
    return ((triage_score or 0.0) >= flag_score or hash_category in PERTINENT_CATEGORIES
            or examiner_category in PERTINENT_CATEGORIES)
