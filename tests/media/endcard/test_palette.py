import cv2
import numpy as np
import pytest

from shopreel.media.endcard import Backdrop, card_palette


def _lightness(rgb) -> float:
    return float(cv2.cvtColor(np.array([[rgb]], np.float32) / 255, cv2.COLOR_RGB2LAB)[0, 0, 0])


def _hue(rgb) -> float:
    _, a, b = cv2.cvtColor(np.array([[rgb]], np.float32) / 255, cv2.COLOR_RGB2LAB)[0, 0]
    return float(np.degrees(np.arctan2(b, a)) % 360)


def _product(rgb, *, label=None):
    image = np.zeros((60, 40, 3), np.uint8)
    image[:] = rgb
    if label is not None:
        image[25:35] = label
    return image, np.ones((60, 40), np.float32)


@pytest.mark.parametrize(("product", "dark"), [((200, 30, 40), False), ((20, 20, 25), False), ((245, 245, 240), True),
                                               ((250, 230, 120), True)])
def test_the_background_contrasts_with_the_product_and_the_words_with_the_background(product, dark):
    palette = card_palette(*_product(product))
    assert palette.dark is dark and not palette.plain
    background = (_lightness(palette.top) + _lightness(palette.bottom)) / 2
    assert abs(background - _lightness(product)) > 25
    for colour in (palette.text, palette.accent):
        assert abs(_lightness(colour) - background) > 40
    assert abs(_lightness(palette.on_accent) - _lightness(palette.accent)) > 40


def test_a_colourful_product_tints_the_background_with_its_own_hue():
    palette = card_palette(*_product((200, 30, 40), label=(240, 240, 240)))
    red = _hue((200, 30, 40))
    for colour in (palette.top, palette.disc, palette.accent):
        assert min(abs(_hue(colour) - red), 360 - abs(_hue(colour) - red)) < 25
    assert palette.top != palette.bottom


def test_plain_white_and_black_are_plain():
    white = card_palette(*_product((200, 30, 40)), backdrop=Backdrop.WHITE)
    black = card_palette(*_product((200, 30, 40)), backdrop=Backdrop.BLACK)
    assert white.plain and white.top == (255, 255, 255) and not white.dark
    assert black.plain and black.top == (0, 0, 0) and black.dark and black.text == (246, 246, 246)


def test_the_matte_decides_which_pixels_are_the_product():
    image = np.full((40, 40, 3), 250, np.uint8)
    image[10:30, 10:30] = (20, 60, 200)
    alpha = np.zeros((40, 40), np.float32)
    alpha[10:30, 10:30] = 1
    assert not card_palette(image, alpha).dark  # the blue square, not the white around it
    with pytest.raises(ValueError, match="product_alpha"):
        card_palette(image, alpha[1:])
