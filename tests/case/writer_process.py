"""A separate process that keeps writing to a case: ``python -m tests.case.writer_process CASE COUNT``.

It prints ``committed SEQ`` after each committed event (so the parent knows what must survive a kill) and, every
tenth event, commits a batch of data-bearing events in one transaction, as an ingest would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE


def main() -> None:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, KEY_PASSPHRASE)
    with Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key) as case:
        for index in range(count):
            if index % 10 == 9:
                with case.change("batch.committed", {"index": index, "payload": "y" * 2000}) as connection:
                    connection.exec_driver_sql("SELECT count(*) FROM custody_events").fetchone()
                seq = case.events()[-1].seq
            else:
                seq = case.record("note.added", {"index": index, "payload": "x" * 500}).seq
            print(f"committed {seq}", flush=True)


if __name__ == "__main__":
    main()
