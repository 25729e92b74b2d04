"""eMule's text records, written as the clients write them: ``AC_SearchStrings.dat`` (``CCustomAutoComplete::SaveList``:
BOM 0xFEFF, then each term and CRLF in UTF-16LE, newest first), ``shareddir.dat`` (eMule: the same encoding, one
folder a line; aMule: UTF-8 lines), ``preferences.ini`` (``WritePrivateProfileString``: ANSI, the nick in UTF-8) and
aMule's ``amule.conf``; and which evidence paths each parser claims."""

from __future__ import annotations

import pytest

from heroes_desktop.p2p import emule
from heroes_desktop.p2p.errors import MalformedRecord
from heroes_desktop.p2p.records import KINDS


def utf16_file(lines: list[str]) -> bytes:
    return b"\xff\xfe" + "".join(line + "\r\n" for line in lines).encode("utf-16-le")


# --- AC_SearchStrings.dat -------------------------------------------------------------------------------------------


def test_search_terms_keep_accents_and_their_order() -> None:
    data = utf16_file(["canción española", "música clásica  ", "", "cañón antiguo"])
    records = emule.parse_search_strings(data)
    assert [r.name for r in records] == ["canción española", "música clásica", "cañón antiguo"]
    assert [r.details["position"] for r in records] == [0, 1, 2]
    assert {(r.client, r.kind) for r in records} == {("emule", "search")}


