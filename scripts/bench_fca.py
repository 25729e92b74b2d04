#!/usr/bin/env python3
"""Benchmark: file context analysis (OCR, named entities, topics, full-text search), each against a reference.

What it measures, and why
-------------------------
Every figure is a ratio against a reference run in the same process on the same input, so the ratios compare
across machines:

1. OCR: printed pages (A4 at 150 dpi, DejaVu Sans, lines of the Lee news corpus) read by ``heroes ingest
   --stages filetype,ocr`` with ``--jobs`` workers, against the ``tesseract`` binary run directly on the same
   files one after another (default settings: its own OpenMP threads on every core). Reported: pages/s of each,
   the pipeline's ratio, and the ratio per core (pipeline pages/s / jobs over tesseract's pages/s).
2. NER: words per second (1,200 English documents: the Lee corpus and 900 made from its sentences) of the
   ``entities`` stage (language detection, validated identifiers, spaCy NER in the
   workers, results committed to the encrypted case) against spaCy's own ``nlp.pipe`` on the same texts in this
   process, with the same pipeline loaded in full (``spacy.load``-style, every component), and with NER only.
3. Topics: documents per second of the ``topics`` stage (tokenising, phrases, choosing k by coherence, the final
   model, storing the mixtures) on the Lee background corpus (300 documents) and on a 3,000-document corpus made
   from its sentences.
4. Search: median latency of a mix of queries (words, phrases, prefixes, AND/OR/NOT, with snippets and the
   file join) over a case of ``--documents`` documents (default 100,000) in the encrypted case, against the same
   FTS5 table in an unencrypted in-memory SQLite database. The case's index is filled directly, as the text
   stage fills it (only the files' rows and the index: walking 100,000 files is measured by bench_ingest).

Usage::

    .venv/bin/python scripts/bench_fca.py [--pages 12] [--documents 100000] [--jobs N] [--json] [--only ocr,ner,...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
LEE = REPO.parent / "shared" / "testdata" / "gensim" / "lee_background.cor"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PASSPHRASE = "benchmark passphrase"

from heroes_desktop.case.case_file import Case  # noqa: E402
from heroes_desktop.identity.actor import Actor, Role  # noqa: E402
from heroes_desktop.identity.keys import load_or_create_signing_key  # noqa: E402
from heroes_desktop.pipeline.evidence_intake import add_evidence  # noqa: E402
from heroes_desktop.pipeline.ingest import IngestOptions, ingest  # noqa: E402
from heroes_desktop.pipeline.worker_pool import WorkerPool  # noqa: E402


def lee_documents() -> list[str]:
    return [line.strip() for line in LEE.read_text(encoding="latin-1").splitlines() if line.strip()]


def new_case(folder: Path, name: str) -> Case:
    actor = Actor("Bench Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(folder / "profile", actor.name, "bench key of a synthetic examiner")
    return Case.create(folder / f"{name}.heroes", PASSPHRASE, actor, key, title=f"bench {name}")


def ingest_folder(case: Case, folder: Path, stages: tuple[str, ...], jobs: int) -> float:
    add_evidence(case, folder)
    started = time.perf_counter()
    summary = ingest(case, IngestOptions(jobs=jobs, stages=stages))
    if summary.status != "finished":
        raise RuntimeError(f"ingest {summary.status}")
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------------------------ OCR

def write_pages(folder: Path, count: int) -> list[Path]:
    font = ImageFont.truetype(str(FONT), 22)
    words = " ".join(lee_documents()).split()
    pages = []
    for number in range(count):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        start = number * 400 % max(1, len(words) - 400)
        lines = textwrap.wrap(" ".join(words[start:start + 400]), 90)[:45]
        for row, line in enumerate(lines):
            draw.text((90, 100 + row * 34), line, fill=0, font=font)
        path = folder / f"page-{number:03}.png"
        image.save(path)
        pages.append(path)
    return pages


def bench_ocr(work: Path, pages: int, jobs: int) -> dict[str, Any]:
    folder = work / "pages"
    folder.mkdir()
    paths = write_pages(folder, pages)
    started = time.perf_counter()
    for path in paths:
        subprocess.run(["tesseract", str(path), "-", "--psm", "1", "-l", "eng+spa"], check=True,
                       capture_output=True)
    direct = time.perf_counter() - started
    case = new_case(work, "ocr")
    try:
        pipeline = ingest_folder(case, folder, ("filetype", "ocr"), jobs)
        with case.reading() as connection:
            read = connection.exec_driver_sql("SELECT COUNT(*) FROM texts WHERE source = 'ocr'").scalar()
    finally:
        case.close()
    if read != pages:
        raise RuntimeError(f"the pipeline read {read} of {pages} pages")
    return {"pages": pages, "tesseract_pages_per_s": pages / direct, "pipeline_pages_per_s": pages / pipeline,
            "ratio": direct / pipeline, "ratio_per_core": direct / pipeline / jobs, "jobs": jobs}


def case_of_documents(work: Path, name: str, documents: list[str], jobs: int) -> Case:
    """A case whose evidence is a folder of these documents, with their text extracted (not timed)."""
    folder = work / name
    folder.mkdir()
    for index, document in enumerate(documents):
        (folder / f"doc-{index:05}.txt").write_text(document, encoding="utf-8")
    case = new_case(work, name)
    ingest_folder(case, folder, ("filetype", "text"), jobs)
    return case


def timed_case_stage(case: Case, jobs: int, run: Any) -> float:
    """Seconds a case-level stage (``run(case, pool)``) takes on warm workers."""
    pool = WorkerPool(jobs)
    try:
        pool.submit(len, "warm").result()
        started = time.perf_counter()
        run(case, pool)
        return time.perf_counter() - started
    finally:
        pool.shutdown(cancel_futures=True)


# ------------------------------------------------------------------------------------------------------------ NER

def bench_ner(work: Path, jobs: int) -> dict[str, Any]:
    import spacy

    from heroes_desktop.models.loading import model_spec, verified_path
    from heroes_desktop.nlp.entity_stage import run_entities

    documents = lee_documents() + synthetic_corpus(900, 3)
    words = sum(len(document.split()) for document in documents)
    path = verified_path(model_spec("spacy-en-core-web-sm"))
    full = spacy.util.load_model_from_path(path)
    started = time.perf_counter()
    full_entities = sum(len(doc.ents) for doc in full.pipe(documents))
    full_seconds = time.perf_counter() - started
    ner_only = spacy.util.load_model_from_path(path, exclude=[n for n in full.pipe_names if n != "ner"])
    started = time.perf_counter()
    sum(len(doc.ents) for doc in ner_only.pipe(documents))
    ner_seconds = time.perf_counter() - started

    case = case_of_documents(work, "ner", documents, jobs)
    try:
        stage_seconds = timed_case_stage(case, jobs, lambda case, pool: run_entities(case, pool, run_id=0))
        with case.reading() as connection:
            people = connection.exec_driver_sql(
                "SELECT COUNT(*) FROM entities WHERE label IN ('PERSON', 'ORG', 'LOC')").scalar()
    finally:
        case.close()
    return {"documents": len(documents), "words": words, "entities_found": people,
            "spacy_full_entities": full_entities,
            "stage_words_per_s": words / stage_seconds, "spacy_pipe_words_per_s": words / full_seconds,
            "spacy_ner_only_words_per_s": words / ner_seconds, "ratio_vs_spacy_pipe": full_seconds / stage_seconds,
            "ratio_vs_ner_only": ner_seconds / stage_seconds, "jobs": jobs,
            "note": "stage time includes loading and hash-checking the model in each worker"}


# --------------------------------------------------------------------------------------------------------- topics

def synthetic_corpus(count: int, seed: int) -> list[str]:
    """Documents made by drawing 6-12 sentences of one Lee document and its neighbours (topics stay coherent)."""
    sentences = [document.split(". ") for document in lee_documents()]
    generator = random.Random(seed)
    corpus = []
    for _ in range(count):
        base = generator.randrange(len(sentences))
        pool = sentences[base] + sentences[(base + 1) % len(sentences)]
        corpus.append(". ".join(generator.choice(pool) for _ in range(generator.randint(6, 12))))
    return corpus


def bench_topics(work: Path, jobs: int) -> dict[str, Any]:
    from heroes_desktop.nlp.topic_stage import list_topics, run_topics

    results: dict[str, Any] = {}
    for name, documents in (("lee_300", lee_documents()), ("synthetic_3000", synthetic_corpus(3000, 7))):
        case = case_of_documents(work, f"topics-{name}", documents, jobs)
        try:
            seconds = timed_case_stage(case, jobs, lambda case, pool: run_topics(case, pool, run_id=0))
            summary, _ = list_topics(case)
        finally:
            case.close()
        results[name] = {"documents": len(documents), "seconds": seconds, "documents_per_s": len(documents) / seconds,
                         "num_topics": summary["num_topics"], "coherence_by_k": summary["coherence_by_k"]}
    return results


# --------------------------------------------------------------------------------------------------------- search

QUERIES = ('bank', 'transfer', '"bus station"', 'passp*', 'flight NOT airport', 'salary OR wage',
           'madrid', '"night bus" OR "cash payment"', 'acco*', 'contract AND agency')


def search_documents(count: int, seed: int) -> list[str]:
    words = " ".join(lee_documents()).lower().replace(".", " ").replace(",", " ").split()
    extra = ["bank", "transfer", "passport", "flight", "airport", "salary", "madrid", "agency", "contract",
             "bus station", "night bus", "cash payment", "accommodation", "wage"]
    generator = random.Random(seed)
    return [" ".join(generator.choices(words, k=generator.randint(20, 120)) + generator.sample(extra, 2))
            for _ in range(count)]


def _time_queries(run: Any, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        for query in QUERIES:
            started = time.perf_counter()
            run(query)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def bench_search(work: Path, count: int) -> dict[str, Any]:
    from heroes_desktop.search.fulltext import search

    documents = search_documents(count, 11)
    folder = work / "one-file"
    folder.mkdir()
    (folder / "seed.txt").write_text("seed", encoding="utf-8")
    case = new_case(work, "search")
    try:
        ingest_folder(case, folder, ("filetype",), 1)
        with case.bulk() as connection:
            template = connection.exec_driver_sql("SELECT evidence_id, volume_id FROM files LIMIT 1").one()
            connection.exec_driver_sql(
                "INSERT INTO files (evidence_id, volume_id, parent_id, ordinal, path, name, kind, size, deleted, "
                "realloc, status) VALUES (?, ?, NULL, ?, ?, ?, 'file', ?, 0, 0, 'ok')",
                [(template[0], template[1], 1000 + i, f"/docs/{i:06}.txt", f"{i:06}.txt", len(body))
                 for i, body in enumerate(documents)])
            first = connection.exec_driver_sql("SELECT MIN(id) FROM files WHERE path LIKE '/docs/%'").scalar()
            connection.exec_driver_sql("INSERT INTO text_index (body, file_id, source) VALUES (?, ?, 'text')",
                                       [(body, first + i) for i, body in enumerate(documents)])
        hits = {query: len(search(case, query)) for query in QUERIES}
        case_median = _time_queries(lambda query: search(case, query), 5)
    finally:
        case.close()
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE VIRTUAL TABLE text_index USING fts5(body, file_id UNINDEXED, source UNINDEXED, "
                  "tokenize = 'unicode61 remove_diacritics 2')")
    plain.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT)")
    plain.executemany("INSERT INTO files VALUES (?, ?)", [(i, f"/docs/{i:06}.txt") for i in range(count)])
    plain.executemany("INSERT INTO text_index VALUES (?, ?, 'text')", [(body, i) for i, body in enumerate(documents)])
    statement = ("SELECT text_index.file_id, f.path, snippet(text_index, 0, '[', ']', '…', 16), bm25(text_index) AS r "
                 "FROM text_index JOIN files f ON f.id = text_index.file_id WHERE text_index MATCH ? "
                 "ORDER BY r LIMIT 100")
    plain_median = _time_queries(lambda query: plain.execute(statement, (query,)).fetchall(), 5)

    def ranked_then_described(query: str) -> list:  # the case's own method, on the plain index
        rowids = [row[0] for row in plain.execute(
            "SELECT rowid, bm25(text_index) AS r FROM text_index WHERE text_index MATCH ? ORDER BY r LIMIT 100",
            (query,))]
        marks = ", ".join("?" * len(rowids))
        return plain.execute(
            "SELECT text_index.rowid, text_index.file_id, f.path, snippet(text_index, 0, '[', ']', '…', 16) "
            f"FROM text_index JOIN files f ON f.id = text_index.file_id WHERE text_index MATCH ? "
            f"AND text_index.rowid IN ({marks})", (query, *rowids)).fetchall()

    plain_ranked_median = _time_queries(ranked_then_described, 5)
    return {"documents": count, "case_median_ms": case_median * 1000, "plain_sqlite_median_ms": plain_median * 1000,
            "ratio_plain_over_case": plain_median / case_median,
            "plain_ranked_then_described_median_ms": plain_ranked_median * 1000,
            "ratio_plain_ranked_over_case": plain_ranked_median / case_median, "hits_per_query": hits}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", default="ocr,ner,topics,search")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fca-"))
    os.environ["HEROES_HOME"] = str(work / "profile")
    parts = set(args.only.split(","))
    results: dict[str, Any] = {}
    try:
        if "ocr" in parts:
            results["ocr"] = bench_ocr(work, args.pages, args.jobs)
        if "ner" in parts:
            results["ner"] = bench_ner(work, args.jobs)
        if "topics" in parts:
            results["topics"] = bench_topics(work, args.jobs)
        if "search" in parts:
            results["search"] = bench_search(work, args.documents)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, figures in results.items():
            print(f"{name}: " + json.dumps(figures, default=lambda v: round(v, 3)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
