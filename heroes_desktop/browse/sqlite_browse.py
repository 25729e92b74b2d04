"""Browse an SQLite database found in evidence: its tables and row counts, a page of rows at a time, and the
messages of the chat schemas it is recognised as (Android SMS, WhatsApp Android old and new, iOS/macOS Messages,
Skype classic).

The bytes, with the ``-wal`` and ``-journal`` stored beside the database, are copied into a private temporary
directory and opened there in their merged state, as the text stage does (``stages/sqlite_private``), with the
schema untrusted and writes refused; the copy is removed on ``close``. Text recovered from the file's free space
and the ``-wal``'s superseded frames is listed apart, as recovered, not live (``recovered``).
Every call runs under its own deadline, enforced by SQLite's progress handler, so a
hostile database (a view that recurses for ever, a table of a billion rows) costs seconds, not a frozen viewer.
Rows are read one page at a time: a table is never held in memory whole.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from heroes_desktop.stages.sqlite_extraction import (PROGRESS_EVERY_OPS, SQLITE_HEADER, _blob_as_text, _configure,
                                                     _Deadline)
from heroes_desktop.stages.sqlite_format import SqliteFormatError
from heroes_desktop.stages.sqlite_private import PrivateCopy
from heroes_desktop.stages.sqlite_recovery import Recovery, recover_text

CALL_SECONDS = 10.0  # one call's budget (a page of rows, the table list, a page of messages)
COUNT_SECONDS = 2.0  # counting one table's rows, within the table list's budget
MAX_PAGE_ROWS = 1000
MAX_VALUE_CHARS = 2000  # a cell as the viewer shows it
MAX_DATABASE_BYTES = 1024 * 2**20
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)


class SqliteBrowseError(ValueError):
    """The database cannot be browsed: not SQLite, corrupt, or a query ran past its deadline."""


@dataclass(frozen=True)
class TableInfo:
    name: str
    kind: str  # table or view
    columns: tuple[str, ...]
    rows: int | None  # None: not counted (a view is never run to count it; a count that took too long)
    note: str = ""


@dataclass(frozen=True)
class RowsPage:
    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # int, float, str or None; a BLOB as its text or as "BLOB (n bytes)"
    offset: int
    more: bool  # rows follow this page


@dataclass(frozen=True)
class ChatSchema:
    key: str  # android_sms, whatsapp_legacy, whatsapp, imessage, skype
    title: str
    time_note: str  # where the time comes from and how it was converted
    messages: int | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatMessage:
    time: str | None  # UTC, ISO 8601 with Z; None when the stored value is not a time
    time_raw: str  # the value as stored
    sender: str | None  # None: the device's owner (sent from this device)
    direction: str  # sent, received, draft, or "" when the schema does not say
    text: str
    conversation: str


def iso_utc(moment: datetime) -> str:
    """``2021-03-04T05:06:07Z`` (microseconds when there are any)."""
    moment = moment.astimezone(timezone.utc)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _since(epoch: datetime, seconds: float | None) -> str | None:
    if seconds is None or seconds == 0:
        return None
    try:
        return iso_utc(epoch + timedelta(seconds=seconds))
    except (OverflowError, ValueError):
        return None


def unix_ms_time(value: Any) -> str | None:
    """Milliseconds since 1970-01-01 UTC (Android SMS ``date``, WhatsApp ``timestamp``)."""
    number = _number(value)
    return _since(UNIX_EPOCH, number / 1000.0 if number is not None else None)


def unix_s_time(value: Any) -> str | None:
    """Seconds since 1970-01-01 UTC (Skype ``timestamp``)."""
    return _since(UNIX_EPOCH, _number(value))


def apple_time(value: Any) -> str | None:
    """Apple's Core Data time: seconds since 2001-01-01 UTC, or nanoseconds since then (iOS 11 and macOS 10.13
    on); a value past 10^11 cannot be seconds (that is the year 5170) and is read as nanoseconds."""
    number = _number(value)
    if number is not None and abs(number) >= 1e11:
        number = number / 1e9
    return _since(APPLE_EPOCH, number)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shown(value: Any) -> Any:
    if isinstance(value, bytes):
        text = _blob_as_text(value[:MAX_VALUE_CHARS * 4])
        return text[:MAX_VALUE_CHARS] if text is not None else f"BLOB ({len(value)} bytes)"
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return _blob_as_text(value) or f"BLOB ({len(value)} bytes)"
    return str(value)


_TAG = re.compile(r"<[^>]*>")


def skype_body(body_xml: Any) -> str:
    """Skype's ``body_xml`` as the text the user saw: markup dropped, entities decoded."""
    return html.unescape(_TAG.sub("", _text(body_xml)))


