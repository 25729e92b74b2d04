"""The ``p2p`` stage: the records P2P clients keep (torrents, resume data, eMule's ``.met`` files, search terms,
shared folders), read by the parser the catalogue names for the item's path, in the worker like any parser.

A record file that does not parse fails this stage for that item alone, with the parser's reason. The records
go to ``p2p_records`` (replaced on a re-run); search terms also go to the entity index as ``P2P_SEARCH``, so that
``heroes entities`` lists them and lab dictionaries hit them. Which case files a record describes is decided
once every item is hashed, by the ``p2p-content`` case stage.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, insert, select

from heroes_desktop.case.schema import entities, p2p_links, p2p_records
from heroes_desktop.p2p.catalogue import parser_for
from heroes_desktop.pipeline.stage import ItemInfo, Stage, StageLimits, StageOutput, StageRun, WholeContentRun

SEARCH_LABEL = "P2P_SEARCH"
ENTITY_SOURCE = "p2p"
MAX_RECORD_FILE = 64 * 2**20  # a resume.dat of thousands of torrents is a few MiB; past this it is not a record


class _P2PRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        parser = parser_for(self.item.path)
        if parser is None:  # the stage accepted it by path, so this cannot happen; keep the contract anyway
            raise ValueError("no P2P parser reads this path")
        records = parser.read(data, self.item.path)
        keys = None
        if parser.client == "torrent":
            from heroes_desktop.p2p.torrent_content import content_keys

            keys = content_keys(data)
        return StageOutput(data={"parser": parser.description, "records": [asdict(record) for record in records],
                                 "content_keys": keys})


class P2PStage(Stage):
    name = "p2p"
    limits = StageLimits(max_bytes=MAX_RECORD_FILE, seconds=60.0, memory_mb=1024)

    def _accepts(self, item: ItemInfo) -> bool:
        return item.size > 0 and parser_for(item.path) is not None

    def _open(self, item: ItemInfo) -> StageRun:
        return _P2PRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        store_records(connection, file_id, data.get("records", []), data.get("content_keys"), run_id)


def store_records(connection: Any, file_id: int, records: list[dict[str, Any]], content_keys: Any,
                  run_id: int) -> None:
    """Replace the records read from one artifact (and its search terms in the entity index)."""
    old = select(p2p_records.c.id).where(p2p_records.c.file_id == file_id).scalar_subquery()
    connection.execute(delete(p2p_links).where(p2p_links.c.record_id.in_(old)))
    connection.execute(delete(p2p_records).where(p2p_records.c.file_id == file_id))
    connection.execute(delete(entities).where(entities.c.file_id == file_id, entities.c.source == ENTITY_SOURCE))
    if not records:
        return
    keys = json.dumps(content_keys) if content_keys else None
    connection.execute(insert(p2p_records), [{
        "file_id": file_id, "ordinal": ordinal, "client": record["client"], "kind": record["kind"],
        "name": record.get("name"), "size": record.get("size"), "infohash": record.get("infohash"),
        "infohash_v2": record.get("infohash_v2"), "ed2k": record.get("ed2k"),
        "times": json.dumps(dict(record.get("times") or {}), sort_keys=True),
        "details": json.dumps(dict(record.get("details") or {}), sort_keys=True, default=str),
        "content_keys": keys if record["kind"] == "torrent" else None, "run_id": run_id,
    } for ordinal, record in enumerate(records)])
    searches = [record["name"] for record in records if record["kind"] == "search" and record.get("name")]
    if searches:
        connection.execute(insert(entities), [{
            "file_id": file_id, "source": ENTITY_SOURCE, "label": SEARCH_LABEL, "text": term,
            "normalized": " ".join(term.lower().split()), "start": None, "end": None, "category": None,
            "run_id": run_id} for term in searches])
