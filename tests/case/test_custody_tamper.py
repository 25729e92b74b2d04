"""Any single edit, deletion, reordering or insertion of a custody event is detected and named by verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.custody import GENESIS_HASH, event_hash
from heroes_desktop.case.engine import connect
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key
from tests.case.tamper import Tamperer
from tests.conftest import PASSPHRASE

EVENTS = 12  # 2 creation events + 10 notes


@pytest.fixture
def busy_case(new_case: Case) -> Case:
    for index in range(EVENTS - 2):
        new_case.record("note.added", {"text": f"note {index}"})
    new_case.close()
    return new_case


def _verify(path: Path):  # type: ignore[no-untyped-def]
    with Case.open(path, PASSPHRASE) as case:
        return case.verify()


def test_untouched_chain_verifies(busy_case: Case) -> None:
    report = _verify(busy_case.path)
    assert report.ok, report.as_json()
    assert report.events_checked == EVENTS


def test_triggers_refuse_update_delete_and_out_of_sequence_insert(busy_case: Case) -> None:
    connection = connect(busy_case.path, PASSPHRASE, read_only=False)
    try:
        for statement in (
            "UPDATE custody_events SET action = 'x' WHERE seq = 3",
            "DELETE FROM custody_events WHERE seq = 3",
            "INSERT INTO custody_events VALUES (99, 't', 'a', 'examiner', 'x', '{}', '{}', 'k', 'p', 'h', 's')",
            "DELETE FROM custody_head",
            "DELETE FROM signers",
        ):
            with pytest.raises(sqlcipher3.dbapi2.DatabaseError, match="append-only|in sequence|cannot be deleted"):
                connection.execute(statement)
    finally:
        connection.close()
    assert _verify(busy_case.path).ok


@pytest.mark.parametrize("seq", [1, 2, 5, EVENTS])
def test_edited_event_is_named(busy_case: Case, seq: int) -> None:
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("UPDATE custody_events SET details = '{\"text\":\"forged\"}' WHERE seq = ?", (seq,))
    report = _verify(busy_case.path)
    assert report.first_bad_seq == seq and "altered" in (report.reason or "")


@pytest.mark.parametrize("seq", [3, 7, EVENTS - 1])
def test_edited_and_resigned_event_is_named(busy_case: Case, examiner_key: SigningKey, seq: int) -> None:
    """Even re-hashed and re-signed with the examiner's own key, the next event's link gives it away."""
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.resign(seq, examiner_key, details={"text": "forged"})
    report = _verify(busy_case.path)
    assert report.first_bad_seq == seq, report.as_json()


@pytest.mark.parametrize("seq", [2, 6, EVENTS - 1])
def test_deleted_event_is_named(busy_case: Case, seq: int) -> None:
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("DELETE FROM custody_events WHERE seq = ?", (seq,))
    report = _verify(busy_case.path)
    assert report.first_bad_seq == seq and "missing" in (report.reason or "")


@pytest.mark.parametrize("seq", [4, 8])
def test_deleted_and_renumbered_event_is_named(busy_case: Case, seq: int) -> None:
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("DELETE FROM custody_events WHERE seq = ?", (seq,))
        attacker.sql("UPDATE custody_events SET seq = seq - 1 WHERE seq > ?", (seq,))
    assert _verify(busy_case.path).first_bad_seq == seq


def test_deleted_last_event_is_caught_by_the_head_record(busy_case: Case) -> None:
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("DELETE FROM custody_events WHERE seq = ?", (EVENTS,))
    report = _verify(busy_case.path)
    assert not report.ok and any("removed from the end" in problem for problem in report.problems)


@pytest.mark.parametrize("seq", [3, 9])
def test_reordered_events_are_named(busy_case: Case, seq: int) -> None:
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("UPDATE custody_events SET seq = -1 WHERE seq = ?", (seq,))
        attacker.sql("UPDATE custody_events SET seq = ? WHERE seq = ?", (seq, seq + 1))
        attacker.sql("UPDATE custody_events SET seq = ? WHERE seq = -1", (seq + 1,))
    report = _verify(busy_case.path)
    assert report.first_bad_seq == seq, report.as_json()


@pytest.mark.parametrize("seq", [3, 7])
def test_inserted_event_is_named(busy_case: Case, examiner: Actor, examiner_key: SigningKey, seq: int) -> None:
    """A well-formed event, signed with the examiner's key and linked to its predecessor, slipped in."""
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        previous = attacker.row(seq - 1)
        attacker.sql("UPDATE custody_events SET seq = seq + 1000 WHERE seq >= ?", (seq,))
        attacker.sql("UPDATE custody_events SET seq = seq - 999 WHERE seq >= 1000")
        forged = {
            "seq": seq, "time": previous["time"], "actor": examiner.name, "role": examiner.role.value,
            "action": "note.added", "details": {"text": "planted"}, "versions": {}, "key_id": examiner_key.key_id,
            "prev_hash": previous["hash"],
        }
        digest = event_hash(busy_case.case_id, forged)
        attacker.sql(
            "INSERT INTO custody_events VALUES (?, ?, ?, ?, ?, '{\"text\":\"planted\"}', '{}', ?, ?, ?, ?)",
            (seq, forged["time"], examiner.name, "examiner", "note.added", examiner_key.key_id, previous["hash"],
             digest, examiner_key.sign(bytes.fromhex(digest)).hex()),
        )
    report = _verify(busy_case.path)
    assert report.first_bad_seq == seq, report.as_json()


