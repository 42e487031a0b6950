"""The shots of an Avatar Marketing Video: where the voice-over is cut, and what each shot shows.

The voice-over is cut on its phrase boundaries (a pause between words, or punctuation) into
shots of at most ``MAX_SHOT_S``. The presenter has the first and the last shot, and the
lines that are a hook or a call to action; every other shot shows the next of a cycle of
distinct views made from the product's own media: the product shot into scene templates
that suit its category and stand apart from its colours (AnyShoot), a close-up of the
product in its photo, the whole photo with a slow camera move, and the best shots of the
user's videos. One photo alone gives at least five distinct views besides the presenter.
"""

from __future__ import annotations

import functools
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from shopreel.catalog.templates import SCENE_TEMPLATES, SceneTemplate
from shopreel.media.image.anyshoot import shoot
from shopreel.media.speech import WordTiming
from shopreel.media.types import Alpha, Box, Frame
from shopreel.media.video.timeline import Clip, Easing, Fit, ImageClip, KenBurns, VideoClip

__all__ = ["MAX_SHOT_S", "MIN_SHOT_S", "Cut", "cut_voice", "View", "product_views", "video_views",
           "pick_templates", "crossfade_for", "clips_for"]

#: No shot lasts longer (a viewer's eye wants a new picture about this often).
MAX_SHOT_S = 5.0
#: Nor shorter, where the voice leaves the choice: below this a cut feels like a glitch.
MIN_SHOT_S = 1.6
#: A pause this long between two words is a phrase boundary even without punctuation.
_PAUSE_S = 0.12
_PHRASE_END = re.compile(r"[,.;:!?…、。，！？；：]['\")\]」』]*$")
#: Dissolves between shots, by script style: hard cuts keep a hook or a pain point punchy.
_CROSSFADE_S = {"storytelling": 0.35, "brand-oriented": 0.25}


@dataclass(frozen=True)
class Cut:
    """One shot on the voice-over's clock: ``start_s`` to ``end_s``, during line ``line``;
    ``presenter`` when the presenter says it on screen."""

    start_s: float
    end_s: float
    line: int
    presenter: bool

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class _Span:
    """A line of the script on the voice-over's clock, with its words (times in seconds)."""

    start_s: float
    end_s: float
    words: tuple[tuple[str, float, float], ...]
    presenter: bool


def _boundaries(span: _Span) -> tuple[list[float], list[float]]:
    """Times within ``span`` between two words: those where a phrase ends (after closing
    punctuation, or in a pause), and the others."""
    phrases, gaps = [], []
    for (text, _, end), (_, next_start, _) in zip(span.words, span.words[1:]):
        between = (end + next_start) / 2
        (phrases if _PHRASE_END.search(text) or next_start - end >= _PAUSE_S else gaps).append(between)
    return phrases, gaps


def _split(start: float, end: float, boundaries: Sequence[float], gaps: Sequence[float], *, max_s: float,
           min_s: float) -> list[float]:
    """Cut times that divide ``start..end`` into pieces of ``min_s`` to ``max_s``: on phrase
    ``boundaries`` where they allow it, else between two words (``gaps``), else (one long
    word) on a quarter-second grid; then in as few pieces, as even as can be."""
    length = end - start
    if length <= max_s:
        return []
    target = length / math.ceil(length / max_s)
    tiers: dict[float, int] = {}
    for tier, times in ((2, [start + k * 0.25 for k in range(1, int(length / 0.25))]), (1, gaps), (0, boundaries)):
        tiers.update({round(t, 6): tier for t in times if start < t < end})
    points = [(start, 0), *sorted(tiers.items()), (end, 0)]
    last = len(points) - 1
    # best[j]: ((mid-phrase cuts, pieces, unevenness), previous index) cutting start..points[j]
    best: list[tuple[tuple[int, int, float], int] | None] = [((0, 0, 0.0), -1)] + [None] * last
    for j in range(1, len(points)):
        t_j, tier = points[j]
        for i in range(j - 1, -1, -1):
            span = t_j - points[i][0]
            if span > max_s + 1e-9:
                break
            found = best[i]
            if found is None or span < min_s:
                continue
            (cuts, count, cost), _ = found
            option = ((cuts + tier, count + 1, cost + (span - target) ** 2), i)
            if best[j] is None or option[0] < best[j][0]:  # type: ignore[index]
                best[j] = option
    if best[last] is None:  # no way within min_s..max_s (words too long): even pieces
        pieces = math.ceil(length / max_s)
        return [start + length * k / pieces for k in range(1, pieces)]
    chosen: list[float] = []
    j = best[last][1]  # type: ignore[index]
    while j > 0:
        chosen.append(points[j][0])
        j = best[j][1]  # type: ignore[index]
    return sorted(chosen)


