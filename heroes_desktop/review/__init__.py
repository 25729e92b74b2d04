"""Reviewing pictures and video with as few clear views as possible: the gallery's queries, the triage queue and
its reasons, bulk decisions (hash-set confirmation, near-duplicate groups), the reveal ladder and the examiner's
private exposure count. Qt-free: the window and ``scripts/bench_review.py`` use the same calls."""
