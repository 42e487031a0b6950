"""Which characters a font file can draw, read from its OpenType ``cmap`` table.

Pillow draws a missing character as the font's ``.notdef`` box without telling anyone, so
font fallback needs its own answer to "does this font have a glyph for U+XXXX?". Reading
the ``cmap`` (formats 4 and 12, the two every Noto font carries) gives it exactly and
cheaply; only the table is read, not the 20 MB CJK collection around it.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shopreel.errors import InvalidInput

__all__ = ["Coverage", "font_coverage"]


@dataclass(frozen=True)
class Coverage:
    """The code points a font maps to a real glyph, as sorted, disjoint inclusive ranges."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, codepoint: object) -> bool:
        if not isinstance(codepoint, int):
            return False
        i = bisect.bisect_right(self.starts, codepoint) - 1
        return i >= 0 and codepoint <= self.ends[i]


def _merge(ranges: list[tuple[int, int]]) -> Coverage:
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if starts and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return Coverage(tuple(starts), tuple(ends))


def _format12(data: bytes, offset: int) -> list[tuple[int, int]]:
    (count,) = struct.unpack_from(">I", data, offset + 12)
    ranges = []
    for start, end, glyph in struct.iter_unpack(">III", data[offset + 16 : offset + 16 + 12 * count]):
        if glyph == 0:  # the first code point maps to .notdef
            start += 1
        if start <= end:
            ranges.append((start, end))
    return ranges


def _format4(data: bytes, offset: int) -> list[tuple[int, int]]:
    (seg_x2,) = struct.unpack_from(">H", data, offset + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, offset + 14)
    starts = struct.unpack_from(f">{n}H", data, offset + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, offset + 16 + 2 * seg_x2)
    range_base = offset + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, range_base)
    ranges = []
    for i in range(n):
        start, end = starts[i], ends[i]
        if start == 0xFFFF:
            continue
        if range_offsets[i] == 0:
            missing = (-deltas[i]) & 0xFFFF
            if start <= missing <= end:
                ranges += [(start, missing - 1), (missing + 1, end)]
            else:
                ranges.append((start, end))
            continue
        for cp in range(start, end + 1):
            where = range_base + 2 * i + range_offsets[i] + 2 * (cp - start)
            (glyph,) = struct.unpack_from(">H", data, where)
            if glyph and (glyph + deltas[i]) & 0xFFFF:
                ranges.append((cp, cp))
    return [(a, b) for a, b in ranges if a <= b]


def _cmap_table(path: Path, index: int) -> bytes:
    with path.open("rb") as f:
        head = f.read(12)
        base = 0
        if head[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", head, 8)
            if not 0 <= index < count:
                raise InvalidInput(f"font collection {path} has {count} faces, asked for index {index}")
            f.seek(12 + 4 * index)
            (base,) = struct.unpack(">I", f.read(4))
            f.seek(base)
            head = f.read(12)
        (tables,) = struct.unpack_from(">H", head, 4)
        directory = f.read(16 * tables)
        for i in range(tables):
            tag, _, table_offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
            if tag == b"cmap":
                f.seek(table_offset)
                return f.read(length)
    raise InvalidInput(f"font {path} has no cmap table")


@lru_cache(maxsize=64)
def font_coverage(path: Path, index: int = 0) -> Coverage:
    """The characters the face ``index`` of the font file at ``path`` has glyphs for.

    Raises
    ------
    InvalidInput
        If the file is not an OpenType/TrueType font or collection with a usable ``cmap``.
    """
    data = _cmap_table(path, index)
    (count,) = struct.unpack_from(">H", data, 2)
    subtables: dict[int, int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, offset)
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode and fmt in (4, 12):
            subtables.setdefault(fmt, offset)
    if 12 in subtables:
        return _merge(_format12(data, subtables[12]))
    if 4 in subtables:
        return _merge(_format4(data, subtables[4]))
    raise InvalidInput(f"font {path} has no Unicode cmap of format 4 or 12")
