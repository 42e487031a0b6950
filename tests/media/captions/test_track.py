from dataclasses import replace

import numpy as np
import pytest

from shopreel.catalog.captions import CAPTION_STYLES, default_caption
from shopreel.media.captions import (
    SAFE_INSETS,
    Animation,
    BackgroundKind,
    CaptionTrack,
    build_cues,
    safe_area,
)
from shopreel.media.captions.track import pop_scale
from shopreel.media.captions.keepout import KeepOut
from shopreel.media.types import Box, Layer
from tests.media.captions.words import Word, timed

CLEAN = default_caption()
FRAME = (360, 640)


def style_named(name):
    return next(s for s in CAPTION_STYLES if s.name == name)


def track_for(words, style=CLEAN, frame=FRAME, language="en", **kwargs):
    return CaptionTrack(build_cues(words, style=style, frame_size=frame, language=language, **kwargs), style, frame)


def test_a_caption_is_visible_while_its_words_are_spoken_and_gone_in_a_long_gap():
    words = [Word("Fresh", 0, 400), Word("look", 450, 900), Word("today", 5000, 5400)]
    track = track_for(words, hold_ms=300)
    safe = safe_area(*FRAME)
    for t in (0.0, 0.2, 0.7, 1.1, 5.2):
        layer = track.layer_at(t)
        assert isinstance(layer, Layer), t
        h, w = layer.alpha.shape
        assert layer.alpha.max() > 0.9
        assert safe.y <= layer.y and layer.y + h <= safe.y + safe.h
        assert layer.y + h / 2 > safe.y + safe.h / 2  # lower half of the safe area
    for t in (1.3, 3.0, 4.99, 5.8, -1.0):
        assert track.layer_at(t) is None, t


def test_the_same_layer_comes_back_while_nothing_changes():
    static = track_for(timed(["Glow", "up", "today"]))
    assert static.layer_at(0.1) is static.layer_at(0.5) is static.layer_at(0.9)
    highlight = track_for(timed(["Glow", "up", "today"]), style=style_named("Word Highlight"))
    first = highlight.layer_at(0.05)
    assert highlight.layer_at(0.3) is first  # still the first word
    second = highlight.layer_at(0.45)
    assert second is not first and highlight.layer_at(0.7) is second
    assert not second.rgb.flags.writeable  # shared arrays cannot be changed by a caller


def _word_columns(is_ink, min_gap_px):
    """Column ranges of the words on a single-line layer: ink separated by wide gaps."""
    cols = np.flatnonzero(is_ink.any(axis=0))
    splits = np.flatnonzero(np.diff(cols) > min_gap_px)
    starts = np.concatenate([[cols[0]], cols[splits + 1]])
    ends = np.concatenate([cols[splits], [cols[-1]]])
    return list(zip(starts, ends, strict=True))


@pytest.mark.parametrize("name", ["Word Highlight", "Word Box"])
def test_the_highlight_sits_on_the_word_being_spoken(name):
    # Without outline and shadow, and with wide word spacing, words are told apart by the
    # gaps in their ink alone, independently of the layout code.
    style = replace(style_named(name), outline_em=0.0, shadow=None, word_spacing=2.5)
    frame = (640, 640)
    em = style.size * 640
    words = timed(["ab", "cdef", "gh"], step_ms=500, length_ms=400)
    track = track_for(words, style=style, frame=frame)
    for index in range(3):
        layer = track.layer_at((index * 500 + 200) / 1000)
        rgb = layer.rgb.astype(int)
        solid = layer.alpha > 0.95
        lit = solid & np.all(np.abs(rgb - style.highlight_color) < 30, axis=-1)
        white = solid & np.all(rgb > 225, axis=-1)
        text = white if style.highlight_box else white | lit
        spans = _word_columns(text, min_gap_px=0.35 * em)
        assert len(spans) == 3
        left, right = spans[index]
        lit_cols = np.flatnonzero(lit.any(axis=0))
        assert lit.sum() > 50
        assert left - 0.4 * em <= lit_cols.min() and lit_cols.max() <= right + 0.4 * em
        for other, (a, b) in enumerate(spans):
            if other != index:
                assert not lit[:, a : b + 1].any(), (index, other)


def _filled(layer, color):
    return (np.all(np.abs(layer.rgb.astype(int) - color) < 40, axis=-1) & (layer.alpha > 0.9)).sum()