class SqliteDatabase:
    """One database opened for browsing, in its merged state when its ``-wal`` or ``-journal`` is given
    (``companions``, by suffix); thread-safe (one call at a time); ``close`` removes the private copy."""

    def __init__(self, data: bytes, *, companions: Mapping[str, bytes] | None = None,
                 seconds: float = CALL_SECONDS, temp_root: str | None = None) -> None:
        if len(data) > MAX_DATABASE_BYTES:
            raise SqliteBrowseError(f"a database of {len(data):,} bytes is larger than the {MAX_DATABASE_BYTES:,} "
                                    "bytes the viewer opens")
        if not data.startswith(SQLITE_HEADER):
            raise SqliteBrowseError("not an SQLite database: the 'SQLite format 3' header is missing "
                                    "(possibly encrypted, as WhatsApp's .crypt backups are)")
        self.seconds = seconds
        self.wal = data[18:20] == b"\x02\x02"
        self._data = data
        self._recovery: Recovery | None = None
        self._lock = threading.Lock()
        self._copy: PrivateCopy | None = None
        try:
            self._copy = PrivateCopy(data, companions, temp_root=temp_root, check_same_thread=False)
            self._connection: sqlite3.Connection | None = self._copy.connection
            self._call_deadline = _Deadline(seconds)
            assert self._connection is not None
            _configure(self._connection, self._call_deadline,
                       len(data) + sum(map(len, (companions or {}).values())))
        except (sqlite3.Error, SqliteFormatError) as error:
            self.close()
            raise SqliteBrowseError(f"the database is corrupt or unreadable: {error}") from None
        except BaseException:
            self.close()
            raise
        self.notes: tuple[str, ...] = tuple(self._copy.found.notes)  # what was merged in, and how
        self.problems: tuple[str, ...] = tuple(self._copy.found.problems)  # damage: content that may be missing
        try:
            self._objects: list[tuple[str, str]] = self._run(self._list_objects)
        except BaseException:
            self.close()
            raise

    # -- the public face ---------------------------------------------------------------------------------------

    def tables(self) -> list[TableInfo]:
        """Tables (with their row counts) and views (not counted: counting runs the view), by name."""
        def work(connection: sqlite3.Connection) -> list[TableInfo]:
            infos = []
            ends_at = time.monotonic() + self.seconds
            for name, kind in self._objects:
                columns = self._columns(connection, name)
                rows, note = None, ""
                if kind == "table":
                    budget = min(COUNT_SECONDS, ends_at - time.monotonic())
                    if budget > 0:
                        rows, note = self._count(connection, name, budget)
                    else:
                        note = "not counted: the time for counting is spent"
                infos.append(TableInfo(name, kind, columns, rows, note))
            return infos
        return self._run(work)

    def rows(self, table: str, offset: int = 0, limit: int = 200) -> RowsPage:
        """``limit`` rows of ``table`` (or a view) from ``offset``, in the table's own order."""
        name = self._object(table)
        limit = max(1, min(MAX_PAGE_ROWS, int(limit)))
        offset = max(0, int(offset))

        def work(connection: sqlite3.Connection) -> RowsPage:
            cursor = connection.execute(f"SELECT * FROM {_quoted(name)} LIMIT ? OFFSET ?",  # noqa: S608 - quoted
                                        (limit + 1, offset))
            columns = tuple(str(column[0]) for column in cursor.description or ())
            fetched = cursor.fetchmany(limit + 1)
            cursor.close()
            return RowsPage(name, columns, tuple(tuple(_shown(value) for value in row) for row in fetched[:limit]),
                            offset, len(fetched) > limit)
        return self._run(work)

    def chat_schemas(self) -> list[ChatSchema]:
        """The chat schemas this database is recognised as, best first (a WhatsApp store in transition holds both
        the old ``messages`` and the new ``message`` table)."""
        schemas = []
        for key in _SCHEMAS:
            found = self._run(lambda connection, key=key: _SCHEMAS[key].detect(self, connection))
            if found is not None:
                schemas.append(found)
        return schemas

    def chat_messages(self, key: str, offset: int = 0, limit: int = 200) -> list[ChatMessage]:
        """A page of the messages of schema ``key``, oldest first."""
        if key not in _SCHEMAS:
            raise SqliteBrowseError(f"no chat schema {key!r}")
        limit = max(1, min(MAX_PAGE_ROWS, int(limit)))
        offset = max(0, int(offset))
        return self._run(lambda connection: _SCHEMAS[key].messages(self, connection, offset, limit))

    def recovered(self) -> Recovery:
        """Text the database holds outside its live records (free space, superseded -wal frames, a rolled-back
        transaction), each run with its page and offset: recovered, not live. Found once, within the call's
        budget (a search cut short says so in its problems)."""
        with self._lock:
            if self._copy is None:
                raise SqliteBrowseError("the database is closed")
            if self._recovery is None:
                found = self._copy.found
                self._recovery = recover_text(self._data, self._copy.header, wal=found.wal,
                                              wal_summary=found.wal_summary, journal=found.journal,
                                              journal_summary=found.journal_summary, seconds=self.seconds)
            return self._recovery

    def close(self) -> None:
        with self._lock:
            copy, self._copy = getattr(self, "_copy", None), None
            self._connection = None
        if copy is not None:
            copy.close()

    def __enter__(self) -> SqliteDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- used by the schemas ------------------------------------------------------------------------------------

    def has(self, connection: sqlite3.Connection, table: str, *columns: str) -> bool:
        """The table exists (in any case) with every one of ``columns``."""
        name = self.table_named(table)
        if name is None:
            return False
        present = {column.lower() for column in self._columns(connection, name)}
        return all(column.lower() in present for column in columns)

    def table_named(self, table: str) -> str | None:
        return next((name for name, kind in self._objects if kind == "table" and name.lower() == table.lower()),
                    None)

    def count(self, connection: sqlite3.Connection, table: str) -> int | None:
        return self._count(connection, table, COUNT_SECONDS)[0]

    # -- internals ----------------------------------------------------------------------------------------------

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        with self._lock:
            if self._connection is None:
                raise SqliteBrowseError("the database is closed")
            deadline = self._call_deadline = _Deadline(self.seconds)
            self._connection.set_progress_handler(deadline, PROGRESS_EVERY_OPS)
            try:
                return work(self._connection)
            except sqlite3.Error as error:
                if deadline.expired:
                    raise SqliteBrowseError(f"the query ran past its {self.seconds:g} s budget and was stopped "
                                            "(a very large table, or a database made to loop)") from None
                raise SqliteBrowseError(f"the database is corrupt or unreadable: {error}") from None

    def _list_objects(self, connection: sqlite3.Connection) -> list[tuple[str, str]]:
        rows = connection.execute("SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view') "
                                  "ORDER BY name").fetchall()
        objects = []
        for name, kind, sql in rows:
            if not isinstance(name, str) or name.startswith("sqlite_"):
                continue
            if isinstance(sql, str) and sql.lstrip().upper().startswith("CREATE VIRTUAL"):
                continue  # its module may be missing here; its shadow tables are listed
            objects.append((name, str(kind)))
        return objects

    def _object(self, table: str) -> str:
        for name, _kind in self._objects:
            if name == table:
                return name
        raise SqliteBrowseError(f"no table or view {table!r} in the database")

    def _columns(self, connection: sqlite3.Connection, name: str) -> tuple[str, ...]:
        try:
            return tuple(str(row[0]) for row in connection.execute("SELECT name FROM pragma_table_info(?)", (name,)))
        except sqlite3.Error:
            return ()

    def _count(self, connection: sqlite3.Connection, name: str, seconds: float) -> tuple[int | None, str]:
        deadline = _Deadline(seconds)
        connection.set_progress_handler(deadline, PROGRESS_EVERY_OPS)
        try:
            return int(connection.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0]), ""  # noqa: S608
        except sqlite3.Error as error:
            if deadline.expired:
                return None, f"not counted: counting took over {seconds:g} s"
            return None, f"unreadable: {error}"
        finally:
            connection.set_progress_handler(self._call_deadline, PROGRESS_EVERY_OPS)  # the call's own again


