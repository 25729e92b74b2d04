"""Sort, filter, search and scope of the file table on a real ingested case, each checked against the rows
themselves sorted and filtered in Python."""

from __future__ import annotations

from typing import Any

import pytest

from heroes_desktop.browse.categories import CATEGORY_KEYS, category_counts
from heroes_desktop.browse.columns import COLUMN_KEYS, COLUMNS
from heroes_desktop.browse.file_query import (
    ColumnFilter,
    FileQuery,
    FileRow,
    FolderRef,
    matching_ids,
    rows_for,
)
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.pipeline.listing import FILE_FIELDS, iter_files


def _all_rows(case: Case) -> list[FileRow]:
    return rows_for(case, [record["id"] for record in iter_files(case)])


def _sort_key(row: FileRow, key: str) -> tuple[Any, ...]:
    value = row.value(key)
    if key == "name":
        value = value.lower()
    if key == "tags" and value is not None:
        value = value.casefold()
    if key == "hash_hits" and value == 0:
        value = None  # no match: sorted first, like a missing value
    return (value is not None, value if value is not None else 0, row.id)


def test_columns_cover_the_files_contract() -> None:
    assert set(FILE_FIELDS) <= set(COLUMN_KEYS)
    assert {"hash_hits", "hash_category", "category", "triage_score", "tags", "realloc", "kind"} <= set(COLUMN_KEYS)
    assert all(column.filter_kind in ("text", "number", "bool", "time", "choice") for column in COLUMNS)
    assert set(COLUMN_KEYS) <= set(FileRow.__dataclass_fields__)


def test_rows_match_the_listing(browse_case: Case) -> None:
    listed = {record["id"]: record for record in iter_files(browse_case)}
    rows = _all_rows(browse_case)
    assert [row.id for row in rows] == list(listed)
    for row in rows:
        for key in FILE_FIELDS:
            assert row.value(key) == listed[row.id][key], (row.path, key)
    assert rows_for(browse_case, [10**9]) == []
    reversed_ids = [row.id for row in reversed(rows[:5])]
    assert [row.id for row in rows_for(browse_case, reversed_ids)] == reversed_ids


def test_analysis_columns(browse_case: Case) -> None:
    ids = browse_case.ids  # type: ignore[attr-defined]
    report, mail, alpha, zeta = rows_for(browse_case, [ids["/docs/report.txt"], ids["/mail.eml"], ids["/alpha.txt"],
                                                       ids["/Zeta.TXT"]])
    assert (report.hash_hits, report.hash_category) == (1, "CAT-5")
    assert report.tags == "invoices, to check" and report.category is None
    assert mail.category == "CAT-4" and mail.tags == "to check"  # CAT-2 superseded
    assert alpha.category == "CAT-1" and alpha.hash_hits == 0 and alpha.tags is None
    assert zeta.category is None  # withdrawn


@pytest.mark.parametrize("key", [column.key for column in COLUMNS if column.sortable])
def test_every_sortable_column_sorts_like_python(browse_case: Case, key: str) -> None:
    rows = _all_rows(browse_case)
    expected = [row.id for row in sorted(rows, key=lambda row: _sort_key(row, key))]
    assert list(matching_ids(browse_case, FileQuery(sort=key))) == expected
    assert list(matching_ids(browse_case, FileQuery(sort=key, descending=True))) == expected[::-1]


FILTERS = [
    ColumnFilter("name", "contains", "TXT"),
    ColumnFilter("name", "=", "zeta.txt"),
    ColumnFilter("name", "!=", "alpha.txt"),
    ColumnFilter("path", "contains", "/docs/"),
    ColumnFilter("size", ">=", 100),
    ColumnFilter("size", "<=", 5),
    ColumnFilter("size", "!=", 0),
    ColumnFilter("deleted", "is-false"),
    ColumnFilter("extension_mismatch", "is-true"),
    ColumnFilter("mime", "=", "TEXT/PLAIN"),
    ColumnFilter("mime", "=", None),
    ColumnFilter("mime", "!=", None),
    ColumnFilter("kind", "=", "dir"),
    ColumnFilter("md5", "!=", None),
    ColumnFilter("hash_hits", ">=", 1),
    ColumnFilter("hash_hits", "=", 0),
    ColumnFilter("hash_hits", "<=", 0),
    ColumnFilter("hash_category", "=", "cat-5"),
    ColumnFilter("hash_category", "!=", "CAT-5"),
    ColumnFilter("category", "=", "CAT-1"),
    ColumnFilter("category", "=", None),
    ColumnFilter("category", "!=", "cat4"),
    ColumnFilter("tags", "contains", "CHECK"),
    ColumnFilter("tags", "=", "invoices"),
    ColumnFilter("tags", "!=", "invoices"),
    ColumnFilter("triage_score", "=", None),
    ColumnFilter("mtime", ">=", "2000-01-01"),
    ColumnFilter("mtime", "<=", "2000-01-01"),
    ColumnFilter("fs_type", "=", None),
    ColumnFilter("status", "=", "ok"),
]


