"""The evidence tree's model: evidence → volumes and partitions → folders, each level read from the core only when
it is expanded (``canFetchMore``/``fetchMore``), off the GUI thread. Deleted, orphan and stream entries are marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from heroes_desktop.browse.evidence_tree import TreeNode, tree_children, tree_roots
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.session import CaseSession

NODE_ROLE = Qt.ItemDataRole.UserRole + 1  # the core's TreeNode
REF_ROLE = Qt.ItemDataRole.UserRole + 2  # the FolderRef that scopes the file table

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Item:
    """One shown node; ``children`` is None until its level has been read."""

    key: int
    node: TreeNode | None
    parent: _Item | None
    row: int = 0
    children: list[_Item] | None = None
    job: Job | None = field(default=None, repr=False)
    error: str = ""


class EvidenceTreeModel(QAbstractItemModel):
    """Lazy tree over :func:`tree_roots` / :func:`tree_children`. ``load_failed(message)`` when a level cannot be
    read; ``level_loaded(index)`` when one arrived (the invalid index for the roots)."""

    load_failed = Signal(str)
    level_loaded = Signal(QModelIndex)

    def __init__(self, session: CaseSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._keys = count(1)
        self._items: dict[int, _Item] = {}
        self._root = _Item(0, None, None)

    # ----------------------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        """Forget every level read so far and read the roots again (new evidence, an ingest committed)."""
        self.beginResetModel()
        self._cancel(self._root)
        self._items.clear()
        self._root = _Item(0, None, None)
        self.endResetModel()

    def refresh(self) -> None:
        """Read every level already shown again (an ingest committed): counts change in place, new folders are
        inserted where they sort, and only a level that lost entries is rebuilt (collapsing below it)."""
        for item in [self._root, *self._items.values()]:
            if item.children is not None and item.job is None:
                self._refetch(item)

    def _refetch(self, item: _Item) -> None:
        case, node = self._session.case, item.node

        def work() -> list[TreeNode]:
            return tree_roots(case) if node is None else tree_children(case, node)

        def done(nodes: list[TreeNode]) -> None:
            item.job = None
            if item is not self._root and self._items.get(item.key) is not item:
                return
            self._merge(item, list(nodes))

        def failed(error: BaseException) -> None:
            item.job = None
            self.load_failed.emit(user_message(error))

        item.job = self._session.jobs.read("evidence tree: refresh", work, done, failed)

    def _merge(self, item: _Item, nodes: list[TreeNode]) -> None:
        parent_index = self._index_of(item)
        old = item.children or []
        old_keys = [_node_key(child.node) for child in old]
        new_keys = [_node_key(node) for node in nodes]
        position = iter(new_keys)
        if all(key in position for key in old_keys):  # nothing gone, order kept: update, then insert the new
            by_key = {key: child for key, child in zip(old_keys, old)}
            for key, node in zip(new_keys, nodes):
                if key in by_key:
                    by_key[key].node = node
            if old:
                self.dataChanged.emit(self.index(0, 0, parent_index), self.index(len(old) - 1, 0, parent_index))
            for row, (key, node) in enumerate(zip(new_keys, nodes)):
                if key in by_key:
                    continue
                self.beginInsertRows(parent_index, row, row)
                child = _Item(next(self._keys), node, item, row)
                self._items[child.key] = child
                assert item.children is not None
                item.children.insert(row, child)
                for later, sibling in enumerate(item.children):
                    sibling.row = later
                self.endInsertRows()
            return
        if old:
            self.beginRemoveRows(parent_index, 0, len(old) - 1)
            for child in old:
                self._forget(child)
            item.children = []
            self.endRemoveRows()
        item.children = []
        if nodes:
            self.beginInsertRows(parent_index, 0, len(nodes) - 1)
            for row, node in enumerate(nodes):
                child = _Item(next(self._keys), node, item, row)
                self._items[child.key] = child
                item.children.append(child)
            self.endInsertRows()

    def _forget(self, item: _Item) -> None:
        self._cancel(item)
        for child in item.children or ():
            self._forget(child)
        self._items.pop(item.key, None)

    def _cancel(self, item: _Item) -> None:
        if item.job is not None:
            item.job.cancel()
        for child in item.children or ():
            self._cancel(child)

    @property
    def loading(self) -> bool:
        """Whether some level is still being read."""
        return any(item.job is not None for item in (self._root, *self._items.values()))

    def _item(self, index: Index) -> _Item:
        if not index.isValid():
            return self._root
        return self._items[index.internalId()]

    def is_loaded(self, index: Index) -> bool:
        """Whether the level below ``index`` has been read (the invalid index: the roots)."""
        return self._item(index).children is not None

    def node(self, index: Index) -> TreeNode | None:
        return self._item(index).node if index.isValid() else None

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 - Qt's name
        item = self._item(parent)
        if item.children is not None or item.job is not None or item.error:
            return False
        return item.node is None or item.node.has_children

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 - Qt's name
        item = self._item(parent)
        if item.children is not None or item.job is not None:
            return
        case, node = self._session.case, item.node

        def work() -> list[TreeNode]:
            return tree_roots(case) if node is None else tree_children(case, node)

        def done(nodes: list[TreeNode]) -> None:
            # item.job stays set until the rows are in: a view (or the model tester) asking canFetchMore from
            # inside the insertion signals must not start a second read of this level
            if item is not self._root and self._items.get(item.key) is not item:
                item.job = None
                return  # reloaded meanwhile
            parent_index = self._index_of(item)
            if nodes:
                self.beginInsertRows(parent_index, 0, len(nodes) - 1)
                item.children = []
                for row, child_node in enumerate(nodes):
                    child = _Item(next(self._keys), child_node, item, row)
                    self._items[child.key] = child
                    item.children.append(child)
                self.endInsertRows()
            else:
                item.children = []
            item.job = None
            self.level_loaded.emit(parent_index)

        def failed(error: BaseException) -> None:
            item.job = None
            item.error = user_message(error)
            self.load_failed.emit(item.error)

        item.job = self._session.jobs.read("evidence tree", work, done, failed)

    def _index_of(self, item: _Item) -> QModelIndex:
        if item is self._root or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.row, 0, item.key)

    # --------------------------------------------------------------------------------------- the Qt interface

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        item = self._item(parent)
        if item.children is None or row >= len(item.children):
            return QModelIndex()
        return self.createIndex(row, 0, item.children[row].key)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        item = self._items.get(index.internalId())
        if item is None or item.parent is None or item.parent is self._root:
            return QModelIndex()
        return self._index_of(item.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if parent.isValid() and parent.column() != 0:
            return 0
        children = self._item(parent).children
        return len(children) if children is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        if parent.isValid() and parent.column() != 0:
            return False
        item = self._item(parent)
        if item.children is not None:
            return bool(item.children)
        return item.node is None or item.node.has_children

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Evidence")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items.get(index.internalId())
        if item is None or item.node is None:
            return None
        node = item.node
        if role == Qt.ItemDataRole.DisplayRole:
            marks = "".join(f" [{self._flag_title(flag)}]" for flag in self._flags(node))
            return f"{node.label} ({node.count}){marks}" if node.count else f"{node.label}{marks}"
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [node.label, counted("EvidenceTreeModel", "%n file(s) directly here", node.count)]
            parts += [self._flag_title(flag) for flag in self._flags(node)]
            if item.error:
                parts.append(item.error)
            return "\n".join(parts)
        if role == Qt.ItemDataRole.FontRole and node.deleted:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and node.deleted:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == NODE_ROLE:
            return node
        if role == REF_ROLE:
            return node.ref
        return None

    @staticmethod
    def _flags(node: TreeNode) -> tuple[str, ...]:
        flags = tuple(node.flags)
        return flags if not node.deleted or "deleted" in flags else ("deleted", *flags)

    def _flag_title(self, flag: str) -> str:
        titles = {"deleted": self.tr("deleted"), "orphan": self.tr("orphan"), "stream": self.tr("stream"),
                  "snapshot": self.tr("snapshot"), "encrypted": self.tr("encrypted"),
                  "container": self.tr("container")}
        return titles.get(flag, flag)


def _node_key(node: TreeNode | None) -> tuple[object, ...]:
    """What makes two reads of a level the same node (its counts may differ)."""
    if node is None:
        return ()
    return (node.kind, node.evidence_id, node.volume_id, node.folder)
