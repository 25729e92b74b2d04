"""The p2p stage and the p2p-content case stage through a real ingest of folder evidence that holds a uTorrent
folder with a hybrid torrent, the torrent's downloaded content (and a decoy of the same size), an eMule
configuration (known.met, AC_SearchStrings.dat) and a damaged known.met of another user."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
from pathlib import Path

import pytest
from Cryptodome.Hash import MD4

from heroes_desktop.case.case_file import Case
from sqlalchemy import select

from heroes_desktop.case.schema import entities, files, stage_runs
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.nlp.dictionaries import import_dictionary
from heroes_desktop.p2p.listing import list_p2p
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest

from tests.conftest import HEROES_COMMAND, PASSPHRASE, REPO, cli_env, sha256_file
from tests.p2p.test_emule_met import int_tag, known_met, known_record, str_tag
from tests.p2p.test_emule_text import utf16_file
from tests.p2p.torrent_maker import bencode, make_torrent

STAGES = ("filetype", "hash", "p2p", "hashsets", "p2p-content", "entities")


def md4(data: bytes) -> bytes:
    return MD4.new(data).digest()  # the ED2K of a file smaller than one 9,500 KiB block


@pytest.fixture(params=["hybrid", "v1", "v2"])
def evidence(tmp_path: Path, request: pytest.FixtureRequest) -> dict:
    rng = random.Random(21)
    root = tmp_path / "evidence"
    holiday = root / "Users/ann/Downloads/holiday"
    holiday.mkdir(parents=True)
    contents = {"beach.bin": rng.randbytes(100_000), "sub/harbour.bin": rng.randbytes(70_000)}
    for name, data in contents.items():
        (holiday / name).parent.mkdir(parents=True, exist_ok=True)
        (holiday / name).write_bytes(data)
    made = make_torrent(holiday, version=request.param, piece_length=16 * 1024)
    utorrent = root / "Users/ann/AppData/Roaming/uTorrent"
    utorrent.mkdir(parents=True)
    (utorrent / "holiday.torrent").write_bytes(made.data)
    infohash = made.infohash or made.infohash_v2[:40]  # a v2-only torrent's truncated v2 hash, as clients show it
    (utorrent / "resume.dat").write_bytes(bencode({".fileguard": "00", "holiday.torrent": {
        "caption": "holiday", "path": "C:\\Users\\ann\\Downloads\\holiday", "info": bytes.fromhex(infohash),
        "added_on": 1_700_000_000, "completed_on": 1_700_003_600, "downloaded": 170_000, "uploaded": 5_000}}))
    transmission = root / "home/ann/.config/transmission/resume"
    transmission.mkdir(parents=True)
    (transmission / f"{infohash}.resume").write_bytes(bencode({
        "added-date": 1_700_000_000, "destination": "/home/ann/Downloads", "name": "holiday",
        "downloaded": 170_000, "uploaded": 0}))
    decoy = root / "Users/ann/Documents/beach.bin"  # same name and size, other bytes
    decoy.parent.mkdir(parents=True)
    decoy.write_bytes(rng.randbytes(100_000))

    shared = root / "Users/ann/Music/song.bin"
    shared.parent.mkdir(parents=True)
    song = rng.randbytes(50_000)
    shared.write_bytes(song)
    gone = rng.randbytes(40_000)  # shared once, deleted since: only its ED2K remains in known.met
    config = root / "Users/ann/AppData/Local/eMule/config"
    config.mkdir(parents=True)
    (config / "known.met").write_bytes(known_met([
        known_record(1_600_000_000, md4(song), [], [str_tag(0x01, "song.bin"), int_tag(0x02, len(song))]),
        known_record(1_600_000_000, md4(gone), [], [str_tag(0x01, "gone.bin"), int_tag(0x02, len(gone))]),
    ]))
    seed = 0x5EED1234  # cancelled.met (eMule 0.47+) keeps MD5(seed, ED2K) of each cancelled download
    cancelled = [hashlib.md5(seed.to_bytes(4, "little") + md4(data)).digest() for data in (song, gone)]
    (config / "cancelled.met").write_bytes(bytes([0x0F, 0x01]) + seed.to_bytes(4, "little") + (2).to_bytes(4, "little")
                                           + b"".join(key + b"\x00" for key in cancelled))
    (config / "AC_SearchStrings.dat").write_bytes(utf16_file(["holiday pictures", "Harbour Beach"]))
    damaged = root / "Users/bob/AppData/Local/eMule/config"
    damaged.mkdir(parents=True)
    (damaged / "known.met").write_bytes(b"\x0e\xff\xff\xff\x7fnot a known.met")

    ed2k_list = tmp_path / "police.ed2k.txt"
    ed2k_list.write_text(f"ed2k://|file|gone.bin|{len(gone)}|{md4(gone).hex()}|/\n")
    terms = tmp_path / "terms.csv"
    terms.write_text("term,category,language\nbeach,places,en\n")
    return {"root": root, "torrent": made, "version": request.param, "ed2k_list": ed2k_list, "terms": terms,
            "song_ed2k": md4(song).hex(), "gone_ed2k": md4(gone).hex()}


def _by_path(case: Case) -> dict[str, int]:
    with case.reading() as connection:
        return {path: file_id for file_id, path in connection.execute(select(files.c.id, files.c.path))}


def test_records_are_read_linked_to_their_content_and_matched(evidence: dict, case_path: Path, examiner,
                                                              examiner_key) -> None:
    before = {path: sha256_file(path) for path in evidence["root"].rglob("*") if path.is_file()}
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, evidence["root"])
        import_hashset(case, evidence["ed2k_list"], "ed2k", "police list", category="1")
        import_dictionary(case, evidence["terms"], "places")
        summary = ingest(case, IngestOptions(jobs=1, stages=STAGES))
        records = list(list_p2p(case))
        paths = _by_path(case)
        with case.reading() as connection:
            searched = connection.execute(entities.select().where(entities.c.label.in_(["P2P_SEARCH", "TERM"]))).all()
            runs = {row.file_id: (row.status, row.error) for row in connection.execute(
                select(stage_runs).where(stage_runs.c.stage == "p2p"))}
            hashes = dict(connection.execute(select(files.c.id, files.c.ed2k)).all())
    assert summary is not None
    assert {path: sha256_file(path) for path in before} == before  # evidence untouched

    torrent = next(r for r in records if r["kind"] == "torrent")
    assert (torrent["infohash"], torrent["infohash_v2"]) == (evidence["torrent"].infohash,
                                                             evidence["torrent"].infohash_v2)
    content = {entry["path"]: entry for entry in torrent["content"]}
    beach = [p for p in paths if p.endswith("Downloads/holiday/beach.bin")][0]
    harbour = [p for p in paths if p.endswith("Downloads/holiday/sub/harbour.bin")][0]
    assert set(content) == {beach, harbour}  # the decoy of the same name and size is not content
    expected_basis = "pieces-root" if evidence["version"] == "v2" else "pieces"
    assert {entry["basis"] for entry in content.values()} == {expected_basis}
    if expected_basis == "pieces":
        assert content[beach]["pieces_matched"] == content[beach]["pieces_compared"] >= 1

    resumes = {r["client"]: r for r in records if r["kind"] == "resume"}
    assert set(resumes) == {"utorrent", "transmission"}
    for resume in resumes.values():  # a v2-only torrent is known by its SHA-256 cut to 20 bytes
        assert resume["infohash"] == (torrent["infohash"] or torrent["infohash_v2"][:40])
        assert sorted(resume["content_file_ids"]) == sorted(torrent["content_file_ids"])
        assert {entry["basis"] for entry in resume["content"]} == {"torrent"}

    known = {r["name"]: r for r in records if r["kind"] == "known"}
    song_path = [p for p in paths if p.endswith("Music/song.bin")][0]
    assert known["song.bin"]["ed2k"] == evidence["song_ed2k"]
    assert known["song.bin"]["content_file_ids"] == [paths[song_path]]
    assert known["gone.bin"]["content_file_ids"] == []
    assert known["gone.bin"]["matches"] == [{"hashset": "police list", "category": "CAT-1", "kind": "ed2k",
                                            "via": "record"}]
    flags = [bool(r["matches"]) for r in records]
    assert flags == sorted(flags, reverse=True) and records[0]["matches"]  # matched records first
    assert all(r["artifact_path"].endswith("ann/AppData/Local/eMule/config/known.met")
               for r in known.values())

    cancelled = [r for r in records if r["kind"] == "download"]
    assert len(cancelled) == 2 and all(r["details"]["cancelled"] for r in cancelled)
    assert [paths[song_path]] in [r["content_file_ids"] for r in cancelled]  # found by its ED2K's seeded key
    assert any(m["hashset"] == "police list" and m["via"] == "record" for r in cancelled for m in r["matches"])

    searches = [r["name"] for r in records if r["kind"] == "search"]
    assert searches == ["holiday pictures", "Harbour Beach"]
    labels = {(row.label, row.normalized) for row in searched}
    assert ("P2P_SEARCH", "harbour beach") in labels and ("TERM", "beach") in labels

    damaged = [p for p in paths if p.endswith("bob/AppData/Local/eMule/config/known.met")][0]
    assert runs[paths[damaged]][0] == "failed" and "known.met" in runs[paths[damaged]][1]
    assert hashes[paths[song_path]] == evidence["song_ed2k"]


@pytest.mark.parametrize("evidence", ["hybrid"], indirect=True)
def test_cli_lists_records_as_the_contract_says(evidence: dict, case_path: Path, examiner, examiner_key,
                                                isolated_profile: Path) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, evidence["root"])
        import_hashset(case, evidence["ed2k_list"], "ed2k", "police list", category="1")
        ingest(case, IngestOptions(jobs=1, stages=STAGES[:-1]))

    def heroes(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, cwd=REPO, timeout=120,
                              env=cli_env(isolated_profile), stdin=subprocess.DEVNULL)

    listed = heroes("p2p", str(case_path), "--json")
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {"client", "kind", "name", "size", "infohash", "ed2k", "times", "artifact_file_id", "content_file_ids",
            "matches"} <= set(records[0])
    assert records[0]["matches"][0]["hashset"] == "police list"
    assert "gone.bin" in [r["name"] for r in records if r["matches"]]
    assert {r["kind"] for r in records} >= {"torrent", "resume", "known", "search"}

    searches = heroes("p2p", str(case_path), "--client", "emule", "--kind", "search", "--json")
    assert [json.loads(line)["name"] for line in searches.stdout.splitlines()] == ["holiday pictures",
                                                                                   "Harbour Beach"]
    human = heroes("p2p", str(case_path), "--matched")
    assert human.returncode == 0 and "gone.bin" in human.stdout and "police list" in human.stdout
    assert "song.bin" not in human.stdout
    wrong = heroes("p2p", str(case_path), "--kind", "seeds")
    assert wrong.returncode == 2 and "known kinds are" in wrong.stderr
    files = heroes("files", str(case_path), "--json")
    assert any(json.loads(line).get("ed2k") == evidence["song_ed2k"] for line in files.stdout.splitlines())
