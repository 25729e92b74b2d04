"""A small case with P2P records, for the tests of what reads them (the categories, the GUI's P2P panel): folder
evidence as in ``test_p2p_ingest.py`` (a uTorrent folder with a v1 torrent and its downloaded content, a decoy of the
same size, an eMule known.met with a file still there and one deleted since, AC_SearchStrings.dat), an ED2K list
that holds the deleted file (a record-side match) and an MD5 list that holds one torrent file (a content-side
match), ingested with the stages that fill and link the records."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.p2p.test_emule_met import int_tag, known_met, known_record, str_tag
from tests.p2p.test_emule_text import utf16_file
from tests.p2p.test_p2p_ingest import md4
from tests.p2p.torrent_maker import bencode, make_torrent

P2P_STAGES = ("filetype", "hash", "p2p", "hashsets", "p2p-content")


def write_p2p_evidence(tmp_path: Path) -> dict:
    """The evidence folder and the two hash lists; what the tests look up by name."""
    rng = random.Random(21)
    root = tmp_path / "evidence"
    holiday = root / "Users/ann/Downloads/holiday"
    (holiday / "sub").mkdir(parents=True)
    beach = rng.randbytes(100_000)
    (holiday / "beach.bin").write_bytes(beach)
    (holiday / "sub/harbour.bin").write_bytes(rng.randbytes(70_000))
    made = make_torrent(holiday, version="v1", piece_length=16 * 1024)
    utorrent = root / "Users/ann/AppData/Roaming/uTorrent"
    utorrent.mkdir(parents=True)
    (utorrent / "holiday.torrent").write_bytes(made.data)
    (utorrent / "resume.dat").write_bytes(bencode({".fileguard": "00", "holiday.torrent": {
        "caption": "holiday", "path": "C:\\Users\\ann\\Downloads\\holiday", "info": bytes.fromhex(made.infohash),
        "added_on": 1_700_000_000, "completed_on": 1_700_003_600, "downloaded": 170_000, "uploaded": 5_000}}))
    decoy = root / "Users/ann/Documents/beach.bin"  # same name and size, other bytes
    decoy.parent.mkdir(parents=True)
    decoy.write_bytes(rng.randbytes(100_000))
    song = rng.randbytes(50_000)
    (root / "Users/ann/Music").mkdir(parents=True)
    (root / "Users/ann/Music/song.bin").write_bytes(song)
    gone = rng.randbytes(40_000)  # shared once, deleted since: only its ED2K remains in known.met
    config = root / "Users/ann/AppData/Local/eMule/config"
    config.mkdir(parents=True)
    (config / "known.met").write_bytes(known_met([
        known_record(1_600_000_000, md4(song), [], [str_tag(0x01, "song.bin"), int_tag(0x02, len(song))]),
        known_record(1_600_000_000, md4(gone), [], [str_tag(0x01, "gone.bin"), int_tag(0x02, len(gone))]),
    ]))
    (config / "AC_SearchStrings.dat").write_bytes(utf16_file(["holiday pictures"]))
    ed2k_list = tmp_path / "police.ed2k.txt"
    ed2k_list.write_text(f"ed2k://|file|gone.bin|{len(gone)}|{md4(gone).hex()}|/\n")
    md5_list = tmp_path / "seized.md5.txt"
    md5_list.write_text(f"{hashlib.md5(beach).hexdigest()}\n")
    return {"root": root, "torrent": made, "ed2k_list": ed2k_list, "md5_list": md5_list}


def ingest_p2p_case(case: Case, evidence: dict) -> dict[str, int]:
    """Add the evidence and the lists to ``case``, ingest, and return the case's file ids by path suffix."""
    add_evidence(case, evidence["root"])
    import_hashset(case, evidence["ed2k_list"], "ed2k", "police list", category="1")
    import_hashset(case, evidence["md5_list"], "md5", "seized set", category="2")
    ingest(case, IngestOptions(jobs=1, stages=P2P_STAGES))
    with case.reading() as connection:
        paths = dict(connection.execute(select(files.c.path, files.c.id)).all())
    return {suffix: next(file_id for path, file_id in paths.items() if path.endswith(suffix)) for suffix in (
        "Downloads/holiday/beach.bin", "Downloads/holiday/sub/harbour.bin", "Documents/beach.bin", "Music/song.bin",
        "uTorrent/holiday.torrent", "uTorrent/resume.dat", "eMule/config/known.met",
        "eMule/config/AC_SearchStrings.dat")}