# ------------------------------------------------------------------------------------------------ chat schemas


@dataclass(frozen=True)
class _Schema:
    detect: Callable[[SqliteDatabase, sqlite3.Connection], ChatSchema | None]
    messages: Callable[[SqliteDatabase, sqlite3.Connection, int, int], list[ChatMessage]]


def _page(connection: sqlite3.Connection, sql: str, offset: int, limit: int) -> list[tuple[Any, ...]]:
    return connection.execute(sql + " LIMIT ? OFFSET ?", (limit, offset)).fetchall()


def _optional(database: SqliteDatabase, connection: sqlite3.Connection, table: str, column: str,
              alias: str) -> str:
    return f"{alias}.{_quoted(column)}" if database.has(connection, table, column) else "NULL"


# Android: mmssms.db, table sms. type 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
_SMS_DIRECTION = {1: "received", 2: "sent", 3: "draft", 4: "sent", 5: "sent", 6: "sent"}


def _sms_detect(database: SqliteDatabase, connection: sqlite3.Connection) -> ChatSchema | None:
    if not database.has(connection, "sms", "address", "body", "date", "type"):
        return None
    notes = ("MMS (the pdu and part tables) are not read here: see the Tables view",) \
        if database.table_named("pdu") else ()
    return ChatSchema("android_sms", "Android SMS (mmssms.db)",
                      "sms.date: milliseconds since 1970-01-01, shown in UTC", database.count(connection, "sms"),
                      notes)