def test_event_signed_by_a_foreign_key_is_named(busy_case: Case, tmp_path: Path) -> None:
    stranger = load_or_create_signing_key(tmp_path / "stranger", "Ana Examiner", "a stranger's own key passphrase")
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.resign(5, stranger, details={"text": "forged"})
        attacker.sql("UPDATE custody_events SET key_id = ? WHERE seq = 5", (stranger.key_id,))
    report = _verify(busy_case.path)
    assert report.first_bad_seq == 5


def test_swapped_public_key_in_signers_table_is_detected(busy_case: Case, tmp_path: Path) -> None:
    stranger = load_or_create_signing_key(tmp_path / "stranger", "Mallory", "a stranger's own key passphrase")
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:
        attacker.sql("UPDATE signers SET public_key = ?", (stranger.public_key.hex(),))
    report = _verify(busy_case.path)
    assert not report.ok and any("signers table" in problem for problem in report.problems)


def test_rollback_to_an_older_copy_is_detected_by_a_later_checkpoint(
    busy_case: Case, tmp_path: Path, supervisor: Actor, supervisor_key: SigningKey, examiner: Actor,
    examiner_key: SigningKey,
) -> None:
    old_copy = tmp_path / "old-copy.heroes"
    shutil.copy2(busy_case.path, old_copy)
    with Case.open(busy_case.path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        case.record("note.added", {"text": "work after the copy"})
    checkpoint_file = tmp_path / "outside" / "checkpoint.json"
    with Case.open(busy_case.path, PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=supervisor_key) as case:
        case.checkpoint(checkpoint_file)
    with Case.open(busy_case.path, PASSPHRASE) as case:
        assert case.verify(checkpoint=checkpoint_file).ok

    shutil.copy2(old_copy, busy_case.path)  # the roll-back
    with Case.open(busy_case.path, PASSPHRASE) as case:
        assert case.verify().ok  # on its own, the old copy is a perfectly valid chain
        report = case.verify(checkpoint=checkpoint_file)
    assert not report.ok and any("rolled back" in problem for problem in report.problems)


def test_chain_rewritten_after_a_checkpoint_is_detected(
    busy_case: Case, tmp_path: Path, supervisor: Actor, supervisor_key: SigningKey, examiner_key: SigningKey
) -> None:
    checkpoint_file = tmp_path / "checkpoint.json"
    with Case.open(busy_case.path, PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=supervisor_key) as case:
        document = case.checkpoint(checkpoint_file)
    with Tamperer(busy_case.path, busy_case.case_id) as attacker:  # rewrite the whole tail consistently
        for seq in range(6, document["seq"] + 1):
            previous = attacker.row(seq - 1)["hash"] if seq > 1 else GENESIS_HASH
            row = attacker.row(seq)
            key = examiner_key if row["key_id"] == examiner_key.key_id else supervisor_key
            attacker.resign(seq, key, prev_hash=previous, **({"details": {"text": "rewritten"}} if seq == 6 else {}))
        head = attacker.row(document["seq"])
        attacker.sql("UPDATE custody_head SET seq = ?, hash = ?", (head["seq"], head["hash"]))
    with Case.open(busy_case.path, PASSPHRASE) as case:
        assert case.verify().ok  # a consistent rewrite by the key holders passes on its own...
        report = case.verify(checkpoint=checkpoint_file)
    assert any("rewritten" in problem for problem in report.problems)  # ...but not against the checkpoint


def test_forged_checkpoint_is_refused(busy_case: Case, tmp_path: Path, supervisor: Actor,
                                      supervisor_key: SigningKey) -> None:
    checkpoint_file = tmp_path / "checkpoint.json"
    with Case.open(busy_case.path, PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=supervisor_key) as case:
        case.checkpoint(checkpoint_file)
    document = json.loads(checkpoint_file.read_text())
    document["seq"] = 3  # claim an earlier head, so that a rolled-back copy would pass
    checkpoint_file.write_text(json.dumps(document))
    from heroes_desktop.case.errors import CheckpointUnreadable

    with Case.open(busy_case.path, PASSPHRASE) as case, pytest.raises(CheckpointUnreadable, match="signature"):
        case.verify(checkpoint=checkpoint_file)
