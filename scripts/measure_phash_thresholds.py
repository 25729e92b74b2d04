#!/usr/bin/env python3
"""Measure Hamming-distance thresholds for the four perceptual hashes (pHash, dHash, aHash, wHash).

What it measures
----------------
Benign base images (scikit-image's bundled samples that load offline, plus a few photographs from
``/work/shared/testdata``) are each transformed the way re-shared pictures typically are: resized, re-compressed
as JPEG, cropped a little, brightened or darkened, watermarked, rotated by 2 degrees, mirrored. Every original
(encoded as PNG) and every variant (encoded as JPEG, quality 90 unless the transform sets the quality) is hashed
with :func:`heroes_desktop.stages.perceptual.perceptual_hashes`, so the measurement goes through the product's
own decode path. For each hash type and each threshold ``t`` in ``0..--max-threshold`` it reports

* recall: the share of (original, its own variant) pairs whose distance is ``<= t``, per transformation;
* false-match rate: the share of pairs of *different* base images whose distance is ``<= t`` (every unordered
  pair of originals, plus every original against every variant of every other image).

The recommended default per hash is the largest ``t`` with no false match on these unrelated pairs (or, if even
``t = 0`` has one, the ``t`` maximising recall minus false-match rate).

Usage::

    .venv/bin/python scripts/measure_phash_thresholds.py [--write] [--max-threshold 20] [--testdata DIR]

It prints the report (Markdown) to stdout; ``--write`` also writes it to ``docs/perceptual-thresholds.md``.
Progress and skipped images go to stderr. No network is used: socket connections are refused while loading.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

from heroes_desktop.stages.perceptual import perceptual_hashes

REPO = Path(__file__).resolve().parent.parent
DOC_PATH = REPO / "docs" / "perceptual-thresholds.md"
DEFAULT_TESTDATA = Path("/work/shared/testdata")
HASHES = ("phash", "dhash", "ahash", "whash")
SHOWN_THRESHOLDS = (4, 6, 8, 10, 12, 14, 16)  # always in the table; the rest of 0..max too
DEFAULT_QUALITY = 90
MAX_LISTED = 6  # images named per hash in the "missed variants" lists
DEGENERATE_BITS = 4  # a code with at most this many bits set (or unset) carries almost no information

SKIMAGE_NAMES = (
    "astronaut", "camera", "coffee", "chelsea", "cat", "rocket", "coins", "moon", "page", "text", "horse",
    "hubble_deep_field", "immunohistochemistry", "retina", "brick", "grass", "gravel", "colorwheel", "logo",
    "clock", "cell", "eagle", "lily", "skin",
)
TESTDATA_FILES = (
    "imagehash/peppers.png",
    "imagehash/imagehash.png",
    "py-pdf-sample-files/003-pdflatex-image/image.jpg",
    "py-pdf-sample-files/019-grayscale-image/page-0-X0.png",
    "py-pdf-sample-files/025-attachment/image.png",
)
FAMILIES = {
    "resize": "resize", "jpeg": "JPEG", "crop": "crop", "brightness": "brightness",
    "watermark": "watermark", "rotate": "rotate 2°", "mirror": "mirror",
}
WATERMARK_TEXT = "SAMPLE WATERMARK  www.example.org"

Codes = dict[str, int]  # hash type -> 64-bit code


# --------------------------------------------------------------------------------------------------- loading

@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse every socket connection, so a loader that would download fails at once instead of fetching."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network disabled by measure_phash_thresholds.py")

    saved = socket.socket.connect, socket.create_connection
    socket.socket.connect, socket.create_connection = refuse, refuse  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection = saved  # type: ignore[method-assign]


def flatten(image: Image.Image) -> Image.Image:
    """The pixels the product hashes: RGB or L as they are, anything else (alpha, palette) converted to RGB."""
    return image.copy() if image.mode in ("RGB", "L") else image.convert("RGB")


def array_to_image(array: np.ndarray) -> Image.Image:
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype != np.uint8:
        from skimage.util import img_as_ubyte
        array = img_as_ubyte(array)
    return flatten(Image.fromarray(array))


def load_skimage(name: str) -> Image.Image:
    from skimage import data
    try:
        return array_to_image(getattr(data, name)())
    except ModuleNotFoundError:  # skimage asks for pooch: the file is fetched on demand, not bundled
        raise LookupError("not bundled; scikit-image would download it (pooch)") from None


def load_file(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return flatten(image)


def candidate_loaders(testdata: Path) -> Iterator[tuple[str, Callable[[], Image.Image]]]:
    for name in SKIMAGE_NAMES:
        yield name, partial(load_skimage, name)
    for relative in TESTDATA_FILES:
        path = testdata / relative
        yield f"{path.parent.name}/{path.name}", partial(load_file, path)


@dataclass
class BaseImage:
    name: str
    image: Image.Image


def load_bases(testdata: Path) -> tuple[list[BaseImage], list[tuple[str, str]]]:
    """Every candidate that loads offline, minus exact pixel duplicates; and (name, reason) for the rest."""
    bases: list[BaseImage] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    with no_network():
        for name, loader in candidate_loaders(testdata):
            try:
                image = loader()
            except Exception as error:  # noqa: BLE001 - any failure means "not available offline"
                skipped.append((name, f"{type(error).__name__}: {str(error).splitlines()[0][:90]}"))
                continue
            digest = hashlib.sha256(image.mode.encode() + image.tobytes()).hexdigest()
            if digest in seen:
                skipped.append((name, f"same pixels as {seen[digest]}"))
                continue
            seen[digest] = name
            bases.append(BaseImage(name, image))
    return bases, skipped


# ----------------------------------------------------------------------------------------------- transforms

def resize(scale: float, image: Image.Image) -> Image.Image:
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def crop(share: float, image: Image.Image) -> Image.Image:
    dx, dy = round(image.width * share), round(image.height * share)
    return image.crop((dx, dy, image.width - dx, image.height - dy))


def brightness(factor: float, image: Image.Image) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def mirror(image: Image.Image) -> Image.Image:
    return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def rotate(degrees: float, image: Image.Image) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=0)


def identity(image: Image.Image) -> Image.Image:
    return image.copy()


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: the fixed bitmap font only
        return ImageFont.load_default()


def watermark_text(image: Image.Image) -> Image.Image:
    """A line of white text (with a thin dark outline) near the bottom edge."""
    canvas = image.convert("RGB")
    size = max(10, canvas.height // 18)
    draw = ImageDraw.Draw(canvas)
    draw.text((canvas.width // 20, canvas.height - 2 * size), WATERMARK_TEXT, font=font(size),
              fill=(255, 255, 255), stroke_width=1, stroke_fill=(0, 0, 0))
    return canvas.convert(image.mode)


def watermark_band(image: Image.Image) -> Image.Image:
    """A semi-transparent white band (43 % opaque) across the middle, with semi-transparent text in it."""
    canvas = image.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    top, bottom = round(canvas.height * 0.42), round(canvas.height * 0.58)
    draw.rectangle((0, top, canvas.width, bottom), fill=(255, 255, 255, 110))
    size = max(10, (bottom - top) * 2 // 3)
    draw.text((canvas.width // 20, top + (bottom - top - size) // 2), "SAMPLE", font=font(size), fill=(0, 0, 0, 140))
    return Image.alpha_composite(canvas, overlay).convert(image.mode)


@dataclass(frozen=True)
class Transform:
    name: str
    family: str
    apply: Callable[[Image.Image], Image.Image]
    quality: int = DEFAULT_QUALITY


TRANSFORMS: tuple[Transform, ...] = (
    Transform("resize 50 %", "resize", partial(resize, 0.5)),
    Transform("resize 25 %", "resize", partial(resize, 0.25)),
    Transform("resize 200 %", "resize", partial(resize, 2.0)),
    Transform("JPEG q75", "jpeg", identity, quality=75),
    Transform("JPEG q50", "jpeg", identity, quality=50),
    Transform("JPEG q25", "jpeg", identity, quality=25),
    Transform("crop 2 %", "crop", partial(crop, 0.02)),
    Transform("crop 5 %", "crop", partial(crop, 0.05)),
    Transform("crop 10 %", "crop", partial(crop, 0.10)),
    Transform("brightness +20 %", "brightness", partial(brightness, 1.2)),
    Transform("brightness -20 %", "brightness", partial(brightness, 0.8)),
    Transform("watermark text", "watermark", watermark_text),
    Transform("watermark band", "watermark", watermark_band),
    Transform("rotate 2°", "rotate", partial(rotate, 2.0)),
    Transform("mirror", "mirror", mirror),
)


# ------------------------------------------------------------------------------------------------- hashing

def encode(image: Image.Image, kind: str, quality: int = DEFAULT_QUALITY) -> bytes:
    buffer = io.BytesIO()
    if kind == "PNG":
        image.save(buffer, "PNG")
    else:
        image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def codes_of(data: bytes) -> Codes:
    return {name: int(value, 16) for name, value in perceptual_hashes(data).items()}


@dataclass
class Sample:
    name: str
    original: Codes
    variants: dict[str, Codes] = field(default_factory=dict)


def hash_base(base: BaseImage) -> Sample:
    sample = Sample(base.name, codes_of(encode(base.image, "PNG")))
    for transform in TRANSFORMS:
        sample.variants[transform.name] = codes_of(encode(transform.apply(base.image), "JPEG", transform.quality))
    return sample


# ------------------------------------------------------------------------------------------------ distances

def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


@dataclass
class Distances:
    genuine: dict[str, dict[str, list[int]]]  # hash -> transform -> one distance per base image (same order)
    originals: dict[str, list[int]]  # hash -> distances of all unordered pairs of different originals
    cross: dict[str, list[int]]  # hash -> distances original vs every variant of every other image
    closest: dict[str, tuple[int, str, str]]  # hash -> smallest unrelated distance and its pair

    def unrelated(self, algorithm: str) -> list[int]:
        return self.originals[algorithm] + self.cross[algorithm]


def genuine_distances(samples: list[Sample], algorithm: str) -> dict[str, list[int]]:
    return {t.name: [distance(s.original[algorithm], s.variants[t.name][algorithm]) for s in samples]
            for t in TRANSFORMS}


def unrelated_distances(samples: list[Sample], algorithm: str) -> tuple[list[int], list[int], tuple[int, str, str]]:
    originals: list[int] = []
    cross: list[int] = []
    closest = (65, "", "")
    for i, a in enumerate(samples):
        for j, b in enumerate(samples):
            if i == j:
                continue
            if i < j:
                originals.append(d := distance(a.original[algorithm], b.original[algorithm]))
                closest = min(closest, (d, a.name, b.name))
            for name, codes in b.variants.items():
                cross.append(d := distance(a.original[algorithm], codes[algorithm]))
                closest = min(closest, (d, a.name, f"{b.name} ({name})"))
    return originals, cross, closest


def measure(samples: list[Sample]) -> Distances:
    result = Distances({}, {}, {}, {})
    for algorithm in HASHES:
        result.genuine[algorithm] = genuine_distances(samples, algorithm)
        originals, cross, closest = unrelated_distances(samples, algorithm)
        result.originals[algorithm], result.cross[algorithm], result.closest[algorithm] = originals, cross, closest
    return result


def share(values: list[int], threshold: int) -> float:
    return sum(value <= threshold for value in values) / len(values) if values else 0.0


def family_distances(genuine: dict[str, list[int]], families: set[str]) -> list[int]:
    return [d for t in TRANSFORMS if t.family in families for d in genuine[t.name]]


# ---------------------------------------------------------------------------------------------- defaults

SAFETY_MARGIN = 2  # bits kept between the default and the closest pair of different images seen


def choose_default(distances: Distances, algorithm: str, max_threshold: int) -> tuple[int, str]:
    """The largest t whose false-match rate stays 0 even SAFETY_MARGIN bits further out (300 distinct pictures
    cannot pin the boundary down more closely); if none, the t maximising recall - false-match rate."""
    unrelated = distances.unrelated(algorithm)
    clean = [t for t in range(max_threshold + 1) if share(unrelated, t + SAFETY_MARGIN) == 0.0]
    if clean:
        capped = clean[-1] == max_threshold and min(unrelated) > max_threshold + 1
        return clean[-1], "capped by --max-threshold" if capped else (
            f"largest t with no false match within t + {SAFETY_MARGIN}")
    recall = family_distances(distances.genuine[algorithm], set(FAMILIES) - {"mirror"})
    best = max(range(max_threshold + 1), key=lambda t: (share(recall, t) - share(unrelated, t), -t))
    return best, "best recall minus false-match rate (no t is free of false matches)"


# ------------------------------------------------------------------------------------------------ markdown

def percent(value: float, digits: int = 1) -> str:
    return f"{100 * value:.{digits}f} %"


def threshold_rows(max_threshold: int) -> list[int]:
    return sorted(set(range(max_threshold + 1)) | set(SHOWN_THRESHOLDS))


def threshold_table(distances: Distances, algorithm: str, max_threshold: int, default: int) -> list[str]:
    genuine = distances.genuine[algorithm]
    unrelated = distances.unrelated(algorithm)
    header = ["t", *FAMILIES.values(), "overall excl. mirror", "overall all", "false-match rate"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    no_mirror = family_distances(genuine, set(FAMILIES) - {"mirror"})
    everything = family_distances(genuine, set(FAMILIES))
    for t in threshold_rows(max_threshold):
        cells = [f"**{t}**" if t == default else str(t)]
        cells += [percent(share(family_distances(genuine, {family}), t)) for family in FAMILIES]
        cells += [percent(share(no_mirror, t)), percent(share(everything, t)), percent(share(unrelated, t), 2)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def variant_table(distances: Distances, defaults: dict[str, int]) -> list[str]:
    header = ["variant", *(f"{a} @ {defaults[a]}" for a in HASHES),
              *(f"{a} median d" for a in HASHES)]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for transform in TRANSFORMS:
        values = [distances.genuine[a][transform.name] for a in HASHES]
        cells = [percent(share(v, defaults[a]), 0) for a, v in zip(HASHES, values, strict=True)]
        cells += [f"{float(np.median(v)):g}" for v in values]
        lines.append(f"| {transform.name} | " + " | ".join(cells) + " |")
    return lines


def misses_by_image(distances: Distances, names: list[str], algorithm: str, threshold: int) -> list[str]:
    """Base images with at least one non-mirror variant above the threshold, worst first, as 'name (k/n)'."""
    variants = [t.name for t in TRANSFORMS if t.family != "mirror"]
    genuine = distances.genuine[algorithm]
    counts = [(sum(genuine[v][i] > threshold for v in variants), name) for i, name in enumerate(names)]
    worst = [f"{name} ({k}/{len(variants)})" for k, name in sorted(counts, key=lambda c: (-c[0], c[1])) if k]
    return worst if len(worst) <= MAX_LISTED else worst[:MAX_LISTED] + [f"{len(worst) - MAX_LISTED} more"]


def mirror_matches(distances: Distances, names: list[str], algorithm: str, threshold: int) -> list[str]:
    return [name for name, d in zip(names, distances.genuine[algorithm]["mirror"], strict=True) if d <= threshold]


# ------------------------------------------------------------------------------------------------ document

def intro(bases: list[BaseImage], skipped: list[tuple[str, str]], distances: Distances) -> list[str]:
    n = len(bases)
    originals, cross = len(distances.originals["phash"]), len(distances.cross["phash"])
    lines = [
        "# Perceptual-hash thresholds",
        "",
        "Generated by `scripts/measure_phash_thresholds.py --write`; do not edit by hand, re-run the script.",
        f"Library versions: Pillow {version('Pillow')}, ImageHash {version('ImageHash')}, "
        f"scikit-image {version('scikit-image')}, NumPy {version('numpy')}.",
        "",
        "## What was measured",
        "",
        "The four 64-bit hashes that the `phash` stage stores (pHash, dHash, aHash, wHash from ImageHash) were "
        "computed with `heroes_desktop.stages.perceptual.perceptual_hashes` on encoded bytes, i.e. through the "
        "product's own decode path: originals encoded as PNG, every variant as JPEG quality 90 unless the "
        "transformation sets the quality. Distances are Hamming distances (0 to 64 bits).",
        "",
        f"**Base images ({n}, all benign):** " + ", ".join(f"`{b.name}`" for b in bases) + ". "
        "They are scikit-image's bundled samples that load without a network, plus photographs and drawings from "
        "the shared test data (ImageHash's peppers and logo, and images from the py-pdf sample files). Images "
        "with transparency were flattened to RGB the way the product does (alpha dropped).",
        "",
        "**Skipped:** " + ("; ".join(f"`{name}` ({reason})" for name, reason in skipped) or "none") + ".",
        "",
        f"**Transformations ({len(TRANSFORMS)} per base image):** "
        + ", ".join(t.name for t in TRANSFORMS) + ". Crops take the share off each border; brightness uses "
        "`PIL.ImageEnhance.Brightness` (factor 1.2 / 0.8); *watermark text* is a line of white, thinly outlined "
        "text in Pillow's default font near the bottom; *watermark band* is a 43 %-opaque white band over the "
        "middle 16 % of the height with semi-transparent text in it; rotation is about the centre, same canvas, "
        "black corners; mirroring is a horizontal flip.",
        "",
        "**Pairs:**",
        "",
        f"- same image (original vs its own variant): {n * len(TRANSFORMS)} per hash type, {n} per variant, so per "
        "family " + ", ".join(f"{label} {n * sum(t.family == f for t in TRANSFORMS)}" for f, label in FAMILIES.items())
        + ";",
        f"- different images: {originals + cross} per hash type: {originals} unordered pairs of originals plus "
        f"{cross} pairs of an original against a variant of another image. These are not independent: they "
        f"come from only {originals} pairs of distinct pictures.",
        "",
        "Recall is the share of same-image pairs with distance `<= t`; the false-match rate is the share of "
        "different-image pairs with distance `<= t`. *Overall excl. mirror* pools every non-mirror variant "
        "(each pair weighted equally); *overall all* includes mirroring.",
    ]
    return lines


def results(distances: Distances, defaults: dict[str, tuple[int, str]], max_threshold: int) -> list[str]:
    lines = ["", "## Results", ""]
    for algorithm in HASHES:
        d, a, b = distances.closest[algorithm]
        lines += [f"### {algorithm}", "",
                  f"Default **{defaults[algorithm][0]}** ({defaults[algorithm][1]}); closest pair of different "
                  f"images: distance {d}, `{a}` vs `{b}`.", ""]
        lines += threshold_table(distances, algorithm, max_threshold, defaults[algorithm][0]) + [""]
    chosen = {a: defaults[a][0] for a in HASHES}
    lines += ["### Per variant at the recommended defaults", "",
              "Recall of each variant at each hash's default, and the median distance over the base images.", ""]
    return lines + variant_table(distances, chosen)


def recommendation(distances: Distances, names: list[str], defaults: dict[str, tuple[int, str]]) -> list[str]:
    chosen = {a: defaults[a][0] for a in HASHES}
    line = "Defaults: " + ", ".join(f"{a} {chosen[a]}" for a in HASHES)
    lines = ["", "## Recommendation", "", f"`{line}`", "",
             f"Rule: for each hash, the largest threshold t such that no different-image pair above lies within "
             f"t + {SAFETY_MARGIN} bits: a margin, because a few hundred distinct pictures cannot place the "
             "boundary more precisely (if none were free of false matches, the threshold maximising recall minus "
             "false-match rate). At these defaults:", ""]
    for a in HASHES:
        genuine, t = distances.genuine[a], chosen[a]
        no_mirror = family_distances(genuine, set(FAMILIES) - {"mirror"})
        lines.append(f"- **{a} {t}**: overall recall {percent(share(no_mirror, t))} excluding mirroring "
                     f"({percent(share(family_distances(genuine, set(FAMILIES)), t))} with it), false-match rate "
                     f"{percent(share(distances.unrelated(a), t), 2)}; mirror recall "
                     f"{percent(share(genuine['mirror'], t))}; missed variants by image: "
                     + (", ".join(misses_by_image(distances, names, a, t)) or "none") + ".")
    return lines + mirror_note(distances, names, chosen)


def mirror_note(distances: Distances, names: list[str], chosen: dict[str, int]) -> list[str]:
    matched = {a: mirror_matches(distances, names, a, chosen[a]) for a in HASHES}
    detail = "; ".join(f"{a}: {', '.join(m) if m else 'none'}" for a, m in matched.items())
    return ["", "**Mirroring** is expected to defeat all four hashes: none of them is invariant to a horizontal "
            "flip, so a mirrored copy is found only when the picture is nearly left-right symmetric. Mirrored "
            f"copies that still matched at the defaults: {detail}. To catch "
            "mirrored copies, hash the flipped image as well (or store both hashes in the reference set); do not "
            "raise the threshold for it."]


def observations(distances: Distances, samples: list[Sample], chosen: dict[str, int]) -> list[str]:
    pairs = len(distances.originals["phash"])
    edge = [a for a in HASHES if chosen[a] == distances.closest[a][0] - 1]
    lines = ["", "## Observations", ""]
    if edge:
        lines.append(f"- **No safety margin.** The defaults for {', '.join(edge)} sit one bit below the closest pair "
                     "of different images measured here (see each hash's section); a larger or different "
                     "collection will very likely contain closer unrelated pairs. With no false match among "
                     f"{pairs} distinct picture pairs, the 95 % upper bound on the per-pair false-match rate is "
                     f"still about {percent(3 / pairs)} (rule of three).")
    lines += parity_notes(distances, chosen) + degenerate_notes(samples)
    return lines


def parity_notes(distances: Distances, chosen: dict[str, int]) -> list[str]:
    lines = []
    for a in HASHES:
        values = distances.unrelated(a) + [d for v in distances.genuine[a].values() for d in v]
        if all(d % 2 == 0 for d in values):
            lines.append(f"- **{a} distances are always even** here: every {a} code measured has the same number "
                         "of bits set (ImageHash thresholds the 64 values at their median), so an odd threshold "
                         f"behaves exactly like the even one below it (a default of {chosen[a]} is the same as "
                         f"{chosen[a] - chosen[a] % 2}).")
    return lines


def degenerate_notes(samples: list[Sample]) -> list[str]:
    found = [f"{s.name} {a} `{s.original[a]:016x}`" for s in samples for a in HASHES
             if min(s.original[a].bit_count(), 64 - s.original[a].bit_count()) <= DEGENERATE_BITS]
    if not found:
        return []
    return ["- **Degenerate codes:** " + "; ".join(found) + ". A code that is (nearly) all zeros or all ones "
            "records little more than a brightness gradient across the picture; any other picture with the same "
            "gradient lands next to it. Matches on such codes deserve extra scrutiny."]


def caveats(count: int) -> list[str]:
    return ["", "## What these numbers do not show", "",
            f"- **Small sample.** {count} base images; a 0 % false-match rate here means no false match among "
            "a few hundred distinct picture pairs, not that false matches are rare in a case with millions of "
            "files against a reference set of millions of hashes. False matches grow with the product of the two "
            "set sizes; every perceptual match must be reviewed by a person before it is relied on.",
            "- **Benign images only,** and many of them are scientific or synthetic pictures (microscopy, "
            "textures, text scans, a colour wheel), not the photographs a case holds. Textures and scans behave "
            "differently from photographs of people; both recall and false-match rate will differ on real data.",
            "- **Synthetic transformations.** One strength grid, applied one at a time; real re-shared files "
            "combine several (resize + re-compress + crop + overlay), which lowers recall at a given threshold.",
            "- **Thresholds must be validated on a lab's own reference data** (its reference set against a "
            "known-unrelated collection of its own) before they are changed from these defaults; they can be "
            "overridden per run."]


def render(bases: list[BaseImage], skipped: list[tuple[str, str]], samples: list[Sample], max_threshold: int) -> str:
    distances = measure(samples)
    defaults = {a: choose_default(distances, a, max_threshold) for a in HASHES}
    names = [b.name for b in bases]
    lines = intro(bases, skipped, distances) + results(distances, defaults, max_threshold)
    lines += recommendation(distances, names, defaults)
    lines += observations(distances, samples, {a: defaults[a][0] for a in HASHES}) + caveats(len(bases))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------------ main

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write the report to {DOC_PATH}")
    parser.add_argument("--max-threshold", type=int, default=20, help="largest Hamming threshold tried (0..64)")
    parser.add_argument("--testdata", type=Path, default=DEFAULT_TESTDATA, help="shared test-data folder")
    args = parser.parse_args(argv)
    if not 0 <= args.max_threshold <= 64:
        parser.error("--max-threshold must be within 0..64")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    bases, skipped = load_bases(args.testdata)
    for name, reason in skipped:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    if len(bases) < 2:
        print("fewer than two base images loaded; nothing to measure", file=sys.stderr)
        return 1
    samples = []
    for base in bases:
        print(f"hashing {base.name} {base.image.size} {base.image.mode}", file=sys.stderr)
        samples.append(hash_base(base))
    report = render(bases, skipped, samples, args.max_threshold)
    print(report, end="")
    if args.write:
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(report, encoding="utf-8")
        print(f"wrote {DOC_PATH}", file=sys.stderr)
    print(f"{len(bases)} base images, {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
