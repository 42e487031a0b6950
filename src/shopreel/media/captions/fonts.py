"""Finding Noto fonts on this machine and choosing one per script, language and weight.

Fonts come from the system (Debian's fonts-noto-core, fonts-noto-cjk and
fonts-noto-color-emoji, installed by ``scripts/setup.sh``), searched in the standard font
directories plus an optional extra one; nothing is bundled or downloaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from shopreel.media.captions.coverage import font_coverage
from shopreel.media.captions.scripts import Script
from shopreel.media.captions.style import Weight

__all__ = ["FontFace", "FontBook", "find_fonts", "load_font", "EMOJI_SIZE_PX"]

# NotoColorEmoji is a CBDT bitmap font with one strike: FreeType only opens it at 109 px.
EMOJI_SIZE_PX = 109

_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

_FAMILIES: dict[Script, tuple[str, ...]] = {
    Script.LATIN: ("NotoSans",),
    Script.GREEK: ("NotoSans",),
    Script.CYRILLIC: ("NotoSans",),
    Script.COMMON: ("NotoSans",),
    Script.ARMENIAN: ("NotoSansArmenian",),
    Script.HEBREW: ("NotoSansHebrew",),
    Script.ARABIC: ("NotoSansArabic", "NotoNaskhArabic"),
    Script.DEVANAGARI: ("NotoSansDevanagari",),
    Script.BENGALI: ("NotoSansBengali",),
    Script.GURMUKHI: ("NotoSansGurmukhi",),
    Script.GUJARATI: ("NotoSansGujarati",),
    Script.ORIYA: ("NotoSansOriya",),
    Script.TAMIL: ("NotoSansTamil",),
    Script.TELUGU: ("NotoSansTelugu",),
    Script.KANNADA: ("NotoSansKannada",),
    Script.MALAYALAM: ("NotoSansMalayalam",),
    Script.SINHALA: ("NotoSansSinhala",),
    Script.THAI: ("NotoSansThai", "NotoLoopedThai"),
    Script.LAO: ("NotoSansLao", "NotoLoopedLao"),
    Script.MYANMAR: ("NotoSansMyanmar",),
    Script.GEORGIAN: ("NotoSansGeorgian",),
    Script.ETHIOPIC: ("NotoSansEthiopic",),
    Script.KHMER: ("NotoSansKhmer",),
}
# Tried, in order, for characters the script's own font lacks (before the emoji font).
_SYMBOL_FAMILIES = ("NotoSansSymbols", "NotoSansSymbols2", "NotoSansMath")

# Weight files tried for each requested weight, with the synthetic emboldening (in em)
# that makes up for a lighter file: fonts-noto-core ships Regular and Bold, not Black.
_WEIGHT_FILES: dict[Weight, tuple[tuple[str, float], ...]] = {
    Weight.REGULAR: (("Regular", 0.0),),
    Weight.BOLD: (("Bold", 0.0), ("SemiBold", 0.01), ("Regular", 0.025)),
    Weight.BLACK: (("Black", 0.0), ("ExtraBold", 0.012), ("Bold", 0.025), ("Regular", 0.045)),
}

_CJK_REGIONS = {"sc": "SC", "tc": "TC", "hk": "HK", "jp": "JP", "kr": "KR"}


def _cjk_region(script: Script, language: str) -> str:
    """The Noto CJK regional face for ``script`` in ``language``: SC, TC, HK, JP or KR.

    Han follows the language (zh-CN, zh-Hans, zh-SG: SC; zh-Hant, zh-TW: TC; zh-HK: HK;
    ja: JP; ko: KR; anything else: SC). Kana is always JP and Hangul always KR.
    """
    if script is Script.KANA:
        return "JP"
    if script is Script.HANGUL:
        return "KR"
    tag = language.lower().replace("_", "-")
    if tag.startswith("ja"):
        return "JP"
    if tag.startswith("ko"):
        return "KR"
    if tag.startswith("zh"):
        if "hk" in tag or "mo" in tag:
            return "HK"
        if "hant" in tag or "tw" in tag:
            return "TC"
    return "SC"


@dataclass(frozen=True)
class FontFace:
    """One face of a font file. ``embolden_em`` widens strokes to fake a missing weight;
    ``color`` marks the bitmap emoji font, drawn at :data:`EMOJI_SIZE_PX` and scaled."""

    path: Path
    index: int = 0
    embolden_em: float = 0.0
    color: bool = False

    @property
    def family(self) -> str:
        return load_font(self, 16).getname()[0] or self.path.stem


@lru_cache(maxsize=512)
def load_font(face: FontFace, size_px: int) -> ImageFont.FreeTypeFont:
    """The Pillow font for ``face`` at ``size_px`` (emoji always at its one bitmap size)."""
    size = EMOJI_SIZE_PX if face.color else size_px
    return ImageFont.truetype(str(face.path), size, index=face.index, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=16)
def _collection_families(path: Path) -> tuple[str, ...]:
    names: list[str] = []
    while True:
        try:
            font = ImageFont.truetype(str(path), 16, index=len(names))
        except OSError:
            return tuple(names)
        names.append(font.getname()[0] or "")


class FontBook:
    """The font files found on this machine, and which to use for what.

    Build it with :func:`find_fonts`. ``face_for`` picks the font for a grapheme cluster:
    the script's Noto family in the requested weight (CJK by language), falling back to any
    other known font whose ``cmap`` covers every code point, and the colour emoji font last.
    """

    def __init__(self, files: dict[str, Path], searched: tuple[str, ...]) -> None:
        self._files = files  # lower-case file name -> path
        self._faces: dict[tuple[str, str, str, str], FontFace] = {}
        regular = self._family_face("NotoSans", Weight.REGULAR)
        if regular is None:
            raise FileNotFoundError(
                f"NotoSans-Regular.ttf not found in {', '.join(searched)}: "
                "install Debian's fonts-noto-core (scripts/setup.sh does) or pass a font directory"
            )
        self._regular = regular

    def _file(self, name: str) -> Path | None:
        return self._files.get(name.lower())

    def _family_face(self, family: str, weight: Weight) -> FontFace | None:
        for suffix, embolden in _WEIGHT_FILES[weight]:
            for ext in (".ttf", ".otf"):
                path = self._file(f"{family}-{suffix}{ext}")
                if path is not None:
                    return FontFace(path, 0, embolden)
        return None

    def _cjk_face(self, region: str, weight: Weight) -> FontFace | None:
        family = f"Noto Sans CJK {region}"
        for suffix, embolden in _WEIGHT_FILES[weight]:
            collection = self._file(f"NotoSansCJK-{suffix}.ttc")
            if collection is not None:
                names = _collection_families(collection)
                if family in names:
                    return FontFace(collection, names.index(family), embolden)
            for name in (f"NotoSansCJK{region.lower()}-{suffix}.otf", f"NotoSans{region}-{suffix}.otf"):
                path = self._file(name)
                if path is not None:
                    return FontFace(path, 0, embolden)
        return None

    def latin_face(self, weight: Weight) -> FontFace:
        """Noto Sans in ``weight`` (or the nearest lighter file, emboldened): always there."""
        return self._family_face("NotoSans", weight) or self._regular

    def emoji_face(self) -> FontFace | None:
        path = self._file("NotoColorEmoji.ttf")
        return None if path is None else FontFace(path, 0, 0.0, color=True)

    def script_face(self, script: Script, *, language: str, weight: Weight) -> FontFace | None:
        """The preferred font for ``script``, or ``None`` when none is installed."""
        if script is Script.EMOJI:
            return self.emoji_face()
        if script in (Script.HAN, Script.KANA, Script.HANGUL):
            return self._cjk_face(_cjk_region(script, language), weight)
        for family in _FAMILIES[script]:
            face = self._family_face(family, weight)
            if face is not None:
                return face
        return None

    def _fallbacks(self, language: str, weight: Weight) -> list[FontFace]:
        faces = [self.script_face(s, language=language, weight=weight) for s in _FAMILIES]
        faces.append(self._cjk_face(_cjk_region(Script.HAN, language), weight))
        faces += [self._family_face(f, Weight.REGULAR) for f in _SYMBOL_FAMILIES]
        faces.append(self.emoji_face())
        return [f for f in dict.fromkeys(faces) if f is not None]

    def face_for(self, cluster: str, script: Script, *, language: str, weight: Weight) -> FontFace:
        """The font to draw ``cluster`` with, given the script it was resolved to.

        Notes
        -----
        A cluster keeps its script's font when that font covers all its visible code points
        (variation selectors and joiners are left to the shaper); otherwise the first
        fallback that covers them wins, so "中" inside an English word still gets the CJK
        font. When nothing covers it, the script's font draws it as its ``.notdef`` box.
        """
        key = (cluster, script.value, language, weight.value)
        face = self._faces.get(key)
        if face is None:
            face = self._choose(cluster, script, language, weight)
            self._faces[key] = face
        return face

    def _choose(self, cluster: str, script: Script, language: str, weight: Weight) -> FontFace:
        needed = [ord(ch) for ch in cluster if not _invisible(ch)]
        preferred = self.script_face(script, language=language, weight=weight)
        candidates = ([preferred] if preferred else []) + self._fallbacks(language, weight)
        for face in candidates:
            coverage = font_coverage(face.path, face.index)
            if all(cp in coverage for cp in needed):
                return face
        return preferred or candidates[0]


def _invisible(ch: str) -> bool:
    cp = ord(ch)
    return ch == "\u200d" or 0xFE00 <= cp <= 0xFE0F or 0xE0000 <= cp <= 0xE0FFF or 0x1F3FB <= cp <= 0x1F3FF


@lru_cache(maxsize=8)
def _scan(extra_dir: str | None) -> FontBook:
    dirs = ([extra_dir] if extra_dir else []) + [os.path.expanduser(d) for d in _FONT_DIRS]
    files: dict[str, Path] = {}
    for top in dirs:
        for root, _, names in sorted(os.walk(top)):
            for name in sorted(names):
                if name.lower().endswith(_FONT_SUFFIXES):
                    files.setdefault(name.lower(), Path(root, name))
    return FontBook(files, tuple(dirs))


def find_fonts(extra_dir: str | Path | None = None) -> FontBook:
    """The fonts installed on this machine, plus those under ``extra_dir`` (searched first).

    Raises
    ------
    FileNotFoundError
        If ``extra_dir`` is given but is not a directory, or if not even Noto Sans Regular
        is installed.
    """
    if extra_dir is not None and not Path(extra_dir).is_dir():
        raise FileNotFoundError(f"font directory {extra_dir} does not exist")
    return _scan(None if extra_dir is None else str(Path(extra_dir).resolve()))