def _passes(row: FileRow, item: ColumnFilter) -> bool:  # the reference, in Python
    value = row.value(item.key)
    if item.key == "hash_hits":
        value = value or None if item.value is None else value
    if item.op == "is-true":
        return bool(value)
    if item.op == "is-false":
        return not value
    if item.value is None:
        return (value is None) == (item.op == "=")
    if item.key == "tags":
        names = [name.casefold() for name in (value or "").split(", ") if name]
        wanted = str(item.value).casefold()
        if item.op == "contains":
            return any(wanted in name for name in names)
        return (wanted in names) == (item.op == "=")
    if item.key in ("category", "hash_category"):
        wanted = str(item.value).upper().replace("CAT", "CAT-").replace("--", "-")
        return (value == wanted) == (item.op == "=")
    if item.key == "mtime":
        if value is None:
            return False
        return value >= item.value if item.op == ">=" else value[:len(item.value)] <= item.value
    if item.op == "contains":
        return value is not None and str(item.value).lower() in value.lower()
    if isinstance(item.value, str) and isinstance(value, str):
        value, wanted = value.lower(), item.value.lower()
    else:
        wanted = item.value
    if item.op == "=":
        return value == wanted
    if item.op == "!=":
        return value != wanted
    if value is None:
        return False
    return value >= wanted if item.op == ">=" else value <= wanted


@pytest.mark.parametrize("item", FILTERS, ids=[item.label() for item in FILTERS])
def test_each_filter_keeps_what_python_keeps(browse_case: Case, item: ColumnFilter) -> None:
    rows = _all_rows(browse_case)
    expected = [row.id for row in rows if _passes(row, item)]
    assert list(matching_ids(browse_case, FileQuery(filters=(item,)))) == expected


def test_filters_combine_with_scope_and_sort(browse_case: Case) -> None:
    rows = _all_rows(browse_case)
    query = FileQuery(category="documents", filters=(ColumnFilter("name", "contains", "t"),
                                                      ColumnFilter("tags", "!=", "invoices")), sort="size",
                      descending=True)
    documents = set(matching_ids(browse_case, FileQuery(category="documents")))
    expected = sorted((row for row in rows if row.id in documents and "t" in row.name.lower()
                       and "invoices" not in (row.tags or "")), key=lambda row: _sort_key(row, "size"))
    assert list(matching_ids(browse_case, query)) == [row.id for row in expected][::-1]


def test_labels() -> None:
    assert ColumnFilter("name", "contains", "inv").label() == 'name contains "inv"'
    assert ColumnFilter("size", ">=", 1000).label() == "size >= 1000"
    assert ColumnFilter("deleted", "is-true").label() == "deleted"
    assert ColumnFilter("deleted", "is-false").label() == "not deleted"
    assert ColumnFilter("mime", "=", None).label() == "mime is empty"


def test_bad_queries_are_usage_errors(browse_case: Case) -> None:
    with pytest.raises(UsageError, match="takes"):
        ColumnFilter("size", "contains", "1")
    with pytest.raises(UsageError, match="no column"):
        ColumnFilter("colour", "=", "red")
    with pytest.raises(UsageError, match="cannot sort"):
        FileQuery(sort="colour")
    with pytest.raises(UsageError, match="no category"):
        FileQuery(category="pictures")
    with pytest.raises(UsageError, match="number"):
        matching_ids(browse_case, FileQuery(filters=(ColumnFilter("size", ">=", "big"),)))
    with pytest.raises(UsageError) as caught:
        matching_ids(browse_case, FileQuery(search='unbalanced "quote'))
    assert "\n" not in str(caught.value)


