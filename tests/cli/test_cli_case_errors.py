"""The real ``heroes`` command on cases where they are and as they are: read-only storage, damage, swapped arguments.

Exit codes from ``shared/docs/CLI.md``: 1 failure (a write asked of a case on read-only storage), 3 wrong passphrase
or not a case file, 4 integrity failure (the case file does not verify: a page fails its HMAC, a truncated file).
Every refusal is one line on stderr, without a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from heroes_desktop.case.engine import PAGE_SIZE
from tests.case.test_case_storage import E01, _flip_byte, _listing, _names, read_only_storage
from tests.cli.test_cli import heroes

EXAMINER = {"HEROES_EXAMINER": "Ana Examiner"}
READING = (
    ("case", "info"),
    ("custody", "log"),
    ("custody", "verify"),
    ("files",),
    ("search", "bus"),
    ("tags",),
    ("evidence", "list"),
    ("matches",),
    ("hashset", "list"),
)


def _one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr and "sqlalche.me" not in stderr


@pytest.fixture
def cli_case(tmp_path: Path, isolated_profile: Path) -> Path:
    """A case made by the command line, alone in its folder."""
    path = tmp_path / "dvd" / "op.heroes"
    path.parent.mkdir()
    assert heroes(isolated_profile, "case", "create", str(path), "--title", "On a DVD", **EXAMINER).returncode == 0
    assert sorted(item.name for item in path.parent.iterdir()) == [path.name]
    return path


def _reading_command(command: tuple[str, ...], case: Path) -> list[str]:
    return [*command[:2], str(case), *command[2:]] if command[0] in ("case", "custody", "evidence", "hashset") \
        else [command[0], str(case), *command[1:]]


def test_read_only_storage_reads_work_and_say_so(cli_case: Path, isolated_profile: Path) -> None:
    before = _listing(cli_case.parent)
    with read_only_storage(cli_case.parent) as folder:
        case = folder / cli_case.name
        for command in READING:
            result = heroes(isolated_profile, *_reading_command(command, case))
            assert result.returncode == 0, (command, result.stderr)
            assert "read-only storage" in result.stderr, command
            assert "Traceback" not in result.stderr
        info = heroes(isolated_profile, "case", "info", str(case), "--json")
        assert info.returncode == 0 and '"storage": "read-only"' in info.stdout
        verify = heroes(isolated_profile, "custody", "verify", str(case))
        assert "verified" in verify.stdout + verify.stderr
    assert _listing(cli_case.parent) == before


def test_writes_on_read_only_storage_are_refused_in_one_line(
    cli_case: Path, isolated_profile: Path, tmp_path: Path
) -> None:
    image = tmp_path / "evidence" / E01.name
    image.parent.mkdir()
    shutil.copy(E01, image)
    with read_only_storage(cli_case.parent) as folder:
        case = str(folder / cli_case.name)
        writes = (
            ("tag", case, "1", "--category", "CAT-1"),
            ("evidence", "add", case, str(image)),
            ("ingest", case),
            ("custody", "checkpoint", case, "--out", str(tmp_path / "checkpoint.json")),
            ("review", "sign", case, "--supervisor", "Sam Supervisor"),
        )
        for command in writes:
            result = heroes(isolated_profile, *command, **EXAMINER)
            assert result.returncode == 1, (command, result.stderr)
            assert _one_line(result.stderr) and "read-only storage" in result.stderr, (command, result.stderr)
        wrong = heroes(isolated_profile, "tag", case, "1", "--category", "CAT-1", HEROES_PASSPHRASE="nope", **EXAMINER)
        assert wrong.returncode == 3 and _one_line(wrong.stderr)
    assert not (tmp_path / "checkpoint.json").exists()


def test_flipped_byte_is_exit_4_naming_the_page_from_every_reading_command(
    cli_case: Path, isolated_profile: Path
) -> None:
    page = cli_case.stat().st_size // PAGE_SIZE // 2
    _flip_byte(cli_case, page)
    for command in READING:
        result = heroes(isolated_profile, *_reading_command(command, cli_case))
        assert result.returncode == 4, (command, result.stderr)
        assert _one_line(result.stderr) and f"damaged: page {page} failed its authentication" in result.stderr
    tag = heroes(isolated_profile, "tag", str(cli_case), "1", "--category", "CAT-1", **EXAMINER)
    assert tag.returncode == 4 and _one_line(tag.stderr)
    wrong = heroes(isolated_profile, "case", "info", str(cli_case), HEROES_PASSPHRASE="not the passphrase")
    assert wrong.returncode == 3 and "wrong passphrase" in wrong.stderr


@pytest.mark.parametrize("cut", ["part-page", "whole-pages"])
def test_truncated_case_is_exit_4_not_a_wrong_passphrase(cli_case: Path, isolated_profile: Path, cut: str) -> None:
    size = cli_case.stat().st_size
    keep = size // 2 + 100 if cut == "part-page" else size // PAGE_SIZE // 2 * PAGE_SIZE
    with open(cli_case, "r+b") as stream:
        stream.truncate(keep)
    expected = "not a whole number of pages" if cut == "part-page" else "pages the case needs are missing"
    for command in (("case", "info"), ("custody", "verify"), ("files",)):
        result = heroes(isolated_profile, *_reading_command(command, cli_case))
        assert result.returncode == 4, (command, result.stderr)
        assert _one_line(result.stderr) and f"damaged (truncated: {keep} bytes" in result.stderr
        assert expected in result.stderr
    wrong = heroes(isolated_profile, "custody", "verify", str(cli_case), HEROES_PASSPHRASE="not the passphrase")
    assert wrong.returncode == 3


def test_swapped_arguments_write_nothing_beside_the_evidence(
    cli_case: Path, isolated_profile: Path, tmp_path: Path
) -> None:
    """``heroes evidence add IMAGE.E01 case.heroes``: exit 3, and the evidence folder stays as it was."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    image = folder / E01.name
    shutil.copy2(E01, image)
    before, originals = _listing(folder), _names(E01.parent)
    for command in (("evidence", "add", str(image), str(cli_case)), ("case", "info", str(image)),
                    ("files", str(image)), ("custody", "verify", str(image))):
        result = heroes(isolated_profile, *command, **EXAMINER)
        assert result.returncode == 3, (command, result.stderr)
        assert _one_line(result.stderr) and "not a case file" in result.stderr
    assert _listing(folder) == before
    assert _names(E01.parent) == originals
    noted = (isolated_profile / "failed-opens.jsonl").read_text().splitlines()
    assert len(noted) == 4 and all(str(image) in line for line in noted)
