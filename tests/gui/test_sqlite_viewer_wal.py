"""The Database tab on an SMS store whose newest message is only in its -wal: the chat shows it, the note says
the -wal was merged, and the recovered text is a choice of its own, marked as not live, with page and offset.
Real encrypted case, real pipeline, offscreen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE
from tests.gui.test_rich_viewers import WAIT_MS, _click_tab, _show
from tests.stages.sqlite_builders import wal_database

EXAMINER = "Ana Examiner"
WAL_ONLY = "only in the wal: meet at the lighthouse"


@pytest.fixture(scope="module")
def wal_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("wal")
    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
    case = Case.create(root / "case.heroes", PASSPHRASE, actor, key, title="WAL viewer")
    wal_database(root / "seized", "mmssms.db", ["see you at 8", "ok"], [WAL_ONLY],
                 deleted=["deleted: the money is in the blue bag"])
    add_evidence(case, root / "seized")
    assert ingest(case, IngestOptions(jobs=1, stages=("filetype", "hash", "text"))).status == "finished"
    case.ids = {record["path"]: record["id"] for record in iter_files(case)}  # type: ignore[attr-defined]
    yield case
    case.close()


@pytest.fixture
def viewers(qtbot, wal_case: Case):  # type: ignore[no-untyped-def]
    from heroes_desktop.gui.views.viewers import ViewerTabs
    jobs = Jobs()
    session = CaseSession(wal_case, Actor(EXAMINER, Role.EXAMINER), jobs, PASSPHRASE, KEY_PASSPHRASE)
    widget = ViewerTabs(session)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close_content()
    jobs.shutdown(wait=True)


def test_chat_in_its_merged_state_and_recovered_text(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _click_tab(qtbot, viewers, "Database")
    _show(qtbot, viewers, "/mmssms.db")
    database = viewers.database
    qtbot.waitUntil(lambda: database.state == "chat", timeout=WAIT_MS)
    table = database.table
    messages = [table.item(row, 3).text() for row in range(table.rowCount())]
    assert messages == ["see you at 8", "ok", WAL_ONLY]
    assert "Merged with its -wal" in database.note.text()
    recovered = database.choice.findData("recovered:all")
    assert recovered >= 0 and database.choice.itemText(recovered).startswith("Recovered text, not live")
    database.choice.setCurrentIndex(recovered)
    database.choice.activated.emit(recovered)
    qtbot.waitUntil(lambda: database.state == "recovered", timeout=WAIT_MS)
    headers = [table.horizontalHeaderItem(n).text() for n in range(table.columnCount())]
    assert headers == ["Recovered text", "Found in", "Page", "Offset", "Area"]
    rows = [[table.item(row, column).text() for column in range(5)] for row in range(table.rowCount())]
    [bag] = [row for row in rows if "the money is in the blue bag" in row[0]]
    assert bag[1:3] == ["database", "2"] and int(bag[3]) > 0
    assert database.note.text().startswith("Recovered, not live")
