"""The People panel: who wrote to whom, and which phone, e-mail and bank account recur across documents.

Left, the entity browser (every entity of the case after the examiners' merges, filtered by kind and text, sorted
in the core); choosing one scopes the file table to its files. Right, its links: the entities found in the same
documents, drawn as a graph (nodes coloured by kind, edge width by shared documents) and listed for the keyboard;
choosing a link lists the documents behind it and scopes the file table to them, and a document opened there
(double-click or Enter) selects it in the window. "Merge into…" and "Withdraw merge" record the examiner's
decision with its custody event; a read-only session cannot.

The links and their layout are computed together in one background job (the core caps the neighbourhood); only
that capped graph is drawn, so a case of 100,000 entities never freezes the window.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem,
                               QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QSizePolicy, QSplitter, QTableView, QVBoxLayout, QWidget)

from heroes_desktop.browse.entity_index import (ENTITY_LABELS, EntityGraph, EntityKey, EntitySummary, GraphEdge,
                                                documents_of_link, entity_label_counts, entity_links, list_merges,
                                                merge_entities, withdraw_merge)
from heroes_desktop.browse.file_query import Scope, rows_for
from heroes_desktop.browse.graph_layout import graph_layout
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models.entity_model import COLUMNS, EntityFilter, EntityModel
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutConflict, shortcuts_of
from heroes_desktop.core.errors import HeroesError

CONTEXT = "people"
MERGE_ACTION = "people.merge"
WITHDRAW_ACTION = "people.withdraw_merge"
ZOOM_IN_ACTION = "people.zoom_in"
ZOOM_OUT_ACTION = "people.zoom_out"
ZOOM_RESET_ACTION = "people.zoom_reset"
FILTER_DELAY_MS = 250
GRAPH_NODES = 60  # the neighbourhood drawn: the seed and its strongest neighbours
DRAWN_EDGES = 400  # the strongest links drawn (the list beside the graph has them all)
SCENE_RADIUS = 300.0
NODE_RADIUS = 9.0
DOCUMENTS_LISTED = 2_000
LABEL_COLOURS = {
    "PERSON": "#1f77b4", "ORG": "#ff7f0e", "LOC": "#2ca02c", "EMAIL": "#d62728", "PHONE": "#9467bd",
    "URL": "#8c564b", "IP": "#7f7f7f", "IBAN": "#e377c2", "CARD": "#bcbd22", "CRYPTO": "#17becf",
    "HANDLE": "#393b79", "TERM": "#637939",
}
KEY_DATA = 0  # QGraphicsItem data slot: the node's entity key or the edge's (a, b)


def link_title(edge: GraphEdge, texts: dict[EntityKey, str]) -> str:
    """A link's chip text: "PHONE +44 20 7946 0301 + IBAN GB29 NWBK ..." (written forms)."""
    return f"{edge.a[0]} {texts.get(edge.a, edge.a[1])} + {edge.b[0]} {texts.get(edge.b, edge.b[1])}"


