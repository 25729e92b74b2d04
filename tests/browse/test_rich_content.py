"""The core of the rich viewers: e-mail, SQLite browsing and chat schemas, archive listings, PDF pages.

Every database, archive and document is made here; each chat schema the browser claims is checked with the exact
UTC times its stored values mean."""

from __future__ import annotations

import io
import sqlite3
import tarfile
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest

from heroes_desktop.browse.archive_members import ArchiveListError, archive_kind, case_members, list_archive
from heroes_desktop.browse.email_view import EmailReadError, mail_kind, read_email, read_mail
from heroes_desktop.browse.pdf_pages import is_pdf, render_page
from heroes_desktop.browse.sqlite_browse import (SqliteBrowseError, SqliteDatabase, apple_time, is_sqlite,
                                                 unix_ms_time)
from heroes_desktop.core.errors import UsageError

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def _database(tmp_path: Path, script: str, name: str = "db.sqlite") -> bytes:
    path = tmp_path / name
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.commit()
    connection.close()
    return path.read_bytes()


# -- e-mail ----------------------------------------------------------------------------------------------------


def _email() -> bytes:
    message = EmailMessage()
    message["From"] = "Ana García <ana@example.org>"
    message["To"] = "bob@example.org"
    message["Cc"] = "=?utf-8?q?Jos=C3=A9?= <jose@example.org>"
    message["Subject"] = "Invoice for March"
    message["Date"] = "Thu, 04 Mar 2021 06:06:07 +0100"
    message["Message-ID"] = "<abc@example.org>"
    message["X-Mailer"] = "Workshop Mail 2.1"
    message.set_content("The invoice is attached.\n")
    message.add_alternative("<html><body><p>The <b>invoice</b> is attached.</p>"
                            "<img src='http://tracker.example/x.png'><script>alert(1)</script></body></html>",
                            subtype="html")
    message.add_attachment(b"%PDF-1.4 fake" + b"\x00" * 100, maintype="application", subtype="pdf",
                           filename="invoice.pdf")
    return message.as_bytes()


def test_email_headers_body_and_attachments() -> None:
    view = read_email(_email())
    assert view.main["From"] == "Ana García <ana@example.org>"
    assert view.main["Cc"] == "José <jose@example.org>"  # encoded words decoded
    assert view.main["Message-ID"] == "<abc@example.org>"
    assert view.date_utc == "2021-03-04T05:06:07Z"
    assert ("X-Mailer", "Workshop Mail 2.1") in view.headers
    assert view.body_type == "text/plain" and view.body.strip() == "The invoice is attached."
    assert [(a.name, a.mime, a.size) for a in view.attachments] == [("invoice.pdf", "application/pdf", 113)]


def test_html_only_email_is_shown_as_text_without_scripts() -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "html"
    message.set_content("<p>Hello <b>there</b></p><script>alert('x')</script>", subtype="html")
    view = read_email(message.as_bytes())
    assert view.body_type == "text/html"
    assert "Hello there" in view.body and "<b>" not in view.body and "alert" not in view.body


def test_mbox_messages_and_not_an_email() -> None:
    mbox = (b"From ana@example.org Thu Mar  4 05:06:07 2021\nFrom: ana@example.org\nSubject: one\n\nfirst\n\n"
            b"From bob@example.org Fri Mar  5 05:06:07 2021\nFrom: bob@example.org\nSubject: two\n\nsecond\n")
    box = read_mail(mbox, "mbox")
    assert [m.main["Subject"] for m in box.messages] == ["one", "two"]
    assert mail_kind("message/rfc822", "x") == "eml" and mail_kind(None, "box.mbox") == "mbox"
    assert mail_kind("text/plain", "notes.txt") is None
    with pytest.raises(EmailReadError, match="empty"):
        read_email(b"   ")


# -- SQLite --------------------------------------------------------------------------------------------------


