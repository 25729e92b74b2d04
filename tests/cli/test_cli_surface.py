"""The command line's surface (issue 13): every error on one line with the contract's exit code, ``--json``
errors as one object on stdout, a closed stdout and an early Ctrl-C ending quietly, results on stdout, ``--csv``
on every listing, options that do nothing refused, empty results explained, and a readable ``--help``.

Most checks call ``main()`` in-process (fast); the ones about the process itself (start-up, signals, pipes) run
the real ``heroes`` as a subprocess, several checks per test.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.cli import main as cli_main
from heroes_desktop.cli.output import Column, emit_rows, readable_size
from heroes_desktop.cli.progress_bar import MAX_COLUMNS, RateEstimate, TerminalProgress, render_line
from heroes_desktop.cli.secrets import examiner_from_terminal
from heroes_desktop.core.progress import Progress
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey

from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env


@pytest.fixture
def cli_case(tmp_path: Path, examiner: Actor, examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A closed, empty case, with the environment the in-process ``main()`` reads."""
    path = tmp_path / "surface.heroes"
    Case.create(path, PASSPHRASE, examiner, examiner_key, title="Operation Surface").close()
    monkeypatch.setenv("HEROES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", KEY_PASSPHRASE)
    monkeypatch.setenv("HEROES_EXAMINER", examiner.name)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli_main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and "Traceback" not in err and err.startswith("heroes")


# --- exit codes ------------------------------------------------------------------------------------------------


