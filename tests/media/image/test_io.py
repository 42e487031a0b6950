"""Reading and encoding images: transparency kept apart from colour, RGBA PNGs."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from shopreel.errors import InvalidInput
from shopreel.media.image.io import encode_image, read_image, read_mask, read_rgba


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
