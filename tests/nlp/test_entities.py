"""Identifiers and lab-dictionary terms found through the pipeline and listed by ``heroes entities``."""

from __future__ import annotations

import json
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.nlp.entity_stage import list_entities
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.cli.test_cli import heroes

AD = """Se busca camarera para Marbella. Escribe a reclutamiento.costa@example.org o llama al +34 600 111 222.
Pago por adelantado a ES91 2100 0418 4502 0005 1332. Pregunta por la "chica de compañía". Viaje pagado.
"""
CHAT = "ok send the BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 and text me at (202) 555-0143, ask for @boss_ny"


def test_entities_through_the_pipeline_and_the_cli(new_case: Case, tmp_path: Path, isolated_profile: Path) -> None:
    folder = tmp_path / "phone-dump"
    folder.mkdir()
    (folder / "anuncio.txt").write_text(AD, encoding="utf-8")
    (folder / "chat.txt").write_text(CHAT, encoding="utf-8")
    (folder / "again.txt").write_text("llama al +34 600 111 222 antes de las 10", encoding="utf-8")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=2)).status == "finished"
    records = {(r["label"], r["normalized"]): r for r in list_entities(new_case)}
    assert records[("PHONE", "+34600111222")]["count"] == 2
    assert len(records[("PHONE", "+34600111222")]["file_ids"]) == 2
    assert ("EMAIL", "reclutamiento.costa@example.org") in records
    assert ("IBAN", "ES9121000418450200051332") in records
    assert ("CRYPTO", "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") in records
    assert ("PHONE", "+12025550143") in records and ("HANDLE", "@boss_ny") in records
    new_case.close()

    terms = tmp_path / "jerga.csv"
    terms.write_text("term,category,language\nchica de compania,explotacion,es\nviaje pagado,trata,es\n,bad,es\n",
                     encoding="utf-8")
    env = {"HEROES_EXAMINER": "Ana Examiner"}
    imported = heroes(isolated_profile, "dictionary", "import", str(new_case.path), str(terms), "--name", "jerga",
                      "--json", **env)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["malformed"] == 1
    listed = [json.loads(line) for line in heroes(isolated_profile, "entities", str(new_case.path), "--label",
                                                  "TERM", "--json").stdout.splitlines()]
    assert {(r["normalized"], r["category"]) for r in listed} == {("chica de compania", "explotacion"),
                                                                   ("viaje pagado", "trata")}
    everything = [json.loads(line) for line in heroes(isolated_profile, "entities", str(new_case.path), "--json")
                  .stdout.splitlines()]
    assert all({"label", "text", "normalized", "count", "file_ids"} <= set(r) for r in everything)


def test_a_name_from_an_earlier_run_is_found_in_a_lower_case_chat(new_case: Case, tmp_path: Path) -> None:
    """Issue 19: the case's capitalised names go to the workers, so a later chat typed in lower case finds them."""
    first, second = tmp_path / "statement", tmp_path / "chats"
    first.mkdir()
    second.mkdir()
    (first / "statement.txt").write_text("The victim was recruited in Lagos by Blessing Okonkwo in 2019.\n",
                                         encoding="utf-8")
    (second / "chat.txt").write_text("ok so blessing okonkwo is back in lagos now\n", encoding="utf-8")
    add_evidence(new_case, first)
    assert ingest(new_case, IngestOptions(jobs=1)).status == "finished"
    add_evidence(new_case, second)
    assert ingest(new_case, IngestOptions(jobs=1)).status == "finished"
    files: dict[tuple[str, str], set[int]] = {}
    for record in list_entities(new_case):  # "Lagos" and "lagos" are listed apart, as written
        files.setdefault((record["label"], record["normalized"].lower()), set()).update(record["file_ids"])
    assert len(files[("PERSON", "blessing okonkwo")]) == 2 and len(files[("LOC", "lagos")]) == 2
