"""Video Avatar: a talking-avatar video from a public or custom avatar, an uploaded video
or photo, and TTS or uploaded audio, lips moving with the words."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import cv2
from pydantic import Field, model_validator

from shopreel.catalog.presenters import find_presenter
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.voices import default_voice
from shopreel.engines import Capability
from shopreel.errors import BadRequest, MissingParameter, NotFound
from shopreel.jobs.fields import OptionalText, null_is, one_of
from shopreel.jobs.inputs import load_image
from shopreel.jobs.keep_clear import PHOTO_HEAD_MARGIN, rig_keep_out, still_keep_out
from shopreel.jobs.product_avatar_video import video_view
from shopreel.jobs.talking import (
    VIDEO_FPS, Script, TalkingVideo, caption_overlays, check_speech, even, mouth_states, nod_times, speak_request,
    store_video, talking_cost, talking_head_frames, tts_voiceover, uploaded_voiceover, voice_for,
)
from shopreel.media.avatar import talking_rig_frames
from shopreel.media.captions import KeepOut
from shopreel.media.footage import locate_subjects
from shopreel.media.image.frame import fit_frame
from shopreel.media.types import Frame
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "PhotoRequest", "AvatarVideo", "MODE_LONG_SIDE", "PHOTO_MODES", "MAX_MOTION_CHARS"]

#: Avatar 4's limit on ``customMotion``.
MAX_MOTION_CHARS = 600
#: Avatar 4's ``customMotion``: free text up to ``MAX_MOTION_CHARS`` (longer answers 4000).
Motion = Annotated[Annotated[str, Field(max_length=MAX_MOTION_CHARS)] | None, null_is(None)]
#: modeType 0 (avatar1) renders at 720p, 1 (avatar2) at 1080p (long side 1280 / 1920); 2,
#: which newer TopView clients send for their next avatar model, renders like 1.
MODE_LONG_SIDE = {0: 1280, 1: 1920, 2: 1920}
#: The field that names the avatar for each ``avatarSourceFrom``.
_SOURCE_FIELD = {0: "videoFileId", 1: "aiAvatarId", 2: "aiAvatarId", 3: "imageFileId"}


class Params(TaskModel):
    avatar_source_from: Annotated[int, null_is(1), one_of(0, 1, 2, 3)] = Field(
        1, alias="avatarSourceFrom", description="0 uploaded video, 1 public avatar, 2 custom avatar, 3 photo.")
    video_file_id: OptionalText = Field(None, alias="videoFileId")
    ai_avatar_id: OptionalText = Field(None, alias="aiAvatarId")
    image_file_id: OptionalText = Field(None, alias="imageFileId")
    audio_source_from: Annotated[int, null_is(1), one_of(0, 1)] = Field(
        1, alias="audioSourceFrom", description="0 uploaded audio, 1 TTS.")
    audio_file_id: OptionalText = Field(None, alias="audioFileId")
    tts_text: OptionalText = Field(None, alias="ttsText")
    voiceover_id: OptionalText = Field(None, alias="voiceoverId")
    voice_speed: Annotated[float, Field(ge=0.8, le=1.2)] | None = Field(None, alias="voiceSpeed",
                                                                         description="0.8–1.2, TTS only.")
    caption_id: OptionalText = Field(None, alias="captionId")
    mode_type: Annotated[int, null_is(0), one_of(0, 1, 2)] = Field(
        0, alias="modeType", description="0 avatar1 (720p), 1 avatar2 (1080p); 2 is served as 1.")
    is_save2_custom_ai_avatar: Annotated[bool, null_is(False)] = Field(False, alias="isSave2CustomAiAvatar")
    custom_motion: Motion = Field(
        None, alias="customMotion",
        description='Photo Avatar: free-text motion, ≤600 characters; "calm"/"still"/"no nodding" stop the '
                    'nods, "nod"/"nodding" add more; other words are recorded only.')
    board_id: OptionalText = Field(None, alias="boardId", description="Photo Avatar: recorded and echoed.")

    @model_validator(mode="after")
    def _sources(self) -> Params:
        chosen = {0: self.video_file_id, 1: self.ai_avatar_id, 2: self.ai_avatar_id, 3: self.image_file_id}
        if not chosen[self.avatar_source_from]:
            raise MissingParameter(f"Required parameter cannot be null: {_SOURCE_FIELD[self.avatar_source_from]}")
        if self.avatar_source_from == 1 and find_presenter(self.ai_avatar_id or "") is None:
            raise NotFound(f"aiAvatarId {self.ai_avatar_id!r} not found")
        if self.tts:
            if not self.tts_text:
                raise MissingParameter("Required parameter cannot be null: ttsText")
            check_speech(tts_text=self.tts_text, audio_file_id=None, voice_id=self.voiceover_id,
                         caption_id=self.caption_id)
        else:
            if not self.audio_file_id:
                raise MissingParameter("Required parameter cannot be null: audioFileId")
            check_speech(tts_text=None, audio_file_id=self.audio_file_id, voice_id=None, caption_id=self.caption_id)
        return self

    @property
    def tts(self) -> bool:
        """The voice is synthesized from ``ttsText`` (else ``audioFileId`` is spoken)."""
        return self.audio_source_from == 1


#: Photo Avatar (Avatar 4) ``mode`` → ``modeType``: avatar4 renders 1080p, avatar2 and
#: avatar4Fast 720p (one talking-photo engine; the names choose the size).
PHOTO_MODES = {"avatar4": 1, "avatar2": 0, "avatar4Fast": 0}


class PhotoRequest(Script):
    """The Photo Avatar (Avatar 4) body, ``/v1/photo_avatar/task/submit``: a photo or an
    avatar made to talk, turned into this kind's ``Params`` by ``params``."""

    template_image_file_id: OptionalText = Field(
        None, alias="templateImageFileId", description="A photo with a face (this or avatarId is required).")
    avatar_id: OptionalText = Field(None, alias="avatarId",
                                    description="A public avatar or your custom avatar (AiAvatar Query).")
    mode: Annotated[Literal["avatar2", "avatar4", "avatar4Fast"], null_is("avatar4")] = Field(
        "avatar4", description="avatar4 (1080p, default) | avatar2 | avatar4Fast (720p).")
    custom_motion: Motion = Field(
        None, alias="customMotion",
        description='Free-text motion, ≤600 characters: "calm"/"still"/"no nodding" stop the nods, '
                    '"nod"/"nodding" add more; other words are recorded only.')
    save_custom_ai_avatar: Annotated[bool, null_is(False)] = Field(
        False, alias="saveCustomAiAvatar", description='true / "true": keep the photo as a custom avatar.')
    board_id: OptionalText = Field(None, alias="boardId", description="Recorded and echoed in the query.")

    @model_validator(mode="after")
    def _inputs(self) -> PhotoRequest:
        if not self.template_image_file_id and not self.avatar_id:
            raise MissingParameter("avatarId and templateImageFileId can not be empty at the same time")
        return self

    def params(self) -> Params:
        """This kind's parameters: a photo is ``avatarSourceFrom`` 3, a cast presenter 1, any
        other avatar id the user's custom avatar (2)."""
        if self.template_image_file_id:
            source = {"avatar_source_from": 3, "image_file_id": self.template_image_file_id}
        else:
            source = {"avatar_source_from": 1 if find_presenter(self.avatar_id or "") else 2,
                      "ai_avatar_id": self.avatar_id}
        tts_text, audio_file_id = self.speech
        return Params(**source, audio_source_from=1 if tts_text else 0, tts_text=tts_text,
                      voiceover_id=self.voice_id if tts_text else None, audio_file_id=audio_file_id,
                      caption_id=self.caption_id,
                      mode_type=PHOTO_MODES[self.mode], is_save2_custom_ai_avatar=self.save_custom_ai_avatar,
                      custom_motion=self.custom_motion, board_id=self.board_id)


