"""The case file is encrypted as a whole with SQLCipher 4, and nothing readable leaks beside it."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlcipher3

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseAccessDenied, CaseDamaged
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE, REPO, sha256_file

CANARY = "CANARY-7f3a9c-Nadia-Quintero-+34600111222"


def test_plain_sqlite_cannot_read_the_case(new_case: Case, case_path: Path) -> None:
    new_case.close()
    with open(case_path, "rb") as stream:
        assert not stream.read(16).startswith(b"SQLite format 3")
    connection = sqlite3.connect(case_path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        connection.execute("SELECT * FROM sqlite_master").fetchall()
    connection.close()


def test_key_derivation_is_sqlcipher4_pbkdf2_sha512_256000(new_case: Case, case_path: Path) -> None:
    """Opened independently with SQLCipher 4's defaults it decrypts; with fewer iterations it does not."""
    new_case.close()

    def opens_with(kdf_iter: int, kdf: str) -> bool:
        connection = sqlcipher3.connect(str(case_path))
        connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
        connection.execute(f"PRAGMA kdf_iter = {kdf_iter}")
        connection.execute(f"PRAGMA cipher_kdf_algorithm = {kdf}")
        try:
            connection.execute("SELECT count(*) FROM case_meta").fetchone()
            return True
        except sqlcipher3.dbapi2.DatabaseError:
            return False
        finally:
            connection.close()

    assert opens_with(256_000, "PBKDF2_HMAC_SHA512")
    assert not opens_with(64_000, "PBKDF2_HMAC_SHA512")
    assert not opens_with(256_000, "PBKDF2_HMAC_SHA1")


