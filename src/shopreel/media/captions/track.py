"""A caption track: cues drawn over video frames, as an :class:`~shopreel.media.types.Overlay`."""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from shopreel.errors import InvalidInput
from shopreel.media.captions.cues import Cue, CueWord, cue_pieces
from shopreel.media.captions.fonts import FontBook, find_fonts
from shopreel.media.captions.keepout import KeepOut, boxes_during, during
from shopreel.media.captions.paint import CaptionArt, Rect, draw_caption
from shopreel.media.captions.placement import Placement, check_frame_size, clear_of, place_block, place_clear
from shopreel.media.captions.style import Animation, CaptionStyle
from shopreel.media.types import Layer

__all__ = ["CaptionTrack", "pop_scale"]

# Scale-in of a cue (pop) or a word (punch): (start scale, duration in ms).
_POP = {Animation.POP: (0.8, 200.0), Animation.PUNCH: (1.25, 160.0)}
_SCALE_STEP = 0.02  # scales are rounded to this, so neighbouring frames can share a layer


def pop_scale(animation: Animation, since_ms: float) -> float:
    """The scale of a popping caption ``since_ms`` after it appeared (1.0 when settled).

    Notes
    -----
    Ease-out-back from the start scale to 1 (a small overshoot, then settle), the usual
    "pop" of short-video captions; rounded to steps of 0.02.
    """
    if animation not in _POP:
        return 1.0
    start, duration = _POP[animation]
    u = min(max(since_ms / duration, 0.0), 1.0)
    c1 = 1.70158
    eased = 1 + (c1 + 1) * (u - 1) ** 3 + c1 * (u - 1) ** 2
    scale = start + (1.0 - start) * eased
    return round(scale / _SCALE_STEP) * _SCALE_STEP


def _peak_scale(animation: Animation) -> float:
    """The largest scale a cue or word of ``animation`` is ever drawn at (1.0 without a pop)."""
    if animation not in _POP:
        return 1.0
    return max(1.0, *(pop_scale(animation, float(t)) for t in range(0, round(_POP[animation][1]) + 1, 2)))


def _by_line(cue: Cue, placement: Placement) -> list[Cue]:
    """``cue`` cut into one cue per line of ``placement``: each from its first word's start to
    the next one's (the last keeps the cue's end). A word broken over lines goes with its first."""
    first_line: dict[int, int] = {}
    for span in placement.layout.spans:
        first_line[span.word] = min(span.line, first_line.get(span.word, span.line))
    groups: dict[int, list[CueWord]] = {}
    for index, word in enumerate(cue.words):
        groups.setdefault(first_line.get(index, 0), []).append(word)
    parts = [groups[line] for line in sorted(groups)]
    starts = [cue.start_ms] + [words[0].start_ms for words in parts[1:]]
    ends = starts[1:] + [cue.end_ms]
    return [Cue(tuple(words), start, max(end, start + 1), cue.language, ())
            for words, start, end in zip(parts, starts, ends)]


