"""The P2P panel: what the case's P2P clients recorded (torrents, resume entries, eMule's known files, part files,
searches, shared folders, settings), grouped by client, with the records that match a hash set first and marked
(the set and its category; by the record's own hash, or by a content file's). A kind and "matched only" filter the
list; the chosen record's details and the case files that are its content show below it, and its content files or
the client file it was read from go to the file table in one click (``query_part_changed({"scope": Scope})``), or
one of them to the viewer (``file_requested``), which obscures pictures as everywhere. No picture is drawn here.

The records come from the core's :func:`heroes_desktop.p2p.listing.p2p_overview` (what ``heroes p2p`` lists), read
in a background job; the panel reads again when an ingest commits (``refresh``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.browse.file_query import Scope
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutConflict, ShortcutRegistry, shortcuts_of
from heroes_desktop.p2p.listing import CLIENT_NAMES, P2POverview, files_of, p2p_overview
from heroes_desktop.p2p.records import KINDS

log = logging.getLogger("heroes.gui")

P2P_CONTEXT = "p2p"
SHOW_CONTENT_ACTION = "p2p.show_content"
SHOW_ARTIFACT_ACTION = "p2p.show_artifact"
RECORD_ROLE = Qt.ItemDataRole.UserRole  # a record's id, or a client's name on its group row
CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("name", "kind", "size", "hash", "times", "content", "artifact", "matches")
DETAIL_CHARS = 400  # a long detail (a torrent's file list) is cut in the details list


class P2PView(QWidget):
    """Signals: ``query_part_changed({"scope": Scope})`` (show content files, show artifact),
    ``file_requested(file_id)`` (Enter or a double-click on a content file), ``message(text)``. Methods:
    :meth:`refresh`, :meth:`set_filter`, :meth:`select_record`, :meth:`show_content`, :meth:`show_artifact`."""

    query_part_changed = Signal(object)
    file_requested = Signal(int)
    message = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *,
                 registry: ShortcutRegistry | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("p2p")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self._locale = QLocale()
        self._job: Job | None = None
        self._loaded = False
        self._mask: Callable[[str | None], str] | None = None
        self.overview: P2POverview | None = None
        self._records: dict[int, dict[str, Any]] = {}
        self._build()
        self.actions_by_id: dict[str, QAction] = {}
        self._register()
        self._show_selected()
        if load:
            self.refresh()

    # -- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("p2p_kind")
        self.kind_box.setAccessibleName(self.tr("Kind of record"))
        self._fill_kinds({})
        self.kind_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.matched_box = QCheckBox(self.tr("Matched records only"), self)
        self.matched_box.setObjectName("p2p_matched_only")
        self.matched_box.toggled.connect(lambda _checked: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("p2p_summary")
        kind_label = QLabel(self.tr("Kind:"), self)
        kind_label.setBuddy(self.kind_box)
        filters = QHBoxLayout()
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_box)
        filters.addWidget(self.matched_box)
        filters.addWidget(self.summary, 1)

        self.empty = QLabel(self)
        self.empty.setObjectName("p2p_empty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("p2p_records")
        self.tree.setAccessibleName(self.tr("P2P records by client"))
        self.tree.setAccessibleDescription(self.tr("Each client's records, those that match a hash set first and "
                                                   "marked with the set and its category"))
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Kind"), self.tr("Size"), self.tr("Hash"),
                                   self.tr("Times"), self.tr("Content files"), self.tr("Artifact"),
                                   self.tr("Hash-set match")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().resizeSection(0, 240)
        self.tree.itemSelectionChanged.connect(self._show_selected)

        self.details = QTreeWidget(self)
        self.details.setObjectName("p2p_details")
        self.details.setAccessibleName(self.tr("Details of the record"))
        self.details.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.details.setRootIsDecorated(False)
        self.details.setUniformRowHeights(True)
        self.details.header().resizeSection(0, 160)

        self.content = QTableWidget(0, 4, self)
        self.content.setObjectName("p2p_content")
        self.content.setAccessibleName(self.tr("Case files that are the record's content"))
        self.content.setHorizontalHeaderLabels([self.tr("File"), self.tr("Path"), self.tr("Linked by"),
                                                self.tr("Pieces matched")])
        self.content.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.content.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.content.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.content.verticalHeader().setVisible(False)
        self.content.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.content.horizontalHeader().setStretchLastSection(True)
        self.content.cellDoubleClicked.connect(lambda row, _column: self._request(row))
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.content)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self._request(self.content.currentRow()))

        self.content_button = QPushButton(self.tr("Show content files"), self)
        self.content_button.setObjectName("p2p_show_content")
        self.content_button.clicked.connect(self.show_content)
        self.artifact_button = QPushButton(self.tr("Show artifact"), self)
        self.artifact_button.setObjectName("p2p_show_artifact")
        self.artifact_button.clicked.connect(self.show_artifact)
        buttons = QHBoxLayout()
        buttons.addWidget(self.content_button)
        buttons.addWidget(self.artifact_button)
        buttons.addStretch(1)

        below = QSplitter(Qt.Orientation.Horizontal, self)
        below.addWidget(self.details)
        below.addWidget(self.content)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.tree)
        self.split.addWidget(below)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.split, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.tree)

    def _register(self) -> None:
        registry = self._registry
        registry.register_context(P2P_CONTEXT, self.tr("P2P"))
        declared = ((SHOW_CONTENT_ACTION, self.tr("Show the chosen records' content files in the file table"),
                     "Ctrl+T", self.show_content, self.content_button),
                    (SHOW_ARTIFACT_ACTION, self.tr("Show the client files the chosen records were read from"),
                     "Ctrl+Shift+T", self.show_artifact, self.artifact_button))
        for action_id, title, key, callback, button in declared:
            try:
                registry.register(action_id, title, key, P2P_CONTEXT)
            except ShortcutConflict as error:  # a key the window took since: the button still works
                log.warning("p2p: %s is not bound to %s: %s", action_id, key, error)
                registry.register(action_id, title, None, P2P_CONTEXT)
            self.actions_by_id[action_id] = registry.bind(action_id, self, callback)
            shown = registry.key(action_id)
            button.setToolTip(self.tr("%1 (%2)").replace("%1", title).replace("%2", shown) if shown else title)

    # -- public ---------------------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._job is not None or not self._loaded

    def kind(self) -> str | None:
        return self.kind_box.currentData()

    def set_filter(self, kind: str | None = None, matched_only: bool = False) -> None:
        """Show one kind (None: every kind) and, when asked, only records that match a hash set."""
        self.kind_box.blockSignals(True)
        self.matched_box.blockSignals(True)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
        self.matched_box.setChecked(matched_only)
        self.kind_box.blockSignals(False)
        self.matched_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the records again with the filter shown (after an ingest commit, or a filter changed)."""
        if self._job is not None:
            self._job.cancel()
        case, kind, matched_only = self._session.case, self.kind(), self.matched_box.isChecked()
        self._job = self._session.jobs.read("p2p: records", lambda: p2p_overview(case, kind, matched_only),
                                            self._loaded_overview, self._failed)

    def clients(self) -> list[tuple[str, list[int]]]:
        """(client, record ids) in the order shown."""
        shown = []
        for row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(row)
            shown.append((group.data(0, CLIENT_ROLE),
                          [group.child(index).data(0, RECORD_ROLE) for index in range(group.childCount())]))
        return shown

    def selected_records(self) -> list[dict[str, Any]]:
        """The chosen record, or every record of the chosen client."""
        items = self.tree.selectedItems()
        if not items:
            return []
        item = items[0]
        record_id = item.data(0, RECORD_ROLE)
        if record_id is not None:
            return [self._records[record_id]]
        return [self._records[item.child(index).data(0, RECORD_ROLE)] for index in range(item.childCount())]

    def select_record(self, record_id: int) -> bool:
        for row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(row)
            for index in range(group.childCount()):
                if group.child(index).data(0, RECORD_ROLE) == record_id:
                    self.tree.setCurrentItem(group.child(index))
                    return True
        return False

    def select_client(self, client: str) -> bool:
        for row in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(row).data(0, CLIENT_ROLE) == client:
                self.tree.setCurrentItem(self.tree.topLevelItem(row))
                return True
        return False

    def content_ids(self) -> list[int]:
        """The file ids listed as the chosen record's content."""
        return [int(self.content.item(row, 0).data(Qt.ItemDataRole.DisplayRole))
                for row in range(self.content.rowCount())]

    def show_content(self) -> bool:
        """The file table scoped to the content files of the chosen record (or client)."""
        return self._show_files("content")

    def show_artifact(self) -> bool:
        """The file table scoped to the client files the chosen record (or client's records) were read from."""
        return self._show_files("artifact")

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: names, paths and what the client kept as text masked."""
        from heroes_desktop.gui.exposure import mask_text

        self._mask = mask_text if enabled else None
        if self.overview is not None:
            self._show_overview(self.overview)

    def shutdown(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    # -- showing --------------------------------------------------------------------------------------------------

    def _loaded_overview(self, overview: P2POverview) -> None:
        self._job = None
        self._loaded = True
        self.overview = overview
        self._show_overview(overview)

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self._loaded = True
        self.empty.setText(self.tr("The P2P records could not be read: %1").replace("%1", user_message(error)))
        self.empty.setVisible(True)

    def _show_overview(self, overview: P2POverview) -> None:
        chosen = self.selected_records()
        kept = chosen[0]["id"] if len(chosen) == 1 and self.tree.selectedItems()[0].data(0, RECORD_ROLE) else None
        self._fill_kinds(overview.kinds)
        self._records = {record["id"]: record for group in overview.clients for record in group.records}
        self.tree.clear()
        for group in overview.clients:
            item = QTreeWidgetItem(self.tree)
            item.setData(0, CLIENT_ROLE, group.client)
            item.setText(0, self._client_title(group.client, len(group.records), group.matched))
            item.setFirstColumnSpanned(True)
            for record in group.records:
                self._record_item(item, record)
            item.setExpanded(True)
        if overview.total == 0:
            self.empty.setText(self.tr(
                "No P2P records in this case. The p2p stage reads what P2P clients keep (torrent files, eMule, "
                "Shareaza and Ares files, µTorrent, qBittorrent and Transmission resume files) during an ingest, "
                "and the p2p-content stage links each record to the case files that are its content: run an "
                "ingest with these stages to fill this panel."))
        elif overview.shown == 0:
            self.empty.setText(self.tr("No P2P record matches the filter; the case holds %1.").replace(
                "%1", self._locale.toString(overview.total)))
        self.empty.setVisible(overview.shown == 0)
        self.split.setVisible(overview.shown > 0)
        matched = sum(group.matched for group in overview.clients)
        self.summary.setText(self.tr("Records shown: %1; matching a hash set: %2").replace(
            "%1", self._locale.toString(overview.shown)).replace("%2", self._locale.toString(matched)))
        if kept is None or not self.select_record(kept):
            self._show_selected()

    def _client_title(self, client: str, records: int, matched: int) -> str:
        name = CLIENT_NAMES.get(client) or (self.tr("Torrent files") if client == "torrent" else client)
        if matched:
            return self.tr("%1 (%2; matching a hash set: %3)").replace("%1", name).replace(
                "%2", self._locale.toString(records)).replace("%3", self._locale.toString(matched))
        return self.tr("%1 (%2)").replace("%1", name).replace("%2", self._locale.toString(records))

    def _record_item(self, parent: QTreeWidgetItem, record: dict[str, Any]) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent)
        item.setData(0, RECORD_ROLE, record["id"])
        hash_text = self._hash_text(record)
        values = (self._masked(record["name"]) or self.tr("(no name)"), record["kind"],
                  "" if record["size"] is None else self._locale.toString(int(record["size"])), hash_text,
                  "; ".join(f"{what} {when}" for what, when in record["times"].items()),
                  self._locale.toString(len(record["content_file_ids"])), self._masked(record["artifact_path"]),
                  self._matches_text(record["matches"]))
        for column, value in enumerate(values):
            item.setText(column, value)
        item.setToolTip(3, hash_text)
        if record["matches"]:
            font = QFont(item.font(0))
            font.setBold(True)
            for column in range(len(COLUMNS)):
                item.setFont(column, font)
        return item

    def _hash_text(self, record: dict[str, Any]) -> str:
        if record["infohash"]:
            return f"BTIH {record['infohash']}"
        if record["infohash_v2"]:
            return f"BTIH v2 {record['infohash_v2']}"
        return f"ED2K {record['ed2k']}" if record["ed2k"] else ""

    def _matches_text(self, found: list[dict[str, Any]]) -> str:
        parts = []
        for match in found:
            how = (self.tr("by the record's %1").replace("%1", str(match["kind"]).upper()) if match["via"] == "record"
                   else self.tr("by content file %1").replace("%1", str(match.get("file_id"))))
            text = f"{match['hashset']} ({match['category']}, {how})" if match["category"] else \
                f"{match['hashset']} ({how})"
            if text not in parts:
                parts.append(text)
        return "; ".join(parts)

    def _masked(self, text: str | None) -> str:
        if text is None:
            return ""
        return self._mask(text) if self._mask is not None else str(text)

    def _show_selected(self) -> None:
        chosen = self.selected_records()
        single = chosen[0] if len(chosen) == 1 and self.tree.selectedItems()[0].data(0, RECORD_ROLE) else None
        self.details.clear()
        if single is not None:
            for field, value in self._detail_rows(single):
                QTreeWidgetItem(self.details, [field, value])
        content = [entry for record in chosen for entry in record["content"]]
        content = list({entry["file_id"]: entry for entry in content}.values())
        self.content.setRowCount(len(content))
        for row, entry in enumerate(content):
            pieces = (f"{entry['pieces_matched']}/{entry['pieces_compared']}" if "pieces_compared" in entry else "")
            file_item = QTableWidgetItem()
            file_item.setData(Qt.ItemDataRole.DisplayRole, int(entry["file_id"]))
            self.content.setItem(row, 0, file_item)
            for column, value in ((1, self._masked(entry["path"])), (2, entry["basis"]), (3, pieces)):
                self.content.setItem(row, column, QTableWidgetItem(value))
        self.content_button.setEnabled(any(record["content_file_ids"] for record in chosen))
        self.artifact_button.setEnabled(bool(chosen))

    def _detail_rows(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        rows = [(self.tr("Client"), CLIENT_NAMES.get(record["client"], record["client"])),
                (self.tr("Kind"), record["kind"]), (self.tr("Name"), self._masked(record["name"]))]
        if record["size"] is not None:
            rows.append((self.tr("Size"), self._locale.toString(int(record["size"]))))
        for label, key in ((self.tr("BitTorrent info-hash (v1)"), "infohash"),
                           (self.tr("BitTorrent info-hash (v2)"), "infohash_v2"), (self.tr("ED2K"), "ed2k")):
            if record[key]:
                rows.append((label, record[key]))
        rows += [(what, when) for what, when in record["times"].items()]
        for key, value in record["details"].items():
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            if self._mask is not None and not isinstance(value, (int, float, bool)):
                text = self._mask(text)
            rows.append((key, text if len(text) <= DETAIL_CHARS else text[:DETAIL_CHARS] + "…"))
        rows.append((self.tr("Artifact"), self._masked(record["artifact_path"])))
        if record["matches"]:
            rows.append((self.tr("Hash-set match"), self._matches_text(record["matches"])))
        return rows

    def _fill_kinds(self, counts: dict[str, int]) -> None:
        current = self.kind_box.currentData()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem(self.tr("Every kind"), None)
        for kind in KINDS:
            self.kind_box.addItem(f"{kind} ({self._locale.toString(counts.get(kind, 0))})", kind)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(current), 0))
        self.kind_box.blockSignals(False)

    # -- sending files --------------------------------------------------------------------------------------------

    def _show_files(self, what: str) -> bool:
        chosen = self.selected_records()
        if not chosen:
            self.message.emit(self.tr("Choose a P2P record or a client first"))
            return False
        ids = files_of(chosen, what)
        if not ids:
            self.message.emit(self.tr("No case file is linked to this record as its content"))
            return False
        items = self.tree.selectedItems()
        record_id = items[0].data(0, RECORD_ROLE)
        if record_id is not None:
            name = self._masked(chosen[0]["name"]) or chosen[0]["kind"]
        else:
            client = items[0].data(0, CLIENT_ROLE)
            name = CLIENT_NAMES.get(client) or client
        label = (self.tr("P2P content: %1") if what == "content" else self.tr("P2P artifact: %1")).replace("%1", name)
        self.query_part_changed.emit({"scope": Scope.of_ids(ids, label)})
        return True

    def _request(self, row: int) -> None:
        if 0 <= row < self.content.rowCount():
            self.file_requested.emit(int(self.content.item(row, 0).data(Qt.ItemDataRole.DisplayRole)))
