"""What captions keep clear in composed ads and talking videos, on the video's clock."""

from __future__ import annotations

import math

import numpy as np

from shopreel.catalog.presenters import PRESENTERS
from shopreel.jobs.keep_clear import logo_keep_out, rig_keep_out, still_keep_out, timeline_keep_out
from shopreel.media.avatar import talking_rig_boxes
from shopreel.media.captions import KeepOut
from shopreel.media.captions.keepout import boxes_during
from shopreel.media.types import Box
from shopreel.media.video import Fit, ImageClip, KenBurns, LogoOverlay, VideoClip
from tests.support import product_photo

W, H, FPS = 180, 320, 10


def test_a_composed_ads_keep_outs_follow_its_clips():
    photo = product_photo("bottle")
    shot = ImageClip(photo, 1.0, motion=KenBurns(zoom_from=1.0, zoom_to=1.2), fit=Fit.CONTAIN)
    footage = VideoClip("unread.mp4", end_s=2.0, duration_s=0.5)
    presenter = VideoClip("presenter.mp4", end_s=2.0, duration_s=0.8)
    face = Box(60, 20, 40, 50)
    keep = timeline_keep_out([shot, footage, presenter, shot], {2: (KeepOut(0.0, 0.8, (face,)),)},
                             width=W, height=H, fps=FPS)
    assert len(boxes_during(keep, 0.0, 0.1)) == 1  # the product photo's product
    assert boxes_during(keep, 1.0, 1.5) == ()  # footage: nothing known
    assert boxes_during(keep, 1.5, 2.3) == (face,)  # the presenter's, moved to where its clip starts
    [late] = boxes_during(keep, 3.2, 3.3)
    [early] = boxes_during(keep, 0.0, 0.1)
    assert late.h > early.h  # the camera has zoomed in on the product
    bottle = np.nonzero(np.abs(photo.astype(int) - (220, 20, 160)).max(axis=2) < 40)
    top = (H - 270) / 2 + 0.75 * bottle[0].min()  # contained: the photo shows at 180x270, letterboxed
    assert early.y <= top <= early.y + 4


def test_rig_still_and_logo_keep_outs():
    spec = PRESENTERS[1].spec
    keep = rig_keep_out(spec, width=W, height=H, fps=FPS, n_frames=5, until_s=2.0)
    renders = talking_rig_boxes(spec, width=W, height=H, fps=FPS, n_frames=5)
    assert [k.boxes for k in keep] == [(r.face_box, r.held_box) for r in renders]
    assert keep[0].start_s == 0.0 and keep[-1].end_s == 2.0
    assert still_keep_out([]) == () and still_keep_out([Box(1, 2, 3, 4)])[0].end_s == math.inf
    logo = LogoOverlay(np.full((20, 40, 4), 255, np.uint8), W, H, margin_px=5, start_s=1.0)
    [mark] = logo_keep_out(logo)
    assert mark == KeepOut(1.0, math.inf, (Box(W - 45, 5, 40, 20),)) and logo_keep_out(None) == ()