class LinksGraphView(QGraphicsView):
    """The drawn graph: the wheel zooms (under the pointer), dragging pans; ``pair_chosen(a, b)`` when an edge is
    clicked or two nodes are selected together (Ctrl-click)."""

    pair_chosen = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nodes: dict[EntityKey, QGraphicsEllipseItem] = {}
        self.edges: dict[frozenset, QGraphicsLineItem] = {}
        self.scene().selectionChanged.connect(self._selection_changed)

    def show_graph(self, graph: EntityGraph, places: dict[EntityKey, tuple[float, float]]) -> None:
        """Draw ``graph`` at ``places`` (from the job): at most DRAWN_EDGES edges, the strongest."""
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        scene.blockSignals(False)
        self.nodes.clear()
        self.edges.clear()
        strongest = max((edge.shared for edge in graph.edges), default=1)
        for edge in graph.edges[:DRAWN_EDGES]:
            if edge.a not in places or edge.b not in places:
                continue
            line = QGraphicsLineItem(*self._point(places[edge.a]), *self._point(places[edge.b]))
            width = 1.0 + 5.0 * math.log1p(edge.shared) / math.log1p(strongest)
            line.setPen(QPen(QColor("#888888"), width))
            line.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            line.setData(KEY_DATA, (edge.a, edge.b))
            line.setToolTip(self.tr("%n shared document(s)", "", edge.shared))
            line.setZValue(0)
            scene.addItem(line)
            self.edges[frozenset((edge.a, edge.b))] = line
        font = QFont()
        font.setPointSizeF(8.0)
        for node in graph.nodes:
            x, y = self._point(places.get(node.key, (0.0, 0.0)))
            radius = NODE_RADIUS * (1.6 if node.key == graph.seed else 1.0)
            item = QGraphicsEllipseItem(QRectF(-radius, -radius, 2 * radius, 2 * radius))
            item.setPos(x, y)
            item.setBrush(QBrush(QColor(LABEL_COLOURS.get(node.label, "#555555"))))
            item.setPen(QPen(QColor("#000000"), 2.0 if node.key == graph.seed else 0.5))
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            item.setData(KEY_DATA, node.key)
            item.setToolTip(f"{node.label}: {node.text} ({self.tr('%n file(s)', '', node.files)})")
            item.setZValue(1)
            name = QGraphicsSimpleTextItem(node.text[:40], item)
            name.setFont(font)
            name.setPos(radius + 2, -radius)
            scene.addItem(item)
            self.nodes[node.key] = item
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        self.reset_zoom()

    @staticmethod
    def _point(place: tuple[float, float]) -> tuple[float, float]:
        return place[0] * SCENE_RADIUS, place[1] * SCENE_RADIUS

    def select_pair(self, a: EntityKey, b: EntityKey) -> None:
        """Show a link as chosen (from the list), without emitting again."""
        scene = self.scene()
        scene.blockSignals(True)
        scene.clearSelection()
        line = self.edges.get(frozenset((a, b)))
        if line is not None:
            line.setSelected(True)
            self.ensureVisible(line)
        scene.blockSignals(False)

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 20:
            self.scale(factor, factor)

    def reset_zoom(self) -> None:
        self.resetTransform()
        if self.scene().items():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(1.15 ** steps)
        event.accept()

    def _selection_changed(self) -> None:
        chosen = self.scene().selectedItems()
        lines = [item for item in chosen if isinstance(item, QGraphicsLineItem)]
        nodes = [item for item in chosen if isinstance(item, QGraphicsEllipseItem)]
        if len(lines) == 1 and not nodes:
            a, b = lines[0].data(KEY_DATA)
            self.pair_chosen.emit(a, b)
        elif len(nodes) == 2 and not lines:
            self.pair_chosen.emit(nodes[0].data(KEY_DATA), nodes[1].data(KEY_DATA))


