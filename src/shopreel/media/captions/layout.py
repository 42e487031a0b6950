"""Caption layout: pieces of text into shaped, positioned runs on balanced lines.

Each piece is split into runs of one font (font fallback per grapheme cluster), each run
is measured with Pillow's raqm engine (HarfBuzz shaping, FriBidi for right-to-left runs),
pieces are wrapped into lines by :func:`~shopreel.media.captions.breaking.best_lines`, and
each line is put in visual order: right-to-left words and runs are reversed by a small
word-level version of the Unicode bidi algorithm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from shopreel.errors import InvalidInput
from shopreel.media.captions.breaking import Piece, best_lines, split_clusters, units
from shopreel.media.captions.fonts import FontBook, FontFace, load_font
from shopreel.media.captions.scripts import (
    Script,
    bidi_kind,
    cluster_script,
    grapheme_clusters,
    text_direction,
)
from shopreel.media.captions.style import CaptionStyle

__all__ = ["Run", "WordSpan", "Line", "BlockLayout", "layout_pieces", "fit_pieces", "EMOJI_EM", "BAND_EM"]

# Emoji are drawn this tall (bitmap ascent + descent), in em of the text size.
EMOJI_EM = 1.15
# The band a line's letters fill, in em above and below the baseline: backgrounds and
# highlight boxes are drawn around it (cap height plus a little, descenders).
BAND_EM = (0.84, 0.26)

_RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "iw", "ps", "yi", "ug", "sd", "ckb", "dv"})
_DEFAULT_SCRIPT = {
    "zh": Script.HAN,
    "ja": Script.HAN,
    "ko": Script.HANGUL,
    "ar": Script.ARABIC,
    "fa": Script.ARABIC,
    "ur": Script.ARABIC,
    "he": Script.HEBREW,
    "th": Script.THAI,
    "hi": Script.DEVANAGARI,
    "mr": Script.DEVANAGARI,
    "ne": Script.DEVANAGARI,
    "ru": Script.CYRILLIC,
    "uk": Script.CYRILLIC,
    "bg": Script.CYRILLIC,
    "el": Script.GREEK,
}


@dataclass(frozen=True)
class Run:
    """Text drawn with one font in one direction, ``x`` px from its line's left edge."""

    text: str
    face: FontFace
    rtl: bool
    x: float
    width: float
    word: int


@dataclass(frozen=True)
class WordSpan:
    """The horizontal extent of (part of) a word on a line, px from the line's left edge."""

    word: int
    line: int
    x0: float
    x1: float
    rtl: bool


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float
    text: str  # in logical (reading) order


@dataclass(frozen=True)
class BlockLayout:
    """Lines of shaped runs. Baseline ``i`` sits ``ascent + i * pitch`` below the top."""

    lines: tuple[Line, ...]
    spans: tuple[WordSpan, ...]
    size_px: int
    ascent: float
    descent: float
    pitch: float
    rtl: bool
    language: str

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> float:
        return self.ascent + self.descent + self.pitch * max(len(self.lines) - 1, 0)


def _base_language(language: str) -> str:
    return language.lower().replace("_", "-").split("-")[0]


def paragraph_rtl(text: str, language: str) -> bool:
    """Right-to-left paragraphs: by language, else by the first strong character."""
    return _base_language(language) in _RTL_LANGUAGES or text_direction(text) == "rtl"


@lru_cache(maxsize=65536)
def _advance(face: FontFace, size_px: int, text: str, rtl: bool, language: str) -> float:
    font = load_font(face, size_px)
    if face.color:
        ascent, descent = font.getmetrics()
        return font.getlength(text) * EMOJI_EM * size_px / (ascent + descent)
    return font.getlength(text, direction="rtl" if rtl else "ltr", language=language)


def _vertical_metrics(face: FontFace, size_px: int) -> tuple[float, float]:
    ascent, descent = load_font(face, size_px).getmetrics()
    if face.color:  # drawn at its bitmap size, then scaled to EMOJI_EM
        scale = EMOJI_EM * size_px / (ascent + descent)
        return ascent * scale, descent * scale
    return float(ascent), float(descent)


