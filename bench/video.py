"""Real-time factor (seconds of compute per second of video) at 1080x1920, 30 fps, for a
talking presenter, a talking photo and a 5 s image-to-video clip, each next to the bare
encode of the same frames (the floor: what writing those frames costs at all).

The presenter is measured three ways: the first of the cast, the costliest to draw (the
hijab's drape), and the first again with burned-in captions, as Video Avatar renders it
when a ``captionId`` is given.

    .venv/bin/python bench/video.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from skimage import data

from shopreel.catalog.captions import default_caption
from shopreel.catalog.presenters import PRESENTERS
from shopreel.catalog.voices import default_voice
from shopreel.media.avatar import (
    frame_count, loudness_track, mouth_curve, render_talking_video, talking_photo_frames, talking_rig_frames,
)
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.image.frame import fit_frame
from shopreel.media.motion import animate, plan_motion, render_image_to_video
from shopreel.media.avatar.spec import PresenterSpec
from shopreel.media.speech import synthesize, viseme_track
from shopreel.media.types import Frame
from shopreel.media.video.encode import encode_video
from timing import median_seconds

W, H, FPS = 1080, 1920, 30
LINE = "Meet the serum everyone is talking about. Light, fast, and made for your skin."




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the median is printed")
    repeats = parser.parse_args().repeats
    speech = synthesize(LINE, voice=default_voice("en").spec)
    video_s = len(speech.audio) / speech.sample_rate
    n = frame_count(len(speech.audio), sample_rate=speech.sample_rate, fps=FPS)
    mouths = mouth_curve(viseme_track(speech.phonemes, duration_ms=speech.duration_ms), fps=FPS, n_frames=n,
                         loudness=loudness_track(speech.audio, speech.sample_rate, fps=FPS, n_frames=n))
    photo = fit_frame(data.astronaut(), width=W, height=H)
    style = default_caption()
    captions = [CaptionTrack(build_cues(speech.words, style=style, frame_size=(W, H), language="en"), style, (W, H))]
    first = PRESENTERS[0].spec
    draped = next(p.spec for p in PRESENTERS if p.spec.hair_style == "hijab")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.mp4"

        def rig(spec: PresenterSpec) -> Callable[[], Iterator[Frame]]:
            return lambda: (f for f, _ in talking_rig_frames(spec, width=W, height=H, fps=FPS, n_frames=n,
                                                             mouth_curve=mouths))

        cases = {
            "talking presenter (rig)": (rig(first), []),
            "  costliest rig (hijab)": (rig(draped), []),
            "  rig with captions": (rig(first), captions),
            "talking photo": (lambda: talking_photo_frames(photo, fps=FPS, n_frames=n, mouth_curve=mouths), []),
        }
        for name, (frames, overlays) in cases.items():
            def talk(frames: Callable[[], Iterator[Frame]] = frames, overlays: list = overlays) -> None:
                render_talking_video(frames(), width=W, height=H, fps=FPS, audio=speech.audio,
                                     sample_rate=speech.sample_rate, path=out, overlays=overlays)

            talk()  # warm up: imports, codec and model set-up happen once per process
            ours = median_seconds(talk, repeats)
            kept = list(frames())
            floor = median_seconds(lambda: encode_video(kept, path=out, fps=FPS, audio=speech.audio,
                                                  sample_rate=speech.sample_rate), repeats)
            rows.append((name, video_s, ours / video_s, floor / video_s))
            del kept

        # a portrait picture, so the clip is 1080x1920 like the floor's frames (a square one
        # would make a 1920x1920 clip in this mode)
        ours = median_seconds(lambda: render_image_to_video(photo, prompt="slow zoom in", negative_prompt=None,
                                                      duration_s=5, mode="plus", variant=0, path=out), repeats)
        plan = plan_motion("slow zoom in", None, duration_s=5, variant=0, has_person=True, has_product=False)
        kept = list(animate(photo, plan, width=W, height=H, fps=FPS))
        floor = median_seconds(lambda: encode_video(kept, path=out, fps=FPS), repeats)
        rows.append(("image-to-video 5 s (plus)", 5.0, ours / 5.0, floor / 5.0))

    print(f"\nVideo at {W}x{H}, {FPS} fps: seconds of compute per second of video (1.0 = real time),")
    print(f"median of {repeats} runs\n")
    print(f"{'case':30} {'video s':>8} {'ours':>6} {'encode floor':>13} {'ours/floor':>11}")
    for name, seconds, ours, floor in rows:
        print(f"{name:30} {seconds:8.1f} {ours:6.2f} {floor:13.2f} {ours / floor:11.2f}")


if __name__ == "__main__":
    main()