def test_tables_counts_and_rows_a_page_at_a_time(tmp_path: Path) -> None:
    rows = ";".join(f"INSERT INTO notes VALUES ({n}, 'note {n}', x'00ff')" for n in range(250))
    data = _database(tmp_path, f"CREATE TABLE notes (id INTEGER, body TEXT, raw BLOB);{rows};"
                               "CREATE VIEW recent AS SELECT * FROM notes WHERE id > 240;")
    with SqliteDatabase(data) as database:
        tables = {t.name: t for t in database.tables()}
        assert tables["notes"].rows == 250 and tables["notes"].columns == ("id", "body", "raw")
        assert tables["recent"].kind == "view" and tables["recent"].rows is None
        page = database.rows("notes", 0, 100)
        assert len(page.rows) == 100 and page.more and page.rows[0] == (0, "note 0", "BLOB (2 bytes)")
        last = database.rows("notes", 200, 100)
        assert len(last.rows) == 50 and not last.more and last.rows[-1][0] == 249
        assert len(database.rows("recent").rows) == 9
        assert database.chat_schemas() == []
        with pytest.raises(SqliteBrowseError, match="no table"):
            database.rows("missing")
    assert is_sqlite(None, "x", data[:16]) and is_sqlite("application/vnd.sqlite3", "x")


def test_android_sms(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, "
                               "date INTEGER, type INTEGER, body TEXT);"
                               "INSERT INTO sms VALUES (1, 1, '+34600123456', 1614834367123, 1, 'see you at 8');"
                               "INSERT INTO sms VALUES (2, 1, '+34600123456', 1614834427000, 2, 'ok');", "mmssms.db")
    with SqliteDatabase(data) as database:
        [schema] = database.chat_schemas()
        assert schema.key == "android_sms" and schema.messages == 2 and "milliseconds" in schema.time_note
        first, second = database.chat_messages("android_sms")
    assert (first.time, first.sender, first.direction, first.text, first.conversation) == \
        ("2021-03-04T05:06:07.123Z", "+34600123456", "received", "see you at 8", "+34600123456")
    assert (second.time, second.sender, second.direction) == ("2021-03-04T05:07:07Z", None, "sent")
    assert first.time_raw == "1614834367123"


def test_whatsapp_legacy_messages_table(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE messages (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, "
                               "key_from_me INTEGER, key_id TEXT, data TEXT, timestamp INTEGER, "
                               "remote_resource TEXT, media_mime_type TEXT);"
                               "INSERT INTO messages VALUES (1, '34600123456@s.whatsapp.net', 0, 'a', 'hola', "
                               "1672527600000, NULL, NULL);"
                               "INSERT INTO messages VALUES (2, '34600123456@s.whatsapp.net', 1, 'b', NULL, "
                               "1672527601000, NULL, 'image/jpeg');"
                               "INSERT INTO messages VALUES (3, '123-456@g.us', 0, 'c', 'group hi', "
                               "1672527602000, '34611222333@s.whatsapp.net', NULL);", "msgstore.db")
    with SqliteDatabase(data) as database:
        assert [s.key for s in database.chat_schemas()] == ["whatsapp_legacy"]
        one, two, three = database.chat_messages("whatsapp_legacy")
    assert (one.time, one.sender, one.direction, one.text) == \
        ("2022-12-31T23:00:00Z", "34600123456@s.whatsapp.net", "received", "hola")
    assert (two.time, two.sender, two.direction, two.text) == ("2022-12-31T23:00:01Z", None, "sent", "[image/jpeg]")
    assert (three.sender, three.conversation) == ("34611222333@s.whatsapp.net", "123-456@g.us")


def test_whatsapp_new_message_chat_and_jid_tables(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE jid (_id INTEGER PRIMARY KEY, user TEXT, server TEXT, raw_string TEXT);"
                               "CREATE TABLE chat (_id INTEGER PRIMARY KEY, jid_row_id INTEGER, subject TEXT);"
                               "CREATE TABLE message (_id INTEGER PRIMARY KEY, chat_row_id INTEGER, from_me INTEGER,"
                               " key_id TEXT, sender_jid_row_id INTEGER, timestamp INTEGER, text_data TEXT);"
                               "INSERT INTO jid VALUES (1, '34600123456', 's.whatsapp.net', "
                               "'34600123456@s.whatsapp.net');"
                               "INSERT INTO chat VALUES (1, 1, NULL);"
                               "INSERT INTO message VALUES (1, 1, 0, 'k1', 0, 1672527660500, 'new schema');"
                               "INSERT INTO message VALUES (2, 1, 1, 'k2', 0, 1672527720000, 'reply');",
                     "msgstore.db")
    with SqliteDatabase(data) as database:
        assert [s.key for s in database.chat_schemas()] == ["whatsapp"]
        first, second = database.chat_messages("whatsapp")
    assert (first.time, first.sender, first.direction, first.text, first.conversation) == \
        ("2022-12-31T23:01:00.5Z", "34600123456@s.whatsapp.net", "received", "new schema",
         "34600123456@s.whatsapp.net")
    assert (second.time, second.sender, second.direction) == ("2022-12-31T23:02:00Z", None, "sent")


def test_imessage_seconds_and_nanoseconds_since_2001(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);"
                               "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, "
                               "handle_id INTEGER, date INTEGER, is_from_me INTEGER);"
                               "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT);"
                               "CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);"
                               "INSERT INTO handle VALUES (1, '+15551234567', 'iMessage');"
                               "INSERT INTO chat VALUES (1, 'chat-with-friend');"
                               "INSERT INTO message VALUES (1, 'g1', 'leap day', 1, 352252799, 0);"
                               "INSERT INTO message VALUES (2, 'g2', 'noon', 1, 581083200250000000, 1);"
                               "INSERT INTO chat_message_join VALUES (1, 2);", "chat.db")
    with SqliteDatabase(data) as database:
        assert [s.key for s in database.chat_schemas()] == ["imessage"]
        old, new = database.chat_messages("imessage")
    assert (old.time, old.sender, old.direction, old.text, old.conversation) == \
        ("2012-02-29T23:59:59Z", "+15551234567", "received", "leap day", "+15551234567")
    assert (new.time, new.sender, new.direction, new.conversation) == \
        ("2019-06-01T12:00:00.25Z", None, "sent", "chat-with-friend")
    assert apple_time(0) is None and unix_ms_time("not a time") is None