def test_search_filters_and_ranks(browse_case: Case) -> None:
    ids = browse_case.ids  # type: ignore[attr-defined]
    assert list(matching_ids(browse_case, FileQuery(search="marbella"))) == [ids["/docs/report.txt"]]
    both = FileQuery(search="segovia OR lisbon", sort="rank")
    assert set(matching_ids(browse_case, both)) == {ids["/docs/sub/deep.txt"], ids["/mail.eml"]}
    assert list(matching_ids(browse_case, FileQuery(search="segovia OR lisbon", sort="name"))) == [
        ids["/docs/sub/deep.txt"], ids["/mail.eml"]]
    assert list(matching_ids(browse_case, FileQuery(search="segovia", category="images"))) == []


def test_categories_count_what_they_select(browse_case: Case) -> None:
    counts = {item.key: item.count for item in category_counts(browse_case)}
    assert tuple(counts) == CATEGORY_KEYS
    for key, count in counts.items():
        alone = matching_ids(browse_case, FileQuery(category=key))
        assert len(alone) == count, key
        combined = matching_ids(browse_case, FileQuery(category=key, filters=(ColumnFilter("size", ">=", 0),),
                                                       sort="atime"))  # the category as one SQL condition
        assert sorted(combined) == list(alone), key
    ids = browse_case.ids  # type: ignore[attr-defined]
    assert ids["/photos/peppers.png"] in matching_ids(browse_case, FileQuery(category="images"))
    assert ids["/docs/letter.pdf"] in matching_ids(browse_case, FileQuery(category="documents"))
    assert ids["/archive.zip"] in matching_ids(browse_case, FileQuery(category="archives"))
    assert ids["/mail.eml"] in matching_ids(browse_case, FileQuery(category="email"))
    assert ids["/photos/not-a-photo.jpg"] in matching_ids(browse_case, FileQuery(category="extension_mismatch"))
    assert list(matching_ids(browse_case, FileQuery(category="hash_hits"))) == [ids["/docs/report.txt"]]
    assert counts["bookmarks"] == 2 and counts["categorised"] == 2
    kinds = ("images", "videos", "audio", "documents", "email", "chats", "archives", "other")
    not_dirs = [row for row in _all_rows(browse_case) if row.kind != "dir"]
    assert sum(counts[key] for key in kinds) == len(not_dirs)  # every file in exactly one kind


def test_folder_scope(browse_case: Case) -> None:
    rows = _all_rows(browse_case)
    evidence_id, volume_id = rows[0].evidence_id, rows[0].volume_id
    direct = matching_ids(browse_case, FileQuery(folder=FolderRef(evidence_id, volume_id, "/docs")))
    assert sorted(row.path for row in rows_for(browse_case, direct)) == [
        "/docs/letter.pdf", "/docs/report.txt", "/docs/sub"]
    below = matching_ids(browse_case, FileQuery(folder=FolderRef(evidence_id, volume_id, "/docs", recursive=True)))
    assert sorted(row.path for row in rows_for(browse_case, below)) == [
        "/docs/letter.pdf", "/docs/report.txt", "/docs/sub", "/docs/sub/deep.txt"]
    odd = matching_ids(browse_case, FileQuery(folder=FolderRef(evidence_id, volume_id, "/odd", recursive=True)))
    assert sorted(row.path for row in rows_for(browse_case, odd)) == ["/odd/in", "/odd/in/f.txt"]
    assert len(matching_ids(browse_case, FileQuery(folder=FolderRef(evidence_id)))) == len(rows)
    assert len(matching_ids(browse_case, FileQuery(folder=FolderRef(evidence_id + 1)))) == 0


@pytest.mark.parametrize("small_set", [0, 10**9], ids=["walk the sort index", "look the matches up"])
@pytest.mark.parametrize("key", ["name", "size", "mtime", "mime"])
def test_indexed_sorts_with_filters_either_way(browse_case: Case, monkeypatch: pytest.MonkeyPatch, key: str,
                                               small_set: int) -> None:
    monkeypatch.setattr("heroes_desktop.browse.file_query.SMALL_SET", small_set)
    rows = _all_rows(browse_case)
    for item in (ColumnFilter("name", "contains", "t"), ColumnFilter("tags", "!=", "invoices"),
                 ColumnFilter("hash_hits", "=", 0)):
        for descending in (False, True):
            expected = [row.id for row in sorted(rows, key=lambda row: _sort_key(row, key)) if _passes(row, item)]
            found = matching_ids(browse_case, FileQuery(filters=(item,), sort=key, descending=descending))
            assert list(found) == (expected[::-1] if descending else expected), (item.label(), descending)
    images = matching_ids(browse_case, FileQuery(category="images", sort=key))
    assert list(images) == [row.id for row in sorted(rows, key=lambda row: _sort_key(row, key))
                            if row.id in set(images)]
