"""What a caption looks like: the style record every renderer reads.

Lengths that scale with the text are in *em* (fractions of the font size), so one style
looks the same at 360 px and at 1920 px. The font size itself is a fraction of the frame
height (see :func:`font_size_px`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from shopreel.errors import InvalidInput

__all__ = [
    "RGB",
    "Weight",
    "Animation",
    "Align",
    "BackgroundKind",
    "Shadow",
    "Glow",
    "Background",
    "CaptionStyle",
    "font_size_px",
]

RGB = tuple[int, int, int]

_HEX32 = re.compile(r"[0-9a-f]{32}")


class Weight(StrEnum):
    REGULAR = "regular"
    BOLD = "bold"
    BLACK = "black"


class Animation(StrEnum):
    """How a caption changes while it is on screen.

    - ``static``: the whole cue appears and stays unchanged.
    - ``pop``: the cue scales in with a small overshoot when it appears.
    - ``highlight``: the word being spoken takes the highlight colour (or box).
    - ``karaoke``: words fill with the highlight colour as they are spoken, left to right
      (right to left in RTL scripts).
    - ``reveal``: words appear one by one as they are spoken.
    - ``punch``: one word at a time, large, with a scale pop on each word.
    """

    STATIC = "static"
    POP = "pop"
    HIGHLIGHT = "highlight"
    KARAOKE = "karaoke"
    REVEAL = "reveal"
    PUNCH = "punch"


class Align(StrEnum):
    CENTER = "center"
    START = "start"  # left in LTR text, right in RTL text


class BackgroundKind(StrEnum):
    BOX = "box"  # one rectangle around the whole block
    PILL = "pill"  # one rounded shape behind each line
    BAR = "bar"  # a band across the full frame width


def _check_rgb(name: str, value: RGB) -> None:
    if len(value) != 3 or any(not isinstance(c, int) or not 0 <= c <= 255 for c in value):
        raise InvalidInput(f"{name} must be three ints in 0..255, got {value!r}")


def _check_fraction(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"{name} must be in [0, 1], got {value!r}")


@dataclass(frozen=True)
class Shadow:
    """A drop shadow of the text (outline included): colour, opacity, offset and blur in em."""

    color: RGB = (0, 0, 0)
    opacity: float = 0.6
    offset_em: tuple[float, float] = (0.03, 0.05)
    blur_em: float = 0.05

    def __post_init__(self) -> None:
        _check_rgb("shadow color", self.color)
        _check_fraction("shadow opacity", self.opacity)
        if self.blur_em < 0:
            raise InvalidInput(f"shadow blur_em must be >= 0, got {self.blur_em!r}")


@dataclass(frozen=True)
class Glow:
    """A blurred halo of ``color`` around the text; ``strength`` > 1 makes it denser."""

    color: RGB
    radius_em: float = 0.15
    strength: float = 1.5

    def __post_init__(self) -> None:
        _check_rgb("glow color", self.color)
        if self.radius_em <= 0 or self.strength <= 0:
            raise InvalidInput(f"glow radius_em and strength must be > 0, got {self!r}")


@dataclass(frozen=True)
class Background:
    """A shape behind the text; ``padding_em`` is (horizontal, vertical) around the ink band."""

    kind: BackgroundKind
    color: RGB = (0, 0, 0)
    opacity: float = 0.8
    padding_em: tuple[float, float] = (0.35, 0.18)
    radius_em: float = 0.2

    def __post_init__(self) -> None:
        _check_rgb("background color", self.color)
        _check_fraction("background opacity", self.opacity)
        if min(self.padding_em) < 0 or self.radius_em < 0:
            raise InvalidInput(f"background padding_em and radius_em must be >= 0, got {self!r}")


@dataclass(frozen=True)
class CaptionStyle:
    """A caption preset.

    ``caption_id`` is the stable 32-hex id clients send as ``captionId``. ``size`` is the
    font size as a fraction of the frame height. ``vertical`` places the block's centre as a
    fraction of the safe area's height, from its top (captions sit in the lower middle).
    ``max_words`` caps the words shown at once (``None``: as many as fit ``max_lines``).
    """

    caption_id: str
    name: str
    weight: Weight = Weight.BOLD
    size: float = 0.036
    color: RGB = (255, 255, 255)
    gradient_to: RGB | None = None
    outline_color: RGB = (0, 0, 0)
    outline_em: float = 0.0
    shadow: Shadow | None = None
    glow: Glow | None = None
    background: Background | None = None
    highlight_color: RGB | None = None
    highlight_box: bool = False
    animation: Animation = Animation.STATIC
    uppercase: bool = False
    align: Align = Align.CENTER
    vertical: float = 0.82
    max_words: int | None = None
    line_spacing: float = 1.0
    word_spacing: float = 1.0

    def __post_init__(self) -> None:
        if not _HEX32.fullmatch(self.caption_id):
            raise InvalidInput(f"caption_id must be 32 lowercase hex digits, got {self.caption_id!r}")
        if not self.name.strip():
            raise InvalidInput(f"caption style {self.caption_id} has an empty name")
        if not 0.005 <= self.size <= 0.3:
            raise InvalidInput(f"size must be in [0.005, 0.3] of the frame height, got {self.size!r}")
        _check_rgb("color", self.color)
        _check_rgb("outline_color", self.outline_color)
        if self.gradient_to is not None:
            _check_rgb("gradient_to", self.gradient_to)
        if self.highlight_color is not None:
            _check_rgb("highlight_color", self.highlight_color)
        if not 0.0 <= self.outline_em <= 0.3:
            raise InvalidInput(f"outline_em must be in [0, 0.3], got {self.outline_em!r}")
        _check_fraction("vertical", self.vertical)
        word_animations = (Animation.HIGHLIGHT, Animation.KARAOKE)
        if self.animation in word_animations and self.highlight_color is None:
            raise InvalidInput(f"animation {self.animation.value!r} needs a highlight_color")
        if self.highlight_box and self.animation is not Animation.HIGHLIGHT:
            raise InvalidInput("highlight_box only applies to the 'highlight' animation")
        if self.max_words is not None and self.max_words < 1:
            raise InvalidInput(f"max_words must be >= 1 or None, got {self.max_words!r}")
        if not 0.6 <= self.line_spacing <= 3.0 or not 0.5 <= self.word_spacing <= 4.0:
            raise InvalidInput(
                f"line_spacing must be in [0.6, 3] and word_spacing in [0.5, 4], "
                f"got {self.line_spacing!r} and {self.word_spacing!r}"
            )

    @property
    def words_per_cue(self) -> int | None:
        """The most words a cue may hold: one for ``punch``, else ``max_words``."""
        return 1 if self.animation is Animation.PUNCH else self.max_words


def font_size_px(style: CaptionStyle, *, width: int, height: int) -> int:
    """The font size for a ``width`` x ``height`` frame, in pixels.

    Notes
    -----
    ``style.size`` is relative to the frame height. Frames narrower than 9:16 would then get
    text too wide to wrap well, so the size is also capped at what a 9:16 frame of the same
    width would give (``size * width * 16 / 9``). Never below 6 px.
    """
    return max(6, round(style.size * min(height, width * 16 / 9)))
