"""``scripts/bench_review.py``: the scripted examiner decides every picture of the demo case rightly, with fewer
clear views than pictures, through the product's review calls; and the gallery benchmark runs end to end."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.conftest import REPO, open_demo_case


def _bench_review() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_review", REPO / "scripts" / "bench_review.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_review", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_review() -> ModuleType:
    return _bench_review()


def test_the_scripted_examiner_decides_every_picture_rightly_with_few_clear_views(demo_case, bench_review) -> None:
    from heroes_desktop.review.gallery import GalleryScope, list_gallery
    from heroes_desktop.training.answer_key import read_key

    case, _actor, _profile = open_demo_case(demo_case, purpose="bench-review test")
    with case:
        figures = bench_review.run_examiner(case, read_key(demo_case.training.key))
        assert list_gallery(case, GalleryScope(unreviewed_only=True)).ids == []
        again = bench_review.ScriptedExaminer(case, read_key(demo_case.training.key))
        again.play()  # every picture is decided: a second pass shows nothing and decides nothing
        assert again.ladder.clear_views == 0 and again.how == {} and again.obscured_group_views == 0

    assert figures["task_precision"] == 1.0 and figures["task_recall"] == 1.0, (figures["task_missed"],
                                                                               figures["task_mistaken"])
    assert bench_review.honest(figures)
    assert figures["undecided_left"] == 0
    assert figures["pictures_categorised"] == figures["pictures"] == figures["baseline_clear_views"]
    assert figures["clear_views"] < figures["pictures_categorised"]
    assert sum(figures["decided_by"].values()) == figures["pictures_categorised"]
    # every saving is used: exact matches unseen, groups carried, descriptors and face crops read
    decided = figures["decided_by"]
    assert decided["hash_set_bulk"] > 0 and decided["near_duplicate"] > 0 and decided["descriptor"] > 0
    assert figures["obscured_group_views"] > 0
    assert figures["clear_views_per_picture"] == round(figures["clear_views"] / figures["pictures_categorised"], 4)
    # the clear views went through the ladder into the examiner's exposure log (flagged ones only count there)
    assert figures["exposure_log_session_views"] == figures["flagged_clear_views"] <= figures["clear_views"]



def test_the_gallery_benchmark_times_the_real_gallery_view(bench_review, qtbot, tmp_path) -> None:
    """A tiny ``--gallery 300`` run: the synthetic pictures are built, the real view lists them, paints its first
    screen with thumbnails, scrolls, and every figure comes with its in-process reference."""
    from heroes_desktop.gui import errors

    unexpected: list[str] = []
    errors.install_handler(lambda error, where, details: unexpected.append(f"{where}: {details}"))
    try:
        figures = bench_review.bench_gallery(300, frames=8, out=tmp_path, files=200, jobs=1)
    finally:
        errors.install_handler(None)
    assert not unexpected
    assert figures["images_built"] == 300 and figures["images"] >= 300 and figures["tiles"] == figures["images"]
    assert figures["first_screen_tiles"] > 0 and figures["first_screen_s"] >= figures["listing_s"] > 0
    assert figures["scroll_frames"] == 8 and figures["scroll_frame_ms_p95"] > 0
    assert 0 < figures["settled_thumbnails"] <= figures["thumbnails_decoded"]
    for ratio in ("listing_over_count_files", "first_screen_over_count_files", "scroll_p95_over_bare_grid",
                  "thumbnail_rate_over_qimage_decode", "settled_rate_over_qimage_decode"):
        assert figures[ratio] is not None and figures[ratio] > 0, ratio
    assert figures["obscure_level"] > 0  # the gallery draws obscured by default
