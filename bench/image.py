"""Seconds per Replace Product Image and per AnyShoot image at 1080x1920.

Runs the same engine calls the jobs make (cut-out, render or replace, encode) on photos
that packages ship, several times each, and prints the median next to the 2 s goal.

    .venv/bin/python bench/image.py [--repeat 3]
"""

from __future__ import annotations

import argparse

import cv2
import numpy as np
from skimage import data

from shopreel.catalog.presenters import PRESENTERS
from shopreel.catalog.templates import SCENE_TEMPLATES
from shopreel.jobs.product_avatar import render_presenter_with_product
from shopreel.media.image import cutout, shoot, trim_to_alpha
from shopreel.media.image.io import encode_image
from shopreel.media.image.replace import replace_held_object
from timing import median_seconds

GOAL_S = 2.0




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    product_photo = data.coffee()  # a cup on a saucer, 400x600

    def product():
        return trim_to_alpha(product_photo, cutout(product_photo), pad_px=2)[:2]

    rgb, alpha = product()
    portrait = cv2.resize(data.astronaut(), (1080, 1080))
    photo = np.vstack([portrait, cv2.resize(data.astronaut()[256:], (1080, 840))])  # 1080x1920 photo
    quad = np.float32([[700, 1300], [950, 1300], [950, 1700], [700, 1700]])
    template = SCENE_TEMPLATES[0]
    scene, mask = template.render(1080, 1920), template.mask(1080, 1920)

    rows = [
        ("product cut-out (part of each below)", median_seconds(product, args.repeat)),
        ("Replace Product Image, presenter", median_seconds(lambda: encode_image(render_presenter_with_product(
            PRESENTERS[0], *product(), width=1080, height=1920)[0]), args.repeat)),
        ("Replace Product Image, photo + location", median_seconds(lambda: encode_image(replace_held_object(
            photo, *product(), location=quad).image), args.repeat)),
        ("AnyShoot image (scene cached)", median_seconds(lambda: encode_image(shoot(*product(), scene, mask, variant=1)),
                                                 args.repeat)),
    ]
    print(f"\nImage jobs at 1080x1920, median of {args.repeat}; goal {GOAL_S:.0f} s each\n")
    print(f"{'step':44} {'seconds':>8} {'goal':>6} {'ratio':>6}")
    for name, seconds in rows:
        print(f"{name:44} {seconds:8.2f} {GOAL_S:6.1f} {seconds / GOAL_S:6.2f}")


if __name__ == "__main__":
    main()