class PeopleView(QWidget):
    """``query_part_changed({"scope": Scope})`` when an entity or a link is chosen; ``file_requested(file_id)``
    when a document behind a link is opened; ``entity_selected(EntitySummary | None)``; ``message(str)`` after a
    merge or a failure. ``refresh()`` after new results landed; ``shutdown()`` before the case closes."""

    query_part_changed = Signal(object)
    file_requested = Signal(int)
    entity_selected = Signal(object)
    message = Signal(str)
    graph_shown = Signal(object)  # the EntityGraph drawn
    documents_shown = Signal(object)  # the file ids listed for the chosen link

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people")
        self._session = session
        self._closed = False
        self._current: EntitySummary | None = None
        self._graph: EntityGraph | None = None
        self._texts: dict[EntityKey, str] = {}
        self._pair: tuple[EntityKey, EntityKey] | None = None
        self._links_job: Job | None = None
        self._documents_job: Job | None = None
        self._counts_job: Job | None = None
        self._label_counts: dict[str, int] = {}
        self.model = EntityModel(session, self)
        self._build()
        self._register_actions()
        self.model.loaded.connect(self._loaded)
        self.model.load_failed.connect(self._show_error)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._update_actions()
        self.refresh()

    # ------------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind of entity"))
        self.kind.addItem(self.tr("Every kind"), None)
        self.kind.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("Filter by name, number, address…"))
        self.text_filter.setAccessibleName(self.tr("Filter entities by text"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.text_filter.returnPressed.connect(self._apply_filter)
        self.merge_button = QPushButton(self.tr("Merge into…"), self)
        self.merge_button.setAccessibleName(self.tr("Merge the selected entity into another"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.withdraw_button = QPushButton(self.tr("Withdraw merge"), self)
        self.withdraw_button.setAccessibleName(self.tr("Withdraw a merge into the selected entity"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.text_filter, 1)
        bar.addWidget(self.merge_button)
        bar.addWidget(self.withdraw_button)

        self.table = QTableView(self)
        self.table.setObjectName("people_entities")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Entities of the case"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(
            [column.key for column in COLUMNS].index("files"), Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._entity_changed())
        self.table.activated.connect(lambda _index: self._entity_changed())
        self.count_label = QLabel(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.graph = LinksGraphView(self)
        self.graph.setObjectName("people_graph")
        self.graph.setAccessibleName(self.tr("Links between entities"))
        self.graph.pair_chosen.connect(self.choose_link)
        self.links = QListWidget(self)
        self.links.setObjectName("people_links")
        self.links.setAccessibleName(self.tr("Links of the selected entity, strongest first"))
        self.links.currentRowChanged.connect(self._link_row_changed)
        self.documents = QListWidget(self)
        self.documents.setObjectName("people_documents")
        self.documents.setAccessibleName(self.tr("Documents behind the chosen link"))
        self.documents.itemActivated.connect(self._document_activated)
        self.documents.itemDoubleClicked.connect(self._document_activated)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        lists = QSplitter(Qt.Orientation.Vertical, self)
        lists.addWidget(self.links)
        lists.addWidget(self.documents)
        for widget in (self.links, self.documents):  # long link texts scroll; they never squeeze the graph
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            widget.setMinimumWidth(200)
        self.graph.setMinimumSize(320, 240)
        right = QSplitter(Qt.Orientation.Horizontal, self)
        right.addWidget(self.graph)
        right.addWidget(lists)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([600, 400])
        right_panel = QWidget(self)
        right_layout = QVBoxLayout(right_panel)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(right, 1)
        right_layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        self.setFocusProxy(self.table)
        for first, second in ((self.kind, self.text_filter), (self.text_filter, self.table),
                              (self.table, self.graph), (self.graph, self.links), (self.links, self.documents)):
            QWidget.setTabOrder(first, second)

    def _register_actions(self) -> None:
        registry = shortcuts_of(self._session)
        registry.register_context(CONTEXT, self.tr("People"))
        self.actions_by_id = {}
        for action_id, title, key, callback in (
                (MERGE_ACTION, self.tr("Merge the selected entity into another…"), "Ctrl+Shift+M",
                 self.merge_selected),
                (WITHDRAW_ACTION, self.tr("Withdraw a merge into the selected entity"), None, self.withdraw_selected),
                (ZOOM_IN_ACTION, self.tr("Zoom into the links graph"), "Ctrl+=", lambda: self.graph.zoom(1.25)),
                (ZOOM_OUT_ACTION, self.tr("Zoom out of the links graph"), "Ctrl+-", lambda: self.graph.zoom(0.8)),
                (ZOOM_RESET_ACTION, self.tr("Fit the links graph"), "Ctrl+Shift+0", self.graph.reset_zoom)):
            try:
                registry.register(action_id, title, key, CONTEXT)
            except ShortcutConflict:  # a key the window holds already: the action stays, without a key
                registry.register(action_id, title, None, CONTEXT)
            self.actions_by_id[action_id] = registry.bind(action_id, self, callback)

    # ------------------------------------------------------------------------------------------------- loading

    def refresh(self) -> None:
        """Count again and read the shown entities and links again (new results landed, a merge changed them)."""
        if self._closed:
            return
        case = self._session.case
        if self._counts_job is not None:
            self._counts_job.cancel()
        self._counts_job = self._session.jobs.read("people: counts per kind", lambda: entity_label_counts(case),
                                                   self._counts_arrived, self._failed, background=True)
        self.model.refresh()
        if self._current is not None:
            self._load_links(self._current.key)

    def _counts_arrived(self, counts: dict[str, int]) -> None:
        self._counts_job = None
        if self._closed:
            return
        self._label_counts = dict(counts)
        chosen = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("Every kind (%1)").replace("%1", str(sum(counts.values()))), None)
        for label in ENTITY_LABELS:
            if label in counts:
                self.kind.addItem(f"{label} ({counts[label]})", label)
        index = self.kind.findData(chosen)
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        label = self.kind.currentData()
        current = self.model.filter
        chosen = EntityFilter((label,) if label else None, self.text_filter.text().strip(), current.sort,
                              current.descending)
        if chosen != current:
            self.model.set_filter(chosen)

    def _loaded(self, count: int) -> None:
        self.error.setVisible(False)
        self.count_label.setText(self.tr("%n entities", "", count))
        if self._current is not None:
            row = self.model.row_of(self._current.key)
            if row >= 0:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
                self._current = self.model.summary(row)
        self._update_actions()

    # ---------------------------------------------------------------------------------------------- an entity

    def selected_summary(self) -> EntitySummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()) if rows else None

    def _entity_changed(self) -> None:
        summary = self.selected_summary()
        if summary is None or (self._current is not None and summary.key == self._current.key):
            self._current = summary or self._current  # the same entity read again (its aliases may differ)
            self._update_actions()
            return
        self._current = summary
        self.entity_selected.emit(summary)
        self.query_part_changed.emit({"scope": Scope.of_entity(summary.label, summary.normalized, summary.text)})
        self._load_links(summary.key)
        self._update_actions()

    def _load_links(self, key: EntityKey) -> None:
        if self._links_job is not None:
            self._links_job.cancel()
        case = self._session.case

        def work() -> tuple[EntityGraph, dict[EntityKey, tuple[float, float]]]:
            graph = entity_links(case, key[0], key[1], limit=GRAPH_NODES)
            return graph, graph_layout(graph)

        self.note.setText(self.tr("Reading the links…"))
        self._links_job = self._session.jobs.read("people: links", work, self._links_arrived, self._failed)

    def _links_arrived(self, result: tuple[EntityGraph, dict[EntityKey, tuple[float, float]]]) -> None:
        self._links_job = None
        if self._closed:
            return
        graph, places = result
        self._graph = graph
        self._texts = {node.key: node.text for node in graph.nodes}
        self.graph.show_graph(graph, places)
        seed = graph.seed
        self.links.blockSignals(True)
        self.links.clear()
        for edge in graph.edges:
            if seed is not None and seed not in (edge.a, edge.b):
                continue
            other = edge.b if edge.a == seed else edge.a
            item = QListWidgetItem(self.tr("%1 %2 — %n shared document(s)", "", edge.shared)
                                   .replace("%1", other[0]).replace("%2", self._texts.get(other, other[1])))
            item.setData(Qt.ItemDataRole.UserRole, (edge.a, edge.b))
            self.links.addItem(item)
        self.links.blockSignals(False)
        self.documents.clear()
        self._pair = None
        note = self.tr("%n linked entities", "", max(0, len(graph.nodes) - 1))
        if graph.capped:
            note += " — " + self.tr("only part is shown: %1").replace("%1", graph.note)
        self.note.setText(note)
        self.graph_shown.emit(graph)

    # -------------------------------------------------------------------------------------------------- a link

    def _link_row_changed(self, row: int) -> None:
        item = self.links.item(row) if row >= 0 else None
        if item is None:
            return
        a, b = item.data(Qt.ItemDataRole.UserRole)
        self.graph.select_pair(a, b)
        self.choose_link(a, b)

    def choose_link(self, a: EntityKey, b: EntityKey) -> None:
        """List the documents behind the link a–b and scope the file table to them."""
        a, b = tuple(a), tuple(b)
        if self._pair is not None and set(self._pair) == {a, b}:
            return
        self._pair = (a, b)
        if self._documents_job is not None:
            self._documents_job.cancel()
        case = self._session.case

        def work() -> tuple[list[int], dict[int, str]]:
            ids = documents_of_link(case, a, b)
            names = {row.id: row.path for row in rows_for(case, ids[:DOCUMENTS_LISTED])}
            return ids, names

        def done(result: tuple[list[int], dict[int, str]]) -> None:
            self._documents_job = None
            if self._closed:
                return
            ids, names = result
            self.documents.clear()
            for file_id in ids[:DOCUMENTS_LISTED]:
                item = QListWidgetItem(names.get(file_id, str(file_id)))
                item.setData(Qt.ItemDataRole.UserRole, file_id)
                item.setToolTip(self.tr("File %1: double-click or Enter to open").replace("%1", str(file_id)))
                self.documents.addItem(item)
            edge = GraphEdge(a, b, len(ids))
            self.query_part_changed.emit({"scope": Scope.of_ids(ids, link_title(edge, self._texts))})
            self.documents_shown.emit(list(ids))

        self._documents_job = self._session.jobs.read("people: documents of a link", work, done, self._failed)

    def _document_activated(self, item: QListWidgetItem) -> None:
        file_id = item.data(Qt.ItemDataRole.UserRole)
        if file_id is not None:
            self.file_requested.emit(int(file_id))

    # ------------------------------------------------------------------------------------------------ merging

    def _update_actions(self) -> None:
        writable = not self._session.read_only
        chosen = self._current is not None
        self.merge_button.setEnabled(writable and chosen)
        self.withdraw_button.setEnabled(writable and chosen and bool(self._current and self._current.aliases))
        self.actions_by_id[MERGE_ACTION].setEnabled(self.merge_button.isEnabled())
        self.actions_by_id[WITHDRAW_ACTION].setEnabled(self.withdraw_button.isEnabled())
        if self._session.read_only:
            tip = self.tr("This session is read-only: merges cannot be recorded")
            self.merge_button.setToolTip(tip)
            self.withdraw_button.setToolTip(tip)

    def merge_targets(self) -> list[EntitySummary]:
        """The entities a merge of the selected one may go into: those listed now, of any kind, but itself."""
        current = self._current
        return [summary for summary in self.model.loaded_summaries() if current is None or summary.key != current.key]

    def choose_target(self, targets: list[EntitySummary]) -> EntitySummary | None:
        """Ask which entity to merge into (tests replace this)."""
        names = [f"{summary.label}: {summary.text} ({summary.normalized})" for summary in targets]
        name, accepted = QInputDialog.getItem(self, self.tr("Merge into…"),
                                              self.tr("Merge the selected entity into:"), names, 0, False)
        return targets[names.index(name)] if accepted and name in names else None

    def confirm(self, question: str) -> bool:
        """Ask yes or no (tests replace this)."""
        answer = QMessageBox.question(self, self.tr("People"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def merge_selected(self) -> None:
        source = self._current
        if source is None or self._session.read_only:
            return
        targets = self.merge_targets()
        if not targets:
            self.message.emit(self.tr("No other entity is listed to merge into: clear the filter first"))
            return
        target = self.choose_target(targets)
        if target is None:
            return
        question = (self.tr("Count %1 under %2 from now on? The entities stay as found; the merge is recorded in the "
                            "custody log and can be withdrawn.")
                    .replace("%1", f"{source.label} {source.text}").replace("%2", f"{target.label} {target.text}"))
        if not self.confirm(question):
            return
        case = self._session.case
        self._session.jobs.write("people: merge entities", lambda: merge_entities(case, source.key, target.key),
                                 lambda details: self._merged(target, details), self._failed)

    def _merged(self, target: EntitySummary, details: dict[str, Any]) -> None:
        if self._closed:
            return
        into = details.get("into", {})
        self._current = None
        self.message.emit(self.tr("Merged: %n file(s) now count under %1", "", int(details.get("file_count", 0)))
                          .replace("%1", f"{into.get('label', target.label)} {into.get('normalized', target.normalized)}"))
        self._select_after_reload((into.get("label", target.label), into.get("normalized", target.normalized)))
        self.refresh()

    def withdraw_selected(self) -> None:
        current = self._current
        if current is None or self._session.read_only or not current.aliases:
            return
        case = self._session.case

        def work() -> list[Any]:
            return [merge for merge in list_merges(case) if merge.source in current.aliases]

        self._session.jobs.read("people: merges", work, lambda merges: self._choose_withdrawal(current, merges),
                                self._failed)

    def choose_merge(self, merges: list[Any]) -> Any | None:
        """Ask which merge to withdraw when there are several (tests replace this)."""
        if len(merges) == 1:
            return merges[0]
        names = [f"{merge.source[0]} {merge.source[1]} → {merge.target[0]} {merge.target[1]}" for merge in merges]
        name, accepted = QInputDialog.getItem(self, self.tr("Withdraw merge"), self.tr("Withdraw the merge of:"),
                                              names, 0, False)
        return merges[names.index(name)] if accepted and name in names else None

    def _choose_withdrawal(self, current: EntitySummary, merges: list[Any]) -> None:
        if self._closed or not merges:
            return
        merge = self.choose_merge(merges)
        if merge is None:
            return
        question = (self.tr("Withdraw the merge of %1 into %2? The withdrawal is recorded in the custody log.")
                    .replace("%1", f"{merge.source[0]} {merge.source[1]}")
                    .replace("%2", f"{merge.target[0]} {merge.target[1]}"))
        if not self.confirm(question):
            return
        case = self._session.case

        def done(details: dict[str, Any]) -> None:
            if self._closed:
                return
            self._current = None
            self.message.emit(self.tr("Merge withdrawn: %1 counts on its own again")
                              .replace("%1", f"{merge.source[0]} {merge.source[1]}"))
            self._select_after_reload(current.key)
            self.refresh()

        self._session.jobs.write("people: withdraw merge", lambda: withdraw_merge(case, merge.id), done, self._failed)

    def _select_after_reload(self, key: EntityKey) -> None:
        """Once the rows are read again, select ``key`` (the merge's target) if it is among them."""
        def select(_count: int) -> None:
            self.model.loaded.disconnect(select)
            row = self.model.row_of(key)
            if row >= 0:
                self.table.selectRow(row)

        self.model.loaded.connect(select)

    # ------------------------------------------------------------------------------------------------- errors

    def _failed(self, error: BaseException) -> None:
        if self._closed:
            return
        if not isinstance(error, (HeroesError, ValueError, OSError)):
            report_unexpected(error, "people panel")
        self._show_error(user_message(error))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.message.emit(text)

    def shutdown(self) -> None:
        """Drop what is in flight; later answers are ignored (the case is closing)."""
        self._closed = True
        self._filter_timer.stop()
        for job in (self._links_job, self._documents_job, self._counts_job):
            if job is not None:
                job.cancel()
        self.model.cancel()
