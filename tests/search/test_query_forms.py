"""What examiners type into a search, as FTS5 misread it before: hyphenated words, e-mail addresses, URLs, phone
numbers, IBANs and crypto addresses typed as they appear, and identifiers typed in another common form than the one
in the evidence (found through the entities stage's normalised values). The FTS syntax keeps working, a real
syntax error is one line, and ``hit_ids`` ranks the files a search finds. On a real encrypted case, ingested with
the filetype, hash, text and entities stages, and through the real ``heroes search``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.search.fulltext import compile_for_case, hit_ids, search
from heroes_desktop.search.query_syntax import SearchSyntaxError, check_query, compile_query
from tests.cli.test_cli import heroes
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

DOCUMENTS = {
    "vim.txt": "Install the vim-pandoc plugin, then restart the editor.",
    "editor.txt": "vim is an editor; pandoc converts documents between formats.",
    "mail.txt": "Write to Ana.Lopez@example.org for the keys of the flat.",
    "url.txt": "Download the list from https://files.example.net/drop/a-1.zip before Friday.",
    "phone_es.txt": "Llámame al 600 12 34 56 mañana por la mañana.",
    "phone_odd.txt": "Contacto: tel +34 6001 23456 (solo por la noche).",
    "phone_us.txt": "Call the driver at (212) 555-0123 when you land.",
    "other_phone.txt": "Reserva confirmada, teléfono 611 22 33 44.",
    "phone_pe.txt": "Línea de atención en Lima: +51 993 836 688.",
    "phone_co.txt": "Escríbeme por WhatsApp al +57 310 555 1234.",
    "iban.txt": "Transferencia a ES91 2100 0418 4502 0005 1332 el lunes.",
    "iban_compact.txt": "IBAN: GB82WEST12345698765432 (Oksana).",
    "bitcoin.txt": "Send 0.5 BTC to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT tonight.",
    "ethereum.txt": "Wallet 0x52908400098527886E0F7030069857D2E4169EE7 holds the rest.",
    "ipv6.txt": "The panel answered from 2001:0db8:0000:0000:0000:0000:0000:0001 again.",
    "station.txt": "Meet me at the bus station of Cádiz tomorrow, not at the invoice office.",
    "invoice.txt": "The bus station invoice is attached. Madrid office.",
    "madrid.txt": "Madrid, Madrid and again Madrid: the madrileño contact lives in Madrid.",
    "madrid_once.txt": "A postcard from Madrid.",
}


@pytest.fixture(scope="module")
def forms_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A case holding the documents above, ingested through text and entities; yields its path (closed)."""
    root = tmp_path_factory.mktemp("forms")
    evidence = root / "evidence"
    evidence.mkdir()
    for name, body in DOCUMENTS.items():
        (evidence / name).write_text(body + "\n", encoding="utf-8")
    home = root / "profile"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(home))
        actor = Actor("Ana Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
        path = root / "case" / "forms.heroes"
        case = Case.create(path, PASSPHRASE, actor, key, title="Query forms", number="2026-014")
        try:
            add_evidence(case, evidence)
            summary = ingest(case, IngestOptions(jobs=1, stages=("filetype", "hash", "text", "entities")))
            assert summary.status == "finished"
        finally:
            case.close()
    yield path


@pytest.fixture
def case(forms_case: Path) -> Iterator[Case]:
    opened = Case.open(forms_case, PASSPHRASE, mode=OpenMode.READ_ONLY)
    yield opened
    opened.close()


def _names(case: Case, query: str, **filters: object) -> set[str]:
    return {hit.path.rsplit("/", 1)[-1] for hit in search(case, query, **filters)}  # type: ignore[arg-type]


def test_hyphenated_words_emails_and_urls(case: Case) -> None:
    assert _names(case, "vim-pandoc") == {"vim.txt"}  # FTS5 read "no such column: pandoc"
    assert _names(case, "vim AND pandoc") == {"vim.txt", "editor.txt"}
    assert _names(case, "vim-pan*") == {"vim.txt"}
    assert _names(case, "ana.lopez@example.org") == {"mail.txt"}
    assert _names(case, "Ana.Lopez@EXAMPLE.org") == {"mail.txt"}
    assert _names(case, "https://files.example.net/drop/a-1.zip") == {"url.txt"}
    assert _names(case, "files.example.net") == {"url.txt"}
    assert _names(case, "the:flat") == {"mail.txt"}  # never a column filter: the phrase "the flat"
    assert search(case, "body:flat") == []  # no error either
    hit = search(case, "vim-pandoc")[0]
    assert "[vim-pandoc]" in hit.snippet


@pytest.mark.parametrize("typed", ["+34 600 123 456", "600123456", "600 12 34 56", "+34600123456",
                                   "0034 600 123 456", "600-123-456", "(+34) 600 12 34 56", "+34 600-12-34-56",
                                   '"600 123 456"'])
def test_a_phone_number_in_any_common_form(case: Case, typed: str) -> None:
    assert _names(case, typed) == {"phone_es.txt", "phone_odd.txt"}


def test_identifiers_found_through_the_entities_stage(case: Case) -> None:
    """"+34 6001 23456" is no form the query would guess; the entities stage normalised it to +34600123456."""
    assert compile_query("600123456").identifiers[0].normalized[0] == "+34600123456"
    plain = compile_query("600123456").fts
    with case.reading() as connection:
        rows = connection.exec_driver_sql("SELECT normalized FROM entities WHERE text = '+34 6001 23456'").all()
        assert [row[0] for row in rows] == ["+34600123456"]
        compiled = compile_for_case(connection, "600123456")
        without_entities = connection.exec_driver_sql(
            "SELECT file_id FROM text_index WHERE text_index MATCH ?", (plain,)).all()
    assert "+34 6001 23456" in compiled.fts and "+34 6001 23456" not in plain
    assert len(without_entities) == 1  # the written forms alone find only phone_es.txt
    assert _names(case, "600123456") == {"phone_es.txt", "phone_odd.txt"}
    assert _names(case, "212.555.0123") == _names(case, "+1 212 555 0123") == {"phone_us.txt"}
    assert _names(case, "(212) 555-0123 OR 611223344") == {"phone_us.txt", "other_phone.txt"}
    assert _names(case, "(madrid OR 600123456) NOT postcard") == {
        "phone_es.txt", "phone_odd.txt", "madrid.txt", "invoice.txt"}


@pytest.mark.parametrize("typed", ["993836688", "993 836 688", "0993 836 688", "+51 993 836 688",
                                   "+51993836688", "0051 993 836 688"])
def test_a_number_typed_without_its_country_code_finds_any_phone_ending_in_it(case: Case, typed: str) -> None:
    """A Peruvian number is no valid number of the default regions: typed bare, it matches the case's phone
    entities that end in its digits."""
    assert _names(case, typed) == {"phone_pe.txt"}


def test_a_bare_number_that_another_region_also_reads_still_finds_the_foreign_phone(case: Case) -> None:
    """3105551234 reads as a United States number too; typed without a country code it still finds the
    Colombian +57 310 555 1234, through the entities stage's normalised value."""
    assert _names(case, "3105551234") == {"phone_co.txt"}
    assert _names(case, "310 555 1234") == {"phone_co.txt"}
    assert _names(case, "2024 2025") == set()  # two numbers side by side stay two words, never a phone


def test_ibans_and_crypto_addresses(case: Case) -> None:
    for typed in ("ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332", "es91 2100 0418 4502 0005 1332",
                  "es9121000418450200051332"):
        assert _names(case, typed) == {"iban.txt"}, typed
    assert _names(case, "GB82 WEST 1234 5698 7654 32") == {"iban_compact.txt"}
    assert _names(case, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT") == {"bitcoin.txt"}
    assert _names(case, "0x52908400098527886e0f7030069857d2e4169ee7") == {"ethereum.txt"}
    assert _names(case, "2001:db8::1") == {"ipv6.txt"}  # typed compressed, written out in full


def test_the_fts_syntax_keeps_working(case: Case) -> None:
    assert _names(case, '"bus station"') == {"station.txt", "invoice.txt"}
    assert _names(case, '"bus station" AND cadiz') == {"station.txt"}  # diacritics and case ignored
    assert _names(case, '"bus station" NOT invoice') == set()  # station.txt names the invoice office too
    assert _names(case, '"bus station" AND NOT madrid') == {"station.txt"}
    assert _names(case, "madrid OR cadiz") == {"station.txt", "invoice.txt", "madrid.txt", "madrid_once.txt"}
    assert _names(case, "madr*") == {"invoice.txt", "madrid.txt", "madrid_once.txt"}
    assert _names(case, "(postcard OR editor) AND (madrid OR vim)") == {"madrid_once.txt", "editor.txt", "vim.txt"}
    assert _names(case, "NEAR(bus office, 10)") == {"station.txt", "invoice.txt"}
    assert _names(case, "NEAR(bus office, 6)") == {"invoice.txt"}
    assert _names(case, '"bus sta"*') == {"station.txt", "invoice.txt"}
    assert _names(case, "madrileno") == {"madrid.txt"}


@pytest.mark.parametrize(("query", "reason", "position"), [
    ('unbalanced "quote', 'a quote is not closed: add the closing "', 11),
    ("madrid AND", "AND at the end needs a word or phrase after it", 10),
    ("OR madrid", "OR needs a word or phrase before it", 0),
    ("NOT madrid", "NOT needs something before it: write a NOT b (or a AND NOT b)", 0),
    ("madrid OR NOT cadiz", "OR NOT cannot be searched: write a NOT b to leave b out", 10),
    ("madrid AND OR cadiz", "AND needs a word or phrase after it, not OR", 11),
    ("(madrid OR cadiz", "a ( is not closed: add the closing )", 0),
    ("madrid)", "a ) has no ( before it", 6),
    ("()", "empty parentheses", 0),
    ("*drid", "a * goes at the end of a word, as in madr* (words are found by how they start)", 0),
    ("&", "nothing to search for: give words, numbers or identifiers", 0),
])
def test_a_syntax_error_is_one_clear_line(case: Case, query: str, reason: str, position: int) -> None:
    with pytest.raises(SearchSyntaxError) as caught:
        search(case, query)
    assert str(caught.value) == f"not a valid search {query!r}: {reason}"
    assert "\n" not in str(caught.value) and caught.value.position == position
    with pytest.raises(UsageError):
        hit_ids(case, query)
    with pytest.raises(UsageError):
        check_query(query)
    with pytest.raises(UsageError, match="an empty search"):
        hit_ids(case, "   ")


def test_hit_ids_are_ranked_unique_and_filtered(case: Case) -> None:
    ids = hit_ids(case, "madrid")
    by_name = {hit.path.rsplit("/", 1)[-1]: hit.file_id for hit in search(case, "madrid")}
    assert ids == [hit.file_id for hit in search(case, "madrid")]
    assert len(ids) == len(set(ids)) == 3
    assert ids[0] == by_name["madrid.txt"] and ids.index(by_name["madrid.txt"]) < ids.index(by_name["madrid_once.txt"])
    assert hit_ids(case, "madrid", limit=2) == ids[:2]
    assert hit_ids(case, "madrid", deleted=True) == []
    assert set(hit_ids(case, "madrid", mime_prefix="text/")) == set(ids)
    assert hit_ids(case, "madrid", mime_prefix="application/pdf") == []
    names = _ids_by_name(case)
    phones = {names["phone_es.txt"], names["phone_odd.txt"]}
    assert set(hit_ids(case, "600123456")) == phones
    assert set(hit_ids(case, "vim-pandoc OR 600123456", entity="+34600123456")) == phones
    assert hit_ids(case, "vim-pandoc", entity_label="PHONE") == []


def _ids_by_name(case: Case) -> dict[str, int]:
    with case.reading() as connection:
        return {row.name: int(row.id) for row in connection.exec_driver_sql("SELECT id, name FROM files")}


def test_the_heroes_search_command(forms_case: Path, isolated_profile: Path) -> None:
    for typed, expected in (("vim-pandoc", {"/vim.txt"}), ("+34 600 123 456", {"/phone_es.txt", "/phone_odd.txt"}),
                            ("es91 2100 0418 4502 0005 1332", {"/iban.txt"}),
                            ("ana.lopez@example.org", {"/mail.txt"}), ('"bus station" AND NOT madrid',
                                                                      {"/station.txt"})):
        result = heroes(isolated_profile, "search", str(forms_case), typed, "--json")
        assert result.returncode == 0, result.stderr
        hits = [json.loads(line) for line in result.stdout.splitlines()]
        assert {hit["path"] for hit in hits} == expected, typed
    result = heroes(isolated_profile, "search", str(forms_case), "madrid AND")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "heroes: not a valid search 'madrid AND': AND at the end needs a word or phrase after it"]


def test_identifiers_are_read_from_runs_of_words() -> None:
    """Longest span first, word by word: two numbers side by side are two numbers, not one invalid one."""
    found = compile_query("+34 600 123 456 611223344 madrid").identifiers
    assert [(item.label, item.normalized[0]) for item in found] == [("PHONE", "+34600123456"),
                                                                     ("PHONE", "+34611223344")]
    assert compile_query("(212) 555-0123").identifiers[0].normalized[0] == "+12125550123"  # not a group
    assert [item.label for item in compile_query("ES91 2100 0418 4502 0005 1332 GB82WEST12345698765432"
                                                 ).identifiers] == ["IBAN", "IBAN"]
    assert compile_query("2024-01-15 meeting").identifiers == ()
    assert compile_query("vim-pandoc").fts == '"vim-pandoc"'
    assert compile_query('"bus station" AND (madrid OR cadiz) NOT invoice').fts == (
        '("bus station" AND (("madrid" OR "cadiz") NOT "invoice"))')


def test_snippets_for_the_rows_a_window_shows(case: Case) -> None:
    """Snippets of chosen hits, by rowid: the same text as the search's own, none for a file it does not match."""
    by_name = {hit.path.rsplit("/", 1)[-1]: hit for hit in search(case, "madrid", limit=50)}
    from heroes_desktop.search.fulltext import snippets_for

    wanted = [by_name["madrid_once.txt"].file_id, by_name["madrid.txt"].file_id]
    others = [hit.file_id for hit in search(case, "vim-pandoc")]
    found = snippets_for(case, "madrid", wanted + others)
    assert set(found) == set(wanted)
    assert found[wanted[0]] == by_name["madrid_once.txt"].snippet
    assert snippets_for(case, "madrid", []) == {}
