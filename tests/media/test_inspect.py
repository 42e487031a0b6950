"""Checking files on arrival: in bounded memory, whatever their size on the wire."""

from __future__ import annotations

from PIL import Image

from tests.support import child_peak_mb

_PEAK = """
import sys
from pathlib import Path
from shopreel.media.inspect import inspect_media
if sys.argv[1] != "-":
    info = inspect_media(Path(sys.argv[1]), kind="image")
    assert (info.width, info.height) == (8900, 8900), info
"""


def test_checking_a_decompression_bomb_sized_png_takes_little_memory(tmp_path):
    """An 8900x8900 PNG (79 Mpx, under the 80 Mpx cap, a few hundred KB on the wire) is
    checked without holding its pixels: peak RSS measured in a child process against a child
    that only imports the same modules. Decoding it whole would add about 240 MB."""
    big = tmp_path / "big.png"
    Image.new("RGB", (8900, 8900), (200, 30, 30)).save(big, optimize=False, compress_level=1)

    added_mb = child_peak_mb(_PEAK, str(big)) - child_peak_mb(_PEAK, "-")
    print(f"peak RSS added by checking an 8900x8900 PNG of {big.stat().st_size // 1024} KB: {added_mb:.1f} MB")
    assert added_mb < 60