class AvatarVideo(TalkingVideo):
    input_video_file_id: str | None = Field(None, alias="inputVideoFileId")
    input_audio_file_id: str | None = Field(None, alias="inputAudioFileId")
    custom_ai_avatar_id: str | None = Field(None, alias="customAiAvatarId")


def _size(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = long_side / max(width, height)
    return even(width * scale), even(height * scale)


def _fitted(frames: Iterator[Frame], width: int, height: int) -> Iterator[Frame]:
    for frame in frames:
        if frame.shape[1] == width and frame.shape[0] == height:
            yield frame
        else:
            yield cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)


def run(ctx: JobContext, params: Params) -> AvatarVideo:
    source = params.avatar_source_from
    long_side = MODE_LONG_SIDE[params.mode_type]
    presenter = None
    kind, file_id = "", ""
    if source == 1:
        presenter = find_presenter(params.ai_avatar_id or "")
        if presenter is None:
            raise NotFound(f"aiAvatarId {params.ai_avatar_id!r} not found")
        kind, file_id = "presenter", presenter.presenter_id
    elif source == 2:
        avatar = ctx.custom_avatar(params.ai_avatar_id or "")
        kind, file_id = avatar.source_kind, avatar.file_id
        if kind == "presenter":
            presenter = find_presenter(file_id)
    elif source == 0:
        kind, file_id = "video", params.video_file_id or ""
    else:
        kind, file_id = "photo", params.image_file_id or ""

    if params.tts:
        voices = available_voices(ctx.settings)
        voice = voice_for(params.voiceover_id, default=presenter.voice_among(voices) if presenter
                          else default_voice("en", voices=voices))
        voiceover = tts_voiceover(ctx, params.tts_text or "", voice, speed=params.voice_speed or 1.0)
    else:
        voiceover = uploaded_voiceover(ctx, params.audio_file_id or "", captions=bool(params.caption_id))
    ctx.progress(10)
    n_frames, mouths = mouth_states(voiceover)
    nods = nod_times(voiceover, params.custom_motion)

    keep_out: tuple[KeepOut, ...] = ()  # what the captions leave clear: the face, the product
    with contextlib.ExitStack() as stack:
        if kind == "presenter":
            assert presenter is not None
            width, height = _size(9, 16, long_side)
            frames: Iterator[Frame] = (f for f, _ in talking_rig_frames(
                presenter.spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames, mouth_curve=mouths,
                nod_times_s=nods))
            if params.caption_id:
                keep_out = rig_keep_out(presenter.spec, width=width, height=height, fps=VIDEO_FPS, n_frames=n_frames,
                                        nod_times_s=nods)
        elif kind == "photo":
            photo = load_image(ctx, file_id, field="imageFileId")
            width, height = _size(photo.shape[1], photo.shape[0], long_side)
            photo = fit_frame(photo, width=width, height=height)
            subjects = locate_subjects(photo, head_margin=PHOTO_HEAD_MARGIN)
            if not subjects.faces:
                raise BadRequest("no face was found in the photo; use a photo where the face is visible and frontal")
            keep_out = still_keep_out(subjects.boxes)
            frames = talking_head_frames(ctx, stack, photo, speak_request(voiceover, n_frames=n_frames, mouths=mouths,
                                                                          nod_times_s=nods))
        else:
            stored = ctx.input_file(file_id, kinds=("video",), field="videoFileId")
            width, height = _size(stored.width or 720, stored.height or 1280, long_side)
            path = stack.enter_context(ctx.open_input(file_id))
            speech = speak_request(voiceover, n_frames=n_frames, mouths=mouths, nod_times_s=nods)
            frames = _fitted(talking_head_frames(ctx, stack, path, speech), width, height)
        overlays = caption_overlays(voiceover, params.caption_id, width=width, height=height, keep_out=keep_out)
        video = store_video(ctx, frames, width=width, height=height, fps=VIDEO_FPS, voiceover=voiceover,
                            overlays=overlays, name="video-avatar.mp4", n_frames=n_frames)
    saved = None
    if params.is_save2_custom_ai_avatar:
        saved = ctx.save_custom_avatar(name=f"My avatar ({kind})", source_kind=kind, file_id=file_id,
                                       cover_file_id=video.cover_file_id, preview_file_id=video.video_file_id)
    return AvatarVideo(**video.stored(), input_video_file_id=_input_video(params),
                       input_audio_file_id=_input_audio(params), custom_ai_avatar_id=saved.avatar_id if saved else None)


def _input_video(params: Params) -> str | None:
    return params.video_file_id if params.avatar_source_from == 0 else None


def _input_audio(params: Params) -> str | None:
    return None if params.tts else params.audio_file_id


def view(record: TaskRecord, params: Params, result: AvatarVideo | None, links: Links) -> dict[str, Any]:
    shown = video_view(result, links)
    return {
        "inputVideoFileId": result.input_video_file_id if result else _input_video(params),
        "inputAudioFileId": result.input_audio_file_id if result else _input_audio(params),
        "outputVideoUrl": shown["videoUrl"],
        **shown,
        "customAiAvatarId": result.custom_ai_avatar_id if result else None,
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """Per started minute of speech: modeType 0 renders 720p, 1 and 2 1080p."""
    return talking_cost(settings, media_ms, resolution="720p" if params.mode_type == 0 else "1080p",
                        tts_text=params.tts_text if params.tts else None, audio_file_id=_input_audio(params))


SPEC = JobSpec(kind="video_avatar", biz_type="ZERO_SHOT_AVATAR", params=Params, result=AvatarVideo, run=run,
               view=view, queue=Capability.TALKING_HEAD.value, cost=cost)
