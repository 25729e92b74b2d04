"""The database viewer: an SQLite item's chats first when its schema is one the core recognises (message, sender
and direction, time in UTC, conversation), then its tables with their row counts, and the rows of the chosen table,
one page at a time, then the text recovered from its free space and superseded -wal frames, marked as not live.
The database is opened by the core from a private copy with the -wal and -journal stored beside it (the state the
app would read next), every query under a deadline, always in a read job."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.rich_viewer import ReadItem, RichViewer

LoadCompanions = Callable[[int], dict[str, tuple[int, int]]]  # file id -> suffix -> (companion's file id, size)

PAGE_ROWS = 200
MAX_COLUMNS = 64  # cells are made on the GUI thread: a table of a thousand columns shows its first ones


class SqliteViewer(RichViewer):
    def __init__(self, jobs: Jobs, read_item: ReadItem, parent: QWidget | None = None,
                 load_companions: LoadCompanions | None = None) -> None:
        super().__init__(jobs, read_item, parent)
        self._load_companions = load_companions
        self.database: Any = None
        self.tables: list[Any] = []
        self.schemas: list[Any] = []
        self.recovered: list[Any] = []
        self.recovery_problems: tuple[str, ...] = ()
        self.merge_notes = ""
        self.offset = 0
        self._more = False
        self.widget = QWidget(self)
        self.choice = QComboBox(self.widget)
        self.choice.setAccessibleName(self.tr("Chat or table"))
        self.choice.activated.connect(lambda _index: self.show_choice(0))
        self.previous_page = QPushButton(self.tr("Previous rows"), self.widget)
        self.previous_page.clicked.connect(lambda: self.show_choice(max(0, self.offset - PAGE_ROWS)))
        self.next_page = QPushButton(self.tr("Next rows"), self.widget)
        self.next_page.clicked.connect(lambda: self.show_choice(self.offset + PAGE_ROWS))
        self.position = QLabel(self.widget)
        self.note = QLabel(self.widget)
        self.note.setWordWrap(True)
        self.table = QTableWidget(self.widget)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Rows"))
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        tools = QHBoxLayout()
        tools.addWidget(self.choice, 1)
        tools.addWidget(self.previous_page)
        tools.addWidget(self.position)
        tools.addWidget(self.next_page)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.stack.addWidget(self.widget)
        for key, step in ((QKeySequence.MoveToNextPage, PAGE_ROWS), (QKeySequence.MoveToPreviousPage, -PAGE_ROWS)):
            shortcut = QShortcut(QKeySequence(key), self.widget)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._step(step))
        self.say(self.tr("No item selected"))

    def content_page(self) -> QWidget:
        return self.widget

    def applies(self, record: dict[str, Any]) -> str | None:
        from heroes_desktop.browse.sqlite_browse import is_sqlite
        if is_sqlite(record.get("mime"), record.get("name")):
            return None
        return self.tr("Not an SQLite database: the Database tab shows SQLite files (chats, SMS, browsers).")

    def reset(self) -> None:
        self._close_database()
        self.tables, self.schemas, self.recovered, self.merge_notes = [], [], [], ""
        self.offset, self._more = 0, False
        self.choice.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.note.setText("")
        self.position.setText("")

    def close_database(self) -> None:
        """Drop the open database (its private copy is removed in a read job, never on the GUI thread)."""
        self.cancel()
        self._close_database()

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        from heroes_desktop.browse.sqlite_browse import MAX_DATABASE_BYTES, SqliteDatabase
        from heroes_desktop.browse.sqlite_item import read_companions
        read, read_item, find = self.read_all(file_id, MAX_DATABASE_BYTES), self._read_item, self._load_companions

        def work() -> tuple[Any, list[Any], list[Any], Any]:
            companions = read_companions(find(file_id), read_item) if find is not None else {}
            database = SqliteDatabase(read(), companions=companions)
            try:
                return database, database.chat_schemas(), database.tables(), database.recovered()
            except BaseException:
                database.close()
                raise

        self.run(self.tr("Opening the database…"), work, self._opened, "database")

    # -- showing -----------------------------------------------------------------------------------------------

    def current_choice(self) -> tuple[str, str] | None:
        data = self.choice.currentData()
        if not isinstance(data, str) or ":" not in data:
            return None
        kind, key = data.split(":", 1)
        return kind, key

    def show_choice(self, offset: int) -> None:
        """Show a page of the chosen chat or table from ``offset``."""
        choice, database = self.current_choice(), self.database
        if choice is None or database is None:
            return
        kind, key = choice
        offset = max(0, offset)
        if kind == "recovered":
            runs = self.recovered[offset:offset + PAGE_ROWS]
            self._page(kind, key, offset, runs)
            return
        if kind == "chat":
            def work() -> Any:
                return database.chat_messages(key, offset, PAGE_ROWS)
        else:
            def work() -> Any:
                return database.rows(key, offset, PAGE_ROWS)
        self.previous_page.setEnabled(False)
        self.next_page.setEnabled(False)
        self.position.setText(self.tr("reading…"))
        self.run("", work, lambda result: self._page(kind, key, offset, result), "database rows")

    def _step(self, step: int) -> None:
        if step > 0 and self._more or step < 0 and self.offset > 0:
            self.show_choice(self.offset + step)

    def _opened(self, result: tuple[Any, list[Any], list[Any], Any]) -> None:
        self.database, self.schemas, self.tables, recovery = result
        self.recovered, self.recovery_problems = list(recovery.runs), tuple(recovery.problems)
        merged = list(self.database.notes) + [self.tr("Damaged: {0}.").format(problem)
                                              for problem in self.database.problems]
        self.merge_notes = " ".join(note[:1].upper() + note[1:] + ("" if note.endswith(".") else ".")
                                    for note in merged)
        self.choice.clear()
        for schema in self.schemas:
            count = self.tr("{0} messages").format(f"{schema.messages:,}") if schema.messages is not None else \
                self.tr("messages not counted")
            self.choice.addItem(self.tr("Chat: {0} ({1})").format(schema.title, count), f"chat:{schema.key}")
        for table in self.tables:
            if table.kind == "view":
                label = self.tr("View: {0}").format(table.name)
            elif table.rows is None:
                label = self.tr("Table: {0} ({1})").format(table.name, table.note or self.tr("not counted"))
            else:
                label = self.tr("Table: {0} ({1} rows)").format(table.name, f"{table.rows:,}")
            self.choice.addItem(label, f"table:{table.name}")
        if self.recovered or not recovery.complete:
            self.choice.addItem(self.tr("Recovered text, not live ({0} runs)").format(f"{len(self.recovered):,}"),
                                "recovered:all")
        if self.choice.count() == 0:
            self.say(self.tr("The database holds no table."))
            return
        self.choice.setCurrentIndex(0)
        self.show_page("database")
        self.show_choice(0)

    def _page(self, kind: str, key: str, offset: int, result: Any) -> None:
        if self.current_choice() != (kind, key):
            return
        self.offset = offset
        if kind == "chat":
            schema = next(s for s in self.schemas if s.key == key)
            headers = [self.tr("Time (UTC)"), self.tr("Direction"), self.tr("Sender"), self.tr("Message"),
                       self.tr("Conversation"), self.tr("Stored time")]
            directions = {"sent": self.tr("sent"), "received": self.tr("received"), "draft": self.tr("draft")}
            rows = [[m.time or "", directions.get(m.direction, m.direction),
                     m.sender if m.sender is not None else self.tr("(device owner)"), m.text, m.conversation,
                     m.time_raw] for m in result]
            self._more = schema.messages is None and len(result) == PAGE_ROWS or \
                schema.messages is not None and offset + len(result) < schema.messages
            notes = [self.tr("Times: {0}.").format(schema.time_note)] + list(schema.notes)
            self.note.setText(" ".join(notes))
        elif kind == "recovered":
            headers = [self.tr("Recovered text"), self.tr("Found in"), self.tr("Page"), self.tr("Offset"),
                       self.tr("Area")]
            rows = [[run.text, run.source, str(run.page), str(run.offset), run.area] for run in result]
            self._more = offset + len(result) < len(self.recovered)
            problems = list(self.recovery_problems)
            self.note.setText(" ".join([self.tr(
                "Recovered, not live: text found in the database's free space, in -wal frames that a later one "
                "replaced, or in a transaction that was rolled back. None of it is part of the database's current "
                "state; a run may begin with a stray character of the record it came from.")] + problems))
        else:
            headers = list(result.columns)
            rows = [["NULL" if value is None else str(value) for value in row] for row in result.rows]
            self._more = result.more
            table = next((t for t in self.tables if t.name == key), None)
            self.note.setText(self.tr("A view: its rows are computed by the query stored in the database.")
                              if table is not None and table.kind == "view" else "")
        if self.merge_notes and kind != "recovered":
            self.note.setText((self.merge_notes + " " + self.note.text()).strip())
        if len(headers) > MAX_COLUMNS:
            self.note.setText((self.note.text() + " " + self.tr("The first {0} of {1} columns are shown.").format(
                MAX_COLUMNS, len(headers))).strip())
            headers, rows = headers[:MAX_COLUMNS], [row[:MAX_COLUMNS] for row in rows]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                item = QTableWidgetItem(value.replace("\n", " ")[:500])
                if len(value) > 80:
                    item.setToolTip(value[:2000])
                self.table.setItem(row_number, column, item)
        self.position.setText(self.tr("rows {0}–{1}").format(offset + 1, offset + len(rows)) if rows else
                              self.tr("no rows"))
        self.previous_page.setEnabled(offset > 0)
        self.next_page.setEnabled(self._more)
        self.state = {"chat": "chat", "recovered": "recovered"}.get(kind, "table")
        self.shown.emit(self.state)

    def _close_database(self) -> None:
        database, self.database = self.database, None
        if database is not None:
            job = self._jobs.read("close database", database.close)
            if job.cancelled:  # the jobs are shut down (the window is closing): remove the private copy now
                database.close()
