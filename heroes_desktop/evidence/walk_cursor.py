"""Where a depth-first walk stands, as plain data, so that a walk can stop after any batch and go on later.

A walk lists each directory in a fixed order and keeps a stack of the directories still to list; the cursor is that
stack (with how far into its directory the top frame got) and the set of directories already entered. Stored in the
case with the batch it ends, it lets an interrupted walk resume to exactly the entries an uninterrupted one lists.
"""

from __future__ import annotations

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
