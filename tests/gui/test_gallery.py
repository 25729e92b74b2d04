"""The gallery on a copy of the demo case (its benign training pictures only), driven by keyboard: the model passes
Qt's model tester, only tiles on screen load thumbnails, the arrows wrap across rows, Shift extends in reading order
and a digit categorises the selection (a stack: every copy) with its origin in the custody chain, N goes to the
next unreviewed tile, the groupings list and filter, and pictures are drawn obscured until the examiner reveals."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QAbstractItemModelTester

from heroes_desktop.browse.item_details import thumbnail_bytes
from heroes_desktop.gui.exposure import ObscureLevel, exposure_of
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.models.gallery_model import REVIEWED_ROLE, THUMBNAIL_ROLE, TILE_ROLE
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry
from heroes_desktop.gui.thumbnails import ThumbnailLoader
from heroes_desktop.gui.views.gallery import ACTION_PREFIX, GALLERY_CONTEXT, NEXT_UNREVIEWED_ACTION, GalleryView
from heroes_desktop.hashsets.tagging import list_tags
from heroes_desktop.review.gallery import Grouping, Order, gallery_tiles, list_gallery
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE
from tests.conftest import _copy_demo, open_demo_case
from tests.gui.test_models import unexpected  # noqa: F401 - fixture

TIMEOUT = 20_000
SHIFT = Qt.KeyboardModifier.ShiftModifier
TILES, FILES = 29, 32  # the demo's pictures: 29 tiles, stacks of same-hash copies among them (the scanned PDF's page
# image, an item of its own since issue 19, is a copy of /Scans/recibo.jpg)


@pytest.fixture
def session(demo_case, tmp_path: Path, unexpected) -> Iterator[CaseSession]:  # noqa: F811
    """A private copy of the demo case per test (tests tag it)."""
    demo = _copy_demo(demo_case, tmp_path / "demo")
    case, actor, profile = open_demo_case(demo)
    opened = CaseSession(case, actor, Jobs(), DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE, key_profile=profile)
    yield opened
    opened.close()
    assert not unexpected


@pytest.fixture
def make_gallery(session: CaseSession, qtbot) -> Callable[..., GalleryView]:
    def make(width: int = 1200, height: int = 800) -> GalleryView:
        view = GalleryView(session, registry=ShortcutRegistry(session.actor.name if session.actor else None))

        def before_close() -> None:  # nothing may still read the case when the view goes and the case closes
            qtbot.waitUntil(lambda: view.thumbnails.idle and not session.jobs.busy, timeout=TIMEOUT)
            view.thumbnails.shutdown()

        qtbot.addWidget(view, before_close_func=lambda _widget: before_close())
        view.resize(width, height)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() > 0, timeout=TIMEOUT)
        return view

    return make


def _settle(view: GalleryView, qtbot) -> None:
    qtbot.waitUntil(lambda: not view.loading and not view._session.jobs.busy  # noqa: SLF001
                    and not view.categorise.busy, timeout=TIMEOUT)


def _load_all_tiles(view: GalleryView, qtbot) -> None:
    model = view.model
    for row in range(model.rowCount()):
        model.tile(row)
    qtbot.waitUntil(lambda: all(model.tile_loaded(row) for row in range(model.rowCount())), timeout=TIMEOUT)


def _row_of_name(view: GalleryView, qtbot, name: str) -> int:
    _load_all_tiles(view, qtbot)
    return next(row for row in range(view.model.rowCount()) if view.model.tile(row).name == name)


def _ids_by_name(session: CaseSession) -> dict[str, int]:
    """The demo's pictures by name (ids differ from one demo build to the next), read through the core."""
    listing = list_gallery(session.case)
    return {tile.name: file_id for file_id, tile in gallery_tiles(session.case, listing.ids, listing).items()}


def _current_tags(session: CaseSession) -> dict[int, str]:
    return {row["file_id"]: row["category"] for row in list_tags(session.case, current_only=True) if row["category"]}


