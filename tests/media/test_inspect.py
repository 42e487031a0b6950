"""Checking files on arrival: in bounded memory, whatever their size on the wire."""

from __future__ import annotations

import subprocess
import sys

from PIL import Image
_PEAK = """
import resource, sys
from pathlib import Path
from shopreel.media.inspect import inspect_media
if sys.argv[1] != "-":
    info = inspect_media(Path(sys.argv[1]), kind="image")
    assert (info.width, info.height) == (8900, 8900), info
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_checking_a_decompression_bomb_sized_png_takes_little_memory(tmp_path):
    """An 8900x8900 PNG (79 Mpx, under the 80 Mpx cap, a few hundred KB on the wire) is
    checked without holding its pixels: peak RSS measured in a child process against a child
    that only imports the same modules. Decoding it whole would add about 240 MB."""
    big = tmp_path / "big.png"
    Image.new("RGB", (8900, 8900), (200, 30, 30)).save(big, optimize=False, compress_level=1)

    def peak_kb(argument: str) -> int:
        out = subprocess.run([sys.executable, "-c", _PEAK, argument], check=True, capture_output=True, text=True)
        return int(out.stdout.split()[-1])

    added_mb = (peak_kb(str(big)) - peak_kb("-")) / 1024
    print(f"peak RSS added by checking an 8900x8900 PNG of {big.stat().st_size // 1024} KB: {added_mb:.1f} MB")
    assert added_mb < 60