class _Shaper:
    """Fonts and measurements for one block: language, weight and size fixed."""

    def __init__(self, fonts: FontBook, style: CaptionStyle, size_px: int, language: str) -> None:
        self.fonts = fonts
        self.style = style
        self.size_px = size_px
        self.language = language
        self.default_script = _DEFAULT_SCRIPT.get(_base_language(language), Script.LATIN)
        self.latin = fonts.latin_face(style.weight)
        self.space = _advance(self.latin, size_px, " ", False, language) * style.word_spacing

    def runs(self, text: str) -> list[tuple[str, FontFace, bool]]:
        """``text`` split into (text, face, rtl) runs, in logical order."""
        clusters = grapheme_clusters(text)
        scripts = [cluster_script(c) for c in clusters]
        strong = [s for s in scripts if s not in (Script.COMMON, Script.EMOJI)]
        current = strong[0] if strong else self.default_script
        resolved = []
        for script in scripts:
            if script not in (Script.COMMON, Script.EMOJI):
                current = script
            resolved.append(current if script is Script.COMMON else script)
        runs: list[tuple[str, FontFace, bool]] = []
        for cluster, script in zip(clusters, resolved, strict=True):
            face = self.fonts.face_for(cluster, script, language=self.language, weight=self.style.weight)
            rtl = script in (Script.ARABIC, Script.HEBREW) or text_direction(cluster) == "rtl"
            if runs and runs[-1][1] == face and runs[-1][2] == rtl:
                runs[-1] = (runs[-1][0] + cluster, face, rtl)
            else:
                runs.append((cluster, face, rtl))
        return runs

    def width(self, piece: Piece) -> float:
        return sum(_advance(face, self.size_px, t, rtl, self.language) for t, face, rtl in self.runs(piece.text))


def _visual_order(kinds: Sequence[str], base_rtl: bool) -> list[int]:
    """Indices in left-to-right display order for items of the given bidi kinds.

    UAX #9 at item granularity: numbers take the direction of the letters before them
    (rule W7; the paragraph's when none), other neutral items (``''``) that of their
    neighbours when both agree, else the paragraph's (N1, N2). Runs of one direction keep
    together; right-to-left runs, and a right-to-left paragraph's run order, are reversed.
    """
    base = "rtl" if base_rtl else "ltr"
    strong = ("rtl", "ltr")
    resolved = list(kinds)
    for i, kind in enumerate(kinds):
        if kind == "number":
            resolved[i] = next((x for x in reversed(kinds[:i]) if x in strong), base)
    for i, kind in enumerate(kinds):
        if not kind:
            before = next((x for x in reversed(resolved[:i]) if x in strong), base)
            after = next((x for x in resolved[i + 1 :] if x in strong), base)
            resolved[i] = before if before == after else base
    groups: list[list[int]] = []
    for i, d in enumerate(resolved):
        if groups and resolved[groups[-1][0]] == d:
            groups[-1].append(i)
        else:
            groups.append([i])
    ordered = [g[::-1] if resolved[g[0]] == "rtl" else g for g in groups]
    if base_rtl:
        ordered.reverse()
    return [i for g in ordered for i in g]


def _line(pieces: Sequence[Piece], shaper: _Shaper, rtl: bool, index: int) -> tuple[Line, list[WordSpan]]:
    order = _visual_order([bidi_kind(p.text) for p in pieces], rtl)
    runs: list[Run] = []
    spans: dict[int, WordSpan] = {}
    x = 0.0
    previous = -1
    for i in order:
        piece = pieces[i]
        if previous >= 0:
            later = pieces[max(i, previous)]
            x += shaper.space if later.space_before else 0.0
        previous = i
        piece_runs = shaper.runs(piece.text)
        piece_rtl = text_direction(piece.text) == "rtl" or (not text_direction(piece.text) and rtl)
        start = x
        for j in _visual_order(["rtl" if r else "ltr" for _, _, r in piece_runs], piece_rtl):
            text, face, run_rtl = piece_runs[j]
            width = _advance(face, shaper.size_px, text, run_rtl, shaper.language)
            runs.append(Run(text, face, run_rtl, x, width, piece.word))
            x += width
        old = spans.get(piece.word)
        x0, x1 = (start, x) if old is None else (min(old.x0, start), max(old.x1, x))
        spans[piece.word] = WordSpan(piece.word, index, x0, x1, piece_rtl)
    text = "".join((" " if p.space_before and k else "") + p.text for k, p in enumerate(pieces))
    return Line(tuple(runs), x, text), list(spans.values())


