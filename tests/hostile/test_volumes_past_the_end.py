"""A GPT whose partition entries put a partition far past the image's end (issue 20's hostile-evidence campaign):
before the fix, a first LBA past 2**63 bytes ended ``evidence add`` and the ingest's volume scan with
``OverflowError: Python int too large to convert to SQLite INTEGER``. Such a partition is an area not read, said
why, and the rest of the image is scanned as usual."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import SHARED_TESTDATA

SECTOR = 512


def gpt_with_partitions(first_lbas: list[tuple[int, int]]) -> bytes:
    """The shared GPT test disk with its first entries' first/last LBAs replaced, both CRC32s fixed."""
    image = bytearray((SHARED_TESTDATA / "gpt-crate" / "gpt-disk.img").read_bytes())
    entries_lba, count, size = struct.unpack_from("<QII", image, SECTOR + 72)
    start = entries_lba * SECTOR
    for number, (first, last) in enumerate(first_lbas):
        struct.pack_into("<QQ", image, start + number * size + 32, first, last)
    struct.pack_into("<I", image, SECTOR + 88, zlib.crc32(image[start:start + count * size]))
    header_size = struct.unpack_from("<I", image, SECTOR + 12)[0]
    struct.pack_into("<I", image, SECTOR + 16, 0)
    struct.pack_into("<I", image, SECTOR + 16, zlib.crc32(image[SECTOR:SECTOR + header_size]))
    return bytes(image)


def test_a_partition_reaching_past_the_image_end_is_cut_there(new_case: Case, tmp_path: Path) -> None:
    image_size = 36864
    path = tmp_path / "hostile-gpt.img"
    path.write_bytes(gpt_with_partitions([(34, 34), (35, 2**64 - 2)]))  # its last LBA: 2**73 bytes in
    record = add_evidence(new_case, path)
    assert any("past the image end" in note for note in record.notes), record.notes
    with new_case.reading() as connection:
        rows = connection.exec_driver_sql("SELECT partition, offset, length, error FROM volumes").all()
        warned = connection.exec_driver_sql("SELECT message FROM warnings").scalars().all()
    cut = [row for row in rows if row.error and "past the image end" in row.error]
    assert len(cut) == 1 and cut[0].offset == 35 * SECTOR and cut[0].length == image_size - 35 * SECTOR
    assert str((2**64 - 2 - 35 + 1) * SECTOR) in cut[0].error  # the table's claim, kept as text
    assert any("past the image end" in message for message in warned)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash")))
    assert summary.status == "finished"
    assert new_case.verify().ok
