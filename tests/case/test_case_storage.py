"""Cases wherever they are: read-only storage, damaged and truncated files, and where failed opens are noted.

Read-only storage is real here: the tests run as root, which ignores permission bits, so a folder is shown through
a read-only bind mount (``mount --bind`` + ``remount,bind,ro``), as a DVD or a write blocker would show it; where a
sandbox forbids mounts, ``chattr +i`` makes the file and folder immutable instead. A machine offering neither is told
by a failed test, never by a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from heroes_desktop.case import case_file, failed_opens
from heroes_desktop.case.case_file import Case, OpenMode, refuse_writes_on_read_only_storage
from heroes_desktop.case.engine import PAGE_SIZE
from heroes_desktop.case.errors import CaseAccessDenied, CaseDamaged, CaseError, CaseOnReadOnlyStorage, ReadOnlyCase
from heroes_desktop.core.errors import ExitCode
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE, SHARED_TESTDATA, sha256_file

E01 = SHARED_TESTDATA / "dfvfs" / "ext2.E01"


def _run(*command: str) -> bool:
    return subprocess.run(list(command), capture_output=True, check=False).returncode == 0


def _writable(folder: Path) -> bool:
    probe = folder / ".write-probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


@contextmanager
def read_only_storage(folder: Path) -> Iterator[Path]:
    """``folder`` as read-only storage: the path to open its files through, for the duration of the block."""
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)
    mount_point = folder.with_name(folder.name + "-read-only")
    mount_point.mkdir()
    mounted = _run("mount", "--bind", str(folder), str(mount_point))
    if mounted and not _run("mount", "-o", "remount,bind,ro", str(mount_point)):
        _run("umount", str(mount_point))
        mounted = False
    immutable: list[Path] = []
    try:
        if mounted:
            view = mount_point
        else:
            immutable = [*folder.iterdir(), folder]
            if not all(_run("chattr", "+i", str(item)) for item in immutable):
                pytest.fail("this machine offers no read-only storage to test with (no bind mount, no chattr +i)")
            view = folder
        assert not _writable(view), "the read-only storage accepted a write"
        yield view
    finally:
        if mounted and not (_run("umount", str(mount_point)) or _run("umount", "--lazy", str(mount_point))):
            pytest.fail(f"could not unmount {mount_point}")
        for item in reversed(immutable):
            _run("chattr", "-i", str(item))
        folder.chmod(0o755)
        for item in folder.iterdir():
            item.chmod(0o644)


def _listing(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` with its SHA-256."""
    return {item.name: sha256_file(item) for item in sorted(folder.iterdir()) if item.is_file()}


