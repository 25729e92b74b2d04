"""What an attacker who knows the case passphrase can do directly in SQL (used to prove verify catches it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from heroes_desktop.case.custody import event_hash
from heroes_desktop.case.engine import connect
from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE

TRIGGERS = (
    "custody_events_no_update",
    "custody_events_no_delete",
    "custody_events_in_sequence",
    "custody_events_move_head",
    "custody_head_no_delete",
    "signers_no_update",
    "signers_no_delete",
)


class Tamperer:
    """A raw keyed connection with the append-only guards dropped."""

    def __init__(self, path: Path, case_id: str) -> None:
        self.case_id = case_id
        self.connection = connect(path, PASSPHRASE, read_only=False)
        for trigger in TRIGGERS:
            self.connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")

    def __enter__(self) -> Tamperer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()

    def sql(self, statement: str, parameters: tuple = ()) -> None:
        self.connection.execute(statement, parameters)

    def row(self, seq: int) -> dict[str, Any]:
        cursor = self.connection.execute("SELECT * FROM custody_events WHERE seq = ?", (seq,))
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))

    def resign(self, seq: int, key: SigningKey, **changes: Any) -> None:
        """Change event ``seq`` and recompute its hash and signature with ``key`` (the right key)."""
        row = self.row(seq)
        event = {**row, "details": json.loads(row["details"]), "versions": json.loads(row["versions"])}
        event.update(changes)
        digest = event_hash(self.case_id, event)
        signature = key.sign(bytes.fromhex(digest)).hex()
        self.connection.execute(
            "UPDATE custody_events SET seq=?, time=?, action=?, details=?, prev_hash=?, hash=?, signature=? "
            "WHERE seq=?",
            (event["seq"], event["time"], event["action"], canonical_json(event["details"]).decode(),
             event["prev_hash"], digest, signature, seq),
        )
