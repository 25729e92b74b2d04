"""What a supervisor reads before signing: the chain of custody as a readable history (links, signatures and the
lab's enrolments checked) and what was done to the case (evidence, ingest runs, models, hash sets, coverage).
Qt-free: the supervisor's window and any report use the same calls."""
