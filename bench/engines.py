"""Seconds per picture of the image editors and per second of video of the image animators.

The classical animator runs as the jobs call it (lite mode, a 5 s clip from a shipped photo).
The diffusers engines run, when the ``gpu`` extra is installed, on tiny pipelines built on the
fly with random weights (tests/engines/tiny_pipelines.py): their figures are the engines'
plumbing overhead (loading aside) on the device found, not any real model's speed, which is
set by its size and the steps. Point ``--edit-weights`` / ``--video-weights`` at a real
diffusers folder to time that model instead.

    .venv/bin/python bench/engines.py [--repeat 3] [--edit-weights DIR] [--video-weights DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from skimage import data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopreel.engines import AnimateRequest, Capability, EditRequest, EngineConfig  # noqa: E402
from shopreel.media.motion import render_image_to_video  # noqa: E402
from timing import median_seconds  # noqa: E402

IMAGE_GOAL_S = 2.0  # bench/image.py's goal for a finished picture
VIDEO_GOAL_S = 1.0  # a second of video in a second: real time
DURATION_S = 5.0




def _diffusers_rows(args: argparse.Namespace, photo: np.ndarray, folder: Path) -> list[tuple[str, str, float, float]]:
    try:
        import diffusers  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        print("bench: torch or diffusers is not installed (pip install 'shopreel[gpu]'): diffusers rows skipped",
              file=sys.stderr)
        return []
    from shopreel.engines.neural._pipeline import device_and_dtype
    from shopreel.engines.neural.diffusers_edit import DiffusersEditor
    from shopreel.engines.neural.diffusers_video import DiffusersAnimator
    from tests.engines.tiny_pipelines import build_tiny_animator, build_tiny_editor

    tiny = args.edit_weights is None, args.video_weights is None
    edit_weights = args.edit_weights or build_tiny_editor(folder / "edit")
    video_weights = args.video_weights or build_tiny_animator(folder / "video", frames=4)
    # A tiny pipeline works at a small size (its figure is overhead, not a model's); a real one as configured.
    edit_options = {"max_side_px": 128, "max_product_error": 255, "min_product_correlation": -1} if tiny[0] else {}
    video_options = {"short_side_px": 64, "steps": 10} if tiny[1] else {}
    editor = DiffusersEditor(EngineConfig(Capability.SCENE_COMPOSITE, "diffusers", Path(edit_weights),
                                          options=edit_options))
    animator = DiffusersAnimator(EngineConfig(Capability.IMAGE_TO_VIDEO, "diffusers", Path(video_weights),
                                              options=video_options))
    device, dtype = device_and_dtype(editor.config)
    where = f"{device} {str(dtype).removeprefix('torch.')}"
    keep = np.zeros(photo.shape[:2], np.float32)
    keep[photo.shape[0] // 3:photo.shape[0] * 2 // 3, photo.shape[1] // 3:photo.shape[1] * 2 // 3] = 1.0
    request = EditRequest(image=photo, keep=keep, prompt="", steps=10 if tiny[0] else 28)
    edit_s = median_seconds(lambda: editor.edit(request, progress=lambda _: None, cancelled=lambda: False), args.repeat)
    clip = AnimateRequest(image=photo, prompt=None, negative_prompt=None, duration_s=DURATION_S, mode="lite")
    video_s = median_seconds(lambda: animator.animate(clip, folder / "neural.mp4", progress=lambda _: None,
                                              cancelled=lambda: False), args.repeat) / DURATION_S
    edit_name = "diffusers edit, tiny random InstructPix2Pix, 128 px, 10 steps" if tiny[0] else f"diffusers edit, {edit_weights}"
    video_name = (f"diffusers i2v, tiny random SVD, 64 px, 10 steps, {animator.max_frames} frames"
                  if tiny[1] else f"diffusers i2v, {video_weights}, lite")
    return [(edit_name, where, edit_s, IMAGE_GOAL_S), (video_name, where, video_s, VIDEO_GOAL_S)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edit-weights", type=Path, default=None, help="a diffusers image-edit folder")
    parser.add_argument("--video-weights", type=Path, default=None, help="a diffusers image-to-video folder")
    args = parser.parse_args()
    photo = cv2.resize(data.coffee(), (540, 360), interpolation=cv2.INTER_AREA)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        classical_s = median_seconds(lambda: render_image_to_video(
            photo, prompt=None, negative_prompt=None, duration_s=DURATION_S, mode="lite", variant=0,
            path=folder / "classical.mp4"), args.repeat) / DURATION_S
        rows = [("classical i2v, lite, 5 s", "cpu", classical_s, VIDEO_GOAL_S)]
        rows += _diffusers_rows(args, photo, folder)
    print("Image edit: seconds per picture; image to video: seconds per second of video. Tiny random-weight")
    print("pipelines measure the engines' plumbing on the device, not a model's speed.")
    print()
    print(f"{'engine':<74} {'device':<14} {'figure':>8} {'reference':>10} {'ratio':>7}")
    for name, device, figure, reference in rows:
        print(f"{name:<74} {device:<14} {figure:>8.2f} {reference:>10.2f} {figure / reference:>7.2f}")


if __name__ == "__main__":
    main()