def _names(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry of a (large) folder with its size and modification time."""
    return {item.name: (item.stat().st_size, item.stat().st_mtime_ns) for item in sorted(folder.iterdir())}


@pytest.fixture
def closed_case(new_case: Case, case_path: Path) -> Path:
    """A case with enough custody events to span many pages, closed (no -wal or -shm beside it)."""
    for index in range(150):
        new_case.record("note.added", {"text": f"note {index} " + "x" * 300})
    new_case.close()
    assert sorted(item.name for item in case_path.parent.iterdir()) == [case_path.name]
    return case_path


def _flip_byte(path: Path, page: int) -> None:
    offset = (page - 1) * PAGE_SIZE + 1000
    with open(path, "r+b") as stream:
        stream.seek(offset)
        byte = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([byte[0] ^ 0x01]))


# ------------------------------------------------------------------------------------------ read-only storage


def test_read_only_session_works_from_read_only_storage_and_writes_nothing(closed_case: Path) -> None:
    before = _listing(closed_case.parent)
    with read_only_storage(closed_case.parent) as folder:
        with Case.open(folder / closed_case.name, PASSPHRASE) as case:
            assert case.read_only_storage
            info = case.info()
            assert info.storage == "read-only" and info.pages_checked
            assert info.counts["custody_events"] == 152
            assert case.verify().ok
            assert len(case.events()) == 152
            with pytest.raises(ReadOnlyCase):
                case.record("note.added", {"text": "no"})
    assert _listing(closed_case.parent) == before  # no -wal, no -shm, no failed-opens note, unchanged bytes


def test_a_writer_appearing_under_an_immutable_reader_is_told_not_ignored(closed_case: Path) -> None:
    """Immutable reads are safe only while nothing writes; a -wal appearing later (a remote writer) stops them."""
    with read_only_storage(closed_case.parent) as folder:
        with Case.open(folder / closed_case.name, PASSPHRASE) as case:
            assert case.events()
            Path(str(closed_case) + "-wal").write_bytes(b"\x00" * 4096)  # root, beside the read-only view
            try:
                with pytest.raises(CaseError, match="open it again"):
                    case.events()
            finally:
                Path(str(closed_case) + "-wal").unlink()


def test_writable_storage_says_so(closed_case: Path) -> None:
    with Case.open(closed_case, PASSPHRASE) as case:
        assert not case.read_only_storage and case.info().storage == "writable"


def test_sessions_that_write_are_refused_on_read_only_storage_in_one_line(
    closed_case: Path, examiner: Actor, examiner_key: SigningKey, supervisor: Actor, supervisor_key: SigningKey
) -> None:
    with read_only_storage(closed_case.parent) as folder:
        path = folder / closed_case.name
        for mode, actor, key in ((OpenMode.READ_WRITE, examiner, examiner_key),
                                 (OpenMode.REVIEW, supervisor, supervisor_key)):
            with pytest.raises(CaseOnReadOnlyStorage, match="read-only storage") as refused:
                Case.open(path, PASSPHRASE, mode=mode, actor=actor, key=key)
            assert refused.value.exit_code == ExitCode.FAILURE and "\n" not in str(refused.value)
            with pytest.raises(CaseOnReadOnlyStorage):
                refuse_writes_on_read_only_storage(path, PASSPHRASE, mode)
        with pytest.raises(CaseAccessDenied, match="wrong passphrase"):  # the passphrase is judged first
            refuse_writes_on_read_only_storage(path, "not the passphrase", OpenMode.READ_WRITE)
        refuse_writes_on_read_only_storage(path, PASSPHRASE, OpenMode.READ_ONLY)  # reading is fine


def test_immutable_case_file_in_a_writable_folder(closed_case: Path) -> None:
    """A read-only case *file* (here immutable, which root cannot bypass) opens read-only, without an SQL dump."""
    assert _run("chattr", "+i", str(closed_case)), "chattr +i is not supported here"
    try:
        with Case.open(closed_case, PASSPHRASE) as case:
            assert case.read_only_storage and case.info().counts["custody_events"] == 152
    finally:
        _run("chattr", "-i", str(closed_case))


def _case_with_pending_wal(
    path: Path, examiner: Actor, examiner_key: SigningKey, copy_to: Path, *suffixes: str
) -> None:
    """Copy a case while its writer is still open (its changes in the -wal), with the given side files."""
    case = Case.create(path, PASSPHRASE, examiner, examiner_key, title="live")
    try:
        for index in range(5):
            case.record("note.added", {"index": index})
        copy_to.mkdir()
        for suffix in ("", *suffixes):
            shutil.copy(str(path) + suffix, copy_to / (path.name + suffix))
    finally:
        case.close()


def test_pending_wal_on_read_only_storage_is_read_with_its_shm(
    tmp_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    copy = tmp_path / "dvd"
    _case_with_pending_wal(tmp_path / "live.heroes", examiner, examiner_key, copy, "-wal", "-shm")
    with read_only_storage(copy) as folder:
        with Case.open(folder / "live.heroes", PASSPHRASE) as case:
            assert case.read_only_storage
            assert [event.action for event in case.events()][-1] == "note.added"  # read from the -wal, not ignored


def test_pending_wal_without_shm_on_read_only_storage_is_refused_not_ignored(
    tmp_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    """``immutable`` would silently ignore the -wal's committed changes; the open is refused instead."""
    copy = tmp_path / "dvd"
    _case_with_pending_wal(tmp_path / "live.heroes", examiner, examiner_key, copy, "-wal")
    with read_only_storage(copy) as folder:
        with pytest.raises(CaseError, match="-wal") as refused:
            Case.open(folder / "live.heroes", PASSPHRASE)
    assert not isinstance(refused.value, CaseAccessDenied)


# ------------------------------------------------------------------------------------------------------ damage


def test_flipped_byte_is_damage_naming_the_page(closed_case: Path) -> None:
    pages = closed_case.stat().st_size // PAGE_SIZE
    _flip_byte(closed_case, pages // 2)
    damaged = sha256_file(closed_case)
    with pytest.raises(CaseDamaged, match=f"page {pages // 2} failed its authentication") as refused:
        Case.open(closed_case, PASSPHRASE)
    assert refused.value.exit_code == ExitCode.INTEGRITY and refused.value.pages == (pages // 2,)
    with pytest.raises(CaseAccessDenied, match="wrong passphrase"):
        Case.open(closed_case, "not the passphrase")
    assert sha256_file(closed_case) == damaged


def test_damaged_first_page_is_damage_not_a_wrong_passphrase(closed_case: Path) -> None:
    """Page 1 failing looks like a wrong key; the other pages authenticating with the key tell damage apart."""
    _flip_byte(closed_case, 1)
    with pytest.raises(CaseDamaged, match="page 1 failed its authentication") as refused:
        Case.open(closed_case, PASSPHRASE)
    assert refused.value.pages == (1,)
    with pytest.raises(CaseAccessDenied, match="wrong passphrase"):
        Case.open(closed_case, "not the passphrase")


def test_damage_in_a_case_too_large_to_check_on_open_is_found_by_info_verify_and_reads(
    closed_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_file, "CHECK_PAGES_ON_OPEN_BYTES", 0)
    pages = closed_case.stat().st_size // PAGE_SIZE
    _flip_byte(closed_case, pages - 1)
    with Case.open(closed_case, PASSPHRASE) as case:
        assert not case.pages_checked
        with pytest.raises(CaseDamaged, match=f"page {pages - 1} failed its authentication"):
            case.info()
        with pytest.raises(CaseDamaged, match=f"page {pages - 1}"):
            case.verify()
        with pytest.raises(CaseDamaged, match=f"page {pages - 1}"):  # a read that meets the page says so too
            case.events()


def test_several_damaged_pages_are_counted(closed_case: Path) -> None:
    for page in (3, 5, 7, 9, 11, 13, 15):
        _flip_byte(closed_case, page)
    with pytest.raises(CaseDamaged, match=r"7 pages \(3, 5, 7, 9, 11 and 2 more\) failed their authentication"):
        Case.open(closed_case, PASSPHRASE)


# ------------------------------------------------------------------------------------------------ failed opens


def test_failed_open_of_evidence_writes_nothing_beside_it(tmp_path: Path, isolated_profile: Path) -> None:
    """Swapped arguments (an E01 where the case belongs): the note goes to the profile, the evidence is untouched."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    image = evidence / E01.name
    shutil.copy2(E01, image)
    originals = _names(E01.parent)
    before = _listing(evidence)
    os.utime(image, (1_000_000_000, 1_500_000_000))  # an atime older than the mtime: relatime would update it
    with pytest.raises(CaseAccessDenied, match=r"not a case file \(an EWF \(E01\) evidence image\)"):
        Case.open(image, PASSPHRASE)
    assert image.stat().st_atime == 1_000_000_000  # not even read in a way that shows
    assert _listing(evidence) == before
    assert _names(E01.parent) == originals
    noted = (isolated_profile / "failed-opens.jsonl").read_text().splitlines()
    assert len(noted) == 1 and str(image) in noted[0] and "E01" in noted[0]


def test_failed_opens_of_files_that_do_not_look_like_cases_go_to_the_profile(
    tmp_path: Path, isolated_profile: Path
) -> None:
    random_pages = tmp_path / "container.bin"  # looks like SQLCipher, but is not named as a case
    random_pages.write_bytes(os.urandom(8 * PAGE_SIZE))
    raw_named_as_case = tmp_path / "disk.heroes"  # named as a case, but structured (zeros, a boot sector)
    raw_named_as_case.write_bytes(b"\x00" * 510 + b"\x55\xaa" + b"\x00" * (8 * PAGE_SIZE - 512))
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 2000)
    for path in (random_pages, raw_named_as_case, text):
        with pytest.raises(CaseAccessDenied):
            Case.open(path, PASSPHRASE)
        assert not failed_opens.side_file(path).exists()
    assert sorted(item.name for item in tmp_path.iterdir() if item.is_file()) == [
        "container.bin", "disk.heroes", "notes.txt"]
    assert len((isolated_profile / "failed-opens.jsonl").read_text().splitlines()) == 3


def test_failed_opens_of_cases_are_noted_beside_them(
    closed_case: Path, tmp_path: Path, isolated_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a .heroes file that looks like SQLCipher, in a profile that has never seen it
    monkeypatch.setenv("HEROES_HOME", str(tmp_path / "colleague"))
    with pytest.raises(CaseAccessDenied):
        Case.open(closed_case, "not the passphrase")
    assert failed_opens.side_file(closed_case).exists()
    # a case renamed to something else, known to the profile that created it (by its salt)
    monkeypatch.setenv("HEROES_HOME", str(isolated_profile))
    renamed = closed_case.with_name("operation-copy.db")
    shutil.copy(closed_case, renamed)
    with pytest.raises(CaseAccessDenied):
        Case.open(renamed, "not the passphrase")
    assert failed_opens.side_file(renamed).exists()
    assert not (isolated_profile / "failed-opens.jsonl").exists()


def test_failed_open_of_a_case_on_read_only_storage_is_noted_in_the_profile(
    closed_case: Path, isolated_profile: Path
) -> None:
    with read_only_storage(closed_case.parent) as folder:
        with pytest.raises(CaseAccessDenied):
            Case.open(folder / closed_case.name, "not the passphrase")
    assert sorted(item.name for item in closed_case.parent.iterdir()) == [closed_case.name]
    assert "wrong passphrase" in (isolated_profile / "failed-opens.jsonl").read_text()