def _sms_messages(database: SqliteDatabase, connection: sqlite3.Connection, offset: int,
                  limit: int) -> list[ChatMessage]:
    rows = _page(connection, "SELECT s.date, s.address, s.type, s.body FROM sms s ORDER BY s.date, s.rowid",
                 offset, limit)
    messages = []
    for date, address, kind, body in rows:
        direction = _SMS_DIRECTION.get(int(_number(kind) or 0), "")
        messages.append(ChatMessage(unix_ms_time(date), _text(date), None if direction in ("sent", "draft")
                                    else _text(address), direction, _text(body), _text(address)))
    return messages


# WhatsApp Android before 2022: msgstore.db, table messages (key_remote_jid: the chat; remote_resource: the member
# of a group who wrote; timestamp in milliseconds).
def _whatsapp_legacy_detect(database: SqliteDatabase, connection: sqlite3.Connection) -> ChatSchema | None:
    if not database.has(connection, "messages", "key_remote_jid", "key_from_me", "data", "timestamp"):
        return None
    return ChatSchema("whatsapp_legacy", "WhatsApp Android (msgstore.db, table messages)",
                      "messages.timestamp: milliseconds since 1970-01-01, shown in UTC",
                      database.count(connection, "messages"))


def _whatsapp_legacy_messages(database: SqliteDatabase, connection: sqlite3.Connection, offset: int,
                              limit: int) -> list[ChatMessage]:
    resource = _optional(database, connection, "messages", "remote_resource", "m")
    media = _optional(database, connection, "messages", "media_mime_type", "m")
    rows = _page(connection, f"SELECT m.timestamp, m.key_remote_jid, m.key_from_me, m.data, {resource}, {media} "
                             "FROM messages m ORDER BY m.timestamp, m.rowid", offset, limit)
    messages = []
    for stamp, chat, from_me, data, member, mime in rows:
        mine = bool(_number(from_me))
        text = _text(data) or (f"[{_text(mime)}]" if mime else "")
        messages.append(ChatMessage(unix_ms_time(stamp), _text(stamp), None if mine else (_text(member) or
                                    _text(chat)), "sent" if mine else "received", text, _text(chat)))
    return messages