def cut_voice(lines: Sequence[tuple[float, float, Sequence[WordTiming], bool]], *, max_s: float = MAX_SHOT_S,
              min_s: float = MIN_SHOT_S) -> list[Cut]:
    """The shots of a voice-over made of ``lines``: ``(start_s, end_s, words, presenter)``
    each, consecutive on one clock, words timed from their line's start in milliseconds.

    A line longer than ``max_s`` is cut on phrase boundaries. When the presenter says a line
    that is cut, the presenter keeps its first piece (its last, for the ad's last line, so
    the ad closes on the presenter) and the other pieces cut away to the product.
    """
    spans = [
        _Span(start, end, tuple((w.text, start + w.start_ms / 1000, start + w.end_ms / 1000) for w in words),
              presenter)
        for start, end, words, presenter in lines
    ]
    cuts: list[Cut] = []
    for index, span in enumerate(spans):
        phrases, gaps = _boundaries(span)
        times = [span.start_s, *_split(span.start_s, span.end_s, phrases, gaps, max_s=max_s, min_s=min_s),
                 span.end_s]
        keep = len(times) - 2 if index == len(spans) - 1 and index > 0 else 0
        for piece, (start, end) in enumerate(zip(times, times[1:])):
            cuts.append(Cut(start, end, index, span.presenter and piece == keep))
    return _no_long_presenter_runs(cuts, max_s=max_s)


def _no_long_presenter_runs(cuts: list[Cut], *, max_s: float) -> list[Cut]:
    """Consecutive presenter cuts look like one shot: where a run of them would last longer
    than ``max_s``, the cut that overflows it goes to the product instead. The ad's last
    cut stays the presenter's; the one before it gives way if it must."""
    out: list[Cut] = []
    run = 0.0
    for i, cut in enumerate(cuts):
        last = i == len(cuts) - 1
        if cut.presenter and not last and run + cut.length_s > max_s and run > 0:
            cut = Cut(cut.start_s, cut.end_s, cut.line, False)
        if cut.presenter and last and out and out[-1].presenter and run + cut.length_s > max_s:
            out[-1] = Cut(out[-1].start_s, out[-1].end_s, out[-1].line, False)
        run = run + cut.length_s if cut.presenter else 0.0
        out.append(cut)
    return out


@dataclass(frozen=True)
class View:
    """One look at the product a shot can show; ``clip`` makes it last a given time."""

    name: str
    clip: Callable[[float, random.Random], Clip]


def crossfade_for(style: str) -> float:
    return _CROSSFADE_S.get(style, 0.0)


@functools.cache
def _stage_colour(template: SceneTemplate) -> tuple[float, float, float]:
    """The mean colour of the template's stage (the backdrop under its placement mask),
    worked out once per process from a small rendering."""
    backdrop = template.render(54, 96).astype(np.float32)
    stage = template.mask(54, 96) > 0.5
    around = backdrop[stage].mean(0) if stage.any() else backdrop.reshape(-1, 3).mean(0)
    return float(around[0]), float(around[1]), float(around[2])


def _contrast(colour: np.ndarray, template: SceneTemplate) -> float:
    """0 to about 1: how far ``colour`` stands from the template's stage, where the product
    stands, in brightness or in colour."""
    around = np.array(_stage_colour(template), np.float32)
    weights = np.array([0.299, 0.587, 0.114], np.float32)
    luma = abs(float((around - colour) @ weights)) / 255
    hue = float(np.linalg.norm(around - colour)) / 441.7
    return max(luma, hue)


