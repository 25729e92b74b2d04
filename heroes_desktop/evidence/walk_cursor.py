"""Where a depth-first walk stands, as plain data, so that a walk can stop after any batch and go on later.

A walk lists each directory in a fixed order and keeps a stack of the directories still to list; the cursor is that
stack (with how far into its directory the top frame got) and the set of directories already entered. Stored in the
case with the batch it ends, it lets an interrupted walk resume to exactly the entries an uninterrupted one lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Frame:
    """A directory still to list (or being listed): its reference, its path, its depth, children already done."""

    ref: Any  # a TSK metadata address, or a folder path relative to the walk's root
    path: str
    depth: int
    position: int = 0


@dataclass
class WalkCursor:
    stack: list[Frame] = field(default_factory=list)
    visited: set[Any] = field(default_factory=set)
    started: bool = False  # the root entry has been listed

    def as_json(self) -> dict[str, Any]:
        return {"stack": [[f.ref, f.path, f.depth, f.position] for f in self.stack],
                "visited": sorted(self.visited, key=str), "started": self.started}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> WalkCursor:
        if not data:
            return cls()
        return cls(stack=[Frame(*frame) for frame in data["stack"]], visited=set(data["visited"]),
                   started=bool(data["started"]))


# list_frame(frame, entries, pushed, cursor, limit) -> where to resume inside the frame's directory, or None when done
FrameLister = Callable[[Frame, list[Any], list[Frame], WalkCursor, int], "int | None"]


def walk_depth_first(cursor: WalkCursor, limit: int, root_ref: Any, root_entries: Callable[[], list[Any]],
                     list_frame: FrameLister) -> list[Any]:
    """The depth-first walk every file-system walker shares: up to about ``limit`` entries from where ``cursor``
    stands, the cursor moved past them. A directory stopped inside goes back on top of the stack, above the
    folders it has shown so far, so that a resumed walk lists exactly what one uninterrupted walk lists."""
    entries: list[Any] = []
    if not cursor.started:
        entries.extend(root_entries())
        cursor.started = True
        cursor.stack = [Frame(root_ref, "", 0)]
        cursor.visited = {root_ref}
    while cursor.stack and len(entries) < limit:
        frame = cursor.stack.pop()
        pushed: list[Frame] = []
        position = list_frame(frame, entries, pushed, cursor, limit)
        cursor.stack.extend(pushed)
        if position is not None:
            frame.position = position
            cursor.stack.append(frame)
    return entries
