"""The gallery's listing: the case's pictures and videos in order, same-hash copies stacked, grouped by folder, hash
set, category, triage band or near-duplicate group, and the badges of each tile.

A listing is ids only (with the stacks and the groups' counts), computed over every picture in one pass, so that
the window can show a hundred thousand tiles and fetch each tile's badges only when it is painted
(:func:`gallery_tiles`). An item is *reviewed* once it carries a current examiner's category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy import Connection

from heroes_desktop.browse.tag_state import read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.matching import near_duplicate_groups
from heroes_desktop.review.flagging import FLAG_SCORE, is_flagged
from heroes_desktop.review.hash_hits import hash_verdicts


class Grouping(str, Enum):
    NONE = "none"
    FOLDER = "folder"
    HASHSET = "hashset"
    CATEGORY = "category"
    TRIAGE_BAND = "triage-band"
    NEAR_DUPLICATE = "near-duplicate"


class Order(str, Enum):
    PATH = "path"  # folder, then name: the order of the evidence
    TRIAGE = "triage"  # highest triage score first


# (key, lowest score) from the top: a score falls in the first band whose floor it reaches.
TRIAGE_BANDS = (("high", 0.7), ("flagged", FLAG_SCORE), ("low", 0.1), ("none", 0.0))
NO_GROUP = ""  # the group key of items outside every group (no hash set, not categorised, no near duplicate)

# Gallery items: files typed as pictures or videos, and anything the image or video stage analysed (a picture
# under a wrong extension is typed by content, so it is here too). Read in two index-friendly passes and merged:
# a join from files to media reads each media row's page, and a media row holds its thumbnail (measured: 1.0 s
# for 100,000 pictures joined, 0.4 s in two passes).
_TYPED_SQL = ("SELECT id, folder, path, sha256 FROM files WHERE kind != 'dir' AND ((mime >= 'image/' AND mime < "
              "'image0') OR (mime >= 'video/' AND mime < 'video0'))")
_SCORES_SQL = "SELECT file_id, triage_score FROM media"  # the covering index media_triage


def _item_rows(connection: Connection) -> list[tuple]:
    """(id, folder, path, sha256, triage score) of every gallery item."""
    scores = dict(connection.exec_driver_sql(_SCORES_SQL).all())
    rows = [(*row, scores.get(row[0], 0.0)) for row in connection.exec_driver_sql(_TYPED_SQL)]
    typed = {row[0] for row in rows}
    untyped = [file_id for file_id in scores if file_id not in typed]
    for start in range(0, len(untyped), 900):
        chunk = untyped[start:start + 900]
        rows += [(*row, scores[row[0]]) for row in connection.exec_driver_sql(
            f"SELECT id, folder, path, sha256 FROM files WHERE id IN ({','.join('?' * len(chunk))})", tuple(chunk))]
    return rows


@dataclass(frozen=True)
class GalleryScope:
    """What the gallery lists: one group of a grouping (or all), optionally only unreviewed items or only the
    given ids (a similar-images search), in an order, with same-hash copies stacked or not."""

    grouping: Grouping = Grouping.NONE
    group: str | None = None  # a key of ``grouping``'s groups; None for every item
    unreviewed_only: bool = False
    stack_duplicates: bool = True
    order: Order = Order.PATH
    only_ids: tuple[int, ...] | None = None  # kept in this order when given


@dataclass(frozen=True)
class GalleryGroup:
    key: str
    title: str
    count: int  # tiles (stacks count once)
    unreviewed: int


@dataclass
class GalleryListing:
    ids: list[int]  # one per tile: a stack's first copy stands for it
    stacks: dict[int, list[int]] = field(default_factory=dict)  # tile id -> every same-hash copy, itself first
    groups: list[GalleryGroup] = field(default_factory=list)  # of the scope's grouping, over every item
    unreviewed: int = 0  # tiles of ``ids`` not reviewed yet
    total_items: int = 0  # files behind ``ids``, copies included
    reviewed: set[int] = field(default_factory=set)  # tiles whose every copy carries an examiner's category

    def mark_reviewed(self, file_ids: Sequence[int]) -> None:
        """The examiner categorised these files (a tile's whole stack is tagged with it): their tiles count as
        reviewed until the next listing reads the tags again."""
        decided = set(file_ids)
        self.reviewed.update(tile for tile in self.ids if tile in decided)
        self.unreviewed = sum(tile not in self.reviewed for tile in self.ids)

    def members(self, tile_id: int) -> list[int]:
        """Every file a tile stands for (itself alone when not stacked)."""
        return self.stacks.get(tile_id, [tile_id])


@dataclass(frozen=True)
class GalleryTile:
    """What a tile's badges show."""

    file_id: int
    name: str
    path: str
    kind: str  # image, video
    size: int
    deleted: bool
    triage_score: float | None  # None: not analysed (yet, or it failed)
    suggested_category: str | None
    hash_category: str | None
    hash_exact: bool
    hashsets: tuple[str, ...]
    examiner_category: str | None
    reviewed: bool
    flagged: bool
    has_thumbnail: bool
    copies: int  # same-hash copies in the stack, itself included
    width: int | None = None
    height: int | None = None
    frames: int | None = None  # a video's analysed key frames


def _band(score: float) -> str:
    return next(key for key, floor in TRIAGE_BANDS if score >= floor)


def _group_titles(grouping: Grouping, key: str) -> str:
    if key == NO_GROUP:
        return {Grouping.HASHSET: "no hash-set match", Grouping.CATEGORY: "not categorised",
                Grouping.NEAR_DUPLICATE: "no near duplicate"}.get(grouping, "(none)")
    if grouping is Grouping.TRIAGE_BAND:
        return {"high": "triage ≥ 0.70", "flagged": f"triage {FLAG_SCORE:.2f}–0.70",
                "low": f"triage 0.10–{FLAG_SCORE:.2f}", "none": "triage < 0.10"}[key]
    if grouping is Grouping.NEAR_DUPLICATE:
        return f"near-duplicate group {key}"
    return key


def list_gallery(case: Case, scope: GalleryScope = GalleryScope()) -> GalleryListing:
    """The tiles of ``scope``, with the groups of its grouping (over every item) and the stacks."""
    with case.reading() as connection:
        rows = _item_rows(connection)
        categories = read_tag_state(connection).category
        group_keys = _group_keys(connection, scope.grouping, rows, categories)
    if scope.grouping is Grouping.NEAR_DUPLICATE:  # reads the case itself: outside the connection above
        group_keys = {file_id: (str(number),) for number, group in enumerate(near_duplicate_groups(case), start=1)
                      for file_id in group}
    if scope.order is Order.TRIAGE:
        rows.sort(key=lambda row: (-row[4], row[1] or "", row[2], row[0]))
    else:
        rows.sort(key=lambda row: (row[1] or "", row[2], row[0]))
    if scope.only_ids is not None:
        position = {file_id: index for index, file_id in enumerate(scope.only_ids)}
        rows = sorted((row for row in rows if row[0] in position), key=lambda row: position[row[0]])

    tiles, stacks = _stack(rows, scope.stack_duplicates)
    reviewed = {tile: all(member in categories for member in stacks.get(tile, [tile])) for tile in tiles}
    keys_of = {tile: group_keys.get(tile, (NO_GROUP,)) for tile in tiles}
    counts: dict[str, list[int]] = {}
    for tile in tiles:
        for key in keys_of[tile]:
            count = counts.setdefault(key, [0, 0])
            count[0] += 1
            count[1] += not reviewed[tile]
    groups = [] if scope.grouping is Grouping.NONE else [
        GalleryGroup(key, _group_titles(scope.grouping, key), total, open_)
        for key, (total, open_) in sorted(counts.items(), key=lambda item: _group_order(scope.grouping, item))]
    if scope.group is not None and scope.grouping is not Grouping.NONE:
        if scope.group not in counts and scope.group != NO_GROUP:
            raise UsageError(f"no {scope.grouping.value} group {scope.group!r} in this case")
        tiles = [tile for tile in tiles if scope.group in keys_of[tile]]
    if scope.unreviewed_only:
        tiles = [tile for tile in tiles if not reviewed[tile]]
    stacks = {tile: members for tile, members in stacks.items() if tile in set(tiles)}
    total = sum(len(stacks.get(tile, [tile])) for tile in tiles)
    return GalleryListing(tiles, stacks, groups, sum(not reviewed[tile] for tile in tiles), total,
                          {tile for tile in tiles if reviewed[tile]})


def _group_order(grouping: Grouping, item: tuple[str, list[int]]) -> tuple:
    key, (count, _) = item
    if grouping is Grouping.TRIAGE_BAND:
        return (tuple(band for band, _ in TRIAGE_BANDS).index(key),)
    if grouping is Grouping.NEAR_DUPLICATE:
        return (key == NO_GROUP, -count, int(key) if key.isdigit() else 0)
    return (key == NO_GROUP, key.casefold())


def _stack(rows: Sequence[tuple], stack: bool) -> tuple[list[int], dict[int, list[int]]]:
    """Tiles in order; with ``stack``, each SHA-256 once (its first copy in order), the copies behind it."""
    if not stack:
        return [row[0] for row in rows], {}
    first_of: dict[str, int] = {}
    tiles: list[int] = []
    stacks: dict[int, list[int]] = {}
    for file_id, _folder, _path, sha256, _score in rows:
        if sha256 is None:
            tiles.append(file_id)
        elif sha256 in first_of:
            stacks.setdefault(first_of[sha256], [first_of[sha256]]).append(file_id)
        else:
            first_of[sha256] = file_id
            tiles.append(file_id)
    return tiles, stacks


def _group_keys(connection: Connection, grouping: Grouping, rows: Sequence[tuple],
                categories: dict[int, str]) -> dict[int, tuple[str, ...]]:
    """Each item's group keys under ``grouping`` (an item matched by two hash sets is in both groups)."""
    if grouping is Grouping.FOLDER:
        return {row[0]: (row[1] or "/",) for row in rows}
    if grouping is Grouping.TRIAGE_BAND:
        return {row[0]: (_band(row[4]),) for row in rows}
    if grouping is Grouping.CATEGORY:
        return {row[0]: (categories[row[0]],) for row in rows if row[0] in categories}
    if grouping is Grouping.HASHSET:
        return {file_id: found.hashsets for file_id, found in hash_verdicts(connection).items()}
    return {}  # none, or near-duplicate groups (read by list_gallery)


def gallery_tiles(case: Case, file_ids: Sequence[int], listing: GalleryListing | None = None) -> dict[int, GalleryTile]:
    """The badges of ``file_ids`` (a page of tiles); the stack sizes come from ``listing`` when given."""
    ids = list(dict.fromkeys(int(file_id) for file_id in file_ids))
    if not ids:
        return {}
    tiles: dict[int, GalleryTile] = {}
    with case.reading() as connection:
        verdicts = hash_verdicts(connection, ids)
        categories = read_tag_state(connection, ids).category
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for row in connection.exec_driver_sql(
                    "SELECT f.id, f.name, f.path, f.mime, f.size, f.deleted, m.kind, m.triage_score, "
                    "m.suggested_category, m.thumbnail IS NOT NULL, m.width, m.height, m.frames "
                    f"FROM files f LEFT JOIN media m ON m.file_id = f.id WHERE f.id IN ({','.join('?' * len(chunk))})",
                    tuple(chunk)):
                (file_id, name, path, mime, size, deleted, kind, score, suggested, has_thumbnail, width, height,
                 frames) = row
                found = verdicts.get(file_id)
                category = categories.get(file_id)
                hash_category = found.category if found else None
                kind = kind or ("video" if (mime or "").startswith("video/") else "image")
                copies = len(listing.members(file_id)) if listing is not None else 1
                tiles[file_id] = GalleryTile(
                    file_id, name, path, kind, int(size or 0), bool(deleted), score, suggested, hash_category,
                    bool(found and found.exact), found.hashsets if found else (), category, category is not None,
                    is_flagged(score, hash_category, category), bool(has_thumbnail), copies, width, height, frames)
    return tiles


def next_unreviewed(listing: GalleryListing, after: int | None) -> int | None:
    """The first tile after ``after`` (wrapping round) not reviewed yet; None when every tile is."""
    ids = listing.ids
    if not ids:
        return None
    start = ids.index(after) + 1 if after in ids else 0
    for offset in range(len(ids)):
        tile = ids[(start + offset) % len(ids)]
        if tile not in listing.reviewed:
            return tile
    return None
