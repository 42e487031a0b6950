"""Product Avatar image2Video: the presenter of a Replace Product Image result talks,
still holding the product, with voice and captions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shopreel.catalog.presenters import Presenter, find_presenter
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import load_image, product_cutout, save_image
from shopreel.jobs.talking import (
    VIDEO_FPS, caption_overlays, mouth_states, nod_times, store_video, tts_for, tts_voiceover, uploaded_voiceover,
    voice_for,
)
from shopreel.media.avatar import MouthState, held_image, talking_photo_frames, talking_rig_frames
from shopreel.media.face import face_exists
from shopreel.media.image.frame import fit_frame
from shopreel.media.motion import render_image_to_video
from shopreel.media.types import Frame
from shopreel.media.video.probe import extract_cover
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "MODE_SIZE"]

#: lite 720p, pro 1080p (DECISIONS.md), portrait.
MODE_SIZE = {"lite": (720, 1280), "pro": (1080, 1920)}


def _presenter_frames(ctx: JobContext, presenter: Presenter, meta: dict[str, Any], *, width: int, height: int,
                      n_frames: int, mouths: list[MouthState], nods: tuple[float, ...]) -> Iterator[Frame]:
    """The presenter of the picture, talking, holding the same product the same way."""
    spec = presenter.spec
    if meta.get("hand") and meta["hand"] != spec.holding:
        spec = dataclasses.replace(spec, holding=meta["hand"])
    if meta.get("skin"):
        spec = dataclasses.replace(spec, skin_tone=tuple(meta["skin"]))
    rgb, alpha = product_cutout(ctx, meta["productImageFileId"], field="productImageFileId")
    frames = talking_rig_frames(spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames,
                                mouth_curve=mouths, held=held_image(rgb, alpha), held_scale=float(meta.get("scale", 1.0)),
                                nod_times_s=nods)
    return (frame for frame, _ in frames)


def _animate(ctx: JobContext, key: str, params: dict[str, Any]) -> dict[str, Any]:
    """No voice asked for: the picture moves as ``image2videoPrompt`` says."""
    lite = params["mode"] == "lite"
    with ctx.scratch_dir() as folder:
        path = Path(folder) / "clip.mp4"
        # lite: 720p 5 s, pro: 1080p 10 s (the motion engine's pro and plus modes).
        render_image_to_video(load_image(ctx, key, field="productReplaceResultKey"),
                              prompt=params.get("image2videoPrompt"), negative_prompt=None,
                              duration_s=5.0 if lite else 10.0, mode="pro" if lite else "plus", variant=0,
                              path=path, progress=lambda done: ctx.progress(5 + 90 * done), cancelled=ctx.cancelled)
        video = ctx.add_file(path, fmt="mp4", source="output", file_name="product-avatar.mp4")
        cover = save_image(ctx, extract_cover(path), name="product-avatar-cover.jpg")
    return {"videoFileId": video.file_id, "coverFileId": cover.file_id, "videoDuration": video.duration_ms,
            "width": video.width, "height": video.height}


def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    key = params["productReplaceResultKey"]
    meta = ctx.input_file(key, kinds=("image",), field="productReplaceResultKey").meta or {}
    if not params.get("ttsText") and not params.get("audioFileId"):
        return _animate(ctx, key, params)
    width, height = MODE_SIZE[params["mode"]]
    presenter = None
    if meta.get("template") == "presenter":
        presenter = find_presenter(meta["avatarId"])
        if presenter is None:
            raise NotFound(f"the avatar of this picture ({meta['avatarId']}) no longer exists")
    if params.get("ttsText"):
        voice = voice_for(params.get("voiceoverId"), default=presenter.voice if presenter else None)
        voiceover = tts_voiceover(params["ttsText"], voice, tts=tts_for(ctx.settings, voice))
    else:
        voiceover = uploaded_voiceover(ctx, params["audioFileId"])
    ctx.progress(10)
    n_frames, mouths = mouth_states(voiceover)
    overlays = caption_overlays(voiceover, params.get("captionId"), width=width, height=height)
    if presenter is not None:
        frames = _presenter_frames(ctx, presenter, meta, width=width, height=height, n_frames=n_frames,
                                   mouths=mouths, nods=nod_times(voiceover))
    else:
        picture = fit_frame(load_image(ctx, key, field="productReplaceResultKey"), width=width, height=height)
        if not face_exists(picture):
            raise BadRequest("the picture has no face to make talk (faceExistence is false); "
                             "submit without ttsText/audioFileId to animate it instead")
        frames = talking_photo_frames(picture, fps=VIDEO_FPS, n_frames=n_frames, mouth_curve=mouths,
                                      nod_times_s=nod_times(voiceover))
    return store_video(ctx, frames, width=width, height=height, fps=VIDEO_FPS, voiceover=voiceover,
                       overlays=overlays, name="product-avatar.mp4", n_frames=n_frames)


def video_view(record: TaskRecord, links: Links) -> dict[str, Any]:
    """``{videoUrl, coverUrl, videoDuration (ms), width, height}`` from a stored video result."""
    result = record.result or {}
    return {
        "videoUrl": links.file_url(result["videoFileId"]) if result.get("videoFileId") else None,
        "coverUrl": links.file_url(result["coverFileId"]) if result.get("coverFileId") else None,
        "videoDuration": result.get("videoDuration"),
        "width": result.get("width"),
        "height": result.get("height"),
    }


SPEC = JobSpec(kind="product_avatar_i2v", biz_type="PRODUCT_AVATAR_IMAGE2VIDEO", run=run, view=video_view,
               queue="cpu")
