"""Lab dictionaries: term lists (CSV or YAML: term, category, language) that a lab makes with its local police, so
that one country's slang for trafficking or exploitation is found. Hits are found with the full-text index, so they
are case- and diacritic-insensitive and match whole words or phrases."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert, select, text

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import dictionaries, dictionary_terms, entities
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import HeroesError, UsageError


@dataclass(frozen=True)
class DictionaryReport:
    name: str
    terms: int
    malformed: int
    examples: list[str]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _rows(path: Path) -> list[Any]:
    if path.suffix.lower() in (".yaml", ".yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return list(document.get("terms", []) if isinstance(document, dict) else document or [])
    with path.open(newline="", encoding="utf-8-sig") as stream:
        return list(csv.DictReader(stream))


def import_dictionary(case: Case, path: Path, name: str) -> DictionaryReport:
    try:
        rows = _rows(Path(path))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, csv.Error) as error:
        raise UsageError(f"{path} is not a readable CSV or YAML term list: {error}") from None
    terms, examples, malformed = [], [], 0
    for index, row in enumerate(rows, start=1):
        term = str(row.get("term", "")).strip() if isinstance(row, dict) else ""
        category = str(row.get("category", "")).strip() if isinstance(row, dict) else ""
        if not term or not category or '"' in term:
            malformed += 1
            if len(examples) < 10:
                examples.append(f"row {index}: needs a term and a category")
            continue
        terms.append({"term": term, "category": category, "language": (row.get("language") or None)})
    if not terms:  # an empty list would match nothing and only look like a lab's dictionary
        first = f" (first: {examples[0]})" if examples else ""
        raise HeroesError(f"{Path(path).name}: no terms with a category, {malformed} malformed rows{first}; nothing "
                          "imported (a term list has the columns term, category and optionally language)")
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    details = {"name": name, "source_path": str(Path(path).resolve()), "source_sha256": digest,
               "terms": len(terms), "malformed": malformed}
    with case.change("dictionary.imported", details) as connection:
        if connection.execute(select(dictionaries.c.id).where(dictionaries.c.name == name)).first():
            raise UsageError(f"a dictionary named {name!r} is already in this case")
        dictionary_id = connection.execute(insert(dictionaries).values(
            name=name, source_path=details["source_path"], source_sha256=digest, terms=len(terms),
            malformed=malformed, imported_at=utc_now_iso(), imported_by=case.actor.name if case.actor else "",
        )).inserted_primary_key[0]
        if terms:
            connection.execute(insert(dictionary_terms), [{**term, "dictionary_id": dictionary_id} for term in terms])
    return DictionaryReport(name, len(terms), malformed, examples)


def term_hits(connection: Any) -> list[dict[str, Any]]:
    """Every (file, source) whose text holds a dictionary term, found through the FTS5 index, and every artifact
    whose P2P search terms (``P2P_SEARCH`` entities) hold one as whole words."""
    hits = []
    searches = connection.execute(select(entities.c.file_id, entities.c.source, entities.c.normalized).where(
        entities.c.label == "P2P_SEARCH")).all()
    for term, category in connection.execute(select(dictionary_terms.c.term, dictionary_terms.c.category)).all():
        phrase = '"' + term + '"'
        for file_id, source in connection.execute(
                text("SELECT file_id, source FROM text_index WHERE text_index MATCH :q"), {"q": phrase}).all():
            hits.append({"file_id": int(file_id), "source": source, "label": "TERM", "text": term,
                         "normalized": term.lower(), "category": category, "start": None, "end": None})
        words = re.compile(r"(?<!\w)" + re.escape(" ".join(term.lower().split())) + r"(?!\w)")
        for file_id, source in sorted({(int(file_id), source) for file_id, source, searched in searches
                                       if words.search(searched)}):
            hits.append({"file_id": file_id, "source": source, "label": "TERM", "text": term,
                         "normalized": term.lower(), "category": category, "start": None, "end": None})
    return hits
