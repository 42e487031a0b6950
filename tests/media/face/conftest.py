from __future__ import annotations

import numpy as np
import pytest
from skimage import data

from shopreel.media.types import Frame

# Where astronaut()'s head is (512x512, looked up by eye): the face spans about
# x 175-280, y 65-175, on the left half of the image and in its upper third.
HEAD = (150, 40, 300, 200)  # x0, y0, x1, y1


@pytest.fixture(scope="session")
def astronaut() -> Frame:
    image = data.astronaut()
    image.setflags(write=False)
    return image


@pytest.fixture(scope="session")
def coffee() -> Frame:
    image = data.coffee()
    image.setflags(write=False)
    return image


def flat(height: int, width: int, rgb: tuple[int, int, int] = (128, 128, 128)) -> Frame:
    return np.full((height, width, 3), rgb, np.uint8)
