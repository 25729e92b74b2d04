"""Stage limits are applied: the watchdog's budget for a task follows what the stages its items may meet declare
(OCR's 240 s for a picture, the video stage's 3 GiB for a film), where it used to be one figure for every item."""

from __future__ import annotations

from types import SimpleNamespace

from heroes_desktop.pipeline.ingest import IngestOptions
from heroes_desktop.pipeline.item_budget import item_memory_mb, item_seconds, may_read, task_limits
from heroes_desktop.pipeline.registry import default_registry

STAGES = {stage.name: stage for stage in default_registry().select(None)}
OPTIONS = IngestOptions()


def _row(name: str, size: int, mime: str | None = None, kind: str = "file") -> SimpleNamespace:
    return SimpleNamespace(name=name, path=f"/{name}", size=size, kind=kind, mime=mime)


def test_each_item_gets_the_largest_allowance_of_the_stages_it_may_meet() -> None:
    every = list(STAGES.values())
    text = _row("notes.txt", 1000, "text/plain")
    photo = _row("photo.jpg", 2 * 2**20, "image/jpeg")
    film = _row("film.mp4", 64 * 2**20, "video/mp4")
    assert not may_read(STAGES["video"], text) and may_read(STAGES["ocr"], photo) and may_read(STAGES["video"], film)
    rate = OPTIONS.min_rate
    assert item_seconds(photo, every, OPTIONS.seconds_base, rate) == STAGES["ocr"].limits.seconds + photo.size / rate
    assert item_seconds(film, every, OPTIONS.seconds_base, rate) == STAGES["video"].limits.seconds + film.size / rate
    assert item_seconds(text, every, OPTIONS.seconds_base, rate) == max(
        OPTIONS.seconds_base, *(s.limits.seconds for s in every if may_read(s, text))) + text.size / rate
    assert item_memory_mb(film, every, OPTIONS.memory_mb) == STAGES["video"].limits.memory_mb > OPTIONS.memory_mb
    assert item_memory_mb(text, every, OPTIONS.memory_mb) == OPTIONS.memory_mb
    # before its type is found, its name's type counts; with neither it may be anything its kind and size allow
    assert item_memory_mb(_row("film.mkv", 64 * 2**20), every, OPTIONS.memory_mb) == STAGES["video"].limits.memory_mb
    assert item_memory_mb(_row("notes.txt", 64), every, OPTIONS.memory_mb) == OPTIONS.memory_mb
    unknown = _row("blob", 64 * 2**20)
    assert item_memory_mb(unknown, every, OPTIONS.memory_mb) == STAGES["video"].limits.memory_mb
    # a stage's size cap holds: a file past what the stage takes does not get its allowance
    huge = _row("huge.jpg", STAGES["ocr"].limits.max_bytes + 1, "image/jpeg")
    assert not may_read(STAGES["ocr"], huge)


def test_a_task_sums_its_items_and_takes_the_largest_memory_and_only_the_stages_still_to_run() -> None:
    rows = [_row("a.jpg", 1000, "image/jpeg"), _row("film.mp4", 2**20, "video/mp4")]
    every = list(STAGES.values())
    limits = task_limits(rows, lambda row: every, OPTIONS.seconds_base, OPTIONS.min_rate, OPTIONS.memory_mb)
    expected = sum(item_seconds(row, every, OPTIONS.seconds_base, OPTIONS.min_rate) for row in rows)
    assert limits.seconds == expected and limits.memory_mb == STAGES["video"].limits.memory_mb
    hash_only = task_limits(rows, lambda row: [STAGES["hash"]], OPTIONS.seconds_base, OPTIONS.min_rate,
                            OPTIONS.memory_mb)
    assert hash_only.memory_mb == OPTIONS.memory_mb
    assert hash_only.seconds == sum(OPTIONS.seconds_base + row.size / OPTIONS.min_rate for row in rows)


def test_the_ingest_gives_the_pool_the_budgets_of_its_items(tmp_path, examiner, examiner_key) -> None:
    """A real ingest through a real pool: the task holding a picture is given OCR's allowance, a text-only task
    the base, and never less than before."""
    from PIL import Image

    from heroes_desktop.case.case_file import Case
    from heroes_desktop.pipeline.evidence_intake import add_evidence
    from heroes_desktop.pipeline.ingest import ingest
    from heroes_desktop.pipeline.worker_pool import WorkerPool
    from tests.conftest import PASSPHRASE

    given: list[tuple[float, int]] = []

    class RecordingPool(WorkerPool):
        def submit_limited(self, limits, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            if fn.__name__ == "process_items":
                given.append((limits.seconds, limits.memory_mb))
            return super().submit_limited(limits, fn, *args, **kwargs)

    folder = tmp_path / "evidence"
    (folder / "pictures").mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(folder / "pictures" / "red.png")
    (folder / "notes.txt").write_text("a note", encoding="utf-8")
    options = IngestOptions(jobs=1, stages=("filetype", "hash", "ocr"))
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder)
        pool = RecordingPool(1)
        summary = ingest(case, options, executor=pool)
    assert summary.status == "finished" and given
    # a picture by its name gets OCR's allowance, the note the base (one figure for both gave 240 s)
    assert sum(seconds for seconds, _ in given) >= STAGES["ocr"].limits.seconds + OPTIONS.seconds_base
    assert min(memory for _, memory in given) >= OPTIONS.memory_mb