def _tag_events(session: CaseSession) -> dict[int, dict]:
    from heroes_desktop.case.custody import read_events
    with session.case.reading() as connection:
        return {event.details["file_id"]: event.details for event in read_events(connection)
                if event.action == "file.tagged"}


def _press(view: GalleryView, qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A category key in the gallery, waited for until its tags landed."""
    with qtbot.waitSignal(view.categorise.tagged, timeout=TIMEOUT):
        qtbot.keyClick(view.list, key, modifiers)
    _settle(view, qtbot)


def _current_row(view: GalleryView) -> int:
    return view.list.currentIndex().row()


# ---------------------------------------------------------------------------------------------------- the model

def test_the_model_passes_the_tester_and_tiles_carry_their_badges(make_gallery, qtbot) -> None:
    view = make_gallery()
    tester = QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    listing = view.listing
    assert (len(listing.ids), listing.total_items, listing.unreviewed) == (TILES, FILES, TILES)
    assert view.model.rowCount() == TILES and view.model.rowCount(view.model.index(0)) == 0
    _load_all_tiles(view, qtbot)
    model = view.model
    tiles = {model.data(model.index(row), TILE_ROLE).name: model.data(model.index(row), TILE_ROLE)
             for row in range(TILES)}
    stacked = {tile: members for tile, members in listing.stacks.items()}
    assert stacked and all(len(members) == 2 for members in stacked.values())
    for tile_id in stacked:
        tile = model.data(model.index(model.row_of(tile_id)), TILE_ROLE)
        assert tile.copies == 2
        assert "2 copies" in model.data(model.index(model.row_of(tile_id)), Qt.ItemDataRole.ToolTipRole)
    assert tiles["_helsea.jpg"].deleted and tiles["_helsea.jpg"].hash_exact
    assert tiles["IMG_2575.jpg"].hash_category == "CAT-2" and not tiles["IMG_2575.jpg"].hash_exact
    assert "perceptual hash" in model.data(model.index(_row_of_name(view, qtbot, "IMG_2575.jpg")),
                                           Qt.ItemDataRole.ToolTipRole)
    assert not any(model.data(model.index(row), REVIEWED_ROLE) for row in range(TILES))
    # a stack's copy finds its tile; marking files reviewed shows on their tiles at once
    copy_of = {members[1]: tile for tile, members in stacked.items()}
    for copy, tile in copy_of.items():
        assert model.row_of(copy) == model.row_of(tile)
    first = next(iter(stacked))
    with qtbot.waitSignal(model.dataChanged, timeout=TIMEOUT):
        model.mark_reviewed(listing.members(first))
    assert model.data(model.index(model.row_of(first)), REVIEWED_ROLE)
    # a new listing resets the model under the tester
    view.refresh()
    _settle(view, qtbot)
    assert model.rowCount() == TILES and tester is not None


# ------------------------------------------------------------------------------------------------ thumbnails

def test_only_tiles_on_screen_ask_for_thumbnails(make_gallery, qtbot) -> None:
    view = make_gallery(width=700, height=520)  # two columns, about one row and a half on screen
    loader = view.thumbnails
    qtbot.waitUntil(lambda: view.visible_ids() and all(
        loader.cached(file_id, view.tile_size, view.model.obscure_level) is not None
        for file_id in view.visible_ids()), timeout=TIMEOUT)
    visible = set(view.visible_ids())
    assert 2 <= len(visible) < TILES and view.list.columns() >= 2
    assert set(loader.requested_ids) <= visible, "a tile off screen asked for its thumbnail"
    assert loader.stats.decoded >= len(visible) - 1 and loader.stats.seconds > 0  # ($UpCase has none)
    # scrolled to the end: the last tiles load, the ones scrolled past were never asked for
    view.list.scrollToBottom()
    last = view.model.file_id(TILES - 1)
    qtbot.waitUntil(lambda: loader.cached(last, view.tile_size, view.model.obscure_level) is not None,
                    timeout=TIMEOUT)
    assert len(set(loader.requested_ids)) < TILES
    assert len(loader.requested_ids) == len(set(loader.requested_ids)), "a thumbnail was read twice"
    pixmap = view.model.data(view.model.index(TILES - 1), THUMBNAIL_ROLE)
    assert pixmap is not None and max(pixmap.width(), pixmap.height()) == view.tile_size
    # a bigger tile size asks again, at that size, for what is on screen
    view.set_tile_size(384)
    assert view.size_slider.value() == 384 and view.tile_size == 384
    qtbot.waitUntil(lambda: view.visible_ids() and all(
        loader.cached(file_id, 384, view.model.obscure_level) is not None for file_id in view.visible_ids()),
        timeout=TIMEOUT)
    shown = view.visible_ids()[1]
    assert max(loader.cached(shown, 384, view.model.obscure_level).width(),
               loader.cached(shown, 384, view.model.obscure_level).height()) == 384


def test_requests_of_tiles_gone_from_screen_are_dropped(session: CaseSession, qtbot) -> None:
    names = ("astronaut.jpg", "clock.jpg", "coffee.jpg", "grass.jpg", "hubble_deep_field.jpg",
             "immunohistochemistry.jpg", "moon.jpg", "IMG_3083.jpg", "IMG_3646.jpg", "IMG_4177.jpg")
    ids = [_ids_by_name(session)[name] for name in names]
    data = {file_id: thumbnail_bytes(session.case, file_id) for file_id in ids}
    gate = threading.Event()
    read_ids: list[int] = []

    def read(file_id: int) -> bytes | None:
        gate.wait(TIMEOUT / 1000)
        read_ids.append(file_id)
        return data[file_id]

    loader = ThumbnailLoader(read, threads=1)
    try:
        for file_id in ids:
            assert loader.pixmap(file_id, 256, ObscureLevel.DEFAULT) is None
        waiting = loader.waiting
        assert len(waiting) == len(ids) - 2  # one thread, two handed to it; the rest wait
        kept = waiting[-2:]
        assert loader.retain(kept) == len(waiting) - 2
        gate.set()
        qtbot.waitUntil(lambda: loader.idle, timeout=TIMEOUT)
        assert sorted(read_ids) == sorted([*ids[:2], *(key[0] for key in kept)])
        assert loader.stats.decoded == 4 and loader.stats.dropped == len(ids) - 4
        image = loader.cached(kept[0][0], 256, ObscureLevel.DEFAULT).toImage()
        assert image.isGrayscale()
        assert loader.pixmap(kept[0][0], 256, ObscureLevel.DEFAULT) is not None and loader.stats.hits == 1
    finally:
        gate.set()
        loader.shutdown()


# -------------------------------------------------------------------------------------------------- keyboard

def test_arrows_wrap_across_rows(make_gallery, qtbot) -> None:
    view = make_gallery(width=1000, height=700)
    view.list.setFocus()
    columns = view.list.columns()
    assert columns >= 2
    model = view.model
    assert view.list.visualRect(model.index(columns)).top() > view.list.visualRect(model.index(columns - 1)).top()
    view.list.move_to(columns - 1)  # the first row's last tile
    qtbot.keyClick(view.list, Qt.Key.Key_Right)
    assert _current_row(view) == columns  # the next row's first
    qtbot.keyClick(view.list, Qt.Key.Key_Left)
    assert _current_row(view) == columns - 1  # back to the previous row's last
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    assert _current_row(view) == 2 * columns - 1
    qtbot.keyClick(view.list, Qt.Key.Key_Up)
    assert _current_row(view) == columns - 1
    qtbot.keyClick(view.list, Qt.Key.Key_End)
    assert _current_row(view) == TILES - 1
    qtbot.keyClick(view.list, Qt.Key.Key_Right)
    assert _current_row(view) == TILES - 1  # the end stays the end
    qtbot.keyClick(view.list, Qt.Key.Key_Home)
    assert _current_row(view) == 0 and view.selected_tile_ids() == [model.file_id(0)]
    # Shift extends in reading order across the row's end, Ctrl+A selects all
    view.list.move_to(columns - 1)
    qtbot.keyClick(view.list, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(view.list, Qt.Key.Key_Right, SHIFT)
    assert view.selected_tile_ids() == [model.file_id(row) for row in range(columns - 1, columns + 2)]
    with qtbot.waitSignal(view.selection_changed, timeout=TIMEOUT) as changed:
        qtbot.keyClick(view.list, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_tile_ids()) == TILES and len(changed.args[0]) == FILES  # stacks expanded
    # the current tile is announced for the viewers
    qtbot.keyClick(view.list, Qt.Key.Key_Home)
    with qtbot.waitSignal(view.current_item_changed, timeout=TIMEOUT) as current:
        qtbot.keyClick(view.list, Qt.Key.Key_Right)
    assert current.args == [model.file_id(1)]


def test_shift_right_then_5_categorises_the_selection_with_its_origin(make_gallery, session, qtbot) -> None:
    view = make_gallery()
    assert set(view.categorise.actions) >= {f"{ACTION_PREFIX}.cat5", f"{ACTION_PREFIX}.undo"}
    assert view._registry.action(f"{ACTION_PREFIX}.cat5").context == GALLERY_CONTEXT  # noqa: SLF001
    first = _row_of_name(view, qtbot, "IMG_2575.jpg")
    view.list.setFocus()
    view.list.move_to(first)
    qtbot.keyClick(view.list, Qt.Key.Key_Right, SHIFT)
    chosen = [view.model.file_id(first), view.model.file_id(first + 1)]
    assert view.selected_ids() == chosen
    _press(view, qtbot, Qt.Key.Key_5)
    tags = _current_tags(session)
    assert {file_id: tags.get(file_id) for file_id in chosen} == {file_id: "CAT-5" for file_id in chosen}
    assert len(tags) == 2
    events = _tag_events(session)
    assert all(events[file_id]["origin"] in ("examiner", "hash-set", "suggestion-accepted",
                                             "suggestion-overridden") for file_id in chosen)
    assert events[view.model.file_id(first + 1)]["origin"] == "hash-set"  # IMG_2936: the hash set says CAT-5
    assert events[view.model.file_id(first)]["origin"] == "suggestion-accepted"  # the set says CAT-2; triage CAT-5
    # the tiles show reviewed and the gallery moved on to the next unreviewed tile
    assert all(view.model.data(view.model.index(row), REVIEWED_ROLE) for row in (first, first + 1))
    assert _current_row(view) == first + 2 and view.selected_tile_ids() == [view.model.file_id(first + 2)]
    assert view.listing.unreviewed == TILES - 2
    qtbot.waitUntil(lambda: view.model.tile_loaded(first) and
                    view.model.data(view.model.index(first), TILE_ROLE).examiner_category == "CAT-5", timeout=TIMEOUT)
    assert "not reviewed: 27" in view.status.text()
    # undo gives the tiles back as unreviewed (the gallery lists again)
    view.list.setFocus()
    _press(view, qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.loading and view.listing.unreviewed == TILES, timeout=TIMEOUT)
    assert _current_tags(session) == {}
    report = session.case.verify()
    assert report.ok, report.problems


def test_a_stacked_tile_categorises_every_copy(make_gallery, session, qtbot) -> None:
    view = make_gallery()
    stacks = view.listing.stacks
    assert stacks
    tile, members = next(iter(stacks.items()))
    assert len(members) == 2 and members[0] == tile
    view.list.setFocus()
    view.set_current(tile)
    assert view.selected_ids() == members
    view.set_current(members[1])  # a copy's id finds its stack's tile
    assert view.current_id() == tile
    _press(view, qtbot, Qt.Key.Key_3)
    assert {file_id: category for file_id, category in _current_tags(session).items()} == {
        member: "CAT-3" for member in members}
    events = _tag_events(session)
    assert events[members[1]]["via"] == "same-hash stack" and events[members[1]]["carried_from"] == tile
    assert "via" not in events[tile] and events[tile]["origin"] == "suggestion-overridden"  # triage said CAT-5
    assert events[members[1]]["origin"] == "suggestion-overridden"
    assert tile in view.listing.reviewed


def test_n_goes_to_the_next_unreviewed_tile(make_gallery, session, qtbot) -> None:
    view = make_gallery()
    assert view._registry.key(NEXT_UNREVIEWED_ACTION) == "N"  # noqa: SLF001
    view.advance.setChecked(False)
    view.list.setFocus()
    view.select_rows(1, 2)
    _press(view, qtbot, Qt.Key.Key_5)
    assert _current_row(view) == 2  # advance off: the gallery stays
    view.list.move_to(0)
    qtbot.keyClick(view.list, Qt.Key.Key_N)
    assert _current_row(view) == 3  # 1 and 2 are reviewed
    qtbot.keyClick(view.list, Qt.Key.Key_N)
    assert _current_row(view) == 4
    # only unreviewed tiles listed: the two decided are gone, and the current tile stays current
    view.set_unreviewed_only(True)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == TILES - 2, timeout=TIMEOUT)
    assert view.current_id() == view.listing.ids[2] and view.listing.unreviewed == TILES - 2
    view.set_unreviewed_only(False)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == TILES, timeout=TIMEOUT)
    # when every tile is reviewed, N says so and stays
    listing = view.listing
    listing.mark_reviewed([member for tile in listing.ids for member in listing.members(tile)])
    view.list.move_to(5)
    qtbot.keyClick(view.list, Qt.Key.Key_N)
    assert _current_row(view) == 5 and "reviewed" in view.status.text()


# -------------------------------------------------------------------------------------------------- grouping

def test_grouping_by_folder_and_by_hash_set_lists_groups_and_filters(make_gallery, qtbot) -> None:
    view = make_gallery()
    assert not view.groups.isVisible()
    view.grouping.setCurrentIndex(view.grouping.findData(Grouping.FOLDER.value))
    qtbot.waitUntil(lambda: not view.loading and view.group_keys()[:1] == [None], timeout=TIMEOUT)
    assert view.groups.isVisible()
    keys = view.group_keys()
    assert "/DCIM/100MEDIA" in keys and "/Users/d.whitcombe/Pictures" in keys
    assert view.groups.item(0).text() == "All" and view.model.rowCount() == TILES
    row = keys.index("/DCIM/100MEDIA")
    assert view.groups.item(row).text().startswith("/DCIM/100MEDIA — 11")
    view.groups.setFocus()
    view.groups.setCurrentRow(row)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == 11, timeout=TIMEOUT)
    _load_all_tiles(view, qtbot)
    assert all(view.model.tile(r).path.startswith("/DCIM/100MEDIA/") for r in range(11))
    qtbot.keyClick(view.groups, Qt.Key.Key_Home)  # "All" again
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == TILES, timeout=TIMEOUT)

    view.set_grouping(Grouping.HASHSET)
    qtbot.waitUntil(lambda: not view.loading and "" in view.group_keys(), timeout=TIMEOUT)
    exact = next(key for key in view.group_keys() if key and key.endswith("(vics)"))
    assert view.groups.item(view.group_keys().index("")).text().startswith("No hash-set match — 9")
    view.select_group(exact)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == 5, timeout=TIMEOUT)
    _load_all_tiles(view, qtbot)
    assert all(view.model.tile(r).hash_exact for r in range(5))
    assert view.groups.currentItem().data(Qt.ItemDataRole.UserRole) == exact
    view.select_group("")
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == 9, timeout=TIMEOUT)
    _load_all_tiles(view, qtbot)
    assert not any(view.model.tile(r).hashsets for r in range(9))

    view.set_grouping(Grouping.NONE)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == TILES, timeout=TIMEOUT)
    assert not view.groups.isVisible()
    view.set_order(Order.TRIAGE)  # highest triage score first: the moon (0.04), then the astronaut
    qtbot.waitUntil(lambda: not view.loading and view.scope.order is Order.TRIAGE, timeout=TIMEOUT)
    by_name = _ids_by_name(view._session)  # noqa: SLF001
    assert view.listing.ids[:2] == [by_name["moon.jpg"], by_name["astronaut.jpg"]]


def test_show_only_lists_those_tiles_with_a_way_back(make_gallery, session, qtbot) -> None:
    view = make_gallery()
    by_name = _ids_by_name(session)
    similar = [by_name["coffee.jpg"], by_name["astronaut.jpg"], by_name["clock.jpg"]]
    with qtbot.waitSignal(view.listing_changed, timeout=TIMEOUT):
        view.show_only(similar, "similar to the astronaut")
    assert view.listing.ids == similar
    assert view.chip.isVisible() and "similar to the astronaut" in view.chip_label.text()
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == TILES, timeout=TIMEOUT)
    assert not view.chip.isVisible()


# ----------------------------------------------------------------------------------------------- wellbeing

def _grey_share(image: QImage) -> float:
    """The share of pixels with no colour (red, green and blue within 3 of each other)."""
    grey = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            colour = image.pixelColor(x, y)
            total += 1
            grey += max(colour.red(), colour.green(), colour.blue()) - min(
                colour.red(), colour.green(), colour.blue()) <= 3
    return grey / max(1, total)


def _painted_picture(view: GalleryView, row: int) -> QImage:
    """The middle of the picture as the gallery painted it (the badges are in the corners)."""
    rect = view.delegate.image_rect(view.list.visualRect(view.model.index(row)))
    middle = rect.adjusted(rect.width() // 4, rect.height() // 4, -rect.width() // 4, -rect.height() // 4)
    return view.list.viewport().grab(middle).toImage()


def test_pictures_are_drawn_obscured_until_revealed(make_gallery, session, qtbot) -> None:
    view = make_gallery()
    exposure = exposure_of(session)
    assert not exposure.revealed and view.model.obscure_level == ObscureLevel.DEFAULT
    row = _row_of_name(view, qtbot, "astronaut.jpg")
    view.list.scrollTo(view.model.index(row))
    astronaut, size = view.model.file_id(row), view.tile_size
    loader = view.thumbnails
    qtbot.waitUntil(lambda: loader.cached(astronaut, size, ObscureLevel.DEFAULT) is not None, timeout=TIMEOUT)
    assert _grey_share(_painted_picture(view, row)) == 1.0  # greyscale, blurred
    assert loader.cached(astronaut, size, ObscureLevel.CLEAR) is None  # no clear picture was ever made
    with qtbot.waitSignal(loader.loaded, timeout=TIMEOUT,
                          check_params_cb=lambda file_id, s, level: (file_id, level) == (astronaut, 0)):
        exposure.reveal()
    assert view.model.obscure_level == ObscureLevel.CLEAR
    qtbot.waitUntil(lambda: _grey_share(_painted_picture(view, row)) < 0.9, timeout=TIMEOUT)
    clear = loader.cached(astronaut, size, ObscureLevel.CLEAR).toImage()
    obscured = loader.cached(astronaut, size, ObscureLevel.DEFAULT).toImage()
    assert clear.size() == obscured.size() and clear != obscured and not clear.isGrayscale()
    exposure.reveal(False)  # back: obscured again at once, from the cache
    assert view.model.obscure_level == ObscureLevel.DEFAULT
    qtbot.waitUntil(lambda: _grey_share(_painted_picture(view, row)) == 1.0, timeout=TIMEOUT)
    assert view.model.data(view.model.index(row), THUMBNAIL_ROLE).toImage().isGrayscale()
