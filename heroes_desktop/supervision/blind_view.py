"""What a supervisor sees of an item in a blind second review: the item as the examiner's review shows it, less
everything that would tell or suggest the examiner's decision.

Removed: the examiner's category and notes (the decision itself), the hash sets' categories and the program's
suggested category with the signals behind it (an examiner who confirmed hash-set categories or accepted
suggestions decided exactly that: a supervisor shown them would agree by anchoring, not by judgement, and the
agreement measured would be inflated). Kept: what the item is (kind, size, video length, audio), its faces with
their estimated ages, and the detector's and context labels, which describe the content before any reveal; the
triage score stays so that the reveal ladder starts flagged material at the description, as for the examiner.
"""

from __future__ import annotations

from dataclasses import replace

from heroes_desktop.review.item_review import ItemReview


def blinded(review: ItemReview) -> ItemReview:
    """``review`` with the examiner's decision and the program's and hash sets' categories removed."""
    return replace(review, examiner_category=None, notes=(), hashes=None, suggested_category=None,
                   signals=tuple(signal for signal in review.signals if signal.kind != "hash-set"),
                   reasons=())
