from __future__ import annotations

import numpy as np
import pytest

from shopreel.media.footage import COLOUR_NAMES, colour_name, dominant_colours


@pytest.mark.parametrize("name", sorted(COLOUR_NAMES))
def test_every_reference_colour_is_called_by_its_name(name):
    assert colour_name(COLOUR_NAMES[name]) == name


def test_near_colours_get_the_plain_name():
    assert colour_name((255, 255, 255)) == "white"
    assert colour_name((0, 0, 0)) == "black"
    assert colour_name((220, 10, 10)) == "red"
    assert colour_name((10, 20, 100)) == "navy"


def test_dominant_colours_by_share():
    image = np.zeros((60, 100, 3), np.uint8)
    image[:, :60] = (20, 30, 85)
    image[:, 60:90] = (245, 245, 245)
    image[:, 90:] = (200, 30, 35)
    assert dominant_colours(image) == ("navy", "white")
    assert dominant_colours(image, min_share=0.05) == ("navy", "white", "red")
    assert dominant_colours(image, max_colours=1) == ("navy",)


def test_bad_colour_is_named():
    with pytest.raises(ValueError, match="rgb"):
        colour_name((300, 0, 0))
