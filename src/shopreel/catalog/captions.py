"""The built-in caption styles behind ``GET /v1/caption/list`` (TOPVIEW_API.md §8.1).

Each style is a preset a marketer knows from short-video apps. ``captionId`` is
``uuid5(namespace, "<slug>")`` in hex: stable across releases and machines, so a client may
keep ids it listed once. Sizes are fractions of the frame height (0.036 is 69 px on a
1080 x 1920 video); effect lengths are in em. Thumbnails come from
:func:`shopreel.media.captions.render_thumbnail`.
"""

from __future__ import annotations

import random
import uuid

from shopreel.media.captions.style import (
    Align,
    Animation,
    Background,
    BackgroundKind,
    CaptionStyle,
    Glow,
    Shadow,
    Weight,
)

__all__ = ["CAPTION_STYLES", "find_caption", "default_caption", "random_caption", "caption_id"]

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "shopreel:catalog:captions")

_WHITE = (255, 255, 255)
_BLACK = (0, 0, 0)


def caption_id(slug: str) -> str:
    """The stable ``captionId`` of the preset named ``slug``."""
    return uuid.uuid5(_NAMESPACE, slug).hex


CAPTION_STYLES: tuple[CaptionStyle, ...] = (
    CaptionStyle(
        caption_id=caption_id("clean"),
        name="Clean White",
        weight=Weight.BOLD,
        outline_em=0.07,
    ),
    CaptionStyle(
        caption_id=caption_id("yellow-pop"),
        name="Bold Yellow Pop",
        weight=Weight.BLACK,
        size=0.04,
        color=(255, 221, 0),
        outline_em=0.09,
        shadow=Shadow(opacity=0.5, offset_em=(0.0, 0.06), blur_em=0.04),
        animation=Animation.POP,
        max_words=4,
    ),
    CaptionStyle(
        caption_id=caption_id("boxed"),
        name="Boxed",
        weight=Weight.BOLD,
        background=Background(BackgroundKind.BOX, color=_BLACK, opacity=0.85, padding_em=(0.45, 0.22), radius_em=0.12),
    ),
    CaptionStyle(
        caption_id=caption_id("karaoke"),
        name="Karaoke Fill",
        weight=Weight.BLACK,
        outline_em=0.08,
        highlight_color=(0, 214, 255),
        animation=Animation.KARAOKE,
    ),
    CaptionStyle(
        caption_id=caption_id("word-highlight"),
        name="Word Highlight",
        weight=Weight.BLACK,
        size=0.04,
        outline_em=0.09,
        shadow=Shadow(opacity=0.45, offset_em=(0.0, 0.05), blur_em=0.05),
        highlight_color=(57, 230, 90),
        animation=Animation.HIGHLIGHT,
        uppercase=True,
        max_words=4,
    ),
    CaptionStyle(
        caption_id=caption_id("one-word-punch"),
        name="One-Word Punch",
        weight=Weight.BLACK,
        size=0.07,
        outline_em=0.1,
        shadow=Shadow(opacity=0.55, offset_em=(0.0, 0.07), blur_em=0.06),
        animation=Animation.PUNCH,
        uppercase=True,
        vertical=0.62,
    ),
    CaptionStyle(
        caption_id=caption_id("gradient"),
        name="Sunset Gradient",
        weight=Weight.BLACK,
        size=0.04,
        color=(255, 82, 170),
        gradient_to=(255, 196, 56),
        outline_color=(40, 16, 48),
        outline_em=0.06,
    ),
    CaptionStyle(
        caption_id=caption_id("neon"),
        name="Neon Glow",
        weight=Weight.BOLD,
        color=(236, 255, 255),
        outline_color=(0, 200, 255),
        outline_em=0.025,
        glow=Glow(color=(0, 220, 255), radius_em=0.16, strength=2.2),
    ),
    CaptionStyle(
        caption_id=caption_id("subtitle-bar"),
        name="Subtitle Bar",
        weight=Weight.REGULAR,
        size=0.03,
        background=Background(BackgroundKind.BAR, color=_BLACK, opacity=0.55, padding_em=(0.5, 0.35), radius_em=0.0),
        vertical=1.0,
    ),
    CaptionStyle(
        caption_id=caption_id("tiktok-pill"),
        name="TikTok Pill",
        weight=Weight.BOLD,
        color=(18, 18, 18),
        background=Background(BackgroundKind.PILL, color=_WHITE, opacity=1.0, padding_em=(0.32, 0.14), radius_em=0.3),
        line_spacing=1.1,
    ),
    CaptionStyle(
        caption_id=caption_id("lower-third"),
        name="Lower Third",
        weight=Weight.BOLD,
        size=0.032,
        background=Background(
            BackgroundKind.BOX, color=(226, 36, 82), opacity=0.95, padding_em=(0.5, 0.25), radius_em=0.0
        ),
        shadow=Shadow(opacity=0.35, offset_em=(0.02, 0.03), blur_em=0.03),
        align=Align.START,
        vertical=0.93,
    ),
    CaptionStyle(
        caption_id=caption_id("uppercase-impact"),
        name="Uppercase Impact",
        weight=Weight.BLACK,
        size=0.045,
        outline_em=0.13,
        uppercase=True,
        word_spacing=1.2,
        max_words=3,
    ),
    CaptionStyle(
        caption_id=caption_id("soft-shadow"),
        name="Soft Shadow Minimal",
        weight=Weight.REGULAR,
        size=0.032,
        shadow=Shadow(opacity=0.75, offset_em=(0.0, 0.04), blur_em=0.12),
    ),
    CaptionStyle(
        caption_id=caption_id("word-box"),
        name="Word Box",
        weight=Weight.BLACK,
        size=0.038,
        shadow=Shadow(opacity=0.4, offset_em=(0.0, 0.04), blur_em=0.05),
        highlight_color=(124, 58, 237),
        highlight_box=True,
        animation=Animation.HIGHLIGHT,
        uppercase=True,
        word_spacing=1.6,
        max_words=4,
    ),
    CaptionStyle(
        caption_id=caption_id("word-reveal"),
        name="Word Reveal",
        weight=Weight.BOLD,
        color=(255, 246, 220),
        outline_color=(30, 24, 20),
        outline_em=0.06,
        animation=Animation.REVEAL,
        max_words=6,
    ),
)

_BY_ID = {style.caption_id: style for style in CAPTION_STYLES}


def find_caption(caption_id: str) -> CaptionStyle | None:
    """The style with this ``captionId``, or ``None``."""
    return _BY_ID.get(caption_id)


def default_caption() -> CaptionStyle:
    """The style used when a request asks for captions without naming one: Clean White."""
    return CAPTION_STYLES[0]


def random_caption(rng: random.Random) -> CaptionStyle:
    """A style picked with ``rng`` (TopView: "random if omitted")."""
    return rng.choice(CAPTION_STYLES)
