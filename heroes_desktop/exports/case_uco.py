"""The case as CASE/UCO 1.4.0 JSON-LD, for other forensic tools (https://caseontology.org).

What it holds: the investigation (case number and title) naming its examiners, evidence, ingest runs and
annotations; the examiners (``uco-identity:Identity``, each with its ``uco-role:Role`` from the custody chain); each
evidence item as an ``uco-observable:Image`` (or a ``Directory`` for a seized folder) with its file names, size and
hashes, and a ``case-investigation:ProvenanceRecord`` for the file entries found in it; each ingest run as a
``case-investigation:InvestigativeAction`` whose instrument is HEROES Desktop as a ``uco-tool:ConfiguredTool`` (the
version that ran, the stages, the jobs); every file entry as an ``uco-observable:File`` with its ``FileFacet`` (name,
path, size, times) and, once hashed or typed, its ``ContentDataFacet`` (MD5, SHA1, SHA256, MIME type); one
``Contained_Within`` relationship per file entry, to its container for container members and to its evidence item
otherwise; and the examiners' current categories, bookmarks and notes as ``uco-core:Annotation``.

Every ``@id`` is a UUID5 of the case id and the record's stable identity, so that two exports of one case name the
same things alike and can be merged. The document is written one node at a time (a case of 100,000 files is never
held in memory), to a temporary file in the destination folder that is renamed into place only once complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Row, func, select

from heroes_desktop import PROGRAM_NAME, __version__
from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import case_meta, custody_events, evidence, files, ingest_runs
from heroes_desktop.exports.errors import ExportError
from heroes_desktop.hashsets.tagging import annotated_tags

CONTEXT = {
    "kb": "http://example.org/kb/",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-configuration": "https://ontology.unifiedcyberontology.org/uco/configuration/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-role": "https://ontology.unifiedcyberontology.org/uco/role/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
TOOL_NAME = "HEROES Desktop"
# The namespace of every identifier this exporter derives (never change it: identifiers must survive re-exports).
ID_NAMESPACE = uuid.UUID("5b0f3c9e-1d8a-5e55-9a43-6c1e0d2b7f10")
HASHES = (("md5", "MD5"), ("sha1", "SHA1"), ("sha256", "SHA256"))  # column, uco-vocabulary:HashNameVocab
IMAGE_TYPES = {"raw": "raw", "split-raw": "split raw", "ewf": "EWF"}
RUN_STATUS = {"finished": "Complete/Finish", "interrupted": "Fail", "killed": "Fail", "running": "Unknown"}  # ActionStatusTypeVocab
END_EVENTS = ("ingest.finished", "ingest.interrupted")
STEP = 256  # file entries between two looks at cancelled() and two progress reports

_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


# ------------------------------------------------------------------------------------------------- the entry point

def export_case_uco(case: Case, out: Path, *, progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Write the case as CASE/UCO 1.4.0 JSON-LD to ``out`` (atomically: temp file in the same folder, then rename;
    refuse an existing out with ExportError); return a summary dict {"out": str, "nodes": int, "files": int,
    "evidence": int, "sha256": hex of the written file}.

    ``nodes`` counts every node with an ``@id`` (facets and hashes included); ``runs`` and ``annotations`` count the
    ingest runs and current tags written. ``progress(done, total)`` follows the records written; ``cancelled()`` is
    asked between them, and a cancel raises :class:`ExportError` with nothing left at ``out``.
    """
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise ExportError(f"{out} already exists; an export is never overwritten")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} is not a folder; nothing exported")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as error:
        raise ExportError(f"cannot write in {out.parent}: {error.strerror or error}") from error
    temporary = Path(name)
    try:
        with open(handle, "wb", buffering=1 << 20) as stream:
            graph = _GraphWriter(stream)
            summary = _write_case(case, graph, progress or _no_progress, cancelled or _never)
            graph.close()
            stream.flush()
            os.fsync(stream.fileno())
        _publish(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{out}: the export could not be written: {error.strerror or error}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return {"out": str(out), "nodes": graph.nodes, **summary, "sha256": graph.sha256()}


def _publish(temporary: Path, out: Path) -> None:
    """Move the finished export to ``out`` without ever replacing a file that appeared there meanwhile."""
    try:
        os.link(temporary, out)  # fails if out exists: no race with another writer
    except FileExistsError:
        raise ExportError(f"{out} already exists; an export is never overwritten") from None
    except OSError:  # a file system without hard links (FAT, exFAT, some shares)
        if out.exists():
            raise ExportError(f"{out} already exists; an export is never overwritten") from None
        os.replace(temporary, out)
        return
    temporary.unlink()


def _no_progress(done: int, total: int) -> None:
    """Progress reports go nowhere."""


def _never() -> bool:
    return False


# --------------------------------------------------------------------------------------------------- the writer

class _GraphWriter:
    """The JSON-LD document, written one ``@graph`` node at a time and hashed as it goes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()
        self._first = True
        self.nodes = 0
        self._put('{"@context":' + json.dumps(CONTEXT, indent=1) + ',\n"@graph":[\n')

    def write(self, node: dict[str, Any]) -> None:
        text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        # Every node has a "@type" (references have none); literals' types are xsd:. A quote inside a string value
        # is escaped, so no name or note can look like a key here.
        self.nodes += text.count('"@type":"') - text.count('"@type":"xsd:')
        self._put(text if self._first else ",\n" + text)
        self._first = False

    def close(self) -> None:
        self._put("\n]}\n")

    def sha256(self) -> str:
        return self._digest.hexdigest()

    def _put(self, text: str) -> None:
        data = text.encode("utf-8")
        self._digest.update(data)
        self._stream.write(data)


# ------------------------------------------------------------------------------------------- identifiers, literals

class _Ids:
    """``kb:<Type>-<uuid5>`` identifiers from the case id and a record's stable identity."""

    def __init__(self, case_id: str) -> None:
        self._case_id = case_id

    def __call__(self, kind: str, *identity: object) -> str:
        name = json.dumps([self._case_id, kind, *identity], default=str)  # ASCII: a name's surrogates stay escaped
        return f"kb:{kind}-{uuid.uuid5(ID_NAMESPACE, name)}"

    @staticmethod
    def part(parent: str, kind: str, suffix: str = "") -> str:
        """A facet's, hash's or entry's identifier, derived from its parent's."""
        return f"kb:{kind}-{uuid.uuid5(ID_NAMESPACE, f'{parent}/{kind}/{suffix}')}"


def _ref(identifier: str) -> dict[str, str]:
    return {"@id": identifier}


def _text(value: object) -> str:
    """A string RDF accepts: undecodable bytes of a name (surrogates) and control characters written as escapes."""
    text = str(value)
    if not _UNSAFE.search(text):
        return text
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSAFE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _integer(value: int) -> dict[str, str]:
    return {"@type": "xsd:integer", "@value": str(int(value))}


def _boolean(value: bool) -> dict[str, str]:
    return {"@type": "xsd:boolean", "@value": "true" if value else "false"}


def _datetime(value: str | None) -> dict[str, str] | None:
    """An ``xsd:dateTime`` literal, or None for a missing or malformed time (which would not validate)."""
    if not value or not _DATETIME.fullmatch(value):
        return None
    try:
        datetime.fromisoformat(value)  # the day exists in its month
    except ValueError:
        return None
    return {"@type": "xsd:dateTime", "@value": value}


def _hashes(owner: str, row: Any, columns: Iterable[tuple[str, str]] = HASHES) -> list[dict[str, Any]]:
    """The ``uco-types:Hash`` nodes of a row's hash columns that hold hex."""
    found = []
    for column, method in columns:
        value = getattr(row, column, None)
        if value and _HEX.fullmatch(value):
            found.append({"@id": _Ids.part(owner, "Hash", method), "@type": "uco-types:Hash",
                          "uco-types:hashMethod": method,
                          "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": value.lower()}})
    return found


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` without its empty properties (None, empty string or list)."""
    return {key: value for key, value in node.items() if value is not None and value != "" and value != []}


# --------------------------------------------------------------------------------------------------- the content

def _write_case(case: Case, graph: _GraphWriter, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> dict[str, int]:
    """Every node of the case, the small records first, then the file entries streamed from the case file."""
    ids = _Ids(case.case_id)
    with case.reading() as connection:
        meta = {row.key: row.value for row in connection.execute(select(case_meta))}
        people = connection.execute(select(custody_events.c.actor, custody_events.c.role).distinct()
                                    .order_by(custody_events.c.actor, custody_events.c.role)).all()
        items = connection.execute(select(evidence).order_by(evidence.c.id)).all()
        runs = connection.execute(select(ingest_runs).order_by(ingest_runs.c.id)).all()
        ends = _run_ends(connection)
        tags = [row for row in annotated_tags(connection) if row["current"]]
        tagged = _file_identities(connection, {row["file_id"] for row in tags})
        file_count = int(connection.execute(select(func.count()).select_from(files)).scalar_one())
        names = {actor for actor, _role in people}
        held = {row.id: ids(_evidence_class(row).split(":")[1], row.id) for row in items}
        small = [*_people(ids, people), *_tools(ids, runs, ends)]
        small += [node for row in items for node in _evidence(ids, row, held[row.id], names)]
        small += [_run(ids, row, ends.get(row.id), items, held) for row in runs]
        annotations = [_annotation(ids, row, tagged[row["file_id"]], names) for row in tags]
        total, done = len(small) + file_count + len(annotations) + 1, 0

        def step(count: int = 1) -> None:
            nonlocal done
            if cancelled():
                raise ExportError("the export was cancelled; nothing was written")
            done += count
            progress(done, total)

        step(0)
        graph.write(_investigation(ids, case.case_id, meta, [*small, *annotations]))
        for node in small:
            graph.write(node)
        step(len(small) + 1)
        written = 0
        for node_pair in _file_nodes(ids, connection, held):
            for node in node_pair:
                graph.write(node)
            written += 1
            if written % STEP == 0:
                step(STEP)
        step(written % STEP)
    for node in annotations:
        graph.write(node)
    step(len(annotations))
    return {"files": written, "evidence": len(items), "runs": len(runs), "annotations": len(annotations)}


def _investigation(ids: _Ids, case_id: str, meta: dict[str, str], members: list[dict[str, Any]]) -> dict[str, Any]:
    """The investigation: the case number and title, and every node but the file entries and their relationships
    (those are reached from the evidence through ``Contained_Within``)."""
    name = " ".join(part for part in (meta.get("number", ""), meta.get("title", "")) if part) or case_id
    return _compact({
        "@id": ids("Investigation"), "@type": "case-investigation:Investigation", "uco-core:name": _text(name),
        "uco-core:description": f"{TOOL_NAME} case {case_id}, exported by {TOOL_NAME} {__version__}",
        "uco-core:objectCreatedTime": _datetime(meta.get("created_at")),
        "uco-core:object": [_ref(node["@id"]) for node in members],
    })


def _people(ids: _Ids, people: Iterable[Row[Any]]) -> Iterator[dict[str, Any]]:
    """An identity per person of the custody chain, a role per role, and who held which role (``Has_Role``)."""
    seen: set[tuple[str, str]] = set()
    for actor, role in people:
        for kind, value, node in (("Identity", actor, "uco-identity:Identity"), ("Role", role, "uco-role:Role")):
            if (kind, value) not in seen:
                seen.add((kind, value))
                yield {"@id": ids(kind, value), "@type": node, "uco-core:name": _text(value)}
        yield {"@id": ids("Relationship", "Has_Role", actor, role), "@type": "uco-core:Relationship",
               "uco-core:source": _ref(ids("Identity", actor)), "uco-core:target": _ref(ids("Role", role)),
               "uco-core:kindOfRelationship": "Has_Role", "uco-core:isDirectional": _boolean(True)}


def _run_ends(connection: Connection) -> dict[int, tuple[str, dict[str, Any]]]:
    """Run id -> (who ended it, the versions recorded then), from the custody chain's ingest end events."""
    ends = {}
    query = select(custody_events.c.actor, custody_events.c.details, custody_events.c.versions).where(
        custody_events.c.action.in_(END_EVENTS)).order_by(custody_events.c.seq)
    for actor, details, versions in connection.execute(query):
        run_id = json.loads(details).get("run_id")
        if isinstance(run_id, int):
            ends[run_id] = (actor, json.loads(versions))
    return ends


def _program_version(end: tuple[str, dict[str, Any]] | None) -> str | None:
    """The version of HEROES Desktop that ran an ingest, as its end event recorded it."""
    program = str((end or ("", {}))[1].get("program", ""))
    return program.removeprefix(PROGRAM_NAME).strip() or None


def _tools(ids: _Ids, runs: Iterable[Row[Any]], ends: dict[int, tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """HEROES Desktop as a tool, once per version that ran an ingest."""
    versions = dict.fromkeys(_program_version(ends.get(row.id)) for row in runs)
    return [_compact({"@id": ids("Tool", TOOL_NAME, version), "@type": "uco-tool:Tool", "uco-core:name": TOOL_NAME,
                      "uco-tool:toolType": "forensic triage and analysis", "uco-tool:version": version})
            for version in versions]


def _evidence_class(row: Row[Any]) -> str:
    """A seized folder is a directory; a raw, split raw or EWF image, an image."""
    return "uco-observable:Directory" if row.format == "folder" else "uco-observable:Image"


def _evidence(ids: _Ids, row: Row[Any], identifier: str, people: set[str]) -> list[dict[str, Any]]:
    """An evidence item (an image, or a seized folder) and the provenance record of the entries found in it."""
    paths = [_text(path) for path in json.loads(row.paths)]
    folder = row.format == "folder"
    facets: list[dict[str, Any]] = [_compact({
        "@id": _Ids.part(identifier, "FileFacet"), "@type": "uco-observable:FileFacet",
        "uco-observable:fileName": [Path(path).name or path for path in paths],
        "uco-observable:filePath": paths, "uco-observable:isDirectory": _boolean(folder),
    })]
    if not folder:
        facets.append({"@id": _Ids.part(identifier, "ImageFacet"), "@type": "uco-observable:ImageFacet",
                       "uco-observable:imageType": IMAGE_TYPES.get(row.format, row.format)})
    content = _compact({"@id": _Ids.part(identifier, "ContentDataFacet"), "@type": "uco-observable:ContentDataFacet",
                        "uco-observable:sizeInBytes": None if folder or row.size is None else _integer(row.size),
                        "uco-observable:hash": _hashes(identifier, row)})
    if len(content) > 2:
        facets.append(content)
    item = {"@id": identifier, "@type": _evidence_class(row),
            "uco-core:name": _text(row.label), "uco-core:description": _evidence_description(row),
            "uco-core:hasFacet": facets}
    record = _compact({
        "@id": ids("ProvenanceRecord", row.id), "@type": "case-investigation:ProvenanceRecord",
        "case-investigation:exhibitNumber": _text(row.label),
        "uco-core:description": f"The evidence item {_text(row.label)} as added to the case; its file entries are"
                                " Contained_Within it",
        "uco-core:createdBy": _ref(ids("Identity", row.added_by)) if row.added_by in people else None,
        "uco-core:objectCreatedTime": _datetime(row.added_at), "uco-core:object": [_ref(identifier)],
    })
    return [item, record]


def _evidence_description(row: Row[Any]) -> str:
    """The format, the acquisition hashes an EWF image stores and whether they verified, and read errors."""
    parts = ["seized folder" if row.format == "folder" else f"{IMAGE_TYPES.get(row.format, row.format)} image"]
    stored = [f"{name} {value}" for name, value in (("MD5", row.stored_md5), ("SHA1", row.stored_sha1)) if value]
    if stored:
        verdict = {True: "verified against the image", False: "NOT matching the image", None: "not verified"}
        parts.append(f"acquisition hashes stored in the image: {', '.join(stored)} ({verdict[row.verified]})")
    errors = len(json.loads(row.read_errors or "[]"))
    if errors:
        parts.append(f"{errors} read error(s) while hashing")
    return "; ".join(parts)


def _run(ids: _Ids, row: Row[Any], end: tuple[str, dict[str, Any]] | None, items: list[Row[Any]],
         held: dict[int, str]) -> dict[str, Any]:
    """An ingest run: HEROES Desktop configured with its stages and jobs, acting on the evidence of the case at
    its start, resulting in the evidence's provenance records (the entries found; each file is linked to its
    evidence, not listed here, to keep the node small)."""
    identifier = ids("InvestigativeAction", "ingest", row.id)
    stages = [str(stage) for stage in json.loads(row.stages or "[]")]
    version = _program_version(end)
    entries = [("stages", stages or ["none"]), ("jobs", [str(row.jobs) if row.jobs else "automatic"])]
    entries += [(f"component {name}", [str(value)]) for name, value in sorted(((end or ("", {}))[1]).items())
                if name != "program"]
    configured = _compact({
        "@id": ids("ConfiguredTool", "ingest", row.id), "@type": "uco-tool:ConfiguredTool",
        "uco-core:name": TOOL_NAME, "uco-tool:version": version,
        "uco-configuration:isConfigurationOf": _ref(ids("Tool", TOOL_NAME, version)),
        "uco-configuration:usesConfiguration": {
            "@id": ids("Configuration", "ingest", row.id), "@type": "uco-configuration:Configuration",
            "uco-configuration:configurationEntry": [
                {"@id": _Ids.part(identifier, "ConfigurationEntry", name),
                 "@type": "uco-configuration:ConfigurationEntry", "uco-configuration:itemName": name,
                 "uco-configuration:itemValue": values}
                for name, values in entries]},
    })
    started = row.started_at or ""
    chosen = [item for item in items if not item.added_at or not started or item.added_at <= started] or items
    performer = end[0] if end else None  # the person who ended the run signed the end event: a custody actor
    counts = json.loads(row.counts) if row.counts else {}
    return _compact({
        "@id": identifier, "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": f"ingest run {row.id}",
        "uco-core:description": f"{TOOL_NAME} ingest run {row.id} ({row.status}): stages {', '.join(stages) or 'none'}"
                                + (f"; {counts.get('files')} file entries in the case at its end" if counts else ""),
        "uco-action:actionStatus": RUN_STATUS.get(row.status, "Unknown"),
        "uco-action:startTime": _datetime(row.started_at), "uco-action:endTime": _datetime(row.finished_at),
        "uco-action:performer": _ref(ids("Identity", performer)) if performer else None,
        "uco-action:instrument": [configured],
        "uco-action:object": [_ref(held[item.id]) for item in chosen],
        "uco-action:result": [_ref(ids("ProvenanceRecord", item.id)) for item in chosen],
    })


def _annotation(ids: _Ids, tag: dict[str, Any], file_identity: tuple[Any, ...], people: set[str]) -> dict[str, Any]:
    """An examiner's current category or bookmark of a file, with its note."""
    label = tag["category"] or tag["bookmark"]
    kind = "category" if tag["category"] else "bookmark"
    statements = [f"{kind}: {_text(label)}"] + ([f"note: {_text(tag['note'])}"] if tag.get("note") else [])
    return _compact({
        "@id": ids("Annotation", tag["id"]), "@type": "uco-core:Annotation",
        "uco-core:name": _text(label), "uco-core:tag": [_text(label)], "uco-core:statement": statements,
        "uco-core:description": _text(tag["note"]) if tag.get("note") else None,
        "uco-core:createdBy": _ref(ids("Identity", tag["actor"])) if tag["actor"] in people else None,
        "uco-core:objectCreatedTime": _datetime(tag["time"]),
        "uco-core:object": [_ref(ids("File", *file_identity))],
    })


# ------------------------------------------------------------------------------------------------ the file entries

def _file_identity(row: Any, prefix: str = "") -> tuple[Any, ...]:
    """What names a file entry across re-exports: its evidence, volume, position in its walk or container, path."""
    return tuple(getattr(row, f"{prefix}{column}") for column in ("evidence_id", "volume_id", "ordinal", "path"))


def _file_identities(connection: Connection, file_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """File id -> its stable identity, for the files named by the tags (a few hundred ids per query)."""
    wanted, found = sorted(file_ids), {}
    for start in range(0, len(wanted), 500):
        query = select(files.c.id, files.c.evidence_id, files.c.volume_id, files.c.ordinal, files.c.path).where(
            files.c.id.in_(wanted[start:start + 500]))
        found.update({row.id: _file_identity(row) for row in connection.execute(query)})
    return found


def _file_nodes(ids: _Ids, connection: Connection,
                held: dict[int, str]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each file entry and its ``Contained_Within`` relationship, streamed in id order (no sort, no big list)."""
    parent = files.alias("parent")
    query = (select(files, parent.c.evidence_id.label("parent_evidence_id"),
                    parent.c.volume_id.label("parent_volume_id"), parent.c.ordinal.label("parent_ordinal"),
                    parent.c.path.label("parent_path"))
             .outerjoin(parent, parent.c.id == files.c.parent_id).order_by(files.c.id)
             .execution_options(yield_per=1000))
    for row in connection.execute(query):
        identifier = ids("File", *_file_identity(row))
        container = (ids("File", *_file_identity(row, "parent_")) if row.parent_id is not None
                     and row.parent_path is not None else held[row.evidence_id])
        yield _file(identifier, row), {
            "@id": _Ids.part(identifier, "ObservableRelationship", "Contained_Within"),
            "@type": "uco-observable:ObservableRelationship", "uco-core:source": _ref(identifier),
            "uco-core:target": _ref(container), "uco-core:kindOfRelationship": "Contained_Within",
            "uco-core:isDirectional": _boolean(True)}


def _file(identifier: str, row: Row[Any]) -> dict[str, Any]:
    """A file entry with its ``FileFacet`` and, once hashed or typed, its ``ContentDataFacet``."""
    member = row.parent_id is not None
    facets = [_compact({
        "@id": _Ids.part(identifier, "FileFacet"), "@type": "uco-observable:FileFacet",
        "uco-observable:fileName": _text(row.name), "uco-observable:filePath": _text(row.path),
        "uco-observable:isDirectory": _boolean(row.kind == "dir"),
        "uco-observable:sizeInBytes": _integer(row.size),
        "uco-observable:allocationStatus": "Unallocated" if row.deleted else None if member else "Allocated",
        "uco-observable:observableCreatedTime": _datetime(row.crtime),
        "uco-observable:modifiedTime": _datetime(row.mtime), "uco-observable:accessedTime": _datetime(row.atime),
        "uco-observable:metadataChangeTime": _datetime(row.ctime),
    })]
    hashes = _hashes(identifier, row)
    if hashes or row.mime:
        facets.append(_compact({
            "@id": _Ids.part(identifier, "ContentDataFacet"), "@type": "uco-observable:ContentDataFacet",
            "uco-observable:sizeInBytes": _integer(row.size), "uco-observable:mimeType": _text(row.mime or ""),
            "uco-observable:isEncrypted": None if row.encrypted is None else _boolean(row.encrypted),
            "uco-observable:hash": hashes,
        }))
    return {"@id": identifier, "@type": "uco-observable:File", "uco-core:hasFacet": facets}
