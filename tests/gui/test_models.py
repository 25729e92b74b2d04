"""The browse models over a real encrypted case: the file table's id array with rows fetched in pages, the lazy
evidence tree, the category counts; each checked by Qt's QAbstractItemModelTester."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from heroes_desktop.browse.file_query import ColumnFilter, FileQuery
from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.gui import errors
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.models import file_table_model
from heroes_desktop.gui.models.category_model import COUNT_ROLE, KEY_ROLE, CategoryModel
from heroes_desktop.gui.models.evidence_tree_model import NODE_ROLE, REF_ROLE, EvidenceTreeModel
from heroes_desktop.gui.models.file_table_model import (FILE_ID_ROLE, PLACEHOLDER, RAW_VALUE_ROLE,
                                                        FileTableModel)
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

EXAMINER = Actor("Ana Examiner", Role.EXAMINER)
FILES = {  # benign office files: what the browse tests look for
    "docs/invoice-2024.txt": "Invoice for the vim-pandoc consulting work, paid to maria@example.org in Madrid.\n",
    "docs/letter.txt": "Dear colleagues, we meet at the bus station in Madrid on Monday.\n",
    "notes/todo.txt": "Buy bread. Call the plumber about the kitchen sink.\n",
    "notes/deep/readme.txt": "Nothing to see here: a readme about gardening and tomatoes.\n",
    "data.csv": "name,amount\nalpha,1\nbeta,2\n",
}


def _write_evidence(folder: Path) -> None:
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inner.txt", "an inner text about sailing boats")


@pytest.fixture(scope="module")
def browse_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One real case per module (a folder of benign files, ingested with filetype, hash and text), copied for each
    test: (case file, the profile folder holding the examiner's signing key)."""
    root = tmp_path_factory.mktemp("browse-template")
    home, evidence = root / "home", root / "evidence"
    evidence.mkdir()
    _write_evidence(evidence)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(home))
        key = load_or_create_signing_key(home, EXAMINER.name, KEY_PASSPHRASE)
        case = Case.create(root / "template.heroes", PASSPHRASE, EXAMINER, key, title="Browse", number="B-1")
        try:
            add_evidence(case, evidence)
            assert ingest(case, IngestOptions(jobs=1, stages=("filetype", "hash", "text"))).status == "finished"
        finally:
            case.close()
    return root / "template.heroes", home


def copy_case(template: tuple[Path, Path], folder: Path) -> Path:
    source, _home = template
    folder.mkdir(parents=True, exist_ok=True)
    for sibling in source.parent.glob(source.name + "*"):
        shutil.copy2(sibling, folder / sibling.name)
    return folder / source.name


def open_session(template: tuple[Path, Path], path: Path, mode: OpenMode = OpenMode.READ_WRITE) -> CaseSession:
    key = load_or_create_signing_key(template[1], EXAMINER.name, KEY_PASSPHRASE)
    if mode is OpenMode.READ_ONLY:
        case = Case.open(path, PASSPHRASE, mode=mode)
    else:
        case = Case.open(path, PASSPHRASE, mode=mode, actor=EXAMINER, key=key)
    return CaseSession(case, EXAMINER, Jobs(), PASSPHRASE, KEY_PASSPHRASE)


@pytest.fixture
def unexpected() -> Iterator[list[str]]:
    """Errors no view handled (the crash dialog's feed): every test asserts there were none."""
    seen: list[str] = []
    errors.install_handler(lambda error, where, details: seen.append(f"{where}: {details}"))
    yield seen
    errors.install_handler(None)


@pytest.fixture
def session(browse_template: tuple[Path, Path], tmp_path: Path, qtbot, unexpected) -> Iterator[CaseSession]:
    opened = open_session(browse_template, copy_case(browse_template, tmp_path / "case"))
    yield opened
    opened.close()
    assert not unexpected


def model_tester(model) -> QAbstractItemModelTester:
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def _names(model: FileTableModel, qtbot) -> list[str]:
    section = model.section_of("name")
    for row in range(model.rowCount()):
        model.data(model.index(row, section))  # ask for every page
    qtbot.waitUntil(lambda: all(model.row_loaded(row) for row in range(model.rowCount())))
    return [model.data(model.index(row, section)) for row in range(model.rowCount())]