def pick_templates(product_rgb: Frame, product_alpha: Alpha, categories: Sequence[str], *, count: int,
                   seed: int) -> list[SceneTemplate]:
    """``count`` scene templates for the product: those whose category names match
    ``categories`` (our presenter category slugs, e.g. ``beauty``) first, and among them
    those whose backdrop stands apart from the product's own brightness, so a white bottle
    does not melt into a white podium; Pro and UGC looks alternate."""
    weights = product_alpha[..., None]
    product_colour = (product_rgb * weights).reshape(-1, 3).sum(0) / max(float(weights.sum()), 1.0)
    wanted = {_TEMPLATE_CATEGORIES.get(slug, slug) for slug in categories}
    rng = random.Random(seed)

    def score(template: SceneTemplate) -> float:
        names = {category.name.casefold() for category in template.categories}
        contrast = _contrast(product_colour, template)
        return 1.5 * len(names & wanted) + 4.0 * contrast + 0.2 * rng.random()

    ranked = sorted(SCENE_TEMPLATES, key=score, reverse=True)
    pro = [t for t in ranked if t.style == "Pro"]
    ugc = [t for t in ranked if t.style != "Pro"]
    chosen: list[SceneTemplate] = []
    while len(chosen) < count and (pro or ugc):
        source = pro if (len(chosen) % 2 == 0 and pro) or not ugc else ugc
        chosen.append(source.pop(0))
    return chosen


#: Our presenter categories, as the scene templates' category names.
_TEMPLATE_CATEGORIES = {"beauty": "beauty", "fashion": "studio", "home": "home", "tech": "desk", "sports": "outdoor",
                        "kids": "home", "pets": "outdoor", "food": "kitchen"}


def _push(rng: random.Random, *, centre: tuple[float, float] = (0.5, 0.5), zoom: float = 1.12) -> KenBurns:
    """A slow push in or pull out around ``centre``, drifting a little."""
    drift = (rng.uniform(-0.04, 0.04), rng.uniform(-0.03, 0.03))
    start = (min(max(centre[0] + drift[0], 0.0), 1.0), min(max(centre[1] + drift[1], 0.0), 1.0))
    if rng.random() < 0.65:
        return KenBurns(zoom_from=1.0, zoom_to=zoom, pan_from=start, pan_to=centre, easing=Easing.EASE_OUT)
    return KenBurns(zoom_from=zoom, zoom_to=1.0, pan_from=centre, pan_to=start, easing=Easing.EASE_OUT)


def _box(mask: np.ndarray) -> Box | None:
    """The bounding box of a mask's true pixels."""
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return Box(x=int(cols[0]), y=int(rows[0]), w=int(cols[-1] - cols[0] + 1), h=int(rows[-1] - rows[0] + 1))


def _cover_box(box: tuple[float, float, float, float], photo: tuple[int, int],
               frame: tuple[int, int]) -> tuple[float, float, float, float]:
    """``box`` (fractions of the photo) in fractions of the photo as cover-fitted to ``frame``."""
    ph, pw = photo
    fw, fh = frame
    scale = max(fw / pw, fh / ph)
    vw, vh = fw / (pw * scale), fh / (ph * scale)  # the visible part, as fractions of the photo
    x0, y0 = (1 - vw) / 2, (1 - vh) / 2
    left, top, right, bottom = box
    return ((left - x0) / vw, (top - y0) / vh, (right - x0) / vw, (bottom - y0) / vh)


def product_views(photo: Frame, rgb: Frame, alpha: Alpha, *, size: tuple[int, int],
                  templates: Sequence[SceneTemplate], first_variant: int = 0,
                  photo_alpha: Alpha | None = None, boxes: dict[int, tuple[Box, ...]] | None = None) -> list[View]:
    """The views one product photo gives: a scene per template (the cut-out ``rgb``/``alpha``
    shot into it at ``size``), a close-up of the product in ``photo`` (where ``photo_alpha``,
    its matte at the photo's size, says it is), and the whole photo. Scenes are shot when
    their view is first used; ``boxes`` learns where the product is in each picture a view
    shows (by ``id`` of the picture), for captions to keep clear of it."""
    known = boxes if boxes is not None else {}
    width, height = size
    views: list[View] = []
    for k, template in enumerate(templates):
        scene_cache: dict[str, Frame] = {}

        def scene_clip(seconds: float, rng: random.Random, template: SceneTemplate = template,
                       variant: int = first_variant + k, cache: dict[str, Frame] = scene_cache) -> Clip:
            if "frame" not in cache:
                backdrop = template.render(width, height)
                shot = shoot(rgb, alpha, backdrop, template.mask(width, height), variant=variant % 4,
                             glossiness=template.glossiness, light_azimuth_deg=template.light_azimuth_deg,
                             light_kelvin=template.light_kelvin)
                cache["frame"] = shot
                placed = _box(np.abs(shot.astype(np.int16) - backdrop).max(axis=-1) > 24)  # product, shadow
                if placed is not None:
                    known[id(shot)] = (placed,)
            return ImageClip(cache["frame"], seconds, motion=_push(rng, centre=(0.5, 0.55), zoom=1.1), fit=Fit.COVER)

        views.append(View(f"scene:{template.slug}", scene_clip))

    where = _box(photo_alpha > 0.5) if photo_alpha is not None else None
    zoom, centre = 1.0, (0.5, 0.5)
    if where is not None:
        known[id(photo)] = (where,)
        h, w = photo.shape[:2]
        box = (where.x / w, where.y / h, (where.x + where.w) / w, (where.y + where.h) / h)  # fractions
        left, top, right, bottom = _cover_box(box, photo.shape[:2], size)
        centre = (min(max((left + right) / 2, 0.0), 1.0), min(max((top + bottom) / 2, 0.0), 1.0))
        # The product fills most of the frame, with room left above or below it for captions.
        zoom = min(0.6 / max(right - left, bottom - top, 1e-3), 2.2)
    if zoom >= 1.2:  # else the whole photo already shows the product this large

        def detail_clip(seconds: float, rng: random.Random) -> Clip:
            steady = KenBurns(zoom_from=zoom, zoom_to=zoom * 1.08, pan_from=centre, pan_to=centre,
                              easing=Easing.EASE_OUT)
            return ImageClip(photo, seconds, motion=steady, fit=Fit.COVER)

        views.insert(1, View("detail", detail_clip))

    def wide_clip(seconds: float, rng: random.Random) -> Clip:
        return ImageClip(photo, seconds, motion=_push(rng, zoom=1.08), fit=Fit.CONTAIN)

    views.insert(min(3, len(views)), View("wide", wide_clip))
    if not templates:  # a photo of a scene, nothing cut out: other framings of it, as a camera would
        views += _framings(photo)
    return views


