"""The evidence tree: evidence items, their volumes, and the folders of each volume, read a level at a time.

A folder's sub-folders are found on the ``files_folder (volume_id, folder)`` index by skipping from one child to the
next (an index seek per child), never by reading every entry below it, so that opening the root of a volume with a
million entries costs as much as opening a small folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection

from heroes_desktop.browse.file_query import FolderRef
from heroes_desktop.case.case_file import Case

ORPHANS = "/$OrphanFiles"  # where The Sleuth Kit lists deleted entries whose parent folder is gone
PAST_SUBTREE = "0"  # the character after "/": every path below "/a" sorts before "/a0"


@dataclass(frozen=True)
class TreeNode:
    """One node: ``count`` is the entries directly in a folder, or every entry of an evidence item or volume."""

    kind: str  # evidence, volume, folder
    evidence_id: int
    volume_id: int | None
    folder: str | None
    label: str
    count: int
    has_children: bool
    deleted: bool = False
    flags: tuple[str, ...] = ()

    @property
    def ref(self) -> FolderRef:
        """The table's scope for this node (a folder: its entries directly)."""
        return FolderRef(self.evidence_id, self.volume_id, self.folder)


def tree_roots(case: Case) -> list[TreeNode]:
    """One node per evidence item, in the order they were added."""
    with case.reading() as connection:
        counts = dict(connection.exec_driver_sql(
            "SELECT v.evidence_id, sum((SELECT count(*) FROM files f WHERE f.volume_id = v.id)) "
            "FROM volumes v GROUP BY v.evidence_id").all())
        rows = connection.exec_driver_sql("SELECT id, label, format FROM evidence ORDER BY id").all()
        with_volumes = {row[0] for row in connection.exec_driver_sql("SELECT DISTINCT evidence_id FROM volumes")}
    return [TreeNode("evidence", evidence_id, None, None, f"{label} ({format_})", int(counts.get(evidence_id) or 0),
                     evidence_id in with_volumes) for evidence_id, label, format_ in rows]


def tree_children(case: Case, node: TreeNode) -> list[TreeNode]:
    """The volumes of an evidence item, or the sub-folders of a volume's root or of a folder, by name."""
    with case.reading() as connection:
        if node.kind == "evidence":
            return _volumes(connection, node.evidence_id)
        assert node.volume_id is not None
        parent = node.folder if node.kind == "folder" else "/"
        return _folders(connection, node.evidence_id, node.volume_id, parent or "/")


def _volumes(connection: Connection, evidence_id: int) -> list[TreeNode]:
    rows = connection.exec_driver_sql(
        "SELECT id, partition, description, fs_type, status, snapshot, layers, encryption FROM volumes "
        "WHERE evidence_id = ? ORDER BY id", (evidence_id,)).all()
    nodes = []
    for volume_id, partition, description, fs_type, status, snapshot, layers, encryption in rows:
        count = int(connection.exec_driver_sql("SELECT count(*) FROM files WHERE volume_id = ?",
                                               (volume_id,)).scalar_one())
        flags = []
        if snapshot:
            flags.append("snapshot")
        if status == "encrypted" or encryption or any(
                layer.get("kind") not in (None, "shadow-copy", "apfs") for layer in _layers(layers)):
            flags.append("encrypted")
        parts = [part for part in (f"partition {partition}" if partition is not None else None, description,
                                   fs_type, snapshot) if part]
        has_children = _first_below(connection, volume_id, "/") is not None
        nodes.append(TreeNode("volume", evidence_id, volume_id, None, " · ".join(dict.fromkeys(parts)) or "volume",
                              count, has_children, False, tuple(flags)))
    return nodes


def _layers(text: str | None) -> list[dict]:
    try:
        layers = json.loads(text or "[]")
    except ValueError:
        return []
    return [layer for layer in layers if isinstance(layer, dict)]


def _first_below(connection: Connection, volume_id: int, folder: str) -> str | None:
    """The first folder value strictly below ``folder`` (in its subtree), if any."""
    prefix = "/" if folder == "/" else folder + "/"
    return connection.exec_driver_sql(
        "SELECT min(folder) FROM files WHERE volume_id = ? AND folder > ? AND folder < ?",
        (volume_id, prefix, prefix[:-1] + PAST_SUBTREE)).scalar()


def child_folders(connection: Connection, volume_id: int, parent: str) -> list[str]:
    """The names of the folders directly below ``parent``: those holding entries, found by skipping along the
    folder index (each probe finds a new child or jumps past the subtree of one already found), and the empty
    directories among the parent's own entries."""
    prefix = "/" if parent == "/" else parent + "/"
    upper = prefix[:-1] + PAST_SUBTREE
    children: dict[str, None] = {}
    bound, inclusive = prefix, False  # the root's own value "/" is not a child; "/a/" is never a value
    while True:
        operator = ">=" if inclusive else ">"
        found = connection.exec_driver_sql(
            f"SELECT min(folder) FROM files WHERE volume_id = ? AND folder {operator} ? AND folder < ?",
            (volume_id, bound, upper)).scalar()
        if found is None:
            break
        child = found[len(prefix):].split("/", 1)[0]
        if not child:  # "/a/" cannot be a folder value, but never loop on it
            bound, inclusive = found, False
            continue
        children[child] = None
        own = prefix + child
        if found == own:
            bound, inclusive = own, False  # next: a sibling sorting between "c" and "c/" ("c-d"), or c's subtree
        else:
            bound, inclusive = own + PAST_SUBTREE, True  # past everything below "c/"
    for (name,) in connection.exec_driver_sql(  # empty folders hold no entry, but are entries of their parent
            "SELECT name FROM files WHERE volume_id = ? AND folder = ? AND kind = 'dir'", (volume_id, parent)):
        if name not in ("", ".", "..") and "/" not in name:  # the root's own entry has no name
            children.setdefault(name, None)
    return sorted(children, key=lambda name: (name.casefold(), name))


def _folders(connection: Connection, evidence_id: int, volume_id: int, parent: str) -> list[TreeNode]:
    prefix = "/" if parent == "/" else parent + "/"
    nodes = []
    for name in child_folders(connection, volume_id, parent):
        path = prefix + name
        count = int(connection.exec_driver_sql("SELECT count(*) FROM files WHERE volume_id = ? AND folder = ?",
                                               (volume_id, path)).scalar_one())
        entry = connection.exec_driver_sql(
            "SELECT kind, deleted FROM files WHERE name = ? COLLATE NOCASE AND path = ? AND +volume_id = ? "
            "ORDER BY deleted LIMIT 1", (name, path, volume_id)).first()
        deleted = bool(entry[1]) if entry is not None else False
        flags = []
        if deleted:
            flags.append("deleted")
        if path == ORPHANS or path.startswith(ORPHANS + "/"):
            flags.append("orphan")
        if entry is not None and entry[0] == "stream" or ":" in name:
            flags.append("stream")
        if entry is not None and entry[0] not in ("dir", "stream"):
            flags.append("container")  # a file whose members are listed below it (an archive, a mailbox)
        nodes.append(TreeNode("folder", evidence_id, volume_id, path, name, count,
                              _first_below(connection, volume_id, path) is not None, deleted, tuple(flags)))
    return nodes
