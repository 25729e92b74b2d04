"""``rekey_case``: the new passphrase opens the case and the old one no longer does, the custody chain verifies with
a ``case.rekeyed`` event, and a crash before the rename leaves the original whole and openable. Also: a new case's
passphrase is judged by the policy, a training case is exempt and marked, and a weak existing case still opens."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseAccessDenied
from heroes_desktop.case.rekey import CASE_REKEYED, CaseInUse, rekey_case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.identity.passphrase_policy import WeakPassphrase
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

NEW = "plinth marzipan quokka ferrule"


@pytest.fixture
def made_case(new_case: Case) -> Path:
    new_case.record("note.added", {"text": "before the rekey"})
    path = new_case.path
    new_case.close()
    return path


def _leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and not p.name.endswith(("-lock", ".failed-opens.jsonl")))


def test_rekey_changes_the_passphrase_and_is_a_custody_event(made_case: Path, examiner: Actor,
                                                             examiner_key: SigningKey) -> None:
    with Case.open(made_case, PASSPHRASE) as before:
        case_id, events_before = before.case_id, len(before.events())
    details = rekey_case(made_case, PASSPHRASE, NEW, examiner, examiner_key)
    assert NEW not in json.dumps(details) and PASSPHRASE not in json.dumps(details)
    with pytest.raises(CaseAccessDenied):
        Case.open(made_case, PASSPHRASE).close()
    with Case.open(made_case, NEW) as after:
        assert after.case_id == case_id and after.verify().ok
        events = after.events()
    assert len(events) == events_before + 1 and events[-1].action == CASE_REKEYED
    assert events[-1].details["previous_head_seq"] == events_before
    assert _leftovers(made_case) == []
    with Case.open(made_case, NEW, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as working:
        working.record("note.added", {"text": "after the rekey"})
        assert working.verify().ok


def test_a_weak_new_passphrase_is_refused_and_nothing_changes(made_case: Path, examiner: Actor,
                                                              examiner_key: SigningKey) -> None:
    before = made_case.read_bytes()
    with pytest.raises(WeakPassphrase, match="new case passphrase"):
        rekey_case(made_case, PASSPHRASE, "Operation Test 2026-001", examiner, examiner_key)
    assert made_case.read_bytes() == before


def test_an_exception_before_the_rename_leaves_the_original(made_case: Path, examiner: Actor,
                                                            examiner_key: SigningKey) -> None:
    def crash(copy: Path) -> None:
        assert copy.is_file() and copy.parent == made_case.parent
        raise RuntimeError("simulated crash before the rename")

    with pytest.raises(RuntimeError):
        rekey_case(made_case, PASSPHRASE, NEW, examiner, examiner_key, before_replace=crash)
    assert _leftovers(made_case) == []
    with Case.open(made_case, PASSPHRASE) as case:
        assert case.verify().ok and all(event.action != CASE_REKEYED for event in case.events())


KILLED_REKEY = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from heroes_desktop.case.rekey import rekey_case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(Path(sys.argv[2]), actor.name, sys.argv[3])
    rekey_case(Path(sys.argv[1]), sys.argv[4], sys.argv[5], actor, key, before_replace=lambda copy: os._exit(9))
""")


def test_a_process_killed_before_the_rename_leaves_the_original(made_case: Path, examiner: Actor,
                                                                examiner_key: SigningKey,
                                                                isolated_profile: Path) -> None:
    killed = subprocess.run([sys.executable, "-c", KILLED_REKEY, str(made_case), str(isolated_profile),
                             KEY_PASSPHRASE, PASSPHRASE, NEW], capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    assert any(".rekey-" in name for name in _leftovers(made_case))  # the copy a crash leaves (new passphrase)
    with Case.open(made_case, PASSPHRASE) as case:
        assert case.verify().ok
    rekey_case(made_case, PASSPHRASE, NEW, examiner, examiner_key)  # and a later rekey clears the leftover
    assert _leftovers(made_case) == []
    with Case.open(made_case, NEW) as case:
        assert case.verify().ok


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from heroes_desktop.case.case_file import Case
    case = Case.open(Path(sys.argv[1]), sys.argv[2])
    case.events()
    print("open", flush=True)
    sys.stdin.readline()
""")


def test_a_case_open_elsewhere_is_not_rekeyed(made_case: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(made_case), PASSPHRASE], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(CaseInUse, match="another program has this case open"):
            rekey_case(made_case, PASSPHRASE, NEW, examiner, examiner_key)
    finally:
        holder.communicate("\n", timeout=60)
    with Case.open(made_case, PASSPHRASE) as case:
        assert case.verify().ok


def test_weak_case_passphrase_refused_training_case_exempt_and_marked(tmp_path: Path, examiner: Actor,
                                                                      examiner_key: SigningKey) -> None:
    with pytest.raises(WeakPassphrase, match="case passphrase"):
        Case.create(tmp_path / "weak.heroes", "a", examiner, examiner_key)
    assert not list(tmp_path.iterdir())
    with Case.create(tmp_path / "class.heroes", "a", examiner, examiner_key, training=True) as case:
        assert case.info().training is True
    with Case.open(tmp_path / "class.heroes", "a") as case:  # an existing weak case still opens
        assert case.info().as_json()["training"] is True
    with Case.create(tmp_path / "real.heroes", PASSPHRASE, examiner, examiner_key) as case:
        assert case.info().as_json()["training"] is False
