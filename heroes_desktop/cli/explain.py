"""Why a listing is empty: "no evidence yet", "nothing ingested yet", or that the stages found nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case


def why_empty(case: Case, what: str, found_by: str) -> str:
    """One line for stderr: ``no {what} found: <the reason and the next step>``.

    ``found_by`` says which step fills the listing ("the text and entities stages of `heroes ingest`").
    """
    from sqlalchemy import exists, select

    from heroes_desktop.case.schema import evidence, volumes

    with case.reading() as connection:
        has_evidence = connection.execute(select(exists().select_from(evidence))).scalar()
        never_scanned = connection.execute(select(exists().where(
            ~exists().where(volumes.c.evidence_id == evidence.c.id)).select_from(evidence))).scalar()
        not_walked = connection.execute(select(exists().where(
            volumes.c.walked.is_(False), volumes.c.status == "ok"))).scalar()
        any_walked = connection.execute(select(exists().where(volumes.c.walked.is_(True)))).scalar()
    if not has_evidence:
        return f"no {what} found: no evidence yet: add evidence first (`heroes evidence add CASE PATH`)"
    if not any_walked:
        return f"no {what} found: nothing ingested yet: run `heroes ingest CASE`"
    if never_scanned or not_walked:
        return f"no {what} found: some evidence is not ingested yet: run `heroes ingest CASE`"
    return f"no {what} found ({found_by})"
