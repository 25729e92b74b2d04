"""ewfverify's failures read as failures (issue 20): when it cannot verify a damaged E01 without naming chunks
(it could not open the set, crashed, is not installed), the evidence says "verification failed: <reason>", never
"no damaged chunks". The real ewfverify runs on a damaged copy of a shared E01; a fake one on PATH fails on cue."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from heroes_desktop.evidence.acquisition import describe_image
from heroes_desktop.evidence.sources import identify
from tests.evidence.conftest import DFVFS


def _damaged_copy(tmp_path: Path) -> Path:
    """A copy of ext2.E01 (never the shared original) with two chunks overwritten: its stored MD5 fails."""
    damaged = tmp_path / "damaged.E01"
    shutil.copyfile(DFVFS / "ext2.E01", damaged)
    os.chmod(damaged, 0o644)
    data = bytearray(damaged.read_bytes())
    for offset in (3000, 9000):
        data[offset:offset + 16] = b"\xff" * 16
    damaged.write_bytes(bytes(data))
    return damaged


def _fake_ewfverify(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir()
    fake = folder / "ewfverify"
    fake.write_text("#!/bin/sh\n" + script + "\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    assert shutil.which("ewfverify") == str(fake)


def test_the_real_ewfverify_locates_the_damaged_chunks(tmp_path: Path) -> None:
    description = describe_image(identify(_damaged_copy(tmp_path)))
    assert description.verified is False
    assert description.read_errors == [
        {"offset": 320 * 512, "length": 64 * 512, "error": "chunk checksum error in sectors 320-383"},
        {"offset": 7424 * 512, "length": 128 * 512, "error": "chunk checksum error in sectors 7424-7551"}]


@pytest.mark.parametrize("script, reason", [
    ("echo 'ewfverify 20140813' ; echo 'Unable to open file(s).' >&2 ; exit 1",
     "ewfverify exited with status 1: Unable to open file(s)."),
    ("exit 3", "ewfverify exited with status 3: it printed nothing"),
    ("kill -SEGV $$", "ewfverify was killed by SIGSEGV"),
], ids=["cannot-open", "silent-status-3", "crash"])
def test_a_failing_ewfverify_reads_as_verification_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          script: str, reason: str) -> None:
    damaged = _damaged_copy(tmp_path)
    _fake_ewfverify(tmp_path / "bin", script, monkeypatch)
    description = describe_image(identify(damaged))
    assert description.verified is False
    assert description.read_errors == [{"offset": None, "length": None, "error": f"verification failed: {reason}"}]


def test_an_absent_ewfverify_reads_as_verification_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = _damaged_copy(tmp_path)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    description = describe_image(identify(damaged))
    assert description.verified is False
    assert [error["error"] for error in description.read_errors] == [
        "verification failed: ewfverify (ewf-tools) is not installed: corrupt chunks cannot be located"]


def test_a_succeeding_ewfverify_adds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_ewfverify(tmp_path / "bin", "echo 'ewfverify: SUCCESS' ; exit 0", monkeypatch)
    description = describe_image(identify(_damaged_copy(tmp_path)))
    assert description.verified is False and description.read_errors == []  # the stored MD5 still fails
