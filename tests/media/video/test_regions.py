from __future__ import annotations

import numpy as np
import pytest

from shopreel.errors import InvalidInput
from shopreel.media.types import Box
from shopreel.media.video import Fit, ImageClip, KenBurns, Timeline, iter_frames
from shopreel.media.video.regions import image_box_at

MAGENTA = (220, 20, 160)


def _picture(width: int, height: int, box: Box) -> np.ndarray:
    picture = np.full((height, width, 3), 250, np.uint8)
    picture[box.y : box.y + box.h, box.x : box.x + box.w] = MAGENTA
    return picture


MOVES = {
    "still": None,
    "zoom in, pan": KenBurns(zoom_from=1.0, zoom_to=1.3, pan_from=(0.4, 0.6), pan_to=(0.5, 0.5)),
    "zoom out": KenBurns(zoom_from=1.2, zoom_to=1.0, pan_from=(0.6, 0.4), pan_to=(0.5, 0.5)),
}


@pytest.mark.parametrize("fit", list(Fit))
@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("source", [(240, 360), (401, 250)], ids=["portrait", "odd landscape"])
def test_the_box_follows_the_pixels_through_fit_and_motion(fit, move, source):
    box = Box(x=source[0] // 4, y=source[1] // 3, w=source[0] // 4, h=source[1] // 5)
    clip = ImageClip(_picture(*source, box), 1.0, motion=MOVES[move], fit=fit)
    width, height, fps = 180, 320, 8
    for k, frame in enumerate(iter_frames(Timeline(width=width, height=height, clips=(clip,), fps=fps))):
        shown = np.abs(frame.astype(int) - MAGENTA).max(axis=2) < 50
        ys, xs = np.nonzero(shown)
        mapped = image_box_at(clip, box, k / fps, width=width, height=height)
        assert mapped is not None
        # every product pixel inside the box, and the box at most a few pixels larger (soft edges)
        assert mapped.x <= xs.min() and xs.max() < mapped.x + mapped.w, k
        assert mapped.y <= ys.min() and ys.max() < mapped.y + mapped.h, k
        assert mapped.w <= xs.max() - xs.min() + 6 and mapped.h <= ys.max() - ys.min() + 6, k


def test_a_box_cropped_away_is_out_of_view():
    picture = _picture(400, 100, Box(0, 0, 20, 100))  # a wide picture covering a tall canvas loses its sides
    clip = ImageClip(picture, 1.0, fit=Fit.COVER)
    assert image_box_at(clip, Box(0, 0, 20, 100), 0.0, width=90, height=160) is None
    assert image_box_at(clip, Box(190, 40, 20, 20), 0.0, width=90, height=160) is not None
    with pytest.raises(InvalidInput):
        image_box_at(clip, Box(0, 0, 1, 1), 0.0, width=0, height=10)
