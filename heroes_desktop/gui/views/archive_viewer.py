"""The archive viewer: the members of a zip, 7z or tar item as the case holds them (the container stage expanded
it), each opening with a double-click or Enter (``file_requested``); or, when the case holds none, the archive's
directory read from its bytes, nothing extracted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.rich_viewer import ReadItem, RichViewer

MAX_SHOWN = 5_000  # items made on the GUI thread; an archive of more says how many are not shown
LoadMembers = Callable[[int], list[Any]]  # file id -> the case's members of it (archive_members.ArchiveMember)


class ArchiveViewer(RichViewer):
    file_requested = Signal(int)

    def __init__(self, jobs: Jobs, read_item: ReadItem, load_members: LoadMembers,
                 parent: QWidget | None = None) -> None:
        super().__init__(jobs, read_item, parent)
        self._load_members = load_members
        self.listing: Any = None
        self.widget = QWidget(self)
        self.summary = QLabel(self.widget)
        self.summary.setWordWrap(True)
        self.members = QTreeWidget(self.widget)
        self.members.setHeaderLabels([self.tr("Name"), self.tr("Size"), self.tr("Modified (UTC)"),
                                      self.tr("Compressed"), self.tr("Encrypted")])
        self.members.setRootIsDecorated(False)
        self.members.setUniformRowHeights(True)
        self.members.setSelectionMode(QAbstractItemView.SingleSelection)
        self.members.setAccessibleName(self.tr("Archive members"))
        self.members.setColumnWidth(0, 320)
        self.members.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.members, 1)
        self.stack.addWidget(self.widget)
        self.say(self.tr("No item selected"))

    def content_page(self) -> QWidget:
        return self.widget

    def applies(self, record: dict[str, Any]) -> str | None:
        from heroes_desktop.browse.archive_members import archive_kind
        if record.get("container") or archive_kind(record.get("mime"), record.get("name")):
            return None
        return self.tr("Not an archive: the Archive tab lists the members of zip, 7z and tar files.")

    def reset(self) -> None:
        self.listing = None
        self.members.clear()
        self.summary.setText("")

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        from heroes_desktop.browse.archive_members import (MAX_LISTED_BYTES, ArchiveListing, archive_kind,
                                                           list_archive)
        kind = record.get("container") or archive_kind(record.get("mime"), record.get("name")) or ""
        name = str(record.get("name") or "")
        members, read = self._load_members, self.read_all(file_id, MAX_LISTED_BYTES)

        def work() -> Any:
            found = members(file_id)
            if found:
                return ArchiveListing(kind, "case", tuple(found))
            return list_archive(read(), kind, name)

        self.run(self.tr("Reading the archive's members…"), work, self._loaded, "archive members")

    def _loaded(self, listing: Any) -> None:
        self.listing = listing
        count = len(listing.members)
        if listing.source == "case":
            text = self.tr("{0} members in the case (expanded at ingest); double-click or Enter opens one.").format(
                f"{count:,}")
        else:
            text = self.tr("The case holds no members of this archive (the container stage did not expand it): "
                           "its directory, read from the archive ({0} entries, nothing extracted).").format(
                f"{count:,}")
        if listing.notes:
            text += " " + " · ".join(listing.notes)
        if count > MAX_SHOWN:
            text += " " + self.tr("The first {0} are shown.").format(f"{MAX_SHOWN:,}")
        self.summary.setText(text)
        yes, no = self.tr("yes"), self.tr("no")
        for member in listing.members[:MAX_SHOWN]:
            item = QTreeWidgetItem(self.members, [
                member.name + ("/" if member.is_dir else ""),
                f"{member.size:,}" if member.size is not None else "",
                member.modified or "",
                f"{member.compressed:,}" if member.compressed is not None else "",
                yes if member.encrypted else no])
            item.setData(0, Qt.UserRole, member.file_id)
        self.show_page("archive")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        file_id = item.data(0, Qt.UserRole)
        if isinstance(file_id, int):
            self.file_requested.emit(file_id)