def _framings(photo: Frame) -> list[View]:
    """Three more looks at a photo whose product cannot be cut out: a close-up of its middle
    (where a product photo puts the product), a slow pan across it, and the photo filling the
    frame as the camera pulls back."""

    def close(seconds: float, rng: random.Random) -> Clip:
        return ImageClip(photo, seconds, fit=Fit.COVER, motion=KenBurns(
            zoom_from=1.45, zoom_to=1.6, pan_from=(0.5, 0.5), pan_to=(0.5, 0.48), easing=Easing.EASE_OUT))

    def pan(seconds: float, rng: random.Random) -> Clip:
        start, end = (0.3, 0.7) if rng.random() < 0.5 else (0.7, 0.3)
        return ImageClip(photo, seconds, fit=Fit.COVER, motion=KenBurns(
            zoom_from=1.3, zoom_to=1.3, pan_from=(start, 0.5), pan_to=(end, 0.5), easing=Easing.EASE_IN_OUT))

    def pull(seconds: float, rng: random.Random) -> Clip:
        return ImageClip(photo, seconds, fit=Fit.COVER, motion=KenBurns(zoom_from=1.2, zoom_to=1.0))

    return [View("close", close), View("pan", pan), View("pull", pull)]


def video_views(path: str, shots: Sequence[tuple[float, float]], *, name: str) -> list[View]:
    """A view per shot of a video (``start_s, end_s``), longest first: the shots a viewer
    had time to look at."""
    views = []
    for start, end in sorted(shots, key=lambda shot: shot[0] - shot[1]):
        def clip(seconds: float, rng: random.Random, start: float = start, end: float = end) -> Clip:
            return VideoClip(path, start_s=start, end_s=end, duration_s=seconds, loop=True, fit=Fit.COVER)

        views.append(View(f"{name}@{start:.2f}", clip))
    return views


def clips_for(cuts: Sequence[Cut], views: Sequence[View], presenter: Callable[[Cut, float], Clip] | None, *,
              crossfade_s: float, seed: int) -> list[Clip]:
    """A clip per cut: the presenter's (``presenter(cut, seconds)``) on presenter cuts, else
    the next view of the cycle. Each clip lasts its cut plus the cross-fade into the next,
    so every cut starts on the voice's clock."""
    if not views and presenter is None:
        raise ValueError("an ad needs the presenter or at least one view of the product")
    rng = random.Random(seed)
    clips: list[Clip] = []
    turn = 0
    for i, cut in enumerate(cuts):
        seconds = cut.length_s + (crossfade_s if i < len(cuts) - 1 else 0.0)
        if (cut.presenter and presenter is not None) or not views:
            assert presenter is not None
            clips.append(presenter(cut, seconds))
            continue
        clips.append(views[turn % len(views)].clip(seconds, rng))
        turn += 1
    return clips
