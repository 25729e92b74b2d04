"""The timeline over a real ingested folder whose files carry chosen times (and an e-mail with its own Date): every
event in one order, pages that continue exactly, counts per interval that add up, ranges, kinds, the file table's
time scope, the CLI face, and the CSV export of a selection recorded in custody."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from heroes_desktop.browse.file_query import FileQuery, Scope, matching_ids
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.exports.errors import ExportError
from heroes_desktop.exports.selection_csv import export_events_csv, export_files_csv, safe_cell
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.registry import default_registry
from heroes_desktop.timeline.events import (
    CUSTODY,
    event_kinds,
    histogram,
    iter_timeline,
    kind_counts,
    parse_moment,
    timeline_page,
    timeline_span,
)
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, cli_env

TIMES = {  # file -> its modification time, UTC
    "early.txt": datetime(2019, 3, 1, 8, 0, 0, tzinfo=timezone.utc),
    "middle.txt": datetime(2021, 6, 15, 12, 30, 0, tzinfo=timezone.utc),
    "late.txt": datetime(2024, 11, 30, 23, 59, 59, tzinfo=timezone.utc),
    "note.eml": datetime(2022, 1, 10, 9, 0, 0, tzinfo=timezone.utc),
}
MAIL = ("From: Ana <ana@example.org>\nTo: bob@example.org\nSubject: Flight\n"
        "Date: Tue, 03 Sep 2024 12:15:00 +0200\nContent-Type: text/plain; charset=utf-8\n\nYour flight.\n")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def dated_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("timeline")
    folder = root / "seized"
    folder.mkdir()
    for name, moment in TIMES.items():
        (folder / name).write_text(MAIL if name.endswith(".eml") else f"{name}\n" * 4)
        os.utime(folder / name, (moment.timestamp(), moment.timestamp()))
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
    case = Case.create(root / "case.heroes", PASSPHRASE, actor, key, title="Timeline")
    add_evidence(case, folder)
    stages = ["filetype", "hash"] + (["dates"] if "dates" in default_registry().names() else [])
    assert ingest(case, IngestOptions(jobs=1, stages=tuple(stages))).status == "finished"
    case.ids = {record["name"]: record["id"] for record in iter_files(case)}  # type: ignore[attr-defined]
    case.root = root  # type: ignore[attr-defined]
    yield case
    case.close()


def test_every_event_in_one_order_with_the_planted_times(dated_case: Case) -> None:
    events = list(iter_timeline(dated_case))
    keys = [(event.time, event.kind, event.key) for event in events]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    counts = kind_counts(dated_case)
    assert len(events) == sum(counts.values())
    assert Counter(event.kind for event in events) == +Counter(counts)
    ids = dated_case.ids  # type: ignore[attr-defined]
    for name, moment in TIMES.items():
        assert any(event.kind == "mtime" and event.file_id == ids[name] and event.time == _iso(moment)
                   for event in events), name
    custody = [event for event in events if event.kind == CUSTODY]
    assert custody and all(event.file_id is None and event.path is None for event in custody)
    assert {"case.created", "ingest.finished"} <= {event.detail.split(" by ")[0] for event in custody}
    assert [event.key for event in custody] == sorted(event.key for event in custody)


def test_the_e_mail_date_is_an_event_of_its_own(dated_case: Case) -> None:
    assert "dates" in default_registry().names()  # installed by setup (python-dateutil): never skipped
    assert "email-date" in event_kinds(dated_case)
    mail = [event for event in iter_timeline(dated_case, kinds=["email-date"])]
    assert [(event.time, event.file_id) for event in mail] == [("2024-09-03T10:15:00Z",
                                                                dated_case.ids["note.eml"])]  # type: ignore


def test_pages_continue_exactly_where_they_stopped(dated_case: Case) -> None:
    whole = list(iter_timeline(dated_case))
    for size in (1, 2, 3, 7):
        assert list(iter_timeline(dated_case, page=size)) == whole
    first = timeline_page(dated_case, limit=3)
    rest = timeline_page(dated_case, after=first[-1].cursor, limit=len(whole))
    assert first + rest == whole


def test_ranges_and_kinds(dated_case: Case) -> None:
    start, end = "2021-01-01T00:00:00Z", "2023-01-01T00:00:00Z"
    inside = list(iter_timeline(dated_case, start, end))
    assert inside and all(start <= event.time < end for event in inside)
    assert {event.file_id for event in inside if event.kind == "mtime"} == {
        dated_case.ids["middle.txt"], dated_case.ids["note.eml"]}  # type: ignore[attr-defined]
    at_end = list(iter_timeline(dated_case, "2024-11-30T23:59:59Z", "2024-12-01T00:00:00Z", ["mtime"]))
    assert [event.file_id for event in at_end] == [dated_case.ids["late.txt"]]  # type: ignore[attr-defined]
    only = list(iter_timeline(dated_case, kinds=["custody"]))
    assert only and {event.kind for event in only} == {"custody"}
    with pytest.raises(UsageError, match="unknown timeline kind"):
        list(iter_timeline(dated_case, kinds=["birthday"]))


def test_counts_per_interval_add_up(dated_case: Case) -> None:
    span = timeline_span(dated_case)
    assert span is not None
    for buckets in (1, 7, 500):
        counted = histogram(dated_case, span[0], span[1], buckets)
        assert sum(counted.totals()) == sum(kind_counts(dated_case).values())
        assert counted.buckets == buckets
    years = histogram(dated_case, "2019-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 6, ["mtime"])
    width = years.width_s
    for name, moment in TIMES.items():
        index = int((moment.timestamp() - datetime(2019, 1, 1, tzinfo=timezone.utc).timestamp()) // width)
        assert years.counts["mtime"][index] >= 1, name
    assert sum(years.counts["mtime"]) == len(TIMES) + sum(  # the folder itself has a time too
        1 for record in iter_files(dated_case) if record["name"] not in TIMES and record["mtime"]
        and "2019" <= record["mtime"] < "2025")
    with pytest.raises(UsageError):
        histogram(dated_case, span[1], span[0], 10)


def test_the_file_table_scope_of_a_stretch_of_time(dated_case: Case) -> None:
    ids = dated_case.ids  # type: ignore[attr-defined]
    scope = Scope.of_time("2021-06-15T12:30:00Z", "2021-06-15T12:30:01Z", ["mtime"])
    assert list(matching_ids(dated_case, FileQuery(scope=scope))) == [ids["middle.txt"]]
    wide = Scope.of_time("2019-01-01", "2025-01-01", ["mtime"])
    assert {ids[name] for name in TIMES} <= set(matching_ids(dated_case, FileQuery(scope=wide)))
    assert list(matching_ids(dated_case, FileQuery(scope=Scope.of_time(None, None, ["custody"])))) == []
    assert list(matching_ids(dated_case, FileQuery(scope=Scope.of_ids([ids["late.txt"], 10**9], "two")))) == [
        ids["late.txt"]]


def test_examiners_times_are_read_as_utc_or_their_zone() -> None:
    assert parse_moment("2024-09-03") == "2024-09-03T00:00:00Z"
    assert parse_moment("2024-09-03", end=True) == "2024-09-04T00:00:00Z"
    assert parse_moment("2024-09-03T10:00+02:00") == "2024-09-03T08:00:00Z"
    assert parse_moment("2024-09-03 10:00:00.250Z") == "2024-09-03T10:00:00.25Z"
    with pytest.raises(UsageError, match="not a date or time"):
        parse_moment("next tuesday")


def test_heroes_timeline_json_and_range(dated_case: Case) -> None:
    env = cli_env(dated_case.root / "cli-profile", HEROES_PASSPHRASE=PASSPHRASE)  # type: ignore[attr-defined]
    done = subprocess.run([*HEROES_COMMAND, "timeline", str(dated_case.path), "--from", "2019-03-01",
                           "--to", "2021-06-15", "--kind", "mtime", "--json"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(line["time"], line["kind"], line["file_id"]) for line in lines] == [
        ("2019-03-01T08:00:00Z", "mtime", dated_case.ids["early.txt"]),  # type: ignore[attr-defined]
        ("2021-06-15T12:30:00Z", "mtime", dated_case.ids["middle.txt"])]  # type: ignore[attr-defined]
    assert lines[0]["path"].endswith("/early.txt")
    wrong = subprocess.run([*HEROES_COMMAND, "timeline", str(dated_case.path), "--from", "yesterday"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "not a date or time" in wrong.stderr
    empty = subprocess.run([*HEROES_COMMAND, "timeline", str(dated_case.path), "--from", "1990-01-01", "--to",
                            "1990-01-02"], env=env, capture_output=True, text=True, timeout=120)
    assert empty.returncode == 0 and empty.stdout == "" and "no dated events in that range" in empty.stderr


def test_a_selection_exported_as_csv_is_recorded_in_custody(dated_case: Case, tmp_path: Path) -> None:
    ids = dated_case.ids  # type: ignore[attr-defined]
    out = tmp_path / "files.csv"
    written = export_files_csv(dated_case, out, [ids["late.txt"], ids["early.txt"]])
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["name"] for row in rows] == ["late.txt", "early.txt"]
    assert rows[0]["mtime"] == "2024-11-30T23:59:59Z" and rows[0]["deleted"] == "false"
    event = dated_case.events()[-1]
    assert event.action == "export.selection" and event.details["sha256"] == file_sha256(out) == written.sha256
    assert event.details["rows"] == 2
    with pytest.raises(ExportError, match="already exists"):
        export_files_csv(dated_case, out, [ids["late.txt"]])
    events_out = tmp_path / "events.csv"
    export_events_csv(dated_case, events_out, timeline_page(dated_case, limit=4))
    assert len(list(csv.DictReader(events_out.open(encoding="utf-8", newline="")))) == 4
    assert dated_case.verify().ok
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-2") == "'-2" and safe_cell(-2) == "-2"