def test_skype_classic_main_db(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE Accounts (id INTEGER PRIMARY KEY, skypename TEXT);"
                               "CREATE TABLE Conversations (id INTEGER PRIMARY KEY, identity TEXT, "
                               "displayname TEXT);"
                               "CREATE TABLE Messages (id INTEGER PRIMARY KEY, convo_id INTEGER, author TEXT, "
                               "from_dispname TEXT, body_xml TEXT, timestamp INTEGER);"
                               "INSERT INTO Accounts VALUES (1, 'ana.owner');"
                               "INSERT INTO Conversations VALUES (7, 'bob.friend', 'Bob');"
                               "INSERT INTO Messages VALUES (1, 7, 'bob.friend', 'Bob', "
                               "'see &amp; say <ss type=\"smile\">:)</ss>', 1372667400);"
                               "INSERT INTO Messages VALUES (2, 7, 'ana.owner', 'Ana', 'bye', 1372667460);",
                     "main.db")
    with SqliteDatabase(data) as database:
        assert [s.key for s in database.chat_schemas()] == ["skype"]
        first, second = database.chat_messages("skype")
    assert (first.time, first.sender, first.direction, first.text, first.conversation) == \
        ("2013-07-01T08:30:00Z", "bob.friend", "received", "see & say :)", "Bob")
    assert (second.time, second.direction) == ("2013-07-01T08:31:00Z", "sent")