def test_file_table_model_reads_ids_then_pages(session: CaseSession, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(file_table_model, "PAGE_ROWS", 4)
    model = FileTableModel(session)
    check = model_tester(model)
    with qtbot.waitSignal(model.query_applied, timeout=10_000) as applied:
        model.set_query(FileQuery())
    assert applied.args[1] == 11 == model.rowCount()
    name = model.section_of("name")
    assert model.headerData(name, Qt.Orientation.Horizontal) == "Name"
    assert not model.row_loaded(0)
    assert model.data(model.index(0, name)) == PLACEHOLDER  # nothing read until painted
    assert model.data(model.index(0, 0), FILE_ID_ROLE) == model.ids[0]
    qtbot.waitUntil(lambda: model.row_loaded(0))
    assert model.row_loaded(3) and not model.row_loaded(4) and not model.row_loaded(10)  # one page, not all rows
    assert model.data(model.index(1, name)) == "bundle.zip"
    size = model.data(model.index(1, model.section_of("size")), RAW_VALUE_ROLE)
    assert isinstance(size, int) and size > 0
    assert model.data(model.index(1, model.section_of("mime"))) == "application/zip"
    del check


def test_file_table_model_sorts_and_filters_in_the_core(session: CaseSession, qtbot) -> None:
    model = FileTableModel(session)
    check = model_tester(model)
    with qtbot.waitSignal(model.query_applied, timeout=10_000):
        model.set_query(FileQuery())
    with qtbot.waitSignal(model.query_applied, timeout=10_000):
        model.sort(model.section_of("name"), Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "name" and model.query.descending
    names = _names(model, qtbot)
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert names[0] == "todo.txt"
    # a later query supersedes one still running: only the last is shown
    model.set_query(FileQuery(filters=(ColumnFilter("name", "contains", "letter"),)))
    with qtbot.waitSignal(model.query_applied, timeout=10_000) as applied:
        model.set_query(FileQuery(filters=(ColumnFilter("name", "contains", "invoice"),)))
    assert applied.args[0].filters[0].value == "invoice"
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=10_000)  # the superseded answer has come back too
    QCoreApplication.processEvents()  # and been delivered, if it were going to be shown
    assert _names(model, qtbot) == ["invoice-2024.txt"]
    # a search that cannot be read is the core's one line, not an exception
    with qtbot.waitSignal(model.query_failed, timeout=10_000) as failed:
        model.set_query(FileQuery(search='"unterminated'))
    assert "not a valid search" in failed.args[1]
    assert model.query.search is None and model.rowCount() == 1  # still the query it shows
    del check


def test_search_snippets_become_a_column(session: CaseSession, qtbot) -> None:
    model = FileTableModel(session)
    check = model_tester(model)
    with qtbot.waitSignal(model.query_applied, timeout=10_000):
        model.set_query(FileQuery(search="madrid", sort="rank"), {9: "…in [Madrid]."})
    assert model.column_key(0) == "name" and model.column_key(1) == "snippet" and model.column(1) is None
    assert model.rowCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Snippet"
    # the rows whose snippet did not come with the search read it from the core as they are shown
    for row in range(model.rowCount()):
        model.data(model.index(row, 1))
    qtbot.waitUntil(lambda: all(model.row_loaded(row) for row in range(model.rowCount())), timeout=10_000)
    snippets = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert "…in [Madrid]." in snippets
    assert all("[madrid]" in snippet.lower() for snippet in snippets), snippets
    del check


def _expand(model: EvidenceTreeModel, index: QModelIndex, qtbot) -> None:
    if model.canFetchMore(index):
        model.fetchMore(index)
    qtbot.waitUntil(lambda: model.is_loaded(index), timeout=10_000)


def test_evidence_tree_model_is_lazy(session: CaseSession, qtbot) -> None:
    model = EvidenceTreeModel(session)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex()) and not model.is_loaded(QModelIndex())
    check = model_tester(model)  # the tester asks for levels itself (fetchMore), as a view does
    _expand(model, QModelIndex(), qtbot)
    assert model.rowCount() == 1
    evidence = model.index(0, 0)
    assert model.data(evidence).startswith("evidence (folder)")
    assert model.data(evidence, NODE_ROLE).kind == "evidence"
    assert model.hasChildren(evidence)
    _expand(model, evidence, qtbot)
    volume = model.index(0, 0, evidence)
    assert model.parent(volume) == evidence
    _expand(model, volume, qtbot)
    folders = [model.data(model.index(row, 0, volume), NODE_ROLE).label for row in range(model.rowCount(volume))]
    assert folders == ["bundle.zip", "docs", "notes"]
    docs = model.index(1, 0, volume)
    assert model.data(docs) == "docs (2)"
    ref = model.data(docs, REF_ROLE)
    assert (ref.volume_id, ref.folder) == (model.data(volume, NODE_ROLE).volume_id, "/docs")
    assert "[container]" in model.data(model.index(0, 0, volume))
    notes = model.index(2, 0, volume)
    _expand(model, notes, qtbot)
    assert model.data(model.index(0, 0, notes), NODE_ROLE).folder == "/notes/deep"
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    with qtbot.waitSignal(model.modelReset):
        model.reload()
    assert not model.is_loaded(QModelIndex())
    _expand(model, QModelIndex(), qtbot)
    assert model.rowCount() == 1
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    del check


def test_category_model_counts(session: CaseSession, qtbot) -> None:
    model = CategoryModel(session)
    check = model_tester(model)
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        model.refresh()
    assert model.data(model.index(0)) == "All files" and model.data(model.index(0), KEY_ROLE) is None
    documents = model.row_of("documents")
    assert model.data(model.index(documents)) == "Documents (6)"
    assert model.data(model.index(documents), COUNT_ROLE) == 6
    assert model.count("archives") == 1
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        model.refresh()  # the same keys: updated in place
    assert model.rowCount() == 18  # with the three P2P categories (issue 21)
    del check
