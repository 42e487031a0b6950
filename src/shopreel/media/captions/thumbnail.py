"""Catalogue thumbnails: a caption style shown on a sample line over a photo-like backdrop."""

from __future__ import annotations

import numpy as np

from shopreel.media.captions.cues import CueWord, build_cues
from shopreel.media.captions.fonts import FontBook, find_fonts
from shopreel.media.captions.placement import check_frame_size
from shopreel.media.captions.style import Animation, CaptionStyle
from shopreel.media.captions.track import CaptionTrack
from shopreel.media.types import Frame, Layer

__all__ = ["render_thumbnail", "backdrop"]

_SAMPLE = ("This", "changed", "my", "whole", "routine")
_WORD_MS = 300
# The moment shown: mid third word (highlight, karaoke, reveal), second word for punch.
_SHOW_MS = {Animation.PUNCH: 480}
_DEFAULT_SHOW_MS = 750


def backdrop(width: int, height: int) -> Frame:
    """A neutral, photo-like background: a lit wall over a table, soft bokeh, vignette, grain.

    Deterministic, so thumbnails are the same on every machine.
    """
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    v = y / max(height - 1, 1)
    u = x / max(width - 1, 1)
    wall = (
        np.array([196, 202, 208], np.float32) * (1 - v[..., None])
        + np.array([150, 138, 128], np.float32) * v[..., None]
    )
    table_edge = 0.64
    table = 1 / (1 + np.exp(-(v - table_edge) * 60))
    wood = np.array([112, 86, 66], np.float32) * (1 - 0.25 * (v - table_edge).clip(0)[..., None])
    image = wall * (1 - table[..., None]) + wood * table[..., None]
    light = np.exp(-(((u - 0.2) / 0.35) ** 2 + ((v - 0.15) / 0.3) ** 2))
    image += 45 * light[..., None]
    for cx, cy, r, tint in (
        (0.75, 0.2, 0.07, (255, 230, 190)),
        (0.62, 0.33, 0.05, (200, 225, 255)),
        (0.86, 0.42, 0.09, (255, 210, 170)),
        (0.3, 0.45, 0.06, (230, 240, 255)),
    ):
        d = np.sqrt(((u - cx) * width) ** 2 + ((v - cy) * height) ** 2) / (r * max(width, height))
        disc = np.clip(1.3 - d, 0, 1) ** 2 * 0.35
        image = image * (1 - disc[..., None]) + np.array(tint, np.float32) * disc[..., None]
    vignette = 1 - 0.35 * (((u - 0.5) * 1.4) ** 2 + ((v - 0.5) * 1.2) ** 2)
    image *= vignette[..., None]
    grain = np.sin(x * 12.9898 + y * 78.233) * 43758.5453
    image += ((grain - np.floor(grain)) - 0.5)[..., None] * 6
    return np.clip(np.round(image), 0, 255).astype(np.uint8)


def _blend(frame: Frame, layer: Layer) -> Frame:
    out = frame.copy()
    h, w = frame.shape[:2]
    lh, lw = layer.alpha.shape
    top, left = max(layer.y, 0), max(layer.x, 0)
    bottom, right = min(layer.y + lh, h), min(layer.x + lw, w)
    if top >= bottom or left >= right:
        return out
    a = layer.alpha[top - layer.y : bottom - layer.y, left - layer.x : right - layer.x, None]
    rgb = layer.rgb[top - layer.y : bottom - layer.y, left - layer.x : right - layer.x].astype(np.float32)
    under = out[top:bottom, left:right].astype(np.float32)
    out[top:bottom, left:right] = np.clip(np.round(rgb * a + under * (1 - a)), 0, 255).astype(np.uint8)
    return out


def render_thumbnail(
    style: CaptionStyle, *, size: tuple[int, int] = (360, 640), fonts: FontBook | None = None
) -> Frame:
    """The catalogue thumbnail of ``style``: a sample caption as it looks mid-sentence.

    Parameters
    ----------
    style
        The style to show.
    size
        (width, height) of the thumbnail, px; 9:16 by default, like the videos it captions.
    fonts
        Fonts to use; the system's by default.

    Returns
    -------
    uint8 (height, width, 3)
        The sample line "This changed my whole routine", timed one word per 300 ms, drawn
        by :class:`CaptionTrack` at the moment the third word is spoken (the second for
        ``punch``), over :func:`backdrop`.
    """
    width, height = check_frame_size(size)
    fonts = fonts or find_fonts()
    words = [CueWord(text, i * _WORD_MS, (i + 1) * _WORD_MS - 40) for i, text in enumerate(_SAMPLE)]
    cues = build_cues(words, style=style, frame_size=(width, height), language="en", fonts=fonts)
    track = CaptionTrack(cues, style, (width, height), fonts=fonts)
    frame = backdrop(width, height)
    layer = track.layer_at(_SHOW_MS.get(style.animation, _DEFAULT_SHOW_MS) / 1000.0)
    return frame if layer is None else _blend(frame, layer)
