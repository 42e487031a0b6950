from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest
import skimage.data

from shopreel.media.image import ClassicMatting, OnnxMatting, cutout, make_matting, studio_shot, trim_to_alpha
from shopreel.media.types import Box
from tests.media.image.conftest import iou


def test_white_studio_background_is_keyed_exactly(white_bottle):
    photo, truth = white_bottle
    alpha = cutout(photo)
    assert alpha.dtype == np.float32 and alpha.shape == truth.shape
    assert iou(alpha > 0.5, truth) >= 0.9
    assert alpha[truth & (cv2.erode(truth.astype(np.uint8), np.ones((5, 5))) > 0)].min() == 1.0
    assert alpha[:20].max() == 0.0


def test_busy_background_goes_through_grabcut(busy_bottle):
    photo, truth = busy_bottle
    assert iou(cutout(photo) > 0.5, truth) >= 0.8


def test_a_studio_shot_is_told_from_a_scene(white_bottle, busy_bottle):
    assert studio_shot(white_bottle[0])
    assert not studio_shot(busy_bottle[0]) and not studio_shot(skimage.data.rocket())


def test_coffee_cup_and_saucer_are_foreground():
    photo = skimage.data.coffee()
    reference = np.zeros(photo.shape[:2], np.uint8)
    cv2.ellipse(reference, (278, 228), (200, 160), 0, 0, 360, 1, -1)  # the saucer
    cv2.ellipse(reference, (290, 110), (118, 95), 0, 0, 360, 1, -1)  # the cup above it
    alpha = cutout(photo)
    assert iou(alpha > 0.5, reference > 0) >= 0.6
    assert alpha[:, :40].mean() < 0.05 and alpha[:, -60:].mean() < 0.05  # the table on both sides


def test_given_mask_wins(white_bottle):
    photo, _ = white_bottle
    mask = np.zeros(photo.shape[:2], np.uint8)
    mask[10:30, 10:50] = 255
    alpha = cutout(photo, mask=mask)
    assert alpha[10:30, 10:50].min() == 1.0 and alpha.sum() == 20 * 40
    soft = np.full(photo.shape[:2], 0.25, np.float32)
    assert np.allclose(cutout(photo, mask=soft), 0.25)
    assert cutout(photo, mask=mask > 0).sum() == 20 * 40


def test_wrong_mask_size_names_mask_and_both_sizes(white_bottle):
    photo, _ = white_bottle
    with pytest.raises(ValueError, match=r"mask is 100x80 but image is 180x240"):
        cutout(photo, mask=np.zeros((80, 100), np.uint8))


@pytest.mark.parametrize("bad", [np.zeros((10, 10), np.uint8), np.zeros((10, 10, 4), np.uint8), np.zeros((10, 10, 3))])
def test_image_must_be_rgb_uint8(bad):
    with pytest.raises(ValueError, match="image"):
        cutout(bad)


def test_trim_to_alpha_crops_to_the_product_with_padding():
    image = np.zeros((50, 60, 3), np.uint8)
    alpha = np.zeros((50, 60), np.float32)
    alpha[10:20, 30:45] = 1
    rgb, cropped, box = trim_to_alpha(image, alpha, pad_px=2)
    assert box == Box(x=28, y=8, w=19, h=14)
    assert rgb.shape == (14, 19, 3) and cropped.shape == (14, 19) and cropped.sum() == 150
    with pytest.raises(ValueError, match="alpha is empty"):
        trim_to_alpha(image, np.zeros((50, 60), np.float32))


def test_tiny_and_odd_images_do_not_crash():
    for shape in [(1, 1, 3), (7, 13, 3), (33, 2, 3)]:
        alpha = cutout(np.full(shape, 200, np.uint8))
        assert alpha.shape == shape[:2] and np.isfinite(alpha).all()


def test_backends_share_the_protocol(white_bottle, tmp_path):
    photo, truth = white_bottle
    assert iou(make_matting(None).cutout(photo) > 0.5, truth) >= 0.9
    assert isinstance(make_matting(""), ClassicMatting)
    if importlib.util.find_spec("onnxruntime") is None:  # the optional extra is not installed
        with pytest.raises(ImportError, match="pip install onnxruntime"):
            OnnxMatting(tmp_path / "isnet.onnx")
