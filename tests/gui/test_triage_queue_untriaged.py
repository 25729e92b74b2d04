"""Issue 20: a picture image triage could not rank (here a JPEG of which only the header is left) comes first in
the triage queue, its suggestion column saying "not triaged" and why, and its description says so too; on a copy
of the demo case (benign training pictures) with such a picture added (generated gradients)."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.gui.shortcuts import ShortcutRegistry
from heroes_desktop.gui.views.triage_queue import TriageQueueView
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.training.demo import DemoResult
from tests.conftest import open_demo_case
from tests.gui.demo_sessions import demo, open_demo_session, unexpected  # noqa: F401 - fixtures
from tests.pipeline.test_item_status import encoded, picture

TIMEOUT = 20_000


def test_a_picture_not_triaged_comes_first_with_why(demo: DemoResult, tmp_path: Path, qtbot,  # noqa: F811
                                                    unexpected: list[str]) -> None:  # noqa: F811
    folder = tmp_path / "card"
    folder.mkdir()
    (folder / "header-only.jpg").write_bytes(encoded(picture(), "JPEG")[:400])
    case, _actor, _profile = open_demo_case(demo, "read-write", purpose="add a damaged picture")
    try:
        add_evidence(case, folder)
        ingest(case, IngestOptions(jobs=1, stages=("filetype", "hash", "media")))
    finally:
        case.close()
    session = open_demo_session(demo)
    try:
        queued = triage_queue(session.case)
        first = review_items(session.case, queued[:1])[queued[0]]
        assert first.name == "header-only.jpg" and first.not_triaged.startswith("media: ")
        assert any(line.startswith("not triaged: media: ") for line in first.descriptor())
        view = TriageQueueView(session, registry=ShortcutRegistry(session.actor.name if session.actor else None))
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.row_loaded(0), timeout=TIMEOUT)
        assert view.model.ids[0] == queued[0]
        assert view.model.data(view.model.index(0, 2)).startswith("not triaged: media: ")
        assert view.model.data(view.model.index(0, 1)) == ""  # no score
        view.close()
    finally:
        session.close()
    assert not unexpected
