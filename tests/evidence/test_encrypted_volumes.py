"""Encrypted volumes: LUKS1 detected, refused with a wrong key, unlocked with the right one and walked; BitLocker To
Go detected and, its image being truncated, reported as unreadable without a crash. The key is kept in the case and
shown nowhere else."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.failed_opens import side_file
from heroes_desktop.case.schema import files, volume_secrets, volumes, warnings
from heroes_desktop.evidence.encrypted_volumes import (
    RECOVERY_KEY, EncryptedVolumeUnreadable, VolumeKeyRejected, recovery_password,
)
from heroes_desktop.evidence.layers import LAYER_OPENERS
from heroes_desktop.evidence.sources import identify
from heroes_desktop.evidence.volume_stack import VolumeSpec, open_volume
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.volume_unlock import locked_volumes, unlock_error, unlock_volumes
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env, sha256_file
from tests.evidence.builders import make_ext4_image, populate
from tests.evidence.conftest import DFVFS
from tests.evidence.luks_images import (
    LUKS_OFFSET, LUKS_PARTITION, LUKS_PASSWORD, PLAIN_FILE, PLANTED, make_luks1_volume, make_luks_disk, make_mbr_disk,
)
from tests.pipeline.test_resume import _files

BDE_PASSWORD = "bde-TEST"  # dfvfs test_data/bdetogo.raw (MANIFEST 1.4)
BDETOGO = DFVFS / "bdetogo.raw"


@pytest.fixture(scope="module")
def luks_disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_luks_disk(tmp_path_factory.mktemp("luks"))


def _new_case(path: Path, actor: Actor, key: SigningKey, evidence: Path) -> tuple[Case, int]:
    case = Case.create(path, PASSPHRASE, actor, key)
    return case, add_evidence(case, evidence).id


def _everything_said(case: Case) -> str:
    """Every custody event, warning, volume and file row the case shows, as text: the key must not be in it."""
    with case.reading() as connection:
        rows = [dict(row._mapping) for table in (warnings, volumes, files) for row in connection.execute(
            select(table))]
    events = [event.__dict__ for event in case.events()]
    return json.dumps([rows, events], default=str)


def test_luks_is_detected_as_encrypted_before_unlock(luks_disk: Path, tmp_path: Path, examiner: Actor,
                                                     examiner_key: SigningKey) -> None:
    case, evidence_id = _new_case(tmp_path / "c.heroes", examiner, examiner_key, luks_disk)
    with case:
        [locked] = locked_volumes(case, evidence_id)
        assert (locked.encryption, locked.partition, locked.length) == ("LUKS", LUKS_PARTITION, 10 * 2**20)
        assert ingest(case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
        paths = {row["path"]: row for row in iter_files(case)}
        with case.reading() as connection:
            row = connection.execute(select(volumes).where(volumes.c.id == locked.volume_id)).one()
            messages = connection.execute(select(warnings.c.message)).scalars().all()
    assert paths["/public.txt"]["md5"] == hashlib.md5(PLAIN_FILE).hexdigest()
    assert not set(PLANTED) & set(paths)  # nothing of the encrypted volume: not even its reader files
    assert (row.status, row.encryption, row.layers) == ("encrypted", "LUKS", "[]")
    assert any("LUKS volume: contents are encrypted" in message for message in messages)


def test_the_luks_layer_reads_the_plaintext(luks_disk: Path, tmp_path: Path) -> None:
    source = identify(luks_disk)
    spec = VolumeSpec(LUKS_OFFSET, 10 * 2**20, json.dumps([{"type": "luks"}]))
    reader = open_volume(source, spec, {0: LUKS_PASSWORD})
    try:
        assert reader.size == 8 * 2**20
        assert reader.read(1024 + 56, 2) == b"\x53\xef"  # the ext4 superblock's magic, decrypted
    finally:
        reader.close()
    for secrets in ({0: "not the password"}, None):
        with pytest.raises(VolumeKeyRejected) as refused:
            open_volume(source, spec, secrets)
        assert "not the password" not in str(refused.value) and "LUKS" in str(refused.value)


def test_luks2_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    (tmp_path / "inner").write_bytes(bytes(2**20))
    volume = make_luks1_volume(tmp_path / "v2.luks", tmp_path / "inner", LUKS_PASSWORD, version=2)
    with pytest.raises(EncryptedVolumeUnreadable, match="LUKS version 2"):
        open_volume(identify(volume), VolumeSpec(0, 0, json.dumps([{"type": "luks"}])), {0: LUKS_PASSWORD})


def test_wrong_password_leaves_the_volume_encrypted(luks_disk: Path, tmp_path: Path, examiner: Actor,
                                                   examiner_key: SigningKey) -> None:
    before = sha256_file(luks_disk)
    wrong = "hunter2-not-it"
    case, evidence_id = _new_case(tmp_path / "c.heroes", examiner, examiner_key, luks_disk)
    with case:
        [result] = unlock_volumes(case, evidence_id, wrong)
        assert result.outcome == "wrong-key" and wrong not in result.message
        error = unlock_error([result])
        assert isinstance(error, VolumeKeyRejected) and error.exit_code == 1 and "\n" not in str(error)
        with case.reading() as connection:
            row = connection.execute(select(volumes).where(volumes.c.id == result.volume.volume_id)).one()
            assert connection.execute(select(volume_secrets)).all() == []
        [event] = [event for event in case.events() if event.action == "volume.unlock-failed"]
        assert event.details["reason"] == "wrong-key" and event.details["kind"] == "password"
        assert wrong not in _everything_said(case)
    assert (row.status, row.layers, row.walked) == ("encrypted", "[]", True)
    assert sha256_file(luks_disk) == before


def test_right_password_unlocks_and_ingest_walks_the_planted_files(luks_disk: Path, tmp_path: Path,
                                                                   examiner: Actor, examiner_key: SigningKey) -> None:
    before = sha256_file(luks_disk)
    case_path = tmp_path / "c.heroes"
    case, evidence_id = _new_case(case_path, examiner, examiner_key, luks_disk)
    with case:
        assert unlock_volumes(case, evidence_id, "first a wrong one")[0].outcome == "wrong-key"
        [result] = unlock_volumes(case, evidence_id, LUKS_PASSWORD)
        assert (result.outcome, result.fs_type) == ("unlocked", "ext4")
        assert locked_volumes(case, evidence_id) == []
        assert ingest(case, IngestOptions(jobs=2, stages=("hash",))).status == "finished"
        rows = {row["path"]: row for row in iter_files(case) if row["partition"] == LUKS_PARTITION}
        with case.reading() as connection:
            volume = connection.execute(select(volumes).where(volumes.c.id == result.volume.volume_id)).one()
            [secret] = connection.execute(select(volume_secrets)).all()
        [event] = [event for event in case.events() if event.action == "volume.unlocked"]
        said = _everything_said(case)
    assert {path: rows[path]["md5"] for path in PLANTED} == {
        path: hashlib.md5(data).hexdigest() for path, data in PLANTED.items()}
    assert all(row["status"] == "ok" and row["fs_type"] == "ext4" for row in rows.values())
    assert (volume.status, volume.fs_type, volume.walked, json.loads(volume.layers)) == (
        "ok", "ext4", True, [{"type": "luks"}])
    assert (secret.volume_id, secret.kind, secret.secret, secret.added_by) == (
        volume.id, "password", LUKS_PASSWORD, examiner.name)
    assert event.details == {"evidence_id": evidence_id, "volume_id": volume.id, "partition": LUKS_PARTITION,
                             "encryption": "LUKS", "kind": "password", "fs_type": "ext4"}
    assert LUKS_PASSWORD not in said
    stored = b"".join(path.read_bytes() for path in case_path.parent.glob(case_path.name + "*"))
    assert LUKS_PASSWORD.encode() not in stored  # kept only under the case's encryption
    assert not side_file(case_path).exists() or LUKS_PASSWORD not in side_file(case_path).read_text()
    assert sha256_file(luks_disk) == before


def test_recovery_passwords_are_checked_before_any_attempt(luks_disk: Path, tmp_path: Path, examiner: Actor,
                                                           examiner_key: SigningKey) -> None:
    groups = [f"{11 * n:06d}" for n in (1, 2, 3, 4, 5, 6, 7, 65535)]
    assert recovery_password(" ".join(groups)) == recovery_password("".join(groups)) == "-".join(groups)
    for bad in ("".join(groups)[:-1], "-".join([*groups[:7], "000012"]), "x" * 48):
        with pytest.raises(VolumeKeyRejected) as refused:
            recovery_password(bad)
        assert bad not in str(refused.value)
    case, evidence_id = _new_case(tmp_path / "c.heroes", examiner, examiner_key, luks_disk)
    with case:
        [result] = unlock_volumes(case, evidence_id, "-".join(groups), RECOVERY_KEY)
        assert result.outcome == "skipped"  # a LUKS volume takes no BitLocker recovery key
        assert not [event for event in case.events() if event.action.startswith("volume.unlock")]


def test_truncated_bitlocker_to_go_is_detected_and_reported_unreadable(tmp_path: Path, examiner: Actor,
                                                                       examiner_key: SigningKey) -> None:
    before = sha256_file(BDETOGO)
    case, evidence_id = _new_case(tmp_path / "c.heroes", examiner, examiner_key, BDETOGO)
    with case:
        [locked] = locked_volumes(case, evidence_id)
        assert (locked.encryption, locked.partition) == ("BitLocker To Go", None)
        [result] = unlock_volumes(case, evidence_id, BDE_PASSWORD)
        # libbde: the image ends before the FVE metadata block at 0x02100000 (dfvfs's copy is truncated)
        assert result.outcome == "unreadable" and "BitLocker metadata cannot be read" in result.message
        assert "34603008" in result.message and BDE_PASSWORD not in result.message
        error = unlock_error([result])
        assert isinstance(error, EncryptedVolumeUnreadable) and error.exit_code == 5
        recovery = "-".join(f"{11 * n:06d}" for n in range(1, 9))
        assert unlock_volumes(case, evidence_id, recovery, RECOVERY_KEY)[0].outcome == "unreadable"
        assert ingest(case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
        with case.reading() as connection:
            row = connection.execute(select(volumes)).one()
            assert connection.execute(select(volume_secrets)).all() == []
        failed = [event.details for event in case.events() if event.action == "volume.unlock-failed"]
        said = _everything_said(case)
    assert (row.status, row.encryption) == ("encrypted", "BitLocker To Go")
    assert [details["reason"] for details in failed] == ["unreadable", "unreadable"]
    assert BDE_PASSWORD not in said and recovery not in said
    assert sha256_file(BDETOGO) == before


def test_a_volume_whose_own_layer_takes_the_key(luks_disk: Path, tmp_path: Path, examiner: Actor,
                                                examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch) -> None:
    """An encrypted APFS volume is recorded with its ``apfs`` layer already: that layer takes the key, and its file
    system type is known. (A stand-in layer here: no encrypted APFS image is at hand; the pool is in-process so that
    the stand-in is seen.)"""

    def stand_in(below: object, layer: dict, secret: str | None) -> object:
        if secret != "s3cret":
            raise VolumeKeyRejected("the key does not unlock the stand-in volume")
        return below

    monkeypatch.setitem(LAYER_OPENERS, "stand-in", stand_in)
    case, evidence_id = _new_case(tmp_path / "c.heroes", examiner, examiner_key, luks_disk)
    with case, ThreadPoolExecutor(1) as pool:
        locked_volumes(case, evidence_id, pool)
        with case.bulk() as connection:
            connection.execute(insert(volumes).values(
                evidence_id=evidence_id, partition=LUKS_PARTITION, offset=LUKS_OFFSET, length=10 * 2**20,
                description="APFS volume 1 'Macintosh HD' of partition 3", fs_type="apfs", status="encrypted",
                encryption="APFS", walked=True, layers='[{"type": "stand-in"}]'))
        assert {result.outcome for result in unlock_volumes(case, evidence_id, "nope", pool=pool)} == {"wrong-key"}
        results = {result.volume.encryption: result for result in unlock_volumes(case, evidence_id, "s3cret",
                                                                                 pool=pool)}
        assert (results["APFS"].outcome, results["APFS"].fs_type) == ("unlocked", "apfs")
        assert results["LUKS"].outcome == "wrong-key"
        assert "'Macintosh HD'" in results["APFS"].volume.describe()
        with case.reading() as connection:
            row = connection.execute(select(volumes).where(volumes.c.encryption == "APFS")).one()
    assert (row.status, row.fs_type, row.walked, row.layers) == ("ok", "apfs", False, '[{"type": "stand-in"}]')


# An ingest walking in small batches (so that it can be killed between two of them), run as its own process.
WALKER = """
import os, sys
from pathlib import Path
from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.ingest import IngestOptions, ingest

