"""FCA end to end: languages, named entities, topics and filtered search through ingest and the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.search.fulltext import search
from tests.cli.test_cli import heroes
from tests.conftest import sha256_file

JOBS = [
    "Job offer: waitress wanted in a hotel in Marbella. Salary paid weekly, accommodation included, contract "
    "for the summer season. Send your CV and photo to the recruitment agency.",
    "We are hiring hostesses for a nightclub. Good salary, travel paid, no experience needed. Apply with a photo "
    "and your CV, the agency arranges the contract and accommodation.",
    "Vacancy for a cleaner at the hotel. Weekly salary, accommodation and meals included. The recruitment agency "
    "interviews candidates; send CV and references.",
    "Models wanted for promotional work abroad. High salary, flights and accommodation paid by the agency; sign "
    "the contract on arrival. Send photo and CV.",
]
TRAVEL = [
    "Your flight booking is confirmed: departure from Madrid at 07:40, arrival in London at 09:05. Check in online "
    "and bring your passport to the airport.",
    "Booking confirmation: two nights at the Hotel Central, check in after 14:00. The airport shuttle leaves every "
    "hour. Passport required at reception.",
    "Train and flight itinerary: the flight to Lisbon departs at 18:30; boarding closes 20 minutes before "
    "departure. Bring the booking reference and your passport.",
    "Change of booking: your return flight now departs on Sunday. The airline refunds the difference; check in "
    "at the airport desk with your passport.",
]
MONEY = [
    "Transfer receipt: 1,500 EUR sent from the savings account to IBAN ES91 2100 0418 4502 0005 1332. The bank "
    "charges a fee of 3 EUR for the transfer.",
    "Please send the money by bank transfer before Friday. Account holder Daniel Ortega, the bank confirms the "
    "payment in two days. Keep the receipt.",
    "The payment failed: the bank rejected the transfer because the account number was wrong. Send the money "
    "again and forward the receipt.",
    "Monthly statement: three transfers received, one payment sent. The bank account balance is 240 EUR after "
    "fees. Contact the bank about the transfer limit.",
]
SPANISH = [
    "Oferta de trabajo para camareras en Marbella: salario semanal, alojamiento incluido y contrato de verano. "
    "Escribe a la agencia con tu foto. Pregunta por María García.",
    "Reserva confirmada: vuelo de Madrid a Londres, salida a las 07:40. Lleva el pasaporte al aeropuerto y "
    "presenta la reserva en el mostrador de la aerolínea.",
]


def _chat_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, sender TEXT, body TEXT, sent_at INTEGER)")
    connection.executemany("INSERT INTO messages (sender, body, sent_at) VALUES (?, ?, ?)", [
        ("boss", "the girls arrive on the night bus to Valencia, pay the driver in cash", 1_700_000_000),
        ("driver", "ok, send the transfer to my account before the bus leaves", 1_700_000_100),
    ])
    connection.commit()
    connection.close()


def test_languages_entities_topics_and_filters(new_case: Case, tmp_path: Path, isolated_profile: Path) -> None:
    folder = tmp_path / "seized-laptop"
    folder.mkdir()
    for group, documents in (("jobs", JOBS), ("travel", TRAVEL), ("money", MONEY), ("es", SPANISH)):
        for index, body in enumerate(documents):
            (folder / f"{group}-{index}.txt").write_text(body, encoding="utf-8")
    _chat_database(folder / "chat.db")
    before = sha256_file(folder / "chat.db")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=2, stages=("filetype", "text", "entities", "topics"))).status \
        == "finished"
    assert sha256_file(folder / "chat.db") == before  # the database was read from a copy
    chat_hits = search(new_case, '"night bus"')
    assert [hit.path for hit in chat_hits] == ["/chat.db"]

    with new_case.reading() as connection:
        languages = dict(connection.exec_driver_sql(
            "SELECT f.name, t.language FROM texts t JOIN files f ON f.id = t.file_id").all())
        events = [row[0] for row in connection.exec_driver_sql("SELECT action FROM custody_events")]
        models = json.loads(connection.exec_driver_sql(
            "SELECT versions FROM custody_events WHERE action = 'entities.computed'").scalar())["models"]
    assert languages["es-0.txt"] == "es" and languages["jobs-0.txt"] == "en"
    assert {"entities.computed", "topics.modelled"} <= set(events)
    assert set(models) == {"spacy-en-core-web-sm", "spacy-es-core-news-sm"}

    case_path = str(new_case.path)
    new_case.close()
    people = [json.loads(line) for line in heroes(isolated_profile, "entities", case_path, "--label", "PERSON",
                                                   "--json").stdout.splitlines()]
    assert {"Daniel Ortega", "María García"} <= {record["normalized"] for record in people}

    listed = heroes(isolated_profile, "topics", case_path, "--json")
    assert listed.returncode == 0, listed.stderr
    topics = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(topics) >= 2 and all(len(topic["terms"]) == 10 for topic in topics)
    assert not {"the", "and", "de", "la", "para"} & {term for topic in topics for term in topic["terms"]}

    filtered = heroes(isolated_profile, "search", case_path, "transfer OR passport OR salary", "--entity",
                      "daniel ortega", "--json")
    assert [json.loads(line)["path"] for line in filtered.stdout.splitlines()] == ["/money-1.txt"]
    ibans = heroes(isolated_profile, "search", case_path, "transfer", "--label", "IBAN", "--json")
    assert [json.loads(line)["path"] for line in ibans.stdout.splitlines()] == ["/money-0.txt"]

    money_topic = max(topics, key=lambda topic: sum(d["path"].startswith("/money") for d in topic["documents"]))
    about_money = heroes(isolated_profile, "search", case_path, "bank OR passport OR salary", "--topic",
                         str(money_topic["topic"]), "--json")
    paths = {json.loads(line)["path"] for line in about_money.stdout.splitlines()}
    assert paths and sum(path.startswith("/money") for path in paths) >= len(paths) / 2

    money_file = next(d["file_id"] for d in money_topic["documents"] if d["path"].startswith("/money"))
    like = [json.loads(line) for line in heroes(isolated_profile, "topics", case_path, "--like", str(money_file),
                                                 "--json").stdout.splitlines()]
    assert like and money_file not in {record["file_id"] for record in like}
    assert like == sorted(like, key=lambda record: -record["similarity"])

    env = {"HEROES_EXAMINER": "Ana Examiner"}
    fixed = heroes(isolated_profile, "topics", case_path, "--run", "--topics", "3", "--json", **env)
    assert fixed.returncode == 0, fixed.stderr
    assert len(fixed.stdout.splitlines()) == 3
    bad = heroes(isolated_profile, "search", case_path, "transfer", "--topic", "1", "--deleted", "--allocated")
    assert bad.returncode == 2