def _breakable(pieces: Sequence[Piece], shaper: _Shaper, max_width: float) -> list[Piece]:
    """Pieces with every unit wider than ``max_width`` cut between grapheme clusters."""
    out: list[Piece] = []
    for unit in units(pieces):
        group = [pieces[i] for i in unit]
        width = sum(shaper.width(p) for p in group) + sum(shaper.space for p in group[1:] if p.space_before)
        if width > max_width:
            group = [part for p in group for part in split_clusters(p)]
        out += group
    return out


def layout_pieces(
    pieces: Sequence[Piece],
    *,
    fonts: FontBook,
    style: CaptionStyle,
    size_px: int,
    max_width: float,
    language: str,
) -> BlockLayout:
    """Lay ``pieces`` out in lines no wider than ``max_width`` at ``size_px``.

    Parameters
    ----------
    pieces
        The text, from :func:`~shopreel.media.captions.breaking.pieces_from_text` or
        ``pieces_from_words``.
    fonts
        Where fonts come from.
    style
        Weight and word spacing are read from it.
    size_px
        Font size, px.
    max_width
        Widest line, px; a word wider than that is cut between grapheme clusters.
    language
        BCP 47 tag: picks CJK regional glyphs, the paragraph direction and shaping rules.

    Returns
    -------
    BlockLayout
    """
    if size_px < 1:
        raise InvalidInput(f"size_px must be >= 1, got {size_px}")
    if max_width <= 0:
        raise InvalidInput(f"max_width must be > 0, got {max_width}")
    shaper = _Shaper(fonts, style, size_px, language)
    pieces = _breakable(pieces, shaper, max_width)
    groups = units(pieces)
    widths = [
        sum(shaper.width(pieces[i]) for i in g) + sum(shaper.space for i in g[1:] if pieces[i].space_before)
        for g in groups
    ]
    gaps = [shaper.space if pieces[g[0]].space_before else 0.0 for g in groups]
    rtl = paragraph_rtl("".join(p.text for p in pieces), language)
    lines: list[Line] = []
    spans: list[WordSpan] = []
    for n, line_units in enumerate(best_lines(widths, gaps, max_width)):
        first, last = groups[line_units.start].start, groups[line_units.stop - 1].stop
        line, line_spans = _line(pieces[first:last], shaper, rtl, n)
        lines.append(line)
        spans += line_spans
    faces = {run.face for line in lines for run in line.runs}
    metrics = [_vertical_metrics(face, size_px) for face in faces | {shaper.latin}]
    ascent = max(m[0] for m in metrics)
    descent = max(m[1] for m in metrics)
    pitch = style.line_spacing * max(1.25 * size_px, 0.75 * (ascent + descent))
    return BlockLayout(tuple(lines), tuple(spans), size_px, ascent, descent, pitch, rtl, language)


def fit_pieces(
    pieces: Sequence[Piece],
    *,
    fonts: FontBook,
    style: CaptionStyle,
    size_px: int,
    max_width: float,
    max_height: float,
    language: str,
    margin_px: Callable[[int], float],
    max_lines: int | None = None,
    min_size_px: int = 6,
) -> BlockLayout:
    """The layout at the largest size <= ``size_px`` whose block (text plus ``margin_px(size)``
    on every side) fits ``max_width`` x ``max_height`` in at most ``max_lines`` lines.

    Raises
    ------
    InvalidInput
        If it does not fit even at ``min_size_px``.
    """
    size = size_px
    while True:
        margin = margin_px(size)
        width = max_width - 2 * margin
        if width > 0:
            layout = layout_pieces(pieces, fonts=fonts, style=style, size_px=size, max_width=width, language=language)
            lines_ok = max_lines is None or len(layout.lines) <= max_lines
            if lines_ok and layout.height + 2 * margin <= max_height and layout.width <= width:
                return layout
        if size <= min_size_px:
            raise InvalidInput(
                f"text does not fit a {max_width:g} x {max_height:g} px block even at {min_size_px} px: "
                f"{''.join(p.text for p in pieces)[:40]!r}"
            )
        size = max(min_size_px, int(size * 0.9))
