"""Common Task image2Video: one image animated into 5 or 10 s clips, 1–4 variants."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from shopreel.engines import AnimateRequest, Capability
from shopreel.errors import BadRequest
from shopreel.jobs.fields import MAX_PROMPT_CHARS, GeneratingCount, OptionalText, Required, RequiredText, null_is, one_of
from shopreel.jobs.inputs import load_image
from shopreel.media.image.frame import crop_to_aspect
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "RequestV2", "Clip", "Clips", "RESOLUTION_MODES", "ASPECT_RATIOS", "view_v2"]


#: v2's ``resolution`` → the engine's mode: 480 → lite (540 x 960, its smallest), 720 → pro
#: (720 x 1280), 1080 → plus (1080 x 1920); portrait sizes, see ``media/motion/modes.py``.
RESOLUTION_MODES = {480: "lite", 720: "pro", 1080: "plus"}
#: v2's ``aspectRatio`` as width / height (portrait sources come out 9:16: the engine's only
#: portrait shape, so 3:4 and the like are refused rather than quietly changed).
ASPECT_RATIOS = {"16:9": 16 / 9, "4:3": 4 / 3, "1:1": 1.0, "9:16": 9 / 16}
AspectRatio = Literal["16:9", "4:3", "1:1", "9:16", "auto", "adaptive"]


class Params(TaskModel):
    image_file_id: RequiredText = Field(alias="imageFileId", description="The image to animate (required).")
    prompt: OptionalText = Field(None, max_length=MAX_PROMPT_CHARS,
                                  description="Camera and effects in words: zoom in, pan left, orbit, shine...")
    negative_prompt: OptionalText = Field(None, alias="negativePrompt", max_length=MAX_PROMPT_CHARS,
                                          description="Moves to leave out: zoom, pan, shake...")
    duration: Annotated[int, Required, one_of(5, 10)] = Field(description="5 or 10 seconds (required).")
    mode: Annotated[Literal["lite", "pro", "plus", "best"], Required] = Field(
        description="lite | pro | plus | best (required).")
    generating_count: GeneratingCount = Field(1, alias="generatingCount", description="1–4 variants, default 1.")
    aspect_ratio: Annotated[AspectRatio | None, null_is(None)] = Field(
        None, alias="aspectRatio", description="v2: the picture is centre-cropped to it first; none/auto/adaptive: as is.")
    model: OptionalText = Field(None, description="v2: recorded only (ShopReel has one image-to-video engine).")
    board_id: OptionalText = Field(None, alias="boardId", description="v2: recorded and echoed.")


class RequestV2(TaskModel):
    """The v2 body (``/v2/common_task/image2video/task/submit``), turned into ``Params`` by
    ``params``: the same engine, the same kind."""

    model: OptionalText = Field(None, description="Recorded only: ShopReel has one engine, whatever the model name.")
    first_frame_file_id: RequiredText = Field(alias="firstFrameFileId", description="The image to animate (required).")
    end_frame_file_id: OptionalText = Field(None, alias="endFrameFileId",
                                            description="Not supported: ShopReel's engine animates one picture.")
    reference_image_file_ids: list[str] | None = Field(
        None, alias="referenceImageFileIds", description="Not supported: ShopReel's engine animates one picture.")
    prompt: OptionalText = Field(None, max_length=MAX_PROMPT_CHARS,
                                  description="Camera and effects in words: zoom in, pan left, orbit, shine...")
    aspect_ratio: Annotated[AspectRatio | None, null_is(None)] = Field(
        None, alias="aspectRatio", description="16:9, 4:3, 1:1 or 9:16 (the picture is centre-cropped); default as is.")
    resolution: Annotated[int, null_is(720), one_of(480, 720, 1080)] = Field(
        720, description="480 (540p, the smallest size), 720 or 1080; default 720.")
    duration: Annotated[int, null_is(5), one_of(5, 10)] = Field(5, description="5 or 10 seconds; default 5.")
    sound: Annotated[Literal["on", "off"], null_is("off")] = Field(
        "off", description='Only "off": ShopReel\'s image-to-video clips are silent.')
    generating_count: GeneratingCount = Field(1, alias="generatingCount", description="1–4 clips, default 1 (0 means 1).")
    board_id: OptionalText = Field(None, alias="boardId", description="Recorded and echoed in the query.")

    @model_validator(mode="after")
    def _supported(self) -> RequestV2:
        if self.end_frame_file_id:
            raise BadRequest("endFrameFileId is not supported: ShopReel's image2video animates one picture "
                             "(firstFrameFileId)")
        if self.reference_image_file_ids:
            raise BadRequest("referenceImageFileIds is not supported: ShopReel's image2video animates one picture "
                             "(firstFrameFileId)")
        if self.sound == "on":
            raise BadRequest('sound "on" is not supported: ShopReel\'s image2video makes silent clips; send "off"')
        return self

    def params(self) -> Params:
        return Params(image_file_id=self.first_frame_file_id, prompt=self.prompt, duration=self.duration,
                      mode=RESOLUTION_MODES[self.resolution], generating_count=self.generating_count,
                      aspect_ratio=self.aspect_ratio, model=self.model, board_id=self.board_id)


class Clip(TaskModel):
    file_id: str = Field(alias="fileId")
    width: int
    height: int
    duration_ms: int | None = Field(None, alias="durationMs")


class Clips(TaskModel):
    videos: tuple[Clip, ...] = ()


def run(ctx: JobContext, params: Params) -> Clips:
    image = load_image(ctx, params.image_file_id, field="imageFileId")
    if params.aspect_ratio in ASPECT_RATIOS:
        image = crop_to_aspect(image, width_to_height=ASPECT_RATIOS[params.aspect_ratio])
    count = params.generating_count
    videos = []
    for variant in range(count):
        ctx.check_cancelled()
        base = 100 * variant / count

        def progress(done: float, base: float = base) -> None:
            ctx.progress(base + 100 / count * done)

        request = AnimateRequest(image=image, prompt=params.prompt, negative_prompt=params.negative_prompt,
                                 duration_s=float(params.duration), mode=params.mode, variant=variant)
        with ctx.scratch_dir() as folder:
            path = Path(folder) / "clip.mp4"
            with ctx.engines.use(Capability.IMAGE_TO_VIDEO) as animator:
                width, height, _ = animator.animate(request, path, progress=progress, cancelled=ctx.cancelled)
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
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """``credit_cost_image2video`` of the mode for every 5 seconds of every clip."""
    return settings.credit_cost_image2video[params.mode] * (params.duration // 5) * params.generating_count


SPEC = JobSpec(kind="image2video", biz_type="COMMON_TASK_IMAGE2VIDEO", params=Params, result=Clips, run=run,
               view=view, queue=Capability.IMAGE_TO_VIDEO.value, cost=cost)


def view_v2(record: TaskRecord, params: Params, result: Clips | None, links: Links) -> dict[str, Any]:
    """The v2 query: ``videos: [{status, filePath, width, height, errorMsg, videoDuration (ms),
    originVideo}]``, the echoed ``boardId`` (``boardTaskId`` None)."""
    return {
        "videos": [
            {"status": "success", "filePath": links.file_url(v.file_id), "width": v.width, "height": v.height,
             "errorMsg": None, "videoDuration": v.duration_ms,
             "originVideo": {"filePath": links.file_url(v.file_id), "width": v.width, "height": v.height}}
            for v in (result.videos if result else ())
        ],
        "boardId": params.board_id,
        "boardTaskId": None,
        "model": params.model,
    }