def test_empty_search_history_has_no_records() -> None:
    assert emule.parse_search_strings(b"\xff\xfe") == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("búsqueda\r\n".encode("utf-16-le"), "no UTF-16LE byte-order mark at offset 0"),
        (utf16_file(["término"])[:-1], "odd number of UTF-16 bytes at offset"),
        (b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le"), "bad UTF-16"),
        ("término\r\n".encode("utf-8"), "no UTF-16LE byte-order mark"),
    ],
    ids=["no-bom", "odd-length", "lone-surrogate", "utf8"],
)
def test_malformed_search_strings_fail_with_their_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="AC_SearchStrings.dat") as excinfo:
        emule.parse_search_strings(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


def test_lone_surrogate_offset_points_at_it() -> None:
    data = b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le")
    with pytest.raises(MalformedRecord, match="at offset 6"):
        emule.parse_search_strings(data)


# --- shareddir.dat --------------------------------------------------------------------------------------------------


def test_emule_shared_folders_in_utf16() -> None:
    data = utf16_file(["C:\\Users\\Ana\\Música\\", "", "D:\\Compartido\\Años 90\\"])
    records = emule.parse_shared_dirs(data)
    assert [r.name for r in records] == ["C:\\Users\\Ana\\Música\\", "D:\\Compartido\\Años 90\\"]
    assert records[0].kind == "shared-folder"
    assert records[0].details == {"path": "C:\\Users\\Ana\\Música\\", "role": "shared", "source": "shareddir.dat"}


def test_amule_shared_folders_in_utf8_and_old_emule_in_ansi() -> None:
    amule = emule.parse_shared_dirs("/home/ana/Público\n/home/ana/Vídeos\n".encode("utf-8"))
    assert [r.name for r in amule] == ["/home/ana/Público", "/home/ana/Vídeos"]
    old = emule.parse_shared_dirs("C:\\Mis documentos\\Música\r\n".encode("cp1252"))
    assert [r.name for r in old] == ["C:\\Mis documentos\\Música"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (utf16_file(["C:\\Share\\"])[:-1], "odd number of UTF-16 bytes"),
        (b"\xff\xfe" + b"\x00\xdc" + "x".encode("utf-16-le"), "bad UTF-16"),
        ("C:\\Share\\\r\n".encode("utf-16-le"), "NUL byte at offset 1"),
        (b"\xef\xbb\xbf/home/\xff\xfe/x\n", "bad UTF-8"),
    ],
    ids=["odd-length", "lone-surrogate", "utf16-without-bom", "bad-utf8-after-bom"],
)
def test_malformed_shareddir_fails_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="shareddir.dat") as excinfo:
        emule.parse_shared_dirs(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


# --- preferences.ini / amule.conf -----------------------------------------------------------------------------------

PREFERENCES = (
    b"[eMule]\r\n"
    b"AppVersion=0.50a\r\n"
    b"Nick=" + "José".encode("utf-8") + b"\r\n"
    b"IncomingDir=" + "C:\\Users\\José\\Downloads\\eMule\\Incoming".encode("cp1252") + b"\r\n"
    b"TempDir=C:\\eMule\\Temp\r\n"
    b"TempDirs=D:\\temp1|E:\\temp2\r\n"
    b"Port=4662\r\n"
    b"[Statistics]\r\n"
    b"IncomingDir=C:\\not-a-folder-key-here\r\n"
)


def test_preferences_give_the_download_and_temporary_folders_and_the_nick() -> None:
    records = emule.parse_preferences(PREFERENCES)
    folders = [(r.name, r.details["role"]) for r in records if r.kind == "shared-folder"]
    assert folders == [
        ("C:\\Users\\José\\Downloads\\eMule\\Incoming", "incoming"),
        ("C:\\eMule\\Temp", "temp"),
        ("D:\\temp1", "temp"),
        ("E:\\temp2", "temp"),
    ]
    settings = {r.name: r.details["value"] for r in records if r.kind == "setting"}
    assert settings == {"AppVersion": "0.50a", "Nick": "José"}


def test_preferences_in_utf16_and_amule_conf() -> None:
    utf16 = emule.parse_preferences(utf16_file(["[eMule]", "incomingdir=F:\\Descargas"]))
    assert [(r.name, r.details["role"]) for r in utf16] == [("F:\\Descargas", "incoming")]
    conf = b"[eMule]\nNick=ana\nTempDir=/home/ana/.aMule/Temp\nIncomingDir=/home/ana/.aMule/Incoming\n"
    assert [r.name for r in emule.parse_preferences(conf) if r.kind == "shared-folder"] == [
        "/home/ana/.aMule/Temp", "/home/ana/.aMule/Incoming"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"[General]\r\nIncomingDir=C:\\x\r\n", "no [eMule] section"),
        (utf16_file(["[eMule]"])[:-1], "odd number of UTF-16 bytes"),
        (b"\xff\xfe" + b"\x3d\xd8" + "=".encode("utf-16-le"), "bad UTF-16"),
    ],
    ids=["no-section", "odd-length", "lone-surrogate"],
)
def test_malformed_preferences_fail_with_their_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="preferences") as excinfo:
        emule.parse_preferences(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


# --- the catalogue --------------------------------------------------------------------------------------------------

CLAIMS = {
    "/users/ana/appdata/local/emule/config/known.met": emule.parse_known_met,
    "/home/ana/.amule/known.met": emule.parse_known_met,
    "/users/ana/appdata/local/emule/temp/001.part.met": emule.parse_part_met,
    "/users/ana/appdata/local/emule/temp/001.part.met.bak": emule.parse_part_met,
    "/program files (x86)/emule/config/cancelled.met": emule.parse_cancelled_met,
    "/users/ana/appdata/local/emule/config/ac_searchstrings.dat": emule.parse_search_strings,
    "/users/ana/appdata/local/emule/config/shareddir.dat": emule.parse_shared_dirs,
    "/home/ana/.amule/shareddir-recursive.dat": emule.parse_shared_dirs,
    "/users/ana/appdata/local/emule/config/preferences.ini": emule.parse_preferences,
    "/home/ana/.amule/amule.conf": emule.parse_preferences,
}
UNCLAIMED = [
    "/users/ana/documents/known.met.txt",
    "/users/ana/appdata/roaming/someapp/preferences.ini",
    "/etc/amule.conf.sample",
    "/users/ana/documents/part.met.notes",
    "/users/ana/appdata/local/emule/config/server.met",
]


def test_each_record_file_is_claimed_by_exactly_its_parser() -> None:
    parsers = emule.parsers()
    assert {p.client for p in parsers} == {"emule"}
    for path, parse in CLAIMS.items():
        assert [p.parse for p in parsers if p.matches(path)] == [parse], path
    for path in UNCLAIMED:
        assert not any(p.matches(path) for p in parsers), path


def test_every_record_kind_is_in_the_contract() -> None:
    samples = [
        emule.parse_search_strings(utf16_file(["x"])),
        emule.parse_shared_dirs(utf16_file(["C:\\x"])),
        emule.parse_preferences(PREFERENCES),
    ]
    assert {r.kind for records in samples for r in records} <= set(KINDS)