def test_wrong_passphrase_is_refused_without_changing_the_file(
    new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    new_case.close()
    before = sha256_file(case_path)
    for attempt in ("wrong", "Correct horse battery staple", ""):
        with pytest.raises(CaseAccessDenied, match="wrong passphrase"):
            Case.open(case_path, attempt or "x", mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    assert sha256_file(case_path) == before
    assert not Path(str(case_path) + "-wal").exists()

    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        recorded = [event for event in case.events() if event.action == "case.failed_opens"]
    assert len(recorded) == 1 and recorded[0].details["count"] == 3
    assert {attempt["reason"] for attempt in recorded[0].details["attempts"]} == {
        "wrong passphrase, or not a HEROES case file"
    }
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert len([e for e in case.events() if e.action == "case.failed_opens"]) == 1  # recorded once only


@pytest.mark.parametrize("cut", ["half-page", "whole-pages", "header-only", "empty"])
def test_truncated_case_is_damaged_not_a_wrong_passphrase(new_case: Case, case_path: Path, cut: str) -> None:
    """A truncated case the passphrase opens is damage (exit 4); an empty file cannot be told from a non-case."""
    for index in range(200):  # grow the file past a few pages
        new_case.record("note.added", {"text": f"note {index} " + "x" * 400})
    new_case.close()
    size = case_path.stat().st_size
    assert size >= 8 * 4096
    keep = {"half-page": size // 2 + 100, "whole-pages": (size // 4096 // 2) * 4096, "header-only": 4096,
            "empty": 0}[cut]
    with open(case_path, "r+b") as stream:
        stream.truncate(keep)
    truncated = sha256_file(case_path)
    expected = {"half-page": (CaseDamaged, f"truncated: {keep} bytes, not a whole number of pages"),
                "whole-pages": (CaseDamaged, f"truncated: {keep} bytes, {keep // 4096} whole pages"),
                "header-only": (CaseDamaged, "truncated: 4096 bytes, 1 whole page,"),
                "empty": (CaseAccessDenied, "not a case file")}[cut]
    with pytest.raises(expected[0], match=re.escape(expected[1])) as refused:
        Case.open(case_path, PASSPHRASE).close()
    assert int(refused.value.exit_code) == (4 if cut != "empty" else 3)
    with pytest.raises(CaseAccessDenied, match="wrong passphrase|not a case file"):
        Case.open(case_path, "not the passphrase").close()
    assert sha256_file(case_path) == truncated


def test_files_that_are_not_cases_are_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    random_file = tmp_path / "random.bin"
    random_file.write_bytes(os.urandom(8 * 4096))
    other = tmp_path / "other-encrypted.db"
    connection = sqlcipher3.connect(str(other))
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    for path, message in [
        (plain, "plain, unencrypted SQLite"),
        (random_file, "wrong passphrase, or not a HEROES case file"),
        (other, "not a HEROES case file"),
        (tmp_path / "missing.heroes", "no such case file"),
    ]:
        with pytest.raises(CaseAccessDenied, match=message):
            Case.open(path, PASSPHRASE)


WRITER_WITH_CANARY = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, "key passphrase of the person")
    case = Case.create(Path(sys.argv[1]), sys.argv[2], actor, key, title=sys.argv[3])
    for index in range(300):
        case.record("note.added", {"text": sys.argv[3] * 20, "index": index})
    with case.reading() as connection:  # sorting and grouping would spill to temp files if allowed to
        connection.exec_driver_sql(
            "SELECT details, count(*) FROM custody_events GROUP BY details ORDER BY details DESC").fetchall()
    # report every file beside the case while the session is still open (WAL not yet checkpointed)
    print("\\n".join(str(p) for p in Path(sys.argv[1]).parent.iterdir()), flush=True)
    print("END", flush=True)
    sys.stdin.readline()
    case.close()
    """
)


def test_canary_never_appears_in_plaintext(tmp_path: Path, isolated_profile: Path) -> None:
    folder, scratch = tmp_path / "case", tmp_path / "scratch"
    folder.mkdir()
    scratch.mkdir()
    case_path = folder / "canary.heroes"
    env = {**os.environ, "TMPDIR": str(scratch), "SQLITE_TMPDIR": str(scratch), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER_WITH_CANARY, str(case_path), PASSPHRASE, CANARY],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    lines = iter(process.stdout.readline, "END\n")  # type: ignore[union-attr]
    open_files = [Path(line.strip()) for line in lines if line.strip()]
    assert Path(str(case_path) + "-wal") in open_files  # the WAL holds the recent pages while the session is open
    wal_during = Path(str(case_path) + "-wal").read_bytes()
    assert len(wal_during) > 100_000
    snapshots = {path: path.read_bytes() for path in open_files if path.is_file()}
    process.communicate("\n", timeout=60)
    assert process.returncode == 0
    snapshots.update({path: path.read_bytes() for path in [*folder.iterdir(), *scratch.rglob("*")] if path.is_file()})
    needles = [CANARY.encode("utf-8"), CANARY.encode("utf-16-le"), b"Nadia-Quintero", b"case_meta"]
    for path, content in snapshots.items():
        for needle in needles:
            assert needle not in content, f"{needle!r} found in plaintext in {path}"
    assert list(scratch.iterdir()) == []


def test_a_tampered_failed_opens_side_file_enters_custody_only_as_checked_fields(
    new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    """The side file is plaintext anyone may write beside the case; what it says goes into a signed event only as
    the fields a failed open writes, short and printable, with its count capped and its origin named."""
    import json

    from heroes_desktop.case import failed_opens

    new_case.close()
    with pytest.raises(CaseAccessDenied):
        Case.open(case_path, "wrong", mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    side = failed_opens.side_file(case_path)
    forged = [json.dumps({"time": "yesterday", "reason": "r" * 5000 + "\x1b[31m", "user": {"nested": [1, 2]},
                          "signature": "forged", "approved_by": "supervisor"}),
              "[1, 2, 3]", "not json at all \x00", json.dumps("a string")]
    forged += [json.dumps({"time": "2026-12-01T00:00:00+00:00", "reason": "filler"})] * 1200
    with side.open("a", encoding="utf-8") as stream:
        stream.write("\n".join(forged) + "\n")
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        (event,) = [event for event in case.events() if event.action == "case.failed_opens"]
    details = event.details
    assert details["count"] == 1 + len(forged) and "not signed" in details["source"]
    attempts = details["attempts"]
    assert len(attempts) == failed_opens.MAX_ATTEMPTS_KEPT + 1 and attempts[-1]["more"] == len(forged) + 1 - 1000
    assert attempts[0]["reason"] == "wrong passphrase, or not a HEROES case file"
    tampered = attempts[1]
    assert set(tampered) == {"time", "reason", "user", "dropped_fields", "time_unreadable"}
    assert tampered["dropped_fields"] == ["approved_by", "signature"]
    assert len(tampered["reason"]) <= failed_opens.MAX_FIELD_CHARS + 1 and "\x1b" not in tampered["reason"]
    assert tampered["user"] == '{"nested": [1, 2]}'
    assert attempts[2] == {"unparsed": "[1, 2, 3]"} and "\x00" not in attempts[3]["unparsed"]
    assert all("time_unreadable" not in attempt for attempt in attempts[5:-1])
