"""Product Avatar image2Video: the presenter of a Replace Product Image result talks,
still holding the product, with voice and captions."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from shopreel.catalog.presenters import Presenter, find_presenter
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.voices import default_voice
from shopreel.engines import AnimateRequest, Capability
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs.fields import MAX_PROMPT_CHARS, OptionalText, Required, RequiredText
from shopreel.jobs.inputs import load_image, product_cutout, save_image
from shopreel.jobs.keep_clear import PHOTO_HEAD_MARGIN, rig_keep_out, still_keep_out
from shopreel.jobs.product_avatar import HeldPose
from shopreel.jobs.talking import (
    VIDEO_FPS, Script, TalkingVideo, caption_overlays, check_speech, mouth_states, nod_times, speak_request,
    store_video, talking_cost, talking_head_frames, tts_voiceover, uploaded_voiceover, voice_for,
)
from shopreel.media.avatar import MouthState, held_image, talking_rig_frames
from shopreel.media.captions import KeepOut
from shopreel.media.footage import locate_subjects
from shopreel.media.image.frame import fit_frame
from shopreel.media.types import Frame
from shopreel.media.video.probe import extract_cover
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Request", "RequestV2", "Params", "MODE_SIZE", "V2_MODES", "video_view"]

#: lite 720p, pro 1080p (DECISIONS.md), portrait.
MODE_SIZE = {"lite": (720, 1280), "pro": (1080, 1920)}


class Request(TaskModel):
    """What a client sends: a Replace Product Image result, and a voice-over (``ttsText`` or
    ``audioFileId``) to make its presenter talk, else a motion prompt."""

    product_replace_result_key: RequiredText = Field(
        alias="productReplaceResultKey", description="A `key` from the Replace Product Image result.")
    mode: Annotated[Literal["lite", "pro"], Required] = Field(description="lite (720p) or pro (1080p); required.")
    image2video_prompt: OptionalText = Field(None, alias="image2videoPrompt", max_length=MAX_PROMPT_CHARS,
                                             description="Motion, when there is no voice-over.")
    tts_text: OptionalText = Field(None, alias="ttsText")
    voiceover_id: OptionalText = Field(None, alias="voiceoverId",
                                       description="From Voice Query; default: a voice matching the presenter.")
    audio_file_id: OptionalText = Field(None, alias="audioFileId", description="Uploaded voice-over instead of ttsText.")
    caption_id: OptionalText = Field(None, alias="captionId", description="From Caption List; uploaded audio is captioned with the words heard.")

    @model_validator(mode="after")
    def _speech(self) -> Request:
        check_speech(tts_text=self.tts_text, audio_file_id=self.audio_file_id, voice_id=self.voiceover_id,
                     caption_id=self.caption_id)
        return self


class Params(Request):
    #: How the cast presenter of the picture holds the product, from the Replace Product
    #: Image task that made it (found at submit); None for photo templates.
    presenter: HeldPose | None = None


#: v2's ``mode`` → ShopReel's: lite and avatar4Fast render 720p, pro, avatar2 and avatar4 1080p
#: (one talking engine: the names choose the size, not a different model).
V2_MODES: dict[str, Literal["lite", "pro"]] = {
    "lite": "lite", "avatar4Fast": "lite", "pro": "pro", "avatar2": "pro", "avatar4": "pro"}


class RequestV2(Script):
    """The v2 body (``/v2/product_avatar/task/image2Video/submit``): always a voice-over,
    chosen by ``scriptMode``; turned into the same kind's ``Params`` by ``params``."""

    replace_product_task_image_id: RequiredText = Field(
        alias="replaceProductTaskImageId",
        description="An `imageId` (v3) or `key` (v1) from the Replace Product Image result (required).")
    mode: Annotated[Literal["lite", "pro", "avatar2", "avatar4", "avatar4Fast"], Required] = Field(
        description="lite | avatar4Fast: 720p; pro | avatar2 | avatar4: 1080p (required).")

    def params(self, presenter: HeldPose | None) -> Params:
        tts_text, audio_file_id = self.speech
        return Params(product_replace_result_key=self.replace_product_task_image_id, mode=V2_MODES[self.mode],
                      tts_text=tts_text, voiceover_id=self.voice_id if tts_text else None,
                      audio_file_id=audio_file_id, caption_id=self.caption_id, presenter=presenter)


def _presenter_frames(ctx: JobContext, presenter: Presenter, pose: HeldPose, *, width: int, height: int,
                      n_frames: int, mouths: list[MouthState], nods: tuple[float, ...],
                      captioned: bool) -> tuple[Iterator[Frame], tuple[KeepOut, ...]]:
    """The presenter of the picture, talking, holding the same product the same way; and,
    for captions, where its face and the product are in each frame."""
    spec = presenter.spec
    if pose.hand and pose.hand != spec.holding:
        spec = dataclasses.replace(spec, holding=pose.hand)
    if pose.skin:
        spec = dataclasses.replace(spec, skin_tone=pose.skin)
    rgb, alpha = product_cutout(ctx, pose.product_image_file_id, field="productImageFileId")
    held = held_image(rgb, alpha)
    frames = talking_rig_frames(spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames,
                                mouth_curve=mouths, held=held, held_scale=pose.scale, nod_times_s=nods)
    keep_out = rig_keep_out(spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames, held=held,
                            held_scale=pose.scale, nod_times_s=nods) if captioned else ()
    return (frame for frame, _ in frames), keep_out