def test_a_missing_input_file_is_one_code_per_kind(cli_case: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = tmp_path / "nowhere.txt"
    usage = [  # non-evidence inputs: the path given does not exist -> 2
        ("custody", "verify", cli_case, "--checkpoint", nowhere),
        ("dictionary", "import", cli_case, nowhere, "--name", "terms"),
        ("hashset", "import", cli_case, nowhere, "--format", "md5", "--name", "lab"),
        ("training", "score", cli_case, "--key", nowhere),
        ("training", "check", cli_case, "--key", nowhere),
    ]
    for command in usage:
        code, out, err = run(capsys, *command)
        assert code == 2 and one_line_error(err) and str(nowhere) in err, (command, code, err)
    code, out, err = run(capsys, "evidence", "add", cli_case, tmp_path / "nowhere.dd")  # evidence -> 5
    assert code == 5 and one_line_error(err), err
    for command in (("case", "info"), ("files",), ("evidence", "list"), ("custody", "log")):  # no case -> 3
        code, out, err = run(capsys, *command, tmp_path / "no-case.heroes")
        assert code == 3 and one_line_error(err), (command, err)


def test_a_file_that_is_no_checkpoint_is_a_usage_error_not_an_integrity_failure(
        cli_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "checkpoint.json"
    broken.write_text("{not json")
    code, out, err = run(capsys, "custody", "verify", cli_case, "--checkpoint", broken)
    assert code == 2 and one_line_error(err) and "not a checkpoint" in err
    assert "Expecting" not in err and "char" not in err  # no JSON-decoder text


def test_duplicate_evidence_is_a_failure_not_unreadable_evidence(cli_case: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "note.txt").write_text("hello")
    code, out, err = run(capsys, "evidence", "add", cli_case, folder)
    assert code == 0, err
    code, out, err = run(capsys, "evidence", "add", cli_case, folder)
    assert code == 1 and one_line_error(err) and "already evidence 1" in err


def test_json_errors_are_one_object_on_stdout(cli_case: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (("case", "info", tmp_path / "no-case.heroes", "--json"), 3),
        (("entities", cli_case, "--label", "BOGUS", "--json"), 2),
        (("search", cli_case, "word", "--json", "--bogus"), 2),
        (("custody", "verify", cli_case, "--checkpoint", tmp_path / "none.json", "--json"), 2),
    ]
    for command, expected in cases:
        code, out, err = run(capsys, *command)
        document = json.loads(out)
        assert code == expected and document["exit_code"] == expected and document["error"], (command, out)
        assert len(out.splitlines()) == 1


def test_unexpected_back_end_errors_read_as_one_plain_line() -> None:
    from sqlalchemy.exc import OperationalError

    error = OperationalError("INSERT INTO x", {}, Exception("attempt to write a readonly database"))
    message, code = cli_main._unexpected_message(error)
    assert "sqlalche.me" not in message and "http" not in message and "INSERT" not in message
    assert "read-only" in message and code == 1
    message, code = cli_main._unexpected_message(json.JSONDecodeError("Expecting value", "{x", 1))
    assert "Expecting" not in message and "not valid JSON" in message and code == 2
    message, code = cli_main._unexpected_message(FileNotFoundError(2, "No such file or directory", "/x/y"))
    assert code == 2 and "/x/y" in message and "Errno" not in message


# --- options that do nothing -----------------------------------------------------------------------------------


def test_options_that_would_do_nothing_are_refused(cli_case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused = [
        (("topics", cli_case, "--topics", "4"), "--run"),
        (("topics", cli_case, "--max-topics", "9"), "--run"),
        (("entities", cli_case, "--label", "BOGUS"), "PERSON, ORG, LOC, EMAIL"),
        (("search", cli_case, "x", "--label", "BOGUS"), "PERSON"),
        (("media", cli_case, "--min-score", "5"), "0..1"),
        (("media", cli_case, "--frames", "3", "--kind", "video"), "--frames"),
        (("media", cli_case, "--frames", "3"), "file 3"),
        (("media", cli_case, "--category", "CAT-9"), "CAT-0"),
        (("ingest", cli_case, "--jobs", "-3"), "at least 1"),
        (("search", cli_case, "x", "--limit", "0"), "at least 1"),
    ]
    for command, said in refused:
        code, out, err = run(capsys, *command)
        assert code == 2 and said in err and "Traceback" not in err, (command, err)


def test_a_picture_has_no_frames(cli_case: Path, examiner: Actor, examiner_key: SigningKey,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import insert

    from heroes_desktop.case.case_file import OpenMode
    from heroes_desktop.case.schema import evidence, files, media, volumes

    with Case.open(cli_case, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        with case.change("test.setup", {}) as connection:
            evidence_id = connection.execute(insert(evidence).values(
                label="x", format="folder", paths="[]", added_at="", added_by="")).inserted_primary_key[0]
            volume_id = connection.execute(insert(volumes).values(
                evidence_id=evidence_id, offset=0, length=0, description="folder", status="ok", walked=True,
            )).inserted_primary_key[0]
            file_id = connection.execute(insert(files).values(
                evidence_id=evidence_id, volume_id=volume_id, ordinal=1, path="/cat.jpg", name="cat.jpg",
                kind="file", size=1, deleted=False, status="ok")).inserted_primary_key[0]
            connection.execute(insert(media).values(
                file_id=file_id, kind="image", faces="[]", detections="[]", context="[]", triage_score=0.1,
                suggested_category="CAT-0", reasons="[]", models="{}"))
    code, out, err = run(capsys, "media", cli_case, "--frames", str(file_id))
    assert code == 2 and "picture" in err and "not a video" in err
    code, out, err = run(capsys, "media", cli_case, "--csv")
    assert code == 0 and "/cat.jpg" in out.splitlines()[1]


# --- results on stdout, --csv, empty results explained ---------------------------------------------------------


def test_human_results_on_stdout_listings_with_headers_and_csv(cli_case: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "case", "info", cli_case)
    assert code == 0 and "Operation Surface" in out and err == ""
    code, out, err = run(capsys, "custody", "log", cli_case)
    assert code == 0 and out.splitlines()[0].split()[:3] == ["SEQ", "TIME", "(UTC)"] and "case.created" in out
    code, out, err = run(capsys, "custody", "log", cli_case, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["action"] for row in rows][:2] == ["signer.registered", "case.created"]
    assert rows[0]["time"].endswith("Z")  # exact ISO 8601 UTC in CSV
    code, out, err = run(capsys, "custody", "verify", cli_case)
    assert code == 0 and "verified" in out

    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "note.txt").write_text("x" * 3000)
    assert run(capsys, "evidence", "add", cli_case, folder)[0] == 0
    code, out, err = run(capsys, "evidence", "list", cli_case)
    assert code == 0 and out.splitlines()[0].split()[:4] == ["ID", "LABEL", "FORMAT", "SIZE"]
    assert "None" not in out and "folder: files hashed at intake: 1" in out and "2.9 KiB" in out
    code, out, err = run(capsys, "evidence", "list", cli_case, "--csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["size"] == "3000" and row["format"] == "folder"
    code, out, err = run(capsys, "evidence", "list", cli_case, "--csv", "--json")
    assert code == 2 and "not both" in err


@pytest.mark.parametrize("command", [
    ("files",), ("entities",), ("topics",), ("media",), ("search", "word"), ("evidence", "list"), ("matches",),
    ("tags",),
])
def test_every_listing_takes_csv_and_explains_an_empty_result(cli_case: Path, command: tuple[str, ...],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    words = [word for word in command if word != "word"]
    arguments = [*words[:2], cli_case, *(["word"] if "word" in command else [])]
    if words == ["evidence", "list"]:
        arguments = ["evidence", "list", cli_case]
    code, out, err = run(capsys, *arguments)
    assert code == 0 and out == "" and err.startswith("no ") and "add evidence first" in err, (command, err)
    code, out, err = run(capsys, *arguments, "--csv")
    assert code == 0 and len(out.splitlines()) == 1 and "," in out, (command, out)  # the header line only


def test_nothing_ingested_yet_is_said(cli_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run(capsys, "evidence", "add", cli_case, folder)[0] == 0
    for command in (("files", cli_case), ("entities", cli_case), ("search", cli_case, "word")):
        code, out, err = run(capsys, *command)
        assert code == 0 and "nothing ingested yet: run `heroes ingest" in err, (command, err)


def test_emit_rows_formats() -> None:
    rows = [{"id": 7, "size": 1536, "mtime": "2026-03-01T10:20:30.5Z", "deleted": True, "path": "/a b,c"}]
    columns = [Column("id", "ID", "int"), Column("size", "SIZE", "size"), Column("mtime", "MODIFIED", "time"),
               Column("deleted", "DELETED", "bool"), Column("path", "PATH")]
    buffer = io.StringIO()
    import sys

    saved, sys.stdout = sys.stdout, buffer
    try:
        emit_rows(rows, columns, "human")
        emit_rows(rows, columns, "csv")
    finally:
        sys.stdout = saved
    header, line, csv_header, csv_line = buffer.getvalue().splitlines()
    assert header.split() == ["ID", "SIZE", "MODIFIED", "(UTC)", "DELETED", "PATH"]
    assert "1.5 KiB" in line and "2026-03-01 10:20:30" in line and "yes" in line
    assert csv_line == '7,1536,2026-03-01T10:20:30.5Z,true,"/a b,c"'
    assert readable_size(0) == "0 B" and readable_size(5 * 2**30) == "5.0 GiB"


# --- help, usage -----------------------------------------------------------------------------------------------


def test_help_names_environment_exit_codes_categories_stages_and_labels(capsys: pytest.CaptureFixture[str]) -> None:
    from heroes_desktop.cli.commands.entities import ENTITY_LABELS

    code, out, err = run(capsys, "--help")
    assert code == 0
    for variable in ("HEROES_PASSPHRASE", "HEROES_KEY_PASSPHRASE", "HEROES_EXAMINER", "HEROES_HOME",
                     "HEROES_VOLUME_PASSWORD"):
        assert variable in out
    for number in range(6):
        assert f"\n  {number}  " in out
    for category, meaning in CATEGORIES.items():
        assert f"{category}  {meaning}" in out
    for stage in ("filetype", "hash", "phash", "text", "ocr", "media", "video", "hashsets", "entities", "topics"):
        assert stage in out.split("stages (heroes ingest --stages):")[1].split("\n")[0]
    assert all(label in out for label in ENTITY_LABELS)
    assert "heroes case create" in out  # examples


def test_a_bad_option_shows_the_sub_commands_usage(cli_case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "case", "info", cli_case, "--bogus")
    assert code == 2 and err.startswith("usage: heroes case info") and "--bogus" in err
    code, out, err = run(capsys, "custody", "log", "--bogus", cli_case)
    assert code == 2 and err.startswith("usage: heroes custody log")


# --- the examiner ----------------------------------------------------------------------------------------------


def test_the_examiner_is_asked_on_a_terminal_and_named_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("HEROES_EXAMINER", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal("Ana Ruiz\n"))
    assert examiner_from_terminal() == "Ana Ruiz"
    monkeypatch.setattr("sys.stdin", io.StringIO("Ana Ruiz\n"))  # not a terminal: no question
    assert examiner_from_terminal() is None
    monkeypatch.setenv("HEROES_EXAMINER", "Set Already")
    monkeypatch.setattr("sys.stdin", Terminal(""))
    assert examiner_from_terminal() is None


def test_readme_first_steps_set_the_examiner() -> None:
    readme = (REPO / "README.md").read_text()
    first_block = readme.split("## The command line")[1].split("```bash")[1].split("```")[0]
    assert "HEROES_EXAMINER" in first_block


# --- the progress bar ------------------------------------------------------------------------------------------


def test_progress_line_fits_80_columns_and_is_honest_about_time_left() -> None:
    huge = Progress(phase="items", items_done=123_456_789, items_total=987_654_321, bytes_done=3 * 2**40,
                    bytes_total=900 * 2**40, failed=123_456)
    for rate, left in ((None, None), (5e9, 9e6)):
        assert len(render_line(huge, rate=rate, seconds_left=left)) <= MAX_COLUMNS
    assert "time left unknown" in render_line(Progress(phase="items", items_total=10, bytes_total=100))
    estimate = RateEstimate()
    estimate.update(0, now=100.0)
    estimate.update(10, now=101.0)
    assert estimate.seconds_left(10, 1000, now=101.0) is None  # too early to tell
    for second in range(2, 10):
        estimate.update(10 * second, now=100.0 + second)
    assert estimate.seconds_left(90, 1000, now=109.0) == pytest.approx(91.0, rel=0.05)
    quiet = render_line(Progress(phase="topics"), phase_seconds=65, tick=1)
    assert "topics" in quiet and "1m05s" in quiet
    clustered = Progress(phase="items", items_total=40, items_done=30, bytes_total=4000, bytes_done=3000,
                         nodes={"worker-1": 18, "worker-2": 12})
    assert render_line(clustered, width=120).endswith("nodes worker-1:18 worker-2:12")  # issue 22: by node
    assert len(render_line(clustered)) <= MAX_COLUMNS
    many = Progress(phase="items", items_total=40, items_done=30, bytes_total=4000, bytes_done=3000,
                    nodes={f"worker-{index}": 10 for index in range(40)})
    assert len(render_line(many, rate=5e6, seconds_left=60)) <= MAX_COLUMNS  # dropped first when too long


def test_progress_draws_in_place_only_on_a_terminal() -> None:
    silent = io.StringIO()
    bar = TerminalProgress(silent, enabled=False)
    bar(Progress(phase="items", items_total=2, bytes_total=10, bytes_done=5))
    bar.close()
    assert silent.getvalue() == ""
    screen = io.StringIO()
    bar = TerminalProgress(screen, enabled=True, tick_seconds=0.05)
    bar(Progress(phase="items", items_total=2, items_done=2, bytes_total=10, bytes_done=10))
    time.sleep(0.3)
    bar.close()
    drawn = screen.getvalue()
    assert drawn.startswith("\r") and "\n" not in drawn
    assert all(len(part.rstrip()) <= MAX_COLUMNS for part in drawn.split("\r"))


# --- the process: closed stdout, Ctrl-C at start-up, no traceback ----------------------------------------------


def test_closed_stdout_and_early_ctrl_c_end_quietly(tmp_path: Path, isolated_profile: Path) -> None:
    env = cli_env(isolated_profile, HEROES_EXAMINER="Ana Examiner")
    case = tmp_path / "pipe.heroes"
    made = subprocess.run([*HEROES_COMMAND, "case", "create", str(case)], env=env, cwd=REPO, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "created case" in made.stdout  # a human result: stdout

    for listing in (["custody", "log", str(case), "--json"], ["custody", "log", str(case)]):
        process = subprocess.Popen([*HEROES_COMMAND, *listing], env=env, cwd=REPO, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert process.stdout is not None
        process.stdout.close()  # `| head -0`: the reader is gone before the first line
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0 and stderr == b"", (listing, stderr)

    for delay in (0.15, 0.5, 1.0):
        process = subprocess.Popen([*HEROES_COMMAND, "case", "info", str(case)], env=env, cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   text=True)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        if process.returncode == 0:
            continue  # it finished before the signal arrived
        assert process.returncode == 1, (delay, process.returncode, stderr)
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, (delay, stderr)
        assert "interrupted" in stderr


def test_a_phase_without_counts_keeps_moving_with_its_name() -> None:
    screen = io.StringIO()
    bar = TerminalProgress(screen, enabled=True, tick_seconds=0.05)
    bar.phase("hashing", detail="laptop.E01")
    time.sleep(0.35)
    bar.close()
    frames = [frame for frame in screen.getvalue().split("\r") if frame.strip()]
    assert len(frames) >= 3 and all("hashing laptop.E01" in frame for frame in frames)
    assert len({frame[0] for frame in frames}) > 1  # the spinner turns


def test_evidence_add_shows_the_acquisition_metadata_and_list_says_why_hashes_are_missing(
        cli_case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SHARED_TESTDATA

    code, out, err = run(capsys, "evidence", "add", cli_case, SHARED_TESTDATA / "dfvfs" / "ext2.E01")
    assert code == 0, err
    for line in ("Case number       case", "Examiner          examiner", "Acquired          Thu Jul 22 15:33:18 2021",
                 "Stored MD5        196066add11fb71c4c49cf1bb50d6d24", "Stored hashes     stored hashes verified",
                 "Size              4.0 MiB (4,194,304 bytes)"):
        assert line in out, out
    assert run(capsys, "evidence", "add", cli_case, SHARED_TESTDATA / "pytsk" / "image.raw")[0] == 0
    code, out, err = run(capsys, "evidence", "list", cli_case)
    assert "None" not in out and "raw image: no stored hashes to verify" in out


def test_sub_command_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (("ingest",), ("evidence",), ("custody",), ("search",), ("media",), ("topics",), ("files",)):
        code, out, err = run(capsys, *command, "--help")
        assert code == 0 and "examples:" in out, command
    code, out, err = run(capsys, "ingest", "--help")
    assert "stages: filetype, hash" in out and "topics" in out


def test_the_start_up_guard_is_only_for_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    from heroes_desktop.cli.interrupts import started_as_program

    for argv0, expected in (("/venv/bin/heroes", True), ("/repo/heroes_desktop/__main__.py", True),
                            ("/venv/lib/python3.11/site-packages/pytest/__main__.py", False), ("-c", False)):
        monkeypatch.setattr("sys.argv", [argv0])
        assert started_as_program() is expected, argv0