# WhatsApp Android from 2022: msgstore.db, table message (chat_row_id -> chat._id, chat.jid_row_id -> jid._id;
# sender_jid_row_id: the member of a group who wrote), timestamp in milliseconds.
def _whatsapp_detect(database: SqliteDatabase, connection: sqlite3.Connection) -> ChatSchema | None:
    if not (database.has(connection, "message", "chat_row_id", "from_me", "timestamp", "text_data")
            and database.has(connection, "chat", "_id", "jid_row_id")
            and database.has(connection, "jid", "_id", "raw_string")):
        return None
    return ChatSchema("whatsapp", "WhatsApp Android (msgstore.db, tables message, chat and jid)",
                      "message.timestamp: milliseconds since 1970-01-01, shown in UTC",
                      database.count(connection, "message"))


def _whatsapp_messages(database: SqliteDatabase, connection: sqlite3.Connection, offset: int,
                       limit: int) -> list[ChatMessage]:
    has_sender = database.has(connection, "message", "sender_jid_row_id")
    sender = "sj.raw_string" if has_sender else "NULL"
    join = "LEFT JOIN jid sj ON sj._id = m.sender_jid_row_id " if has_sender else ""
    rows = _page(connection, f"SELECT m.timestamp, cj.raw_string, m.from_me, m.text_data, {sender} FROM message m "
                             "LEFT JOIN chat c ON c._id = m.chat_row_id LEFT JOIN jid cj ON cj._id = c.jid_row_id "
                             f"{join}ORDER BY m.timestamp, m.rowid", offset, limit)
    messages = []
    for stamp, chat, from_me, text, member in rows:
        mine = bool(_number(from_me))
        messages.append(ChatMessage(unix_ms_time(stamp), _text(stamp), None if mine else (_text(member) or
                                    _text(chat)), "sent" if mine else "received", _text(text), _text(chat)))
    return messages


# iOS sms.db and macOS chat.db: message (date: Apple time, is_from_me, handle_id -> handle.ROWID); the chat from
# chat_message_join -> chat.chat_identifier where those tables are present.
def _imessage_detect(database: SqliteDatabase, connection: sqlite3.Connection) -> ChatSchema | None:
    if not (database.has(connection, "message", "text", "date", "is_from_me", "handle_id")
            and database.has(connection, "handle", "ROWID", "id")):
        return None
    notes = ("a message whose text is only in attributedBody shows no text",) \
        if database.has(connection, "message", "attributedBody") else ()
    return ChatSchema("imessage", "iOS / macOS Messages (sms.db, chat.db)",
                      "message.date: seconds (before iOS 11) or nanoseconds since 2001-01-01, shown in UTC",
                      database.count(connection, "message"), notes)


