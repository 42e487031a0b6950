"""Video Avatar: a talking-avatar video from a public or custom avatar, an uploaded video
or photo, and TTS or uploaded audio, lips moving with the words."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import cv2

from shopreel.catalog.presenters import find_presenter
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import load_image
from shopreel.jobs.product_avatar_video import video_view
from shopreel.jobs.talking import (
    VIDEO_FPS, caption_overlays, even, mouth_states, nod_times, store_video, tts_voiceover, uploaded_voiceover,
    tts_for, voice_for,
)
from shopreel.media.avatar import talking_photo_frames, talking_rig_frames, talking_video_frames
from shopreel.media.face import face_exists
from shopreel.media.image.frame import fit_frame
from shopreel.media.types import Frame
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "MODE_LONG_SIDE"]

#: modeType 0 (avatar1) renders at 720p, 1 (avatar2) at 1080p (long side 1280 / 1920).
MODE_LONG_SIDE = {0: 1280, 1: 1920}


def _size(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = long_side / max(width, height)
    return even(width * scale), even(height * scale)


def _fitted(frames: Iterator[Frame], width: int, height: int) -> Iterator[Frame]:
    for frame in frames:
        if frame.shape[1] == width and frame.shape[0] == height:
            yield frame
        else:
            yield cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)


def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    source = int(params["avatarSourceFrom"])
    long_side = MODE_LONG_SIDE[int(params.get("modeType") or 0)]
    presenter = None
    kind, file_id = "", ""
    if source == 1:
        presenter = find_presenter(params["aiAvatarId"])
        if presenter is None:
            raise NotFound(f"aiAvatarId {params['aiAvatarId']!r} not found")
        kind, file_id = "presenter", presenter.presenter_id
    elif source == 2:
        avatar = ctx.custom_avatar(params["aiAvatarId"])
        kind, file_id = avatar.source_kind, avatar.file_id
        if kind == "presenter":
            presenter = find_presenter(file_id)
    elif source == 0:
        kind, file_id = "video", params["videoFileId"]
    else:
        kind, file_id = "photo", params["imageFileId"]

    if params.get("audioSourceFrom") in (1, "1") or params.get("ttsText"):
        voice = voice_for(params.get("voiceoverId"), default=presenter.voice if presenter else None)
        voiceover = tts_voiceover(params["ttsText"], voice, speed=float(params.get("voiceSpeed") or 1.0),
                                  tts=tts_for(ctx.settings, voice))
    else:
        voiceover = uploaded_voiceover(ctx, params["audioFileId"])
    ctx.progress(10)
    n_frames, mouths = mouth_states(voiceover)
    nods = nod_times(voiceover)

    with contextlib.ExitStack() as stack:
        if kind == "presenter":
            assert presenter is not None
            width, height = _size(9, 16, long_side)
            frames: Iterator[Frame] = (f for f, _ in talking_rig_frames(
                presenter.spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames, mouth_curve=mouths,
                nod_times_s=nods))
        elif kind == "photo":
            photo = load_image(ctx, file_id, field="imageFileId")
            width, height = _size(photo.shape[1], photo.shape[0], long_side)
            photo = fit_frame(photo, width=width, height=height)
            if not face_exists(photo):
                raise BadRequest("no face was found in the photo; use a photo where the face is visible and frontal")
            frames = talking_photo_frames(photo, fps=VIDEO_FPS, n_frames=n_frames, mouth_curve=mouths,
                                          nod_times_s=nods)
        else:
            stored = ctx.input_file(file_id, kinds=("video",), field="videoFileId")
            width, height = _size(stored.width or 720, stored.height or 1280, long_side)
            path = stack.enter_context(ctx.open_input(file_id))
            frames = _fitted(talking_video_frames(path, fps=VIDEO_FPS, n_frames=n_frames, mouth_curve=mouths),
                             width, height)
        overlays = caption_overlays(voiceover, params.get("captionId"), width=width, height=height)
        result = store_video(ctx, frames, width=width, height=height, fps=VIDEO_FPS, voiceover=voiceover,
                             overlays=overlays, name="video-avatar.mp4", n_frames=n_frames)
    result.update(inputVideoFileId=params.get("videoFileId"), inputAudioFileId=params.get("audioFileId"))
    if params.get("isSave2CustomAiAvatar"):
        saved = ctx.save_custom_avatar(name=f"My avatar ({kind})", source_kind=kind, file_id=file_id,
                                       cover_file_id=result["coverFileId"], preview_file_id=result["videoFileId"])
        result["customAiAvatarId"] = saved.avatar_id
    return result


def view(record: TaskRecord, links: Links) -> dict[str, Any]:
    result = record.result or {}
    shown = video_view(record, links)
    return {
        "inputVideoFileId": result.get("inputVideoFileId", record.params.get("videoFileId")),
        "inputAudioFileId": result.get("inputAudioFileId", record.params.get("audioFileId")),
        "outputVideoUrl": shown["videoUrl"],
        **shown,
        "customAiAvatarId": result.get("customAiAvatarId"),
    }


SPEC = JobSpec(kind="video_avatar", biz_type="ZERO_SHOT_AVATAR", run=run, view=view, queue="cpu")
