"""The browse panels on a real encrypted case, driven by keyboard and mouse: the evidence tree and the categories
scope the file table, the header sorts it, column filters become removable chips, the search box filters it with
snippets and shows a search it cannot read inline; then the case's custody chain still verifies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from heroes_desktop.browse.file_query import ColumnFilter
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.categories import CategoriesView
from heroes_desktop.gui.views.evidence_tree import EvidenceTreeView
from heroes_desktop.gui.views.file_table import FileTableView, FilterDialog, wire_browse
from heroes_desktop.gui.views.search_box import SearchBox
from tests.gui.test_models import browse_template, copy_case, open_session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 10_000


class Browser(QWidget):
    """The four browse panels side by side, wired as the main window wires them."""

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.tree = EvidenceTreeView(session)
        self.categories = CategoriesView(session)
        self.search = SearchBox(session)
        self.table = FileTableView(session)
        left = QVBoxLayout()
        left.addWidget(self.tree)
        left.addWidget(self.categories)
        right = QVBoxLayout()
        right.addWidget(self.search)
        right.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        wire_browse(self.table, self.tree, self.categories, self.search)
        self.testers = [QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
                        for model in (self.table.model, self.tree.model, self.categories.model)]


@pytest.fixture
def browser(browse_template, tmp_path: Path, qtbot, unexpected) -> Iterator[Browser]:  # noqa: F811
    session = open_session(browse_template, copy_case(browse_template, tmp_path / "case"))
    window = Browser(session)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.waitUntil(lambda: window.table.model.rowCount() == 11 and not window.table.model.loading, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.categories.model.rowCount() > 1, timeout=TIMEOUT)
    window.session = session  # type: ignore[attr-defined]
    yield window
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT)
    report = session.case.verify()
    assert report.ok, report.problems
    window.close()
    session.close()
    assert not unexpected


def names(table: FileTableView, qtbot) -> list[str]:
    model = table.model
    section = model.section_of("name")
    qtbot.waitUntil(lambda: not model.loading, timeout=TIMEOUT)
    for row in range(model.rowCount()):
        model.data(model.index(row, section))
    qtbot.waitUntil(lambda: all(model.row_loaded(row) for row in range(model.rowCount())), timeout=TIMEOUT)
    return [model.data(model.index(row, section)) for row in range(model.rowCount())]


def applied(table: FileTableView, qtbot, action) -> None:
    """Do ``action`` and wait until the table shows the query it caused."""
    with qtbot.waitSignal(table.query_changed, timeout=TIMEOUT):
        action()


def click_row(view, index, qtbot, button=Qt.MouseButton.LeftButton) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), button, pos=view.visualRect(index).center())


def test_categories_and_tree_scope_the_table(browser: Browser, qtbot) -> None:
    categories, tree, table = browser.categories, browser.tree, browser.table
    assert table.status.text().startswith("11 file")
    documents = categories.model.index(categories.model.row_of("documents"))
    applied(table, qtbot, lambda: click_row(categories.list, documents, qtbot))
    assert table.model.rowCount() == 6 and table.query.category == "documents"
    assert table.chips.labels() == ["Category: Documents"]
    # keyboard: Down moves to the next category (e-mail: none here)
    categories.list.setFocus()
    applied(table, qtbot, lambda: qtbot.keyClick(categories.list, Qt.Key.Key_Down))
    assert table.query.category == "email" and table.model.rowCount() == 0
    applied(table, qtbot, lambda: qtbot.keyClick(categories.list, Qt.Key.Key_Up))
    # the tree, by keyboard: the one evidence item is expanded for us; go to its volume, open it, down to docs
    qtbot.waitUntil(lambda: tree.model.rowCount(tree.model.index(0, 0)) == 1, timeout=TIMEOUT)
    tree.tree.setFocus()  # the cursor goes to the evidence item, nothing chosen yet
    assert table.query.folder is None
    applied(table, qtbot, lambda: qtbot.keyClick(tree.tree, Qt.Key.Key_Down))  # its volume
    assert table.query.folder.volume_id is not None and table.query.folder.folder is None
    applied(table, qtbot, lambda: qtbot.keyClick(tree.tree, Qt.Key.Key_Up))  # the evidence item
    assert table.query.folder.volume_id is None and table.model.rowCount() == 6
    applied(table, qtbot, lambda: qtbot.keyClick(tree.tree, Qt.Key.Key_Down))  # its volume again
    volume = tree.tree.currentIndex()
    qtbot.keyClick(tree.tree, Qt.Key.Key_Right)  # expand: the folders are read now
    qtbot.waitUntil(lambda: tree.model.rowCount(volume) == 3, timeout=TIMEOUT)
    qtbot.keyClick(tree.tree, Qt.Key.Key_Down)  # bundle.zip
    qtbot.waitUntil(lambda: not table.model.loading, timeout=TIMEOUT)
    applied(table, qtbot, lambda: qtbot.keyClick(tree.tree, Qt.Key.Key_Down))  # docs
    assert table.query.folder.folder == "/docs"
    assert sorted(names(table, qtbot)) == ["invoice-2024.txt", "letter.txt"]
    assert table.chips.labels()[0] == "Category: Documents" and table.chips.labels()[1].startswith("Folder:")
    # the category chip removed by mouse: the folder stays, the categories show All files again
    chip = table.chips.chips[0]
    applied(table, qtbot, lambda: qtbot.mouseClick(chip, Qt.MouseButton.LeftButton))
    assert table.query.category is None and table.query.folder.folder == "/docs"
    assert categories.list.currentIndex().row() == 0
    # the folder chip removed by keyboard
    chip = table.chips.chips[0]
    chip.setFocus()
    applied(table, qtbot, lambda: qtbot.keyClick(chip, Qt.Key.Key_Delete))
    assert table.query.folder is None and table.model.rowCount() == 11 and not tree.tree.selectionModel().hasSelection()


def test_header_click_sorts_every_row_in_the_core(browser: Browser, qtbot) -> None:
    table = browser.table
    header = table.table.horizontalHeader()
    section = table.model.section_of("name")
    header.resizeSection(section, 333)  # the examiner's width survives the new query's reset
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    applied(table, qtbot, lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                                   pos=QPoint(x, header.height() // 2)))
    assert (table.query.sort, table.query.descending) == ("name", False)
    ascending = names(table, qtbot)
    assert ascending == sorted(ascending, key=str.casefold) and ascending[:2] == ["", "bundle.zip"]  # "" is the root
    assert header.sortIndicatorSection() == section and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    applied(table, qtbot, lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                                   pos=QPoint(x, header.height() // 2)))
    assert table.query.descending and names(table, qtbot) == ascending[::-1]
    assert header.sectionSize(section) == 333
    # the header's menu shows a hidden column
    accessed = table.model.section_of("atime")
    assert header.isSectionHidden(accessed)
    columns = next(action.menu() for action in table.header_menu(section).actions() if action.menu())
    next(action for action in columns.actions() if action.text() == "Accessed").trigger()
    assert not header.isSectionHidden(accessed)
    # by keyboard: on the size column, Ctrl+Shift+S sorts by it
    size = table.model.section_of("size")
    table.table.setFocus()
    table.table.setCurrentIndex(table.model.index(0, size))
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    applied(table, qtbot, lambda: qtbot.keyClick(table.table, Qt.Key.Key_S, ctrl_shift))
    assert table.query.sort == "size"
    model = table.model
    for row in range(model.rowCount()):
        model.data(model.index(row, size))
    qtbot.waitUntil(lambda: all(model.row_loaded(row) for row in range(model.rowCount())), timeout=TIMEOUT)
    sizes = [model.data(model.index(row, size), Qt.ItemDataRole.UserRole + 2) for row in range(model.rowCount())]
    assert sizes == sorted(sizes)


def test_column_filters_are_chips(browser: Browser, qtbot) -> None:
    table = browser.table
    # keyboard: on the name column, Ctrl+Shift+F opens its filter; type, Enter
    table.table.setFocus()
    table.table.setCurrentIndex(table.model.index(0, table.model.section_of("name")))
    qtbot.keyClick(table.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: table.filter_dialog is not None and table.filter_dialog.isVisible())
    dialog: FilterDialog = table.filter_dialog
    assert dialog.column.key == "name" and dialog.op.currentData() == "contains"
    dialog.value.setFocus()
    qtbot.keyClicks(dialog.value, "txt")
    applied(table, qtbot, lambda: qtbot.keyClick(dialog.value, Qt.Key.Key_Return))
    assert table.chips.labels() == ['Name contains "txt"'] and table.model.rowCount() == 5
    # a number filter with a bad value: said in the dialog, nothing applied
    dialog = table.open_filter("size")
    dialog.op.setCurrentIndex(dialog.op.findData(">="))
    qtbot.keyClicks(dialog.value, "lots")
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not a number" in dialog.error.text()
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "60")
    applied(table, qtbot, lambda: qtbot.keyClick(dialog.value, Qt.Key.Key_Return))
    assert table.chips.labels() == ['Name contains "txt"', "Size ≥ 60"]
    assert sorted(names(table, qtbot)) == ["invoice-2024.txt", "letter.txt", "readme.txt"]
    # a time filter takes dates as the core compares them (ISO text); anything else is said in the dialog
    dialog = table.open_filter("mtime")
    qtbot.keyClicks(dialog.value, "yesterday")
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not a date" in dialog.error.text()
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "2000-01-01")
    applied(table, qtbot, lambda: qtbot.keyClick(dialog.value, Qt.Key.Key_Return))
    assert table.chips.labels()[-1] == 'Modified ≥ "2000-01-01"' and table.model.rowCount() == 3
    applied(table, qtbot, lambda: qtbot.mouseClick(table.chips.chips[-1], Qt.MouseButton.LeftButton))
    # the cell menu: exclude this value
    model = table.model
    row = names(table, qtbot).index("letter.txt")
    menu = table.cell_menu(model.index(row, model.section_of("name")))
    exclude = next(action for action in menu.actions() if action.text().startswith("Exclude Name"))
    applied(table, qtbot, exclude.trigger)
    assert sorted(names(table, qtbot)) == ["invoice-2024.txt", "readme.txt"]
    assert table.chips.labels()[-1] == 'Name ≠ "letter.txt"'
    # chips removed by mouse, one at a time; then Clear all
    with qtbot.waitActive(browser):  # offscreen, a closed dialog gives no window back its activation
        browser.activateWindow()
    applied(table, qtbot, lambda: qtbot.mouseClick(table.chips.chips[1], Qt.MouseButton.LeftButton))
    assert table.chips.labels() == ['Name contains "txt"', 'Name ≠ "letter.txt"']
    table.add_filter(ColumnFilter("deleted", "is-false"))
    assert table.chips.labels()[-1] == "Deleted: no"
    table.chips.chips[1].setFocus()  # by keyboard: Delete on a chip, and the focus moves to the next one
    applied(table, qtbot, lambda: qtbot.keyClick(table.chips.chips[1], Qt.Key.Key_Delete))
    assert table.chips.labels() == ['Name contains "txt"', "Deleted: no"] and table.chips.chips[1].hasFocus()
    table.table.setFocus()
    applied(table, qtbot, lambda: qtbot.keyClick(table.table, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier
                                                 | Qt.KeyboardModifier.ShiftModifier))
    assert table.chips.labels() == [] and not table.chips.isVisible() and model.rowCount() == 11


def test_search_box_filters_the_table_with_snippets(browser: Browser, qtbot) -> None:
    search, table = browser.search, browser.table
    search.edit.setFocus()
    qtbot.keyClicks(search.edit, "vim-pandoc")
    applied(table, qtbot, lambda: qtbot.keyClick(search.edit, Qt.Key.Key_Return))
    assert table.query.search == "vim-pandoc" and table.query.sort == "rank"
    assert names(table, qtbot) == ["invoice-2024.txt"]
    assert table.model.column_key(0) == "name" and table.model.column_key(1) == "snippet"  # beside the name
    snippet = table.model.data(table.model.index(0, 1))
    assert "[vim]" in snippet or "[vim-pandoc]" in snippet or "pandoc]" in snippet, snippet
    assert table.chips.labels() == ["Search: vim-pandoc"]
    # a search that cannot be read: one line under the box, the table keeps its hits, no dialog
    search.edit.clear()
    qtbot.keyClicks(search.edit, '"bus station')
    with qtbot.waitSignal(search.search_failed, timeout=TIMEOUT) as failed:
        qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    assert search.error.isVisible() and search.error_text == failed.args[0]
    assert "not a valid search" in search.error_text
    assert table.query.search == "vim-pandoc" and table.model.rowCount() == 1
    assert QApplication.activeModalWidget() is None
    qtbot.keyClick(search.edit, Qt.Key.Key_End)
    qtbot.keyClicks(search.edit, '"')  # fixing it hides the error
    assert not search.error.isVisible()
    applied(table, qtbot, lambda: qtbot.keyClick(search.edit, Qt.Key.Key_Return))
    assert names(table, qtbot) == ["letter.txt"]
    # with a category too: documents only, then the search chip removed by mouse empties the box
    documents = browser.categories.model.index(browser.categories.model.row_of("documents"))
    applied(table, qtbot, lambda: click_row(browser.categories.list, documents, qtbot))
    assert table.model.rowCount() == 1 and table.chips.labels() == ["Category: Documents", 'Search: "bus station"']
    applied(table, qtbot, lambda: qtbot.mouseClick(table.chips.chips[1], Qt.MouseButton.LeftButton))
    assert search.edit.text() == "" and search.query is None and table.query.search is None
    assert table.query.sort == "id" and table.model.rowCount() == 6
    # Escape in the box clears a search
    qtbot.keyClicks(search.edit, "madrid")
    applied(table, qtbot, lambda: qtbot.keyClick(search.edit, Qt.Key.Key_Return))
    assert table.model.rowCount() == 2
    applied(table, qtbot, lambda: qtbot.keyClick(search.edit, Qt.Key.Key_Escape))
    assert table.query.search is None and table.model.rowCount() == 6
    with qtbot.waitSignal(search.escaped):  # Escape again, in the empty box: back to the table (the window)
        qtbot.keyClick(search.edit, Qt.Key.Key_Escape)


def test_selection_and_refresh_keep_the_place(browser: Browser, qtbot) -> None:
    table = browser.table
    seen: list[list[int]] = []
    current: list[object] = []
    table.selection_changed.connect(seen.append)
    table.current_item_changed.connect(current.append)
    click_row(table.table, table.model.index(3, 1), qtbot)
    qtbot.mouseClick(table.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     pos=table.table.visualRect(table.model.index(5, 1)).center())
    ids = [table.model.file_id(row) for row in (3, 4, 5)]
    assert seen[-1] == ids and table.selected_ids() == ids and current[-1] == ids[2]
    applied(table, qtbot, table.refresh)
    assert table.selected_ids() == ids and table.table.currentIndex().row() == 5