def _animate(ctx: JobContext, key: str, params: Params) -> TalkingVideo:
    """No voice asked for: the picture moves as ``image2videoPrompt`` says."""
    lite = params.mode == "lite"
    # lite: 720p 5 s, pro: 1080p 10 s (the motion engine's pro and plus modes).
    request = AnimateRequest(image=load_image(ctx, key, field="productReplaceResultKey"),
                             prompt=params.image2video_prompt, negative_prompt=None,
                             duration_s=5.0 if lite else 10.0, mode="pro" if lite else "plus")
    with ctx.scratch_dir() as folder:
        path = Path(folder) / "clip.mp4"
        with ctx.engines.use(Capability.IMAGE_TO_VIDEO) as animator:
            animator.animate(request, path, progress=lambda done: ctx.progress(5 + 90 * done), cancelled=ctx.cancelled)
        video = ctx.add_file(path, fmt="mp4", source="output", file_name="product-avatar.mp4")
        cover = save_image(ctx, extract_cover(path), name="product-avatar-cover.jpg")
    return TalkingVideo(video_file_id=video.file_id, cover_file_id=cover.file_id, video_duration=video.duration_ms,
                        width=video.width or 0, height=video.height or 0)


def run(ctx: JobContext, params: Params) -> TalkingVideo:
    key = params.product_replace_result_key
    ctx.input_file(key, kinds=("image",), field="productReplaceResultKey")
    if not params.tts_text and not params.audio_file_id:
        return _animate(ctx, key, params)
    width, height = MODE_SIZE[params.mode]
    pose = params.presenter
    presenter = None
    if pose is not None:
        presenter = find_presenter(pose.avatar_id)
        if presenter is None:
            raise NotFound(f"the avatar of this picture ({pose.avatar_id}) no longer exists")
    if params.tts_text:
        voices = available_voices(ctx.settings)
        voice = voice_for(params.voiceover_id, default=presenter.voice_among(voices) if presenter
                          else default_voice("en", voices=voices))
        voiceover = tts_voiceover(ctx, params.tts_text, voice)
    else:
        voiceover = uploaded_voiceover(ctx, params.audio_file_id or "", captions=bool(params.caption_id))
    ctx.progress(10)
    n_frames, mouths = mouth_states(voiceover)
    with contextlib.ExitStack() as stack:  # holds the talking_head engine until the frames are stored
        if presenter is not None and pose is not None:
            frames, keep_out = _presenter_frames(ctx, presenter, pose, width=width, height=height, n_frames=n_frames,
                                                 mouths=mouths, nods=nod_times(voiceover),
                                                 captioned=bool(params.caption_id))
        else:
            picture = fit_frame(load_image(ctx, key, field="productReplaceResultKey"), width=width, height=height)
            subjects = locate_subjects(picture, head_margin=PHOTO_HEAD_MARGIN)
            if not subjects.faces:
                raise BadRequest("the picture has no face to make talk (faceExistence is false); "
                                 "submit without ttsText/audioFileId to animate it instead")
            keep_out = still_keep_out(subjects.boxes)
            speech = speak_request(voiceover, n_frames=n_frames, mouths=mouths, nod_times_s=nod_times(voiceover))
            frames = talking_head_frames(ctx, stack, picture, speech)
        overlays = caption_overlays(voiceover, params.caption_id, width=width, height=height, keep_out=keep_out)
        return store_video(ctx, frames, width=width, height=height, fps=VIDEO_FPS, voiceover=voiceover,
                           overlays=overlays, name="product-avatar.mp4", n_frames=n_frames)


def video_view(video: TalkingVideo | None, links: Links) -> dict[str, Any]:
    """``{videoUrl, coverUrl, videoDuration (ms), width, height}`` of a stored video, all None
    until there is one."""
    if video is None:
        return dict.fromkeys(("videoUrl", "coverUrl", "videoDuration", "width", "height"))
    return {"videoUrl": links.file_url(video.video_file_id), "coverUrl": links.file_url(video.cover_file_id),
            "videoDuration": video.video_duration, "width": video.width, "height": video.height}


def view(record: TaskRecord, params: Params, result: TalkingVideo | None, links: Links) -> dict[str, Any]:
    return video_view(result, links)


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """Per started minute of speech: lite renders 720p, pro 1080p."""
    return talking_cost(settings, media_ms, resolution="720p" if params.mode == "lite" else "1080p",
                        tts_text=params.tts_text, audio_file_id=params.audio_file_id)


def queue(params: Params) -> str:
    """With a voice-over the presenter talks (``talking_head``); without, the picture is
    animated (``image_to_video``): each waits where its engine runs."""
    if params.tts_text or params.audio_file_id:
        return Capability.TALKING_HEAD.value
    return Capability.IMAGE_TO_VIDEO.value


SPEC = JobSpec(kind="product_avatar_i2v", biz_type="PRODUCT_AVATAR_IMAGE2VIDEO", params=Params, result=TalkingVideo,
               run=run, view=view, queue=Capability.TALKING_HEAD.value, queue_of=queue, cost=cost)
