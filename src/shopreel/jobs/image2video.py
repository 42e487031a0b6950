"""Common Task image2Video: one image animated into 5 or 10 s clips, 1–4 variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import load_image
from shopreel.media.motion import render_image_to_video
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC"]


def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    image = load_image(ctx, params["imageFileId"], field="imageFileId")
    count = int(params.get("generatingCount") or 1)
    videos = []
    for variant in range(count):
        ctx.check_cancelled()
        base = 100 * variant / count

        def progress(done: float, base: float = base) -> None:
            ctx.progress(base + 100 / count * done)

        with ctx.scratch_dir() as folder:
            path = Path(folder) / "clip.mp4"
            width, height, _ = render_image_to_video(
                image, prompt=params.get("prompt"), negative_prompt=params.get("negativePrompt"),
                duration_s=float(params["duration"]), mode=params["mode"], variant=variant, path=path,
                progress=progress, cancelled=ctx.cancelled,
            )
            stored = ctx.add_file(path, fmt="mp4", source="output", file_name=f"image2video-{variant + 1}.mp4")
        videos.append({"fileId": stored.file_id, "width": width, "height": height,
                       "durationMs": stored.duration_ms})
    return {"videos": videos}


def view(record: TaskRecord, links: Links) -> dict[str, Any]:
    videos = (record.result or {}).get("videos", [])
    return {
        "videos": [
            {"originVideo": {"filePath": links.file_url(v["fileId"]), "width": v["width"], "height": v["height"]},
             "videoDuration": v.get("durationMs")}
            for v in videos
        ],
        # Credits are off (DECISIONS.md: an extension, off by default): nothing was charged.
        "costCredit": 0.0,
    }


SPEC = JobSpec(kind="image2video", biz_type="COMMON_TASK_IMAGE2VIDEO", run=run, view=view, queue="cpu")
