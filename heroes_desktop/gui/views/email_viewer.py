"""The e-mail viewer: an .eml's (or each mbox message's) main headers, all of them on request, its body as plain
text (an HTML body is shown as text: nothing is fetched, no script runs), and its attachments. An attachment the
case holds as an item (a member of the e-mail) opens with a double-click or Enter: ``file_requested``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QLabel, QPlainTextEdit, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.rich_viewer import ReadItem, RichViewer

MAX_BODY_SHOWN = 32 * 1024  # laid out on the GUI thread; the Text tab holds the whole text
LoadMembers = Callable[[int], list[Any]]  # file id -> the case's members of it (archive_members.ArchiveMember)


class EmailViewer(RichViewer):
    file_requested = Signal(int)

    def __init__(self, jobs: Jobs, read_item: ReadItem, load_members: LoadMembers,
                 parent: QWidget | None = None) -> None:
        super().__init__(jobs, read_item, parent)
        self._load_members = load_members
        self.mailbox: Any = None
        self._members: dict[str, int] = {}
        self.widget = QWidget(self)
        self.messages = QTreeWidget(self.widget)
        self.messages.setHeaderLabels([self.tr("Date (UTC)"), self.tr("From"), self.tr("Subject")])
        self.messages.setRootIsDecorated(False)
        self.messages.setUniformRowHeights(True)
        self.messages.setAccessibleName(self.tr("Messages of the mailbox"))
        self.messages.currentItemChanged.connect(lambda item, _old: self._show_message(
            item.data(0, Qt.UserRole) if item is not None else 0))
        self.headers = QTreeWidget(self.widget)
        self.headers.setHeaderLabels([self.tr("Header"), self.tr("Value")])
        self.headers.setRootIsDecorated(False)
        self.headers.setUniformRowHeights(True)
        self.headers.setColumnWidth(0, 140)
        self.headers.setAccessibleName(self.tr("E-mail headers"))
        self.all_headers = QCheckBox(self.tr("Show all headers"), self.widget)
        self.all_headers.toggled.connect(lambda _on: self._show_message(self._current))
        self.body = QPlainTextEdit(self.widget)
        self.body.setReadOnly(True)
        self.body.setAccessibleName(self.tr("E-mail body"))
        self.body_note = QLabel(self.widget)
        self.attachments = QTreeWidget(self.widget)
        self.attachments.setHeaderLabels([self.tr("Attachment"), self.tr("Type"), self.tr("Size"),
                                          self.tr("In the case")])
        self.attachments.setRootIsDecorated(False)
        self.attachments.setUniformRowHeights(True)
        self.attachments.setSelectionMode(QAbstractItemView.SingleSelection)
        self.attachments.setAccessibleName(self.tr("Attachments"))
        self.attachments.itemActivated.connect(self._activated)
        self.notes = QLabel(self.widget)
        self.notes.setWordWrap(True)
        splitter = QSplitter(Qt.Vertical, self.widget)
        for widget in (self.messages, self.headers, self.body, self.attachments):
            splitter.addWidget(widget)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.all_headers)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.body_note)
        layout.addWidget(self.notes)
        self.stack.addWidget(self.widget)
        self._current = 0
        self.say(self.tr("No item selected"))

    def content_page(self) -> QWidget:
        return self.widget

    def applies(self, record: dict[str, Any]) -> str | None:
        from heroes_desktop.browse.email_view import mail_kind
        if mail_kind(record.get("mime"), record.get("name")) is None:
            return self.tr("Not an e-mail or a mailbox: the E-mail tab shows .eml and mbox files.")
        return None

    def reset(self) -> None:
        self.mailbox = None
        self._members = {}
        self._current = 0
        self.messages.clear()
        self.headers.clear()
        self.body.clear()
        self.attachments.clear()
        self.notes.setText("")
        self.body_note.setText("")

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        from heroes_desktop.browse.email_view import MAX_EMAIL_BYTES, mail_kind, read_mail
        kind = mail_kind(record.get("mime"), record.get("name")) or "eml"
        read, members = self.read_all(file_id, MAX_EMAIL_BYTES), self._load_members

        def work() -> tuple[Any, dict[str, int]]:
            mailbox = read_mail(read(), kind)
            found = {}
            for member in members(file_id):
                if member.file_id is not None:
                    found.setdefault(member.name.rsplit("/", 1)[-1], member.file_id)
            return mailbox, found

        self.run(self.tr("Reading the e-mail…"), work, self._loaded, "e-mail")

    # -- showing -----------------------------------------------------------------------------------------------

    def _loaded(self, result: tuple[Any, dict[str, int]]) -> None:
        self.mailbox, self._members = result
        self.messages.setVisible(self.mailbox.kind == "mbox")
        if self.mailbox.kind == "mbox":
            for number, message in enumerate(self.mailbox.messages):
                item = QTreeWidgetItem(self.messages, [message.date_utc or message.main.get("Date", ""),
                                                       message.main.get("From", ""), message.main.get("Subject", "")])
                item.setData(0, Qt.UserRole, number)
            self.messages.setCurrentItem(self.messages.topLevelItem(0))
        self._show_message(0)
        self.show_page("email")

    def _show_message(self, number: int) -> None:
        if self.mailbox is None or not 0 <= number < len(self.mailbox.messages):
            return
        self._current = number
        message = self.mailbox.messages[number]
        self.headers.clear()
        if self.all_headers.isChecked():
            rows = list(message.headers)
        else:
            rows = [(name, message.main[name]) for name in ("From", "To", "Cc", "Date", "Subject", "Message-ID")
                    if name in message.main]
            if message.date_utc:
                rows.insert(next((n + 1 for n, row in enumerate(rows) if row[0] == "Date"), len(rows)),
                            (self.tr("Date (UTC)"), message.date_utc))
        for name, value in rows:
            item = QTreeWidgetItem(self.headers, [name, value])
            item.setToolTip(1, value[:2000])
        body = message.body
        self.body.setPlainText(body[:MAX_BODY_SHOWN])
        notes = []
        if len(body) > MAX_BODY_SHOWN:
            notes.append(self.tr("The first {0} of {1} characters; the Text tab holds the whole text.").format(
                f"{MAX_BODY_SHOWN:,}", f"{len(body):,}"))
        if message.body_type == "text/html":
            notes.append(self.tr("An HTML body, shown as plain text (nothing is loaded, no script runs)."))
        elif not message.body_type:
            notes.append(self.tr("The message has no text body."))
        self.body_note.setText(" ".join(notes))
        self.attachments.clear()
        for attachment in message.attachments:
            file_id = self._members.get(attachment.name) if attachment.name else None
            item = QTreeWidgetItem(self.attachments, [
                attachment.name or self.tr("(no name)"), attachment.mime, f"{attachment.size:,}",
                self.tr("yes: double-click opens it") if file_id is not None else self.tr("no")])
            item.setData(0, Qt.UserRole, file_id)
        if not message.attachments:
            QTreeWidgetItem(self.attachments, [self.tr("No attachments"), "", "", ""])
        self.notes.setText(" · ".join(list(self.mailbox.notes) + list(message.notes)))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        file_id = item.data(0, Qt.UserRole)
        if isinstance(file_id, int):
            self.file_requested.emit(file_id)
