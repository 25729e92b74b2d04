"""Carry one decision across a near-duplicate group, after the group was shown, obscured.

One picture decided, its near duplicates (the same picture resized, recompressed, cropped a little) need not each
be opened clear (GUI.md, "Wellbeing": fewer clear views). The dialog lists the members of
:func:`~heroes_desktop.review.decisions.near_duplicate_group` with their perceptual distance and path, each as its
stored thumbnail **always obscured** (blurred and greyscale at the default level or stronger, whatever the
examiner's reveal state), so that the examiner can see that they are the same picture without a clear view.

Propagation only after the group was shown: "Apply to the group" stays disabled until every member has been painted
on screen at least once (the examiner scrolls through the list). The examiner may uncheck members; Apply calls
:func:`~heroes_desktop.review.decisions.carry_decision` on the writer thread, so each custody event says it came
from a near-duplicate group, the picture it was carried from and the member's distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QRect,
                            QSize, Qt, QTimer, Signal)
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QListView, QPushButton, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from heroes_desktop.acpic import listing
from heroes_desktop.core.errors import HeroesError
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.exposure import ObscureLevel, exposure_of, obscure
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.preview import decode_image
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.review.decisions import GroupMember, carry_decision, near_duplicate_group
from heroes_desktop.review.item_review import review_items

ICON_SIDE = 128
THUMBNAILS_PER_JOB = 16
SHOWN_FRACTION = 0.75  # a member counts as shown once this much of its row was on screen when painted
FILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
READY_ROLE = Qt.ItemDataRole.UserRole + 2  # its thumbnail was read (or is known to be missing): it can be shown
DISTANCE_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def _category_title(label: str) -> str:
    meaning = CATEGORIES.get(label)
    return f"{label} ({QCoreApplication.translate('Categories', meaning)})" if meaning else label


@dataclass
class MemberRow:
    member: GroupMember
    name: str
    path: str
    checked: bool = True
    ready: bool = False
    image: QImage | None = None  # the obscured thumbnail (never the clear one); None: none stored or unreadable
    pixmap: QPixmap | None = None


class NearDuplicateModel(QAbstractListModel):
    """The group's members in order (the source first, then by distance), each with its obscured thumbnail once
    read and a checkbox."""

    checked_changed = Signal()

    def __init__(self, source_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source_id = source_id
        self._rows: list[MemberRow] = []

    def set_members(self, rows: Sequence[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_thumbnails(self, images: dict[int, QImage | None]) -> None:
        """Thumbnails arrived (already obscured, made off the GUI thread); pixmaps are made here, on it."""
        for row, entry in enumerate(self._rows):
            if entry.member.file_id in images:
                image = images[entry.member.file_id]
                entry.image = image
                entry.pixmap = QPixmap.fromImage(image) if image is not None and not image.isNull() else None
                entry.ready = True
                if entry.pixmap is None:
                    entry.checked = False  # a member nobody can see is carried only when checked on purpose
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
        self.checked_changed.emit()

    @property
    def members(self) -> list[GroupMember]:
        return [entry.member for entry in self._rows]

    def checked_members(self) -> list[GroupMember]:
        return [entry.member for entry in self._rows if entry.checked]

    def entry(self, row: int) -> MemberRow:
        return self._rows[row]

    def row_of(self, file_id: int) -> int:
        return next((row for row, entry in enumerate(self._rows) if entry.member.file_id == file_id), -1)

    def set_checked(self, file_id: int, checked: bool) -> None:
        row = self.row_of(file_id)
        if row >= 0:
            self.setData(self.index(row, 0), Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                         Qt.ItemDataRole.CheckStateRole)

    # -- Qt -----------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() != 0:
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            which = self.tr("the picture decided") if entry.member.file_id == self._source_id else \
                self.tr("distance %1").replace("%1", str(entry.member.distance))
            text = f"{which} · {entry.name}\n{entry.path}"
            if not entry.ready:
                text += "\n" + self.tr("reading the thumbnail…")
            elif entry.pixmap is None:
                text += "\n" + self.tr("no thumbnail stored: nothing to show (unchecked)")
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return entry.pixmap
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if entry.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.path
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("%1, distance %2").replace("%1", entry.path).replace("%2", str(entry.member.distance))
        if role == FILE_ID_ROLE:
            return entry.member.file_id
        if role == READY_ROLE:
            return entry.ready
        if role == DISTANCE_ROLE:
            return entry.member.distance
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        self._rows[index.row()].checked = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True


class _ShownDelegate(QStyledItemDelegate):
    """Paints a member and reports it as shown when it was painted with its thumbnail known and mostly inside the
    viewport: what "the examiner had it on screen" can mean to a program."""

    painted = Signal(int)

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if not index.data(READY_ROLE):
            return
        rect: QRect = option.rect
        visible = rect.intersected(self._view.viewport().rect())
        if rect.height() > 0 and visible.height() >= SHOWN_FRACTION * rect.height():
            self.painted.emit(int(index.data(FILE_ID_ROLE)))


class NearDuplicateDialog(QDialog):
    """Members of ``source_id``'s near-duplicate group, obscured, with Apply only once every one was shown.

    Signals: ``loaded(count)`` once the group is read, ``thumbnails_loaded`` once every thumbnail is, ``applied(file
    ids)`` once the decision is in the case, ``failed(message)``."""

    loaded = Signal(int)
    thumbnails_loaded = Signal()
    applied = Signal(list)
    failed = Signal(str)

    def __init__(self, session: CaseSession, source_id: int, label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("near_duplicates")
        self.setWindowTitle(self.tr("Carry a decision to the near duplicates"))
        self._session = session
        self._source_id = int(source_id)
        self._jobs: list[Job] = []
        self._thumbnails_left = 0
        self._shown: set[int] = set()
        self._loaded = False
        self._writing = False
        self._update_scheduled = False
        # always obscured here, at the default level or the examiner's stronger one, revealed or not
        self._level = max(ObscureLevel.DEFAULT, exposure_of(session).obscure_level)

        self.heading = QLabel(self.tr("Reading the near-duplicate group…"), self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel(self.tr(
            "The pictures are shown blurred and in greyscale, whatever your reveal setting. “Apply to the group” "
            "stays off until every member has been shown: scroll through the whole list. Uncheck a member to "
            "leave it out."), self)
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.label_box = QComboBox(self)
        self.label_box.setAccessibleName(self.tr("Category to carry"))
        self.label_box.addItem(self.tr("Choose a category…"), None)
        for category in CATEGORIES:
            self.label_box.addItem(_category_title(category), category)
        if label:
            found = self.label_box.findData(label)
            if found < 0:
                self.label_box.addItem(label, label)
                found = self.label_box.count() - 1
            self.label_box.setCurrentIndex(found)
        self.label_box.currentIndexChanged.connect(lambda _index: self._update())

        self.model = NearDuplicateModel(self._source_id, self)
        self.list = QListView(self)
        self.list.setObjectName("near_duplicate_list")
        self.list.setAccessibleName(self.tr("Members of the near-duplicate group"))
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.delegate = _ShownDelegate(self.list)
        self.delegate.painted.connect(self._painted)
        self.list.setItemDelegate(self.delegate)
        self.model.checked_changed.connect(self._update)

        self.progress_label = QLabel(self)
        self.status = QLabel(self)
        for widget in (self.progress_label, self.status):
            widget.setWordWrap(True)
            widget.setTextFormat(Qt.TextFormat.PlainText)
        self.apply_button = QPushButton(self.tr("&Apply to the group"), self)
        self.apply_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Category:"), self.label_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if self.read_only_reason:
            self.apply_button.setToolTip(self.read_only_reason)
        self.resize(640, 560)
        self._read_group()
        self._update()

    # -- public ---------------------------------------------------------------------------------------------------

    @property
    def source_id(self) -> int:
        return self._source_id

    @property
    def members(self) -> list[GroupMember]:
        """Every member of the group, checked or not (the source first)."""
        return self.model.members

    def checked_members(self) -> list[GroupMember]:
        return self.model.checked_members()

    @property
    def shown_ids(self) -> set[int]:
        return set(self._shown)

    @property
    def shown_all(self) -> bool:
        """Whether every member of the group has been on screen at least once."""
        members = self.members
        return bool(members) and all(member.file_id in self._shown for member in members)

    @property
    def label(self) -> str | None:
        return self.label_box.currentData()

    def set_label(self, label: str) -> None:
        found = self.label_box.findData(label)
        if found < 0:
            self.label_box.addItem(label, label)
            found = self.label_box.count() - 1
        self.label_box.setCurrentIndex(found)

    @property
    def busy(self) -> bool:
        return bool(self._jobs) or self._writing

    @property
    def read_only_reason(self) -> str:
        if not self._session.read_only:
            return ""
        return self.tr("This case is open read-only (or for review): a decision cannot be carried")

    def apply(self) -> bool:
        """Carry the chosen category to the checked members, on the writer thread; False when not allowed yet."""
        if not self.apply_button.isEnabled():
            return False
        members, label, case, source = self.checked_members(), self.label, self._session.case, self._source_id
        if not members or label is None:
            return False
        self._writing = True
        self._update()
        self.status.setText(counted("NearDuplicateDialog", "Writing %1 on %n file(s)…", len(members)).replace(
            "%1", label))

        def work() -> list[dict[str, Any]]:
            return carry_decision(case, source, label, members)

        def done(results: list[dict[str, Any]]) -> None:
            self._writing = False
            ids = [int(result["file_id"]) for result in results]
            self.status.setText(counted("NearDuplicateDialog", "%1 carried to %n file(s)", len(ids)).replace(
                "%1", label))
            self.applied.emit(ids)
            self.accept()

        def failed(error: BaseException) -> None:
            self._writing = False
            if not isinstance(error, HeroesError):
                report_unexpected(error, "near-duplicate group: carry")
            self.status.setText(self.tr("Not written: %1").replace("%1", user_message(error)))
            self.failed.emit(user_message(error))
            self._update()

        self._session.jobs.write("near-duplicate group: carry", work, done, failed)
        return True

    def reject(self) -> None:
        if self._writing:  # the write runs to its end; its answer closes the dialog
            return
        for job in self._jobs:
            job.cancel()
        self._jobs.clear()
        super().reject()

    # -- reading --------------------------------------------------------------------------------------------------

    def _read_group(self) -> None:
        case, source = self._session.case, self._source_id

        def work() -> list[MemberRow]:
            members = near_duplicate_group(case, source)
            reviews = review_items(case, [member.file_id for member in members])
            return [MemberRow(member, reviews[member.file_id].name if member.file_id in reviews else "",
                              reviews[member.file_id].path if member.file_id in reviews else f"#{member.file_id}")
                    for member in members]

        def done(rows: list[MemberRow]) -> None:
            self._forget(job)
            self._loaded = True
            self.model.set_members(rows)
            if rows:
                self.heading.setText(counted("NearDuplicateDialog", "%n picture(s) in the near-duplicate group of "
                                             "%1", len(rows)).replace("%1", rows[0].name or f"#{source}"))
            else:
                self.heading.setText(self.tr("This picture has no near duplicate: there is no group to carry a "
                                             "decision to."))
            self._read_thumbnails([row.member.file_id for row in rows])
            self.loaded.emit(len(rows))
            self._update()

        def failed(error: BaseException) -> None:
            self._forget(job)
            if not isinstance(error, HeroesError):
                report_unexpected(error, "near-duplicate group")
            self.heading.setText(user_message(error))
            self.failed.emit(user_message(error))

        job = self._session.jobs.read("near-duplicate group", work, done, failed)
        self._jobs.append(job)

    def _read_thumbnails(self, ids: Sequence[int]) -> None:
        case, level = self._session.case, self._level
        chunks = [list(ids[start:start + THUMBNAILS_PER_JOB]) for start in range(0, len(ids), THUMBNAILS_PER_JOB)]
        self._thumbnails_left = len(chunks)
        if not chunks:
            self.thumbnails_loaded.emit()
        for chunk in chunks:
            self._read_chunk(case, chunk, level)

    def _read_chunk(self, case: Any, chunk: list[int], level: ObscureLevel) -> None:
        def work() -> dict[int, QImage | None]:
            images: dict[int, QImage | None] = {}
            for file_id in chunk:
                data = listing.thumbnail(case, file_id)
                images[file_id] = _obscured_icon(data, level) if data else None
            return images

        def done(images: dict[int, QImage | None]) -> None:
            self._forget(job)
            self.model.set_thumbnails(images)
            self._chunk_finished()

        def failed(error: BaseException) -> None:
            self._forget(job)
            if not isinstance(error, HeroesError):
                report_unexpected(error, "near-duplicate group: thumbnails")
            self.model.set_thumbnails({file_id: None for file_id in chunk})
            self._chunk_finished()

        job = self._session.jobs.read("near-duplicate group: thumbnails", work, done, failed)
        self._jobs.append(job)

    def _chunk_finished(self) -> None:
        self._thumbnails_left -= 1
        if self._thumbnails_left == 0:
            self.thumbnails_loaded.emit()
        self._update()

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    # -- shown and enabled ----------------------------------------------------------------------------------------

    def _painted(self, file_id: int) -> None:
        if file_id in self._shown:
            return
        self._shown.add(file_id)
        if not self._update_scheduled:  # not from inside the list's paint event
            self._update_scheduled = True
            QTimer.singleShot(0, self._scheduled_update)

    def _scheduled_update(self) -> None:
        self._update_scheduled = False
        self._update()

    def _update(self) -> None:
        members = self.members
        shown = sum(1 for member in members if member.file_id in self._shown)
        if members:
            self.progress_label.setText(self.tr("Shown so far: %1 of %2").replace("%1", str(shown)).replace(
                "%2", str(len(members))) + ("" if shown == len(members) else "  " + self.tr(
                    "(scroll through the list: Apply waits until every member was shown)")))
        reason = self._apply_blocked()
        self.apply_button.setEnabled(not reason)
        self.apply_button.setToolTip(reason)

    def _apply_blocked(self) -> str:
        """Why Apply is off ("" when it may be pressed)."""
        if self.read_only_reason:
            return self.read_only_reason
        if self._writing:
            return self.tr("Writing…")
        if not self._loaded or not self.members:
            return self.tr("No group to carry a decision to")
        if not self.shown_all:
            return self.tr("Every member of the group must be shown first")
        if self.label is None:
            return self.tr("Choose the category to carry")
        if not self.checked_members():
            return self.tr("Check at least one member")
        return ""


def _obscured_icon(data: bytes, level: ObscureLevel) -> QImage | None:
    """The stored thumbnail decoded at icon size and obscured (off the GUI thread); None when unreadable. The clear
    image never leaves this function."""
    try:
        image = decode_image(data, max_side=ICON_SIDE)
    except ValueError:
        return None
    return obscure(image, level)


def carry_to_near_duplicates(session: CaseSession, source_id: int, label: str | None = None,
                             parent: QWidget | None = None) -> NearDuplicateDialog:
    """Open the dialog (window-modal, not blocking) and return it."""
    dialog = NearDuplicateDialog(session, source_id, label, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