@dataclass(frozen=True)
class _CueArt:
    placement: Placement
    art: CaptionArt


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _scaled(rgb: np.ndarray, alpha: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = alpha.shape
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    rgba = np.dstack([rgb, np.round(alpha * 255).astype(np.uint8)])
    image = Image.fromarray(rgba, "RGBA").convert("RGBa").resize(size, Image.Resampling.BILINEAR).convert("RGBA")
    out = np.asarray(image)
    return np.ascontiguousarray(out[..., :3]), out[..., 3].astype(np.float32) / 255.0


class CaptionTrack:
    """Timed captions for a ``frame_size`` (width, height) video.

    ``layer_at(t_s)`` gives the caption visible at ``t_s`` seconds, or ``None`` between cues.
    The word being spoken (the last one started) is highlighted, filled or revealed as the
    style's animation says. The same :class:`Layer` object comes back while nothing changes:
    for highlight and reveal that is once per word; karaoke changes as the fill advances,
    and each new state is a copy of rectangles between two pre-drawn images, not a new
    rendering. Only the current cue's images are kept.

    ``keep_out`` (sorted or not) names what captions leave clear, such as a presenter's face
    and the product in hand: each cue is placed once, clear of every box it meets while its
    words are spoken (see :func:`~shopreel.media.captions.placement.place_clear`), and leaves
    early rather than linger over something that appears after its last word (a cut to the
    next shot); a cue of several lines that cannot be placed clear is shown one line at a
    time, each line placed on its own. ``cues`` holds the cues as shown.
    """

    def __init__(
        self,
        cues: Sequence[Cue],
        style: CaptionStyle,
        frame_size: tuple[int, int],
        *,
        fonts: FontBook | None = None,
        keep_out: Sequence[KeepOut] = (),
    ) -> None:
        self.style = style
        self.frame_size = check_frame_size(frame_size)
        ordered = tuple(sorted(cues, key=lambda c: c.start_ms))
        for i, cue in enumerate(ordered):
            if not cue.words or cue.end_ms <= cue.start_ms:
                raise InvalidInput(f"cue {i} is empty or has no duration: {cue!r}")
        self._fonts = fonts or find_fonts()
        self._keep_out = tuple(sorted(keep_out, key=lambda k: k.start_s))
        self._grow = _peak_scale(style.animation)
        placed = [pair for cue in ordered for pair in self._placed(cue)]
        self.cues = tuple(cue for cue, _ in placed)
        self._placements = tuple(placement for _, placement in placed)
        self._starts = [c.start_ms for c in self.cues]
        self._art: tuple[int, _CueArt] | None = None
        self._last: tuple[Hashable, Layer] | None = None

    def _place(self, cue: Cue) -> tuple[Cue, Placement]:
        """Where ``cue`` goes, and the cue as drawn there: its ``lines``, and its hold (the
        time it stays after its last word) cut short where something to keep clear appears."""
        pieces = cue_pieces(cue.words, self.style)
        spoken_ms = max(w.end_ms for w in cue.words)
        boxes = boxes_during(self._keep_out, cue.start_ms / 1000, spoken_ms / 1000)
        if not boxes:
            placement = place_block(pieces, fonts=self._fonts, style=self.style, frame_size=self.frame_size,
                                    language=cue.language)
        else:
            placement = place_clear(pieces, fonts=self._fonts, style=self.style, frame_size=self.frame_size,
                                    language=cue.language, keep_out=boxes, grow=self._grow)
        end_ms = cue.end_ms
        for record in during(self._keep_out, spoken_ms / 1000, cue.end_ms / 1000):
            if not clear_of(placement, record.boxes, grow=self._grow):
                end_ms = max(spoken_ms, math.ceil(record.start_s * 1000), cue.start_ms + 1)
                break
        lines = tuple(line.text for line in placement.layout.lines)
        if (lines, end_ms) != (cue.lines, cue.end_ms):
            cue = dataclasses.replace(cue, lines=lines, end_ms=end_ms)
        return cue, placement

    def _placed(self, cue: Cue) -> list[tuple[Cue, Placement]]:
        """``cue`` and where it goes; one line at a time when the whole cue cannot be placed clear."""
        placed = self._place(cue)
        if not placed[1].overlap_px:
            return [placed]
        whole = place_block(cue_pieces(cue.words, self.style), fonts=self._fonts, style=self.style,
                            frame_size=self.frame_size, language=cue.language)
        if len(whole.layout.lines) < 2:
            return [placed]
        return [self._place(part) for part in _by_line(cue, whole)]

    def _cue_art(self, index: int) -> _CueArt:
        if self._art is None or self._art[0] != index:
            placement = self._placements[index]
            art = draw_caption(
                placement.layout,
                self.style,
                canvas_size=placement.canvas_size,
                text_x=placement.text_x,
                text_top=placement.text_top,
                text_width=placement.layout.width,
            )
            for array in (art.rgb, art.alpha, art.alt_rgb, art.alt_alpha):
                if array is not None:
                    _frozen(array)
            self._art = (index, _CueArt(placement, art))
        return self._art[1]

    def placement(self, index: int) -> Placement:
        """Where cue ``index`` is drawn (its canvas at ``x``, ``y``, before any pop scaling)."""
        return self._placements[index]

    def _rects(self, cue: Cue, art: CaptionArt, t_ms: float) -> tuple[Rect, ...]:
        """Rectangles of the active image to show at ``t_ms``."""
        animation = self.style.animation
        if animation not in (Animation.HIGHLIGHT, Animation.KARAOKE, Animation.REVEAL):
            return ()
        active = max(0, bisect.bisect_right([w.start_ms for w in cue.words], t_ms) - 1)
        if animation is Animation.HIGHLIGHT:
            return tuple(r.rect for r in art.regions if r.word == active)
        if animation is Animation.REVEAL:
            return tuple(r.rect for r in art.regions if r.word > active)
        rects = []
        for region in art.regions:
            word = cue.words[region.word]
            if word.end_ms <= t_ms:
                rects.append(region.rect)
            elif word.start_ms <= t_ms:
                done = (t_ms - word.start_ms) / (word.end_ms - word.start_ms)
                if region.rtl:
                    left = round(region.x1 - done * (region.x1 - region.x0))
                    rects.append((region.top, region.bottom, max(left, region.left), region.right))
                else:
                    right = round(region.x0 + done * (region.x1 - region.x0))
                    rects.append((region.top, region.bottom, region.left, min(right, region.right)))
        return tuple(r for r in rects if r[2] < r[3])

    def cue_at(self, t_s: float) -> int | None:
        """Index of the cue on screen at ``t_s`` seconds, or ``None``."""
        t_ms = t_s * 1000.0
        i = bisect.bisect_right(self._starts, t_ms) - 1
        if i < 0 or t_ms >= self.cues[i].end_ms:
            return None
        return i

    def layer_at(self, t_s: float) -> Layer | None:
        index = self.cue_at(t_s)
        if index is None:
            return None
        cue = self.cues[index]
        t_ms = t_s * 1000.0
        cue_art = self._cue_art(index)
        rects = self._rects(cue, cue_art.art, t_ms)
        scale = pop_scale(self.style.animation, t_ms - cue.start_ms)
        key = (index, rects, scale)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        rgb, alpha = cue_art.art.mixed(rects)
        x, y = cue_art.placement.x, cue_art.placement.y
        if scale != 1.0:
            h, w = alpha.shape
            rgb, alpha = _scaled(rgb, alpha, scale)
            x += round((w - alpha.shape[1]) / 2)
            y += round((h - alpha.shape[0]) / 2)
        layer = Layer(rgb=_frozen(rgb), alpha=_frozen(alpha), x=x, y=y)
        self._last = (key, layer)
        return layer
