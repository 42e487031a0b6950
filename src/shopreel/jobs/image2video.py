"""Common Task image2Video: one image animated into 5 or 10 s clips, 1–4 variants."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from shopreel.jobs.fields import GeneratingCount, OptionalText, Required, RequiredText, one_of
from shopreel.jobs.inputs import load_image
from shopreel.media.motion import render_image_to_video
from shopreel.tasks.job import JobContext, JobSpec, Links, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "Clip", "Clips"]


class Params(TaskModel):
    image_file_id: RequiredText = Field(alias="imageFileId", description="The image to animate (required).")
    prompt: OptionalText = Field(None, description="Camera and effects in words: zoom in, pan left, orbit, shine...")
    negative_prompt: OptionalText = Field(None, alias="negativePrompt",
                                          description="Moves to leave out: zoom, pan, shake...")
    duration: Annotated[int, Required, one_of(5, 10)] = Field(description="5 or 10 seconds (required).")
    mode: Annotated[Literal["lite", "pro", "plus", "best"], Required] = Field(
        description="lite | pro | plus | best (required).")
    generating_count: GeneratingCount = Field(1, alias="generatingCount", description="1–4 variants, default 1.")


class Clip(TaskModel):
    file_id: str = Field(alias="fileId")
    width: int
    height: int
    duration_ms: int | None = Field(None, alias="durationMs")


class Clips(TaskModel):
    videos: tuple[Clip, ...] = ()


def run(ctx: JobContext, params: Params) -> Clips:
    image = load_image(ctx, params.image_file_id, field="imageFileId")
    count = params.generating_count
    videos = []
    for variant in range(count):
        ctx.check_cancelled()
        base = 100 * variant / count

        def progress(done: float, base: float = base) -> None:
            ctx.progress(base + 100 / count * done)

        with ctx.scratch_dir() as folder:
            path = Path(folder) / "clip.mp4"
            width, height, _ = render_image_to_video(
                image, prompt=params.prompt, negative_prompt=params.negative_prompt,
                duration_s=float(params.duration), mode=params.mode, variant=variant, path=path,
                progress=progress, cancelled=ctx.cancelled,
            )
            stored = ctx.add_file(path, fmt="mp4", source="output", file_name=f"image2video-{variant + 1}.mp4")
        videos.append(Clip(file_id=stored.file_id, width=width, height=height, duration_ms=stored.duration_ms))
    return Clips(videos=tuple(videos))


def view(record: TaskRecord, params: Params, result: Clips | None, links: Links) -> dict[str, Any]:
    return {
        "videos": [
            {"originVideo": {"filePath": links.file_url(v.file_id), "width": v.width, "height": v.height},
             "videoDuration": v.duration_ms}
            for v in (result.videos if result else ())
        ],
        # Credits are off (DECISIONS.md: an extension, off by default): nothing was charged.
        "costCredit": 0.0,
    }


SPEC = JobSpec(kind="image2video", biz_type="COMMON_TASK_IMAGE2VIDEO", params=Params, result=Clips, run=run,
               view=view, queue="cpu")