def test_karaoke_fills_words_as_they_are_spoken():
    style = style_named("Karaoke Fill")
    track = track_for(timed(["Shop", "the", "look"], step_ms=500, length_ms=500), style=style)
    amounts = [_filled(track.layer_at(t / 1000), style.highlight_color) for t in range(0, 1500, 100)]
    assert amounts[0] < amounts[2] < amounts[4] < amounts[9] < amounts[14]
    assert all(a <= b for a, b in zip(amounts, amounts[1:], strict=False))
    assert track.layer_at(0.15) is not track.layer_at(0.25)  # the fill moves within a word


def test_karaoke_fills_arabic_from_the_right():
    style = style_named("Karaoke Fill")
    track = track_for(timed(["هذا", "الكريم", "رائع"], step_ms=500, length_ms=500), style=style, language="ar")
    layer = track.layer_at(0.3)
    lit = np.all(np.abs(layer.rgb.astype(int) - style.highlight_color) < 40, axis=-1) & (layer.alpha > 0.9)
    ink = np.flatnonzero((layer.alpha > 0.9).any(axis=0))
    assert lit.any() and np.flatnonzero(lit.any(axis=0)).min() > ink.min() + 0.6 * (ink.max() - ink.min())


def test_reveal_shows_only_words_already_spoken():
    style = style_named("Word Reveal")
    track = track_for(timed(["One", "two", "three"], step_ms=500), style=style)
    ink = [int((track.layer_at(t).alpha > 0.5).sum()) for t in (0.1, 0.6, 1.1)]
    assert 0 < ink[0] < ink[1] < ink[2]


def test_punch_shows_one_word_at_a_time_with_a_pop():
    style = style_named("One-Word Punch")
    track = track_for(timed(["Big", "sale"], step_ms=600, length_ms=500), style=style)
    popping, settled = track.layer_at(0.0), track.layer_at(0.4)
    assert popping.alpha.shape[1] > settled.alpha.shape[1]
    assert popping.x < settled.x  # it grows about its centre
    assert pop_scale(Animation.PUNCH, 0) > 1 and pop_scale(Animation.PUNCH, 1000) == 1
    assert pop_scale(Animation.POP, 0) < 1 and pop_scale(Animation.STATIC, 0) == 1
    assert track.layer_at(0.7) is not settled


FRAMES = {"9:16": (270, 480), "3:4": (360, 480), "1:1": (400, 400), "4:3": (480, 360), "16:9": (480, 270)}


@pytest.mark.parametrize("ratio", list(SAFE_INSETS))
def test_every_style_keeps_its_caption_inside_the_safe_area(ratio):
    frame = FRAMES[ratio]
    safe = safe_area(*frame)
    words = timed(["This", "little", "serum", "changed", "my", "whole", "morning", "routine", "forever"])
    for style in CAPTION_STYLES:
        track = track_for(words, style=style, frame=frame)
        for cue in track.cues:
            layer = track.layer_at(cue.end_ms / 1000 - 0.01)  # settled, every word spoken
            rows = np.flatnonzero(layer.alpha.any(axis=1)) + layer.y
            cols = np.flatnonzero(layer.alpha.any(axis=0)) + layer.x
            assert safe.y <= rows.min() and rows.max() < safe.y + safe.h, (style.name, cue.lines)
            if style.background is not None and style.background.kind is BackgroundKind.BAR:
                assert cols.min() == 0 and cols.max() == frame[0] - 1  # the bar spans the frame
                text = layer.alpha > 0.7  # the bar alone is 0.55 opaque
                cols = np.flatnonzero(text.any(axis=0)) + layer.x
            assert safe.x <= cols.min() and cols.max() < safe.x + safe.w, (style.name, cue.lines)


def test_an_odd_frame_size_works():
    frame = (101, 203)
    track = track_for(timed(["Odd", "sizes", "work", "too"]), frame=frame)
    layer = track.layer_at(0.5)
    assert layer is not None and layer.alpha.max() > 0.9
    assert layer.x >= 0 and layer.x + layer.alpha.shape[1] <= 101
    assert layer.rgb.shape[:2] == layer.alpha.shape


def test_empty_cues_are_refused():
    cue = build_cues(timed(["hi"]), style=CLEAN, frame_size=FRAME, language="en")[0]
    with pytest.raises(ValueError, match="cue 0 is empty"):
        CaptionTrack([type(cue)((), 0, 100, "en", ())], CLEAN, FRAME)
    with pytest.raises(ValueError, match="frame_size"):
        CaptionTrack([cue], CLEAN, (360, -1))