def test_corrupt_and_not_sqlite(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE t (a TEXT);" + "".join(
        f"INSERT INTO t VALUES ('{'x' * 500}');" for _ in range(100)))
    broken = data[:100] + b"\xde\xad\xbe\xef" * ((len(data) - 100) // 4)
    with pytest.raises(SqliteBrowseError, match="corrupt"):
        with SqliteDatabase(broken) as database:
            database.tables()
            database.rows("t")
    with pytest.raises(SqliteBrowseError, match="not an SQLite database"):
        SqliteDatabase(b"hello, not a database" * 10)


def test_hostile_database_is_stopped_within_its_budget(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE t (a);"
                               "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                               "FROM c) SELECT x FROM c ORDER BY x;")
    with SqliteDatabase(data, seconds=1.0) as database:
        assert {t.name for t in database.tables()} == {"t", "forever"}  # the view is listed, never counted
        started = time.monotonic()
        with pytest.raises(SqliteBrowseError, match="budget"):
            database.rows("forever")
        assert time.monotonic() - started < 5.0
        assert database.rows("t").rows == ()  # the database still answers


def test_a_large_table_counts_within_its_budget(tmp_path: Path) -> None:
    data = _database(tmp_path, "CREATE TABLE big (n INTEGER);"
                               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) "
                               "INSERT INTO big SELECT x FROM c;")
    with SqliteDatabase(data) as database:
        started = time.monotonic()
        [big] = database.tables()
        page = database.rows("big", 299_950, 100)
        assert time.monotonic() - started < 5.0
    assert big.rows == 300_000 and len(page.rows) == 50 and page.rows[0] == (299_951,)


# -- archives ------------------------------------------------------------------------------------------------


def test_zip_directory_from_its_bytes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("inner/first.txt", date_time=(2020, 5, 17, 10, 20, 30))
        archive.writestr(info, "first " * 100, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("second.txt", "second")
    listing = list_archive(buffer.getvalue(), "zip")
    first, second = listing.members
    assert (first.name, first.size, first.modified, first.encrypted, first.is_dir) == \
        ("inner/first.txt", 600, "2020-05-17T10:20:30Z", False, False)
    assert first.compressed is not None and first.compressed < 600 and second.size == 6
    assert listing.source == "archive"
    with pytest.raises(ArchiveListError, match="cannot be read"):
        list_archive(b"PK\x03\x04 not really", "zip")


def test_tar_and_gzipped_tar_directory() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, body in (("docs/a.txt", b"alpha"), ("b.bin", b"\x00" * 1000)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(body), 1614834367
            archive.addfile(info, io.BytesIO(body))
    plain = list_archive(buffer.getvalue(), "tar")
    assert [(m.name, m.size, m.modified) for m in plain.members] == \
        [("docs/a.txt", 5, "2021-03-04T05:06:07Z"), ("b.bin", 1000, "2021-03-04T05:06:07Z")]
    import gzip
    packed = list_archive(gzip.compress(buffer.getvalue()), "gzip", "bundle.tar.gz")
    assert [m.name for m in packed.members] == ["docs/a.txt", "b.bin"]
    assert archive_kind("application/x-tar", "x.tar") == "tar" and archive_kind(None, "x.7z") == "7z"


def test_case_members_of_the_ingested_archive(browse_case) -> None:  # type: ignore[no-untyped-def]
    members = case_members(browse_case, browse_case.ids["/archive.zip"])
    by_name = {m.name: m for m in members}
    assert {"inner/first.txt", "second.txt"} <= set(by_name)
    assert by_name["second.txt"].file_id == browse_case.ids["/archive.zip/second.txt"]
    assert by_name["second.txt"].size == len("second member")
    assert case_members(browse_case, browse_case.ids["/alpha.txt"]) == []


# -- PDF -----------------------------------------------------------------------------------------------------


def _pdf(pages: int = 3) -> bytes:
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        page.insert_text((72, 96), f"Page number {number + 1} of the ledger", fontsize=16)
    data = document.tobytes()
    document.close()
    return data


def test_pdf_page_count_png_and_text() -> None:
    page = render_page(_pdf(), 1, 400)
    assert page.pages == 3 and page.page == 1 and page.png.startswith(PNG_HEADER)
    assert page.width == 400 and page.height > 400  # A4-ish portrait
    assert "Page number 2 of the ledger" in page.text
    with pytest.raises(UsageError, match="no page 4"):
        render_page(_pdf(), 3, 400)
    assert is_pdf("application/pdf", "x") and is_pdf(None, "a.PDF") and not is_pdf("text/plain", "a.pdf")


def test_truncated_pdf_is_a_clear_error() -> None:
    with pytest.raises(UsageError, match="damaged|not a PDF"):
        render_page(_pdf()[:120], 0, 400)
    with pytest.raises(UsageError, match="not a PDF"):
        render_page(b"hello", 0, 400)
