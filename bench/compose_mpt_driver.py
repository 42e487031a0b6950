"""Run one job through MoneyPrinterTurbo's own video pipeline; runs inside ``bench/.mpt-venv``.

Usage: ``python compose_mpt_driver.py HOME OUTPUT VOICE SRT IMAGE...``. ``HOME`` becomes
``MPT_HOME`` (MPT writes its config.toml and storage there); the images are copied into
MPT's ``storage/local_videos`` because ``preprocess_video`` only reads from there. Calls the
three stages ``app.services.task`` calls for a local-material job, in the same order, and
prints one JSON line with the seconds each stage took.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path


def main() -> None:
    home, output, voice, srt, *images = sys.argv[1:]
    os.environ["MPT_HOME"] = home
    from app.models.schema import MaterialInfo, VideoAspect, VideoConcatMode, VideoParams
    from app.services import video
    from app.utils import utils

    local = Path(utils.storage_dir("local_videos", create=True))
    materials = []
    for image in images:
        shutil.copy(image, local / Path(image).name)
        materials.append(MaterialInfo(provider="local", url=Path(image).name, duration=0))
    params = VideoParams(
        video_subject="bench",
        video_aspect=VideoAspect.portrait,
        video_source="local",
        video_materials=materials,
        video_concat_mode=VideoConcatMode.sequential,
        video_clip_duration=4,
        bgm_type="",
        subtitle_enabled=True,
        n_threads=2,
    )
    task_dir = Path(home) / "task"
    task_dir.mkdir(parents=True, exist_ok=True)
    combined = str(task_dir / "combined.mp4")

    times = {}
    t0 = time.perf_counter()
    clips = video.preprocess_video(materials, clip_duration=params.video_clip_duration,
                                   image_motion=params.image_motion)
    times["preprocess_video"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    video.combine_videos(
        combined_video_path=combined,
        video_paths=[clip.url for clip in clips],
        audio_file=voice,
        video_aspect=params.video_aspect,
        video_fit_mode=params.video_fit_mode,
        video_concat_mode=params.video_concat_mode,
        video_transition_mode=None,
        max_clip_duration=params.video_clip_duration,
        threads=params.n_threads,
    )
    times["combine_videos"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    video.generate_video(video_path=combined, audio_path=voice, subtitle_path=srt,
                         output_file=output, params=params)
    times["generate_video"] = time.perf_counter() - t2
    times["total"] = time.perf_counter() - t0
    print(json.dumps(times))


if __name__ == "__main__":
    main()
