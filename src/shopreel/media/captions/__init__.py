"""Captions: styles, font selection per script, line breaking, layout and rendering.

Text is shaped with Pillow's raqm engine (HarfBuzz + FriBidi) in Noto fonts chosen per
grapheme cluster, wrapped into balanced lines (word wrap; CJK between characters with
kinsoku; Thai at spoken-word boundaries), placed in the frame's safe area (clear of faces and
the product when their boxes are known) and drawn with the style's outline, shadow, glow,
background and word animation.
"""

from shopreel.media.captions.cues import Cue, CueWord, TimedWord, build_cues
from shopreel.media.captions.fonts import FontBook, find_fonts
from shopreel.media.captions.keepout import KeepOut
from shopreel.media.captions.render import render_caption_image
from shopreel.media.captions.safearea import SAFE_INSETS, aspect_ratio_name, safe_area
from shopreel.media.captions.style import (
    Align,
    Animation,
    Background,
    BackgroundKind,
    CaptionStyle,
    Glow,
    Shadow,
    Weight,
    font_size_px,
)
from shopreel.media.captions.thumbnail import render_thumbnail
from shopreel.media.captions.track import CaptionTrack

__all__ = [
    "Align",
    "Animation",
    "Background",
    "BackgroundKind",
    "CaptionStyle",
    "CaptionTrack",
    "Cue",
    "CueWord",
    "FontBook",
    "Glow",
    "KeepOut",
    "SAFE_INSETS",
    "Shadow",
    "TimedWord",
    "Weight",
    "aspect_ratio_name",
    "build_cues",
    "find_fonts",
    "font_size_px",
    "render_caption_image",
    "render_thumbnail",
    "safe_area",
]
