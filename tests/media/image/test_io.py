"""Reading and encoding images: transparency kept apart from colour, RGBA PNGs."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from shopreel.errors import InvalidInput
from shopreel.media.image.io import WORKING_MAX_SIDE, encode_image, read_image, read_mask, read_rgba
from tests.support import child_peak_mb


def _png(array: np.ndarray) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _pale_product() -> np.ndarray:
    rgba = np.zeros((30, 20, 4), np.uint8)
    rgba[5:25, 4:16] = (250, 250, 250, 255)
    rgba[4, 4:16] = (250, 250, 250, 100)
    return rgba


def test_read_rgba_keeps_colour_and_alpha_apart():
    rgba = _pale_product()
    rgb, alpha = read_rgba(_png(rgba))
    assert rgb.shape == (30, 20, 3) and rgb.dtype == np.uint8
    assert alpha is not None and alpha.dtype == np.float32
    assert np.array_equal(rgb[5:25, 4:16], rgba[5:25, 4:16, :3])
    assert np.allclose(alpha, rgba[..., 3] / 255.0)
    # read_image flattens the same file onto white, where the pale product disappears.
    assert (read_image(_png(rgba))[0:4] == 255).all()


def test_read_rgba_of_opaque_images_has_no_alpha():
    opaque = np.full((8, 9, 4), 255, np.uint8)
    assert read_rgba(_png(opaque))[1] is None
    assert read_rgba(_png(opaque[..., :3]))[1] is None


def test_palette_transparency_counts_as_alpha():
    rgba = np.zeros((6, 6, 4), np.uint8)
    rgba[2:4, 2:4] = (200, 10, 10, 255)
    palette = Image.fromarray(rgba).convert("P")
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", transparency=palette.getpixel((0, 0)))
    buffer.seek(0)
    _, alpha = read_rgba(buffer)
    assert alpha is not None and alpha[0, 0] == 0 and alpha[2, 2] == 1


def test_rgba_frames_encode_as_png_only():
    rgba = _pale_product()
    decoded = Image.open(io.BytesIO(encode_image(rgba, fmt="png")))
    assert decoded.mode == "RGBA" and np.array_equal(np.asarray(decoded), rgba)
    grey = np.asarray(Image.open(io.BytesIO(encode_image(rgba[..., 3], fmt="png"))))
    assert np.array_equal(grey, rgba[..., 3])
    with pytest.raises(InvalidInput, match="needs fmt 'png'"):
        encode_image(rgba, fmt="jpg")
    with pytest.raises(InvalidInput, match="frame must be uint8"):
        encode_image(np.zeros((4, 4, 2), np.uint8), fmt="png")


def test_read_mask_prefers_transparency(tmp_path):
    rgba = _pale_product()
    path = tmp_path / "mask.png"
    path.write_bytes(encode_image(rgba, fmt="png"))
    assert np.allclose(read_mask(path), rgba[..., 3] / 255.0)


def _jpeg_with_orientation(width: int, height: int, orientation: int) -> bytes:
    """A JPEG whose left half is red and right half blue, with an EXIF orientation tag."""
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[:, : width // 2] = (220, 20, 20)
    pixels[:, width // 2 :] = (20, 20, 220)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def test_a_large_photo_is_read_at_the_working_size_and_upright():
    # 6000x4000 turned by EXIF orientation 6 (90 degrees clockwise): 4000 wide, 6000 tall
    # upright; decoded at half size by libjpeg, which is within the working size.
    frame = read_image(io.BytesIO(_jpeg_with_orientation(6000, 4000, 6)))
    assert frame.shape == (3000, 2000, 3)
    # The red left half is at the top once upright.
    assert frame[: frame.shape[0] // 3, :, 0].mean() > 180
    assert frame[-frame.shape[0] // 3 :, :, 2].mean() > 180
    small = read_image(io.BytesIO(_jpeg_with_orientation(640, 480, 1)))
    assert small.shape == (480, 640, 3)


def test_a_photo_and_its_mask_of_one_size_are_read_at_one_size(tmp_path):
    photo, mask = tmp_path / "photo.png", tmp_path / "mask.png"
    Image.new("RGB", (5000, 3000), (10, 200, 10)).save(photo)
    ring = np.zeros((3000, 5000), np.uint8)
    ring[1000:2000, 2000:3000] = 255
    Image.fromarray(ring).save(mask)
    rgb, _ = read_rgba(photo)
    alpha = read_mask(mask)
    assert rgb.shape[:2] == alpha.shape == (round(3000 * WORKING_MAX_SIDE / 5000), WORKING_MAX_SIDE)
    assert alpha[alpha.shape[0] // 2, alpha.shape[1] // 2] > 0.99 and alpha[5, 5] < 0.01


_READ_PEAK = """
import sys
from pathlib import Path
from shopreel.media.image.io import read_image
if sys.argv[1] != "-":
    frame = read_image(Path(sys.argv[1]))
    assert frame.shape == (3000, 4000, 3), frame.shape
"""


def test_a_task_reads_a_48_megapixel_jpeg_without_its_full_raster(tmp_path):
    """An 8000x6000 phone photo decodes at half size (libjpeg scaling), within the working
    size: peak RSS measured in a child process against one that only imports. Read whole,
    it added 470 MB here (the 144 MB raster and its copies); at half size about 120 MB."""
    big = tmp_path / "big.jpg"
    rng = np.random.default_rng(0)
    tile = rng.integers(0, 255, (600, 800, 3), dtype=np.uint8)
    Image.fromarray(np.tile(tile, (10, 10, 1))).save(big, format="JPEG", quality=85)

    added_mb = child_peak_mb(_READ_PEAK, str(big)) - child_peak_mb(_READ_PEAK, "-")
    print(f"peak RSS added by reading an 8000x6000 JPEG for a task: {added_mb:.1f} MB")
    assert added_mb < 200