def _ink_box(layer):
    rows = np.flatnonzero((layer.alpha > 0.02).any(axis=1))
    cols = np.flatnonzero((layer.alpha > 0.02).any(axis=0))
    return layer.x + cols.min(), layer.y + rows.min(), layer.x + cols.max() + 1, layer.y + rows.max() + 1


def _covers(ink, box):
    x0, y0, x1, y1 = ink
    return x0 < box.x + box.w and box.x < x1 and y0 < box.y + box.h and box.y < y1


def test_each_cue_stays_clear_of_the_boxes_it_meets_and_holds_still_while_shown():
    frame = (360, 640)
    words = timed(["Glow", "up", "today.", "Shop", "the", "look."], step_ms=400)
    plain = track_for(words, frame=frame)
    assert len(plain.cues) == 2
    low_y = plain.layer_at(0.1).y
    switch_s = plain.cues[1].start_ms / 1000
    product = Box(x=0, y=low_y - 100, w=360, h=120)  # over the default band while the first cue shows
    face = Box(x=0, y=low_y + 60, w=360, h=80)  # below it from then on
    keep = [KeepOut(k / 10, (k + 1) / 10, (product,) if k / 10 < switch_s else (face,)) for k in range(40)]
    track = CaptionTrack(plain.cues, CLEAN, frame, keep_out=keep)
    for t in np.arange(0.0, 2.4, 0.05):
        layer = track.layer_at(t)
        if layer is None:
            continue
        ink = _ink_box(layer)
        assert not _covers(ink, product if t < switch_s else face), t
        cue = track.cue_at(t)
        assert layer.y == track.placement(cue).y  # one place per cue
    first, second = track.layer_at(0.1), track.layer_at(1.3)
    assert first.y > product.y + product.h and second.y + second.alpha.shape[0] < face.y


def test_a_cue_that_cannot_fit_clear_is_shown_a_line_at_a_time():
    frame = (360, 640)
    safe = safe_area(*frame)
    words = timed(["Meet", "the", "wonderful", "serum", "everyone", "loves."], step_ms=300)
    plain = track_for(words, frame=frame)
    [cue] = plain.cues
    assert len(cue.lines) == 2
    block_h = plain.placement(0).canvas_size[1]
    # free bands only a bit taller than one line: too short for two lines even when shrunk
    tops = range(safe.y + block_h // 2 + 10, 640, block_h + 40)
    boxes = tuple(Box(x=0, y=y, w=360, h=block_h // 2 + 30) for y in tops)
    track = CaptionTrack(plain.cues, CLEAN, frame, keep_out=[KeepOut(0.0, 10.0, boxes)])
    assert len(track.cues) == 2 and all(len(c.lines) == 1 for c in track.cues)
    assert [w.text for c in track.cues for w in c.words] == [w.text for w in words]  # every word, in order
    assert track.cues[0].start_ms == cue.start_ms and track.cues[-1].end_ms == cue.end_ms
    assert track.cues[0].end_ms == track.cues[1].start_ms == track.cues[1].words[0].start_ms
    for index in range(len(track.cues)):
        assert track.placement(index).overlap_px == 0
        layer = track.layer_at(track.cues[index].start_ms / 1000 + 0.05)
        assert not any(_covers(_ink_box(layer), box) for box in boxes)


def test_a_cue_leaves_early_rather_than_linger_over_what_appears_after_its_words():
    frame = (360, 640)
    words = timed(["Dull", "skin?"], step_ms=400)  # spoken until 750 ms, held until 1150 ms
    plain = track_for(words, frame=frame)
    [cue] = plain.cues
    assert cue.end_ms == 1150
    layer = plain.layer_at(0.1)
    under = Box(x=0, y=layer.y - 10, w=360, h=layer.alpha.shape[0] + 20)  # the next shot's product, from 1.0 s
    track = CaptionTrack(plain.cues, CLEAN, frame, keep_out=[KeepOut(1.0, 3.0, (under,))])
    assert track.cues[0].end_ms == 1000 and track.layer_at(1.05) is None
    assert track.layer_at(0.1).y == layer.y  # placed for while it is spoken: where it always was
    elsewhere = Box(x=0, y=0, w=360, h=40)  # something that does not meet the caption lets it stay
    assert CaptionTrack(plain.cues, CLEAN, frame, keep_out=[KeepOut(1.0, 3.0, (elsewhere,))]).cues[0].end_ms == 1150
