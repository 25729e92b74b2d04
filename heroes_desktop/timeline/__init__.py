"""Time: the dates items state about themselves (:mod:`.dates`) and every dated event of a case in one order
(:mod:`.events`)."""