def _imessage_messages(database: SqliteDatabase, connection: sqlite3.Connection, offset: int,
                       limit: int) -> list[ChatMessage]:
    chat = ("(SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id "
            "WHERE j.message_id = m.ROWID LIMIT 1)"
            if database.has(connection, "chat_message_join", "chat_id", "message_id")
            and database.has(connection, "chat", "ROWID", "chat_identifier") else "NULL")
    rows = _page(connection, f"SELECT m.date, h.id, m.is_from_me, m.text, {chat} FROM message m "
                             "LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.date, m.ROWID", offset, limit)
    messages = []
    for date, handle, from_me, text, conversation in rows:
        mine = bool(_number(from_me))
        messages.append(ChatMessage(apple_time(date), _text(date), None if mine else _text(handle),
                                    "sent" if mine else "received", _text(text), _text(conversation) or
                                    _text(handle)))
    return messages


# Skype classic (before 2017): main.db, Messages (author, body_xml, timestamp in seconds, convo_id ->
# Conversations.id); the account's own name in Accounts.skypename tells sent from received.
def _skype_detect(database: SqliteDatabase, connection: sqlite3.Connection) -> ChatSchema | None:
    if not database.has(connection, "Messages", "author", "body_xml", "timestamp"):
        return None
    notes = () if database.has(connection, "Accounts", "skypename") else \
        ("no Accounts table: sent and received cannot be told apart",)
    return ChatSchema("skype", "Skype classic (main.db)", "Messages.timestamp: seconds since 1970-01-01, "
                      "shown in UTC", database.count(connection, database.table_named("Messages") or "Messages"),
                      notes)


def _skype_messages(database: SqliteDatabase, connection: sqlite3.Connection, offset: int,
                    limit: int) -> list[ChatMessage]:
    table = _quoted(database.table_named("Messages") or "Messages")
    owner = None
    if database.has(connection, "Accounts", "skypename"):
        row = connection.execute(f"SELECT skypename FROM {_quoted(database.table_named('Accounts') or '')} "
                                 "LIMIT 1").fetchone()
        owner = _text(row[0]) if row else None
    conversation = "m.convo_id"
    if database.has(connection, "Messages", "convo_id") and database.has(connection, "Conversations", "id",
                                                                         "identity"):
        conversation = (f"(SELECT coalesce(c.displayname, c.identity) FROM "
                        f"{_quoted(database.table_named('Conversations') or '')} c WHERE c.id = m.convo_id)"
                        if database.has(connection, "Conversations", "displayname") else
                        f"(SELECT c.identity FROM {_quoted(database.table_named('Conversations') or '')} c "
                        "WHERE c.id = m.convo_id)")
    elif not database.has(connection, "Messages", "convo_id"):
        conversation = "NULL"
    rows = _page(connection, f"SELECT m.timestamp, m.author, m.body_xml, {conversation} FROM {table} m "
                             "ORDER BY m.timestamp, m.rowid", offset, limit)
    messages = []
    for stamp, author, body, chat in rows:
        direction = "" if owner is None else "sent" if _text(author) == owner else "received"
        messages.append(ChatMessage(unix_s_time(stamp), _text(stamp), _text(author), direction, skype_body(body),
                                    _text(chat)))
    return messages


_SCHEMAS: dict[str, _Schema] = {
    "android_sms": _Schema(_sms_detect, _sms_messages),
    "whatsapp": _Schema(_whatsapp_detect, _whatsapp_messages),
    "whatsapp_legacy": _Schema(_whatsapp_legacy_detect, _whatsapp_legacy_messages),
    "imessage": _Schema(_imessage_detect, _imessage_messages),
    "skype": _Schema(_skype_detect, _skype_messages),
}


def is_sqlite(mime: str | None, name: str | None, head: bytes = b"") -> bool:
    """An SQLite database by its detected type, its header, or (untyped) its name."""
    if head.startswith(SQLITE_HEADER):
        return True
    if (mime or "").lower() in ("application/vnd.sqlite3", "application/x-sqlite3"):
        return True
    return (not mime or mime == "application/octet-stream") and bool(name) and \
        str(name).lower().endswith((".db", ".sqlite", ".sqlite3", ".sqlitedb"))