name = os.environ["HEROES_EXAMINER"]
key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), name, os.environ["HEROES_KEY_PASSPHRASE"])
with Case.open(Path(sys.argv[1]), os.environ["HEROES_PASSPHRASE"], mode=OpenMode.READ_WRITE,
               actor=Actor(name, Role.EXAMINER), key=key) as case:
    ingest(case, IngestOptions(jobs=1, stages=("hash",), walk_batch=40))
"""


@pytest.fixture(scope="module")
def big_luks_disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("luks-big")
    populate(folder / "tree", 600)
    volume = make_luks1_volume(folder / "big.luks", make_ext4_image(folder / "big.ext4", folder / "tree", 24),
                               LUKS_PASSWORD)
    make_mbr_disk(folder / "disk.raw", volume)
    return folder / "disk.raw"


def _unlocked_case(path: Path, actor: Actor, key: SigningKey, disk: Path) -> Path:
    case, evidence_id = _new_case(path, actor, key, disk)
    with case:
        assert unlock_volumes(case, evidence_id, LUKS_PASSWORD)[0].outcome == "unlocked"
    return path


@pytest.mark.slow
def test_walk_killed_mid_volume_resumes_with_the_stored_key(big_luks_disk: Path, tmp_path: Path,
                                                           isolated_profile: Path, examiner: Actor,
                                                           examiner_key: SigningKey) -> None:
    env = cli_env(isolated_profile, HEROES_EXAMINER=examiner.name)
    assert env["HEROES_KEY_PASSPHRASE"] == KEY_PASSPHRASE
    reference = _unlocked_case(tmp_path / "reference.heroes", examiner, examiner_key, big_luks_disk)
    subprocess.run([*HEROES_COMMAND, "ingest", str(reference), "--stages", "hash"], env=env, cwd=REPO, check=True,
                   capture_output=True)
    expected = _files(isolated_profile, reference)
    assert len(expected) > 600 and all(row["status"] == "ok" for row in expected)

    interrupted = _unlocked_case(tmp_path / "interrupted.heroes", examiner, examiner_key, big_luks_disk)
    process = subprocess.Popen([sys.executable, "-c", WALKER, str(interrupted)], env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    with Case.open(interrupted, PASSPHRASE) as watcher:  # kill the walk once a few batches are committed
        walked_so_far = 0
        while process.poll() is None and walked_so_far < 200:
            with watcher.reading() as connection:
                walked_so_far = connection.execute(select(volumes.c.walk_entries).where(
                    volumes.c.status == "ok")).scalar() or 0
            time.sleep(0.005)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)  # the ingest and its worker, at once
    process.wait()
    with Case.open(interrupted, PASSPHRASE) as case, case.reading() as connection:
        walked, entries = connection.execute(select(volumes.c.walked, volumes.c.walk_entries)).one()
    assert not walked and 0 < entries < len(expected), f"the kill missed the walk: {process.stderr.read()!r}"

    final = subprocess.run([*HEROES_COMMAND, "ingest", str(interrupted), "--stages", "hash", "--json"], env=env,
                           cwd=REPO, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert _files(isolated_profile, interrupted) == expected
    with Case.open(interrupted, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.verify().ok
        assert LUKS_PASSWORD not in _everything_said(case)
