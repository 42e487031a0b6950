"""Avatar Marketing Video (M2V): from a product link or uploaded media to finished ads.

One task, in phases:
- ``create``: gather the material (scrape the link, or the given files), describe every image
  and every shot of every video, write the scripts, then render a low-resolution preview of
  each script (``preview``) or export the first one directly;
- ``export``: a later ``POST /v1/m2v/export`` reopens the task to render one script (as it
  stands after any ``script/update``) at full resolution.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from PIL import Image
from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from shopreel.catalog.captions import CAPTION_STYLES, find_caption
from shopreel.catalog.presenters import cast_presenter, find_presenter, product_categories
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.voices import Voice, default_voice, find_voice, speaking_voice
from shopreel.engines import Capability
from shopreel.errors import BadRequest, InvalidInput, MissingParameter, NotFound
from shopreel.jobs.fields import MAX_PROMPT_CHARS, MAX_TEXT_CHARS, MAX_URL_CHARS, OptionalText, null_is
from shopreel.jobs.inputs import load_image, product_cutout, product_matte, save_image
from shopreel.jobs.m2v_shots import Cut, View, clips_for, crossfade_for, cut_voice, pick_templates, product_views, video_views
from shopreel.jobs.keep_clear import logo_keep_out, rig_keep_out, timeline_keep_out
from shopreel.jobs.scraper import scrape_product
from shopreel.jobs.script_llm import OpenAIScriptWriter, ScriptWriterError
from shopreel.jobs.talking import voice_for
from shopreel.media.avatar import (
    HeldImage, frame_count, held_image, loudness_track, mouth_curve, render_talking_video, talking_rig_frames,
)
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.captions import KeepOut
from shopreel.media.endcard import Backdrop, CardText, design_end_card
from shopreel.media.footage import analyse_video, describe_image
from shopreel.media.image import studio_shot
from shopreel.media.image.io import open_bounded
from shopreel.media.music import make_music_bed
from shopreel.media.script import LANGUAGES, LENGTH_TYPES, STYLES, ProductFacts, canonical_style, diy_script, write_scripts
from shopreel.media.script.phrases import phrasebook
from shopreel.media.script.price import format_price
from shopreel.media.script.styles import AUTO
from shopreel.media.speech import Speech, WordTiming, viseme_track
from shopreel.media.image import trim_to_alpha
from shopreel.media.types import Alpha, Box, Frame
from shopreel.media.video.audio import load_audio, mix_voice_and_music, resample
from shopreel.media.video.compose import render
from shopreel.media.video.logo import Corner, LogoOverlay
from shopreel.media.video.probe import extract_cover
from shopreel.media.video.timeline import EndCard, Timeline, VideoClip
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord, TaskStatus

__all__ = ["SPEC", "Request", "Params", "Material", "ImageScene", "Shot", "Segment", "Script", "RenderedVideo",
           "M2VResult", "ASPECT_SIZES", "PREVIEW_DIVISOR", "THAI_VOICES"]

#: The most product images and videos one ad is made from (``fileIds``).
MAX_FILES = 20
AspectRatio = Literal["9:16", "3:4", "1:1", "4:3", "16:9"]
ASPECT_SIZES: dict[str, tuple[int, int]] = {"9:16": (1080, 1920), "3:4": (1080, 1440), "1:1": (1080, 1080),
                                            "4:3": (1440, 1080), "16:9": (1920, 1080)}
#: TopView allows only these voices for Thai (TOPVIEW_API.md 1.1).
THAI_VOICES = {"5d188a658b5a424e98bf0dbbcb8f97d8", "eea5e5a4fb534231a5b4cf4766dd7a5f",
               "537e2643719c47bdac1d8a2c7f0c844a", "e22db502aa8d40d9ba791083c9f4ab35"}
#: Previews render at a third of the export size, 24 fps, with the fastest encoder preset.
PREVIEW_DIVISOR = 3
log = logging.getLogger("shopreel.jobs.m2v")

SAMPLE_RATE = 48_000
SEGMENT_GAP_S = 0.25
END_CARD_S = 2.0
STYLE_MOOD = {"pain point": "corporate", "curiosity hook": "upbeat", "storytelling": "calm",
              "brand-oriented": "corporate"}


class Request(TaskModel):
    """What a client sends: the product (a link to scrape, or files with a name and a
    description), how the ad looks and sounds, and how its scripts are written."""

    product_link: OptionalText = Field(None, alias="productLink", max_length=MAX_URL_CHARS)
    file_ids: tuple[str, ...] | None = Field(None, alias="fileIds", max_length=MAX_FILES,
                                             description=f"Product images and videos, at most {MAX_FILES}.")
    product_name: OptionalText = Field(None, alias="productName", max_length=200)
    product_description: OptionalText = Field(None, alias="productDescription", max_length=MAX_TEXT_CHARS)
    aspect_ratio: Annotated[AspectRatio, null_is("9:16")] = Field(
        "9:16", alias="aspectRatio", description="9:16 (default), 3:4, 1:1, 4:3, 16:9.")
    language: Annotated[str, null_is("en")] = Field("en", description="One of the 33 TopView languages; default en.")
    voice_id: OptionalText = Field(None, alias="voiceId")
    caption_id: OptionalText = Field(None, alias="captionId")
    aiavatar_id: OptionalText = Field(None, alias="aiavatarId",
                                      description="A presenter from AiAvatar Query; none: voice over b-roll.")
    video_length_type: Annotated[int, BeforeValidator(lambda value: value or 1)] = Field(
        1, alias="videoLengthType", description="1 30–50 s (default), 2 15–30 s, 3 30–45 s, 4 45–60 s.")
    endcard_file_id: OptionalText = Field(None, alias="endcardFileId")
    endcard_aspect_ratio: Annotated[Literal["all"] | AspectRatio, null_is("all")] = Field(
        "all", alias="endcardAspectRatio")
    endcard_background_color: Annotated[Literal["black", "white"] | None, null_is(None)] = Field(
        None, alias="endcardBackgroundColor",
        description="Not sent (or null): the end card's background is designed from the product's colours. "
                    "black or white: that plain colour. Behind an uploaded endcardFileId: black when not sent.")
    logo_file_id: OptionalText = Field(None, alias="logoFileId")
    music_file_id: OptionalText = Field(None, alias="musicFileId")
    preview: Annotated[bool, null_is(False)] = False
    is_diy_script: Annotated[bool, null_is(False)] = Field(False, alias="isDiyScript")
    diy_style: Literal["diyScriptStyle", "diyScriptPrompt"] | None = Field(None, alias="diyStyle")
    diy_script_style: OptionalText = Field(None, alias="diyScriptStyle")
    diy_script_description: OptionalText = Field(None, alias="diyScriptDescription", max_length=MAX_TEXT_CHARS)
    diy_script_prompt: OptionalText = Field(None, alias="diyScriptPrompt", max_length=MAX_PROMPT_CHARS)
    target_audience: OptionalText = Field(None, alias="targetAudience", max_length=500)

    @field_validator("diy_script_style")
    @classmethod
    def _known_style(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not info.data.get("is_diy_script") or info.data.get("diy_style") != "diyScriptStyle":
            return value
        try:
            return canonical_style(value)
        except ValueError as exc:
            raise BadRequest(f"diyScriptStyle must be one of {', '.join(STYLES)}") from exc

    @model_validator(mode="after")
    def _consistent(self) -> Request:
        if not self.product_link and not self.file_ids:
            raise MissingParameter("Required parameter cannot be null: productLink or fileIds")
        if not self.product_link:
            if not self.product_name:
                raise MissingParameter("Required parameter cannot be null: productName")
            if not self.is_diy_script and not self.product_description:
                raise MissingParameter("Required parameter cannot be null: productDescription")
        if self.language not in LANGUAGES:
            raise BadRequest(f"language must be one of {', '.join(sorted(LANGUAGES))}, got {self.language!r}")
        if self.voice_id:
            if find_voice(self.voice_id) is None:
                raise NotFound(f"voiceId {self.voice_id!r} not found")
            if self.language == "th" and self.voice_id not in THAI_VOICES:
                raise BadRequest("for language th only these voiceIds work: " + ", ".join(sorted(THAI_VOICES)))
        if self.caption_id and find_caption(self.caption_id) is None:
            raise NotFound(f"captionId {self.caption_id!r} not found")
        if self.aiavatar_id and find_presenter(self.aiavatar_id) is None:
            raise NotFound(f"aiavatarId {self.aiavatar_id!r} not found")
        if self.video_length_type not in LENGTH_TYPES:
            raise BadRequest(f"videoLengthType must be 1, 2, 3 or 4, got {self.video_length_type}")
        if self.is_diy_script:
            needed = {None: ("diyScriptDescription", self.diy_script_description),
                      "diyScriptPrompt": ("diyScriptPrompt", self.diy_script_prompt),
                      "diyScriptStyle": ("diyScriptStyle", self.diy_script_style)}[self.diy_style]
            if not needed[1]:
                raise MissingParameter(f"Required parameter cannot be null: {needed[0]}")
        return self

    @property
    def script_text(self) -> str | None:
        """The user's own script, spoken as written (DIY with no style)."""
        return self.diy_script_description if self.is_diy_script and self.diy_style is None else None

    @property
    def script_style(self) -> str | None:
        return self.diy_script_style if self.is_diy_script and self.diy_style == "diyScriptStyle" else None

    @property
    def script_prompt(self) -> str | None:
        return self.diy_script_prompt if self.is_diy_script and self.diy_style == "diyScriptPrompt" else None


class Params(Request):
    #: Set by ``POST /v1/m2v/export``: render this script at full size (the task's second phase).
    export_script_id: int | None = Field(None, alias="exportScriptId")


class ImageScene(TaskModel):
    media_id: str = Field(alias="mediaId")
    media_type: Literal["image"] = Field("image", alias="mediaType")
    scene_analyse_desc: str = Field(alias="sceneAnalyseDesc")
    scene_file_name: str = Field(alias="sceneFileName")


class Shot(TaskModel):
    """One shot of an uploaded or scraped video."""

    media_id: str = Field(alias="mediaId")
    seq: int
    media_type: Literal["video"] = Field("video", alias="mediaType")
    scene_analyse_desc: str = Field(alias="sceneAnalyseDesc")
    scene_file_name: str = Field(alias="sceneFileName")
    cover_file_id: str = Field(alias="coverFileId")
    start: float
    end: float


class Material(TaskModel):
    """What the ad is made of: the product's facts and every image and video shot."""

    product_name: str = Field(alias="productName")
    product_description: str | None = Field(None, alias="productDescription")
    price: str | None = None
    currency: str | None = None
    brand: str | None = None
    #: The presenter cast for the ad when the request named none (an extension field).
    aiavatar_id: str | None = Field(None, alias="aiavatarId")
    image_scene_info_list: tuple[ImageScene, ...] = Field((), alias="imageSceneInfoList")
    video_scene_info_list: tuple[Shot, ...] = Field((), alias="videoSceneInfoList")


class Segment(TaskModel):
    seg_id: int = Field(alias="segId")
    seg_text: str = Field(alias="segText")
    role: str = ""


class Script(TaskModel):
    script_id: int = Field(alias="scriptId")
    style: str = ""
    script_contents: tuple[Segment, ...] = Field((), alias="scriptContents")


class RenderedVideo(TaskModel):
    script_id: int = Field(alias="scriptId")
    status: str
    title: str | None = None
    description: str | None = None
    video_file_id: str | None = Field(None, alias="videoFileId")
    cover_file_id: str | None = Field(None, alias="coverFileId")
    video_duration: int | None = Field(None, alias="videoDuration")
    video_etag: str | None = Field(None, alias="videoEtag")


class M2VResult(Material):
    script_content_list: tuple[Script, ...] = Field((), alias="scriptContentList")
    preview_videos: tuple[RenderedVideo, ...] = Field((), alias="previewVideos")
    export_videos: tuple[RenderedVideo, ...] = Field((), alias="exportVideos")

    def script(self, script_id: int | None) -> Script:
        """Script ``script_id`` (0 or None: the first); 4004 when there is none."""
        ids = [s.script_id for s in self.script_content_list]
        if not ids:
            raise NotFound("this task has no scripts yet")
        chosen = script_id or ids[0]
        if chosen not in ids:
            raise NotFound(f"scriptId {chosen} not found; this task has {ids}")
        return self.script_content_list[ids.index(chosen)]


@dataclass(frozen=True)
class _Line:
    """One spoken segment, placed on the voice-over's clock."""

    role: str
    start_s: float
    end_s: float
    speech: Speech


# -- material -------------------------------------------------------------------------

def _gather(ctx: JobContext, params: Params) -> Material:
    name, description = params.product_name, params.product_description
    images: list[str] = []
    videos: list[str] = []
    page = None
    if params.product_link:
        page = scrape_product(ctx, params.product_link)
        images = [item.file_id for item in page.product_images]
        videos = [item.file_id for item in page.product_videos]
        name = name or page.product_name
        description = description or page.product_description
    for file_id in params.file_ids or ():
        stored = ctx.input_file(file_id, kinds=("image", "video"), field="fileIds")
        (images if stored.kind == "image" else videos).append(file_id)
    if not images and not videos:
        raise BadRequest("no product images or videos to make the video from")
    if not name:
        raise BadRequest("the product page has no product name; give productName")
    ctx.progress(20)
    image_scenes = []
    for file_id in images:
        info = describe_image(load_image(ctx, file_id, field="fileIds"))
        image_scenes.append(ImageScene(media_id=file_id, scene_analyse_desc=info.desc,
                                       scene_file_name=ctx.input_file(file_id, kinds=("image",)).file_name))
    video_scenes = []
    for file_id in videos:
        ctx.check_cancelled()
        with ctx.open_input(file_id) as path:
            scenes = analyse_video(path)
        for seq, scene in enumerate(scenes):
            cover = save_image(ctx, scene.cover, name=f"scene-{seq + 1}.jpg")
            video_scenes.append(Shot(media_id=file_id, seq=seq, scene_analyse_desc=scene.info.desc,
                                     scene_file_name=ctx.input_file(file_id, kinds=("video",)).file_name,
                                     cover_file_id=cover.file_id, start=round(scene.start_s, 3),
                                     end=round(scene.end_s, 3)))
    ctx.progress(30)
    return Material(product_name=name, product_description=description, price=page.price if page else None,
                    currency=page.currency if page else None, brand=page.brand if page else None,
                    image_scene_info_list=tuple(image_scenes), video_scene_info_list=tuple(video_scenes))


def _voice(ctx: JobContext, params: Params, material: Material) -> Voice:
    """``voiceId``, else the language's default among this server's voices (neural first),
    unless the presenter is of the other gender, who then speaks with a voice of their own."""
    voices = available_voices(ctx.settings)
    voice = voice_for(params.voice_id, default=default_voice(params.language, voices=voices))
    presenter = find_presenter(params.aiavatar_id or material.aiavatar_id or "")
    if params.voice_id or presenter is None or presenter.gender == voice.gender:
        return voice
    return speaking_voice(presenter.gender, age=presenter.spec.age, language=params.language, voices=voices)


def _cast(ctx: JobContext, params: Params, material: Material) -> Material:
    """``material`` with the presenter who leads the ad when the request names none: one
    who fits the language, the audience, the voice and the product (``cast_presenter``).
    Only with a photo of the product: a presenter holds it, and with nothing to hold, a
    presenter would hold a prop that is not the product."""
    if params.aiavatar_id or not material.image_scene_info_list:
        return material
    voice = voice_for(params.voice_id, default=default_voice(params.language, voices=available_voices(ctx.settings)))
    presenter = cast_presenter(language=params.language, audience=params.target_audience,
                               product=f"{material.product_name} {material.product_description or ''}",
                               voice_gender=voice.gender)
    return material.model_copy(update={"aiavatar_id": presenter.presenter_id})


def _scripts(ctx: JobContext, params: Params, material: Material) -> tuple[Script, ...]:
    language = params.language
    if params.script_text:
        scripts = [diy_script(params.script_text, language=language)]
    else:
        voice = _voice(ctx, params, material)
        facts = ProductFacts(name=material.product_name, description=material.product_description,
                             price=material.price, currency=material.currency,
                             brand=material.brand, target_audience=params.target_audience)
        style = params.script_style

        said: dict[str, int] = {}  # the candidate scripts share most of their lines: each is measured once

        def measure(text: str) -> float:
            """Seconds the job will take to say ``text``: segment by segment, with the gaps."""
            segments = diy_script(text, language=language).segments
            for seg in segments:
                if seg.text not in said:
                    with ctx.engines.use(Capability.TTS) as synthesizer:
                        said[seg.text] = synthesizer.voice_engine(voice).duration_ms(seg.text, voice=voice.spec)
            return sum(said[seg.text] for seg in segments) / 1000 + SEGMENT_GAP_S * (len(segments) - 1)

        options = dict(language=language, length=LENGTH_TYPES[params.video_length_type],
                       styles=[style] if style and canonical_style(style) != AUTO else None,
                       prompt=params.script_prompt, measure=measure)
        scripts = None
        settings = ctx.settings
        if settings.llm_base_url:
            key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
            try:
                scripts = OpenAIScriptWriter(settings.llm_base_url, key, settings.llm_model)(facts, **options)
            except ScriptWriterError as exc:
                log.warning("task %s: the language model's scripts were unusable (%s); using templates",
                            ctx.task_id, exc)
        if scripts is None:
            scripts = write_scripts(facts, **options)
    return tuple(
        Script(script_id=index + 1, style=script.style,
               script_contents=tuple(Segment(seg_id=seg.seg_id, seg_text=seg.text, role=seg.role)
                                     for seg in script.segments))
        for index, script in enumerate(scripts)
    )


# -- rendering ------------------------------------------------------------------------

def _speak(ctx: JobContext, script: Script, voice: Voice) -> tuple[np.ndarray, int, list[_Line]]:
    pieces, lines, clock = [], [], 0.0
    rate = 0
    for segment in script.script_contents:
        text = segment.seg_text.strip()
        if not text:
            continue
        with ctx.engines.use(Capability.TTS) as synthesizer:
            speech = synthesizer.voice_engine(voice).synthesize(text, voice=voice.spec)
        rate = speech.sample_rate
        lines.append(_Line(role=segment.role, start_s=clock, end_s=clock + speech.duration_ms / 1000,
                           speech=speech))
        pieces += [speech.audio, np.zeros(int(SEGMENT_GAP_S * rate), np.float32)]
        clock = lines[-1].end_s + SEGMENT_GAP_S
    if not lines:
        raise BadRequest(f"script {script.script_id} has no text to speak")
    return np.concatenate(pieces), rate, lines


def _words(lines: list[_Line]) -> list[WordTiming]:
    offset = [round(line.start_s * 1000) for line in lines]
    return [WordTiming(w.text, w.start_ms + o, w.end_ms + o) for line, o in zip(lines, offset) for w in line.speech.words]


def _presenter_video(ctx: JobContext, presenter_id: str, line: _Line, *, width: int, height: int, fps: float,
                     folder: Path, index: int, held: HeldImage | None) -> Path:
    """The presenter saying ``line``, holding the product (``held``) when there is a photo of it."""
    presenter = find_presenter(presenter_id)
    assert presenter is not None
    speech = line.speech
    n = frame_count(len(speech.audio), sample_rate=speech.sample_rate, fps=fps)
    mouths = mouth_curve(viseme_track(speech.phonemes, duration_ms=speech.duration_ms), fps=fps, n_frames=n,
                         loudness=loudness_track(speech.audio, speech.sample_rate, fps=fps, n_frames=n))
    path = folder / f"presenter-{index}.mp4"
    frames = (f for f, _ in talking_rig_frames(presenter.spec, width=width, height=height, fps=fps, n_frames=n,
                                                mouth_curve=mouths, held=held))
    render_talking_video(frames, width=width, height=height, fps=fps, audio=speech.audio,
                         sample_rate=speech.sample_rate, path=path, preset="ultrafast", cancelled=ctx.cancelled)
    return path


def _presenter_keep_out(presenter_id: str, line: _Line, *, width: int, height: int, fps: float,
                        held: HeldImage | None) -> tuple[KeepOut, ...]:
    """Where the face and the held product are in each frame of :func:`_presenter_video`'s video."""
    presenter = find_presenter(presenter_id)
    assert presenter is not None
    n = frame_count(len(line.speech.audio), sample_rate=line.speech.sample_rate, fps=fps)
    return rig_keep_out(presenter.spec, width=width, height=height, fps=fps, n_frames=n, held=held,
                        until_s=line.end_s - line.start_s + SEGMENT_GAP_S)


def _within(keep_out: tuple[KeepOut, ...], offset_s: float, length_s: float) -> tuple[KeepOut, ...]:
    """``keep_out`` of a presenter line seen through a clip that starts ``offset_s`` into it
    and lasts ``length_s``: on the clip's clock, cut to the clip."""
    shifted = []
    for item in keep_out:
        start, end = max(item.start_s - offset_s, 0.0), min(item.end_s - offset_s, length_s)
        if end > start:
            shifted.append(KeepOut(start, end, item.boxes))
    return tuple(shifted)


def _views(ctx: JobContext, material: Material, images: dict[str, Frame], cutouts: dict[str, tuple[Frame, Alpha]],
           *, size: tuple[int, int], folder: Path, seed: int, boxes: dict[int, tuple[Box, ...]]) -> list[View]:
    """The distinct views of the product the b-roll cycles through (see ``m2v_shots``): for
    each photo its scenes, close-up and whole, and each video's shots, taken in turn from
    each source so that several photos and videos mix. Fills ``images`` with the decoded
    photos and ``cutouts`` with the products cut out of them."""
    categories = product_categories(f"{material.product_name} {material.product_description or ''}")
    per_source: list[list[View]] = []
    photos = material.image_scene_info_list
    for k, item in enumerate(photos):
        if item.media_id not in images:
            images[item.media_id] = load_image(ctx, item.media_id, field="fileIds")
        photo = images[item.media_id]
        try:
            if not (_matting_model(ctx) or studio_shot(photo)):
                raise BadRequest("a photo of a scene")  # the classical matte's guess there can be a piece of it
            image, matte = product_matte(ctx, item.media_id, field="fileIds")
        except BadRequest:  # no product stands out (a lifestyle shot): the photo as it is
            per_source.append(product_views(photo, photo, np.zeros(photo.shape[:2], np.float32), size=size,
                                            templates=()))
            continue
        rgb, alpha, _ = trim_to_alpha(image, matte, pad_px=2)
        cutouts[item.media_id] = (rgb, alpha)
        count = (4 if len(photos) == 1 else 3) if k == 0 else 1
        templates = pick_templates(rgb, alpha, categories, count=count, seed=seed + k)
        per_source.append(product_views(photo, rgb, alpha, size=size, templates=templates, first_variant=k,
                                        photo_alpha=matte if matte.shape == photo.shape[:2] else None, boxes=boxes))
    by_video: dict[str, list[tuple[float, float]]] = {}
    for shot in material.video_scene_info_list:
        by_video.setdefault(shot.media_id, []).append((shot.start, shot.end))
    for media_id, shots in by_video.items():
        with ctx.open_input(media_id) as path:
            local = folder / f"{media_id}.mp4"
            local.write_bytes(Path(path).read_bytes())
        per_source.append(video_views(str(local), shots, name=media_id))
    views: list[View] = []
    for turn in range(max((len(source) for source in per_source), default=0)):
        views += [source[turn] for source in per_source if turn < len(source)]
    return views


def _render(ctx: JobContext, params: Params, material: Material, script: Script, *,
            preview: bool, progress: tuple[float, float]) -> RenderedVideo:
    width, height = ASPECT_SIZES[params.aspect_ratio]
    if preview:
        width, height = (round(width / PREVIEW_DIVISOR / 2) * 2, round(height / PREVIEW_DIVISOR / 2) * 2)
    fps = 24.0 if preview else 30.0
    voice = _voice(ctx, params, material)
    seed = int(hashlib.sha256(f"{ctx.task_id}:{script.script_id}".encode()).hexdigest()[:8], 16)
    avatar = params.aiavatar_id or material.aiavatar_id
    # One helper thread: the voice is spoken, then the presenter's lines drawn and encoded,
    # while this thread prepares the b-roll (the models and encoders release the GIL).
    with ctx.scratch_dir() as folder, _aside() as aside:
        spoken = aside.submit(_speak, ctx, script, voice)
        images: dict[str, Frame] = {}
        cutouts: dict[str, tuple[Frame, Alpha]] = {}
        boxes: dict[int, tuple[Box, ...]] = {}  # where the product is in the pictures the views show
        views = _views(ctx, material, images, cutouts, size=(width, height), folder=folder, seed=seed, boxes=boxes)
        voiceover, rate, lines = spoken.result()
        total_voice_s = len(voiceover) / rate
        held = held_image(*next(iter(cutouts.values()))) if avatar and cutouts else None
        if avatar and held is None and material.image_scene_info_list:
            if params.aiavatar_id:
                raise BadRequest("the presenter has no product to hold: no product stands out from its background "
                                 "in any of the photos; send a photo of the product on a plain background")
            avatar = None  # the presenter we cast was there to hold the product
        talking = [bool(avatar) and (index == 0 or index == len(lines) - 1 or line.role in ("hook", "cta"))
                   for index, line in enumerate(lines)]
        cuts = cut_voice([(line.start_s, line.end_s + SEGMENT_GAP_S, line.speech.words, talks)
                          for line, talks in zip(lines, talking)])
        presenter_paths: dict[int, Future[Path]] = {}  # the presenter saying each line they say, being made
        if avatar:
            for index in sorted({cut.line for cut in cuts if cut.presenter or not views}):
                presenter_paths[index] = aside.submit(_presenter_video, ctx, avatar, lines[index], width=width,
                                                      height=height, fps=fps, folder=folder, index=index, held=held)
        line_rigs: dict[int, tuple[KeepOut, ...]] = {}  # where each presenter line has the face and product
        rigs: dict[int, tuple[KeepOut, ...]] = {}  # the same on each presenter clip's own clock, by clip

        def presenter_clip(cut: Cut, seconds: float) -> VideoClip:
            ctx.check_cancelled()
            line = lines[cut.line]
            if cut.line not in line_rigs:
                assert avatar is not None
                line_rigs[cut.line] = _presenter_keep_out(avatar, line, width=width, height=height, fps=fps,
                                                          held=held)
            offset = cut.start_s - line.start_s
            rigs[cuts.index(cut)] = _within(line_rigs[cut.line], offset, seconds)
            return VideoClip(presenter_paths[cut.line].result(), start_s=offset, end_s=offset + cut.length_s,
                             duration_s=seconds, loop=False)

        crossfade = crossfade_for(script.style)
        clips = clips_for(cuts, views, presenter_clip if avatar else None, crossfade_s=crossfade, seed=seed)
        music = _music(ctx, params, script, duration_s=total_voice_s + END_CARD_S)
        soundtrack = mix_voice_and_music(_resample(voiceover, rate), music, sample_rate=SAMPLE_RATE,
                                         duration_s=total_voice_s + END_CARD_S)
        overlays = []
        logo = (_logo(ctx, params.logo_file_id, width=width, height=height,
                      end_s=sum(clip.length_s for clip in clips) - crossfade * len(clips))
                if params.logo_file_id else None)
        style = (find_caption(params.caption_id) if params.caption_id else None) or CAPTION_STYLES[0]
        cues = build_cues(_words(lines), style=style, frame_size=(width, height), language=params.language)
        if cues:
            keep_out = timeline_keep_out(clips, rigs, width=width, height=height, fps=fps, crossfade_s=crossfade,
                                         pictures=boxes) + logo_keep_out(logo)
            overlays.append(CaptionTrack(cues, style, (width, height), keep_out=keep_out))
        if logo is not None:
            overlays.append(logo)
        timeline = Timeline(width=width, height=height, clips=tuple(clips), fps=fps, overlays=tuple(overlays),
                            crossfade_s=crossfade,
                            end_card=_end_card(ctx, params, material, images, cutouts, width=width, height=height),
                            audio=soundtrack, sample_rate=SAMPLE_RATE)
        path = folder / "ad.mp4"
        low, high = progress
        render(timeline, path, preset="ultrafast" if preview else "shopreel",
               progress=lambda done: ctx.progress(low + (high - low) * done), cancelled=ctx.cancelled)
        etag = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        name = f"{'preview' if preview else 'ad'}-script-{script.script_id}.mp4"
        video = ctx.add_file(path, fmt="mp4", source="output", file_name=name)
        cover = save_image(ctx, extract_cover(path, at_s=min(1.0, total_voice_s / 2)), name=name + ".jpg")
    return RenderedVideo(script_id=script.script_id, status=TaskStatus.SUCCESS.value, title=material.product_name,
                         description=script.script_contents[0].seg_text, video_file_id=video.file_id,
                         cover_file_id=cover.file_id, video_duration=video.duration_ms, video_etag=etag)


@contextmanager
def _aside() -> Iterator[ThreadPoolExecutor]:
    """One helper thread for work done beside the job's own; on the way out (an error, a
    cancel) what it has not started is dropped and what it is doing is waited for, so
    nothing writes into a scratch folder that is gone."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="m2v-aside")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _resample(audio: np.ndarray, rate: int) -> np.ndarray:
    return audio if rate == SAMPLE_RATE else resample(audio, from_rate=rate, to_rate=SAMPLE_RATE)


def _music(ctx: JobContext, params: Params, script: Script, *, duration_s: float) -> np.ndarray:
    if params.music_file_id:
        ctx.input_file(params.music_file_id, kinds=("audio",), field="musicFileId")
        with ctx.open_input(params.music_file_id) as path:
            return load_audio(path, sample_rate=SAMPLE_RATE)
    mood = STYLE_MOOD.get(script.style, "upbeat")
    return make_music_bed(mood, duration_s=duration_s, sample_rate=SAMPLE_RATE, seed=script.script_id)


#: A logo is drawn at most a fifth of the frame wide; larger uploads are reduced as decoded.
_LOGO_MAX_SIDE = 1024


def _logo_rgba(ctx: JobContext, file_id: str) -> np.ndarray:
    ctx.input_file(file_id, kinds=("image",), field="logoFileId")
    with ctx.open_input(file_id) as path, Image.open(path) as picture:
        return np.asarray(open_bounded(picture, _LOGO_MAX_SIDE).convert("RGBA"))


def _logo(ctx: JobContext, file_id: str, *, width: int, height: int, end_s: float) -> LogoOverlay:
    """The logo in the top-right corner until ``end_s``, when the end card (which shows it
    itself, or is the client's own) begins."""
    return LogoOverlay(_logo_rgba(ctx, file_id), width, height, corner=Corner.TOP_RIGHT,
                       margin_px=max(8, width // 40), logo_width_px=max(16, width // 5), opacity=0.95, end_s=end_s)


def _end_card(ctx: JobContext, params: Params, material: Material, images: dict[str, Frame],
              cutouts: dict[str, tuple[Frame, Alpha]], *, width: int,
              height: int) -> EndCard:
    """The client's ``endcardFileId`` when it is for this aspect ratio, else a card designed
    from the product: its cut-out, name, price, a call to action in the script's language,
    the logo, on ``endcardBackgroundColor`` or a background of the product's colours."""
    if params.endcard_file_id and params.endcard_aspect_ratio in ("all", params.aspect_ratio):
        colour = (255, 255, 255) if params.endcard_background_color == "white" else (0, 0, 0)
        return EndCard(END_CARD_S, color=colour, image=load_image(ctx, params.endcard_file_id, field="endcardFileId"),
                       image_scale=0.9)
    rgb, alpha, cut_out = _card_product(ctx, material, images, cutouts)
    price = None
    if material.price:
        try:
            price = format_price(material.price, material.currency, language=params.language, spoken=False)
        except InvalidInput:
            log.warning("task %s: the price %r cannot be written; the end card shows none", ctx.task_id, material.price)
    text = CardText(name=material.product_name, button=phrasebook(params.language).button, language=params.language,
                    price=price, brand=material.brand)
    design = design_end_card(rgb, alpha, text, width=width, height=height, duration_s=END_CARD_S,
                             backdrop=Backdrop(params.endcard_background_color or Backdrop.DESIGNED),
                             logo_rgba=_logo_rgba(ctx, params.logo_file_id) if params.logo_file_id else None,
                             cut_out=cut_out)
    if design.missing_glyphs:
        log.warning("task %s: no installed font draws %r on the end card", ctx.task_id, "".join(design.missing_glyphs))
    return EndCard(END_CARD_S, design=design)


def _card_product(ctx: JobContext, material: Material, images: dict[str, Frame],
                  cutouts: dict[str, tuple[Frame, Alpha]]) -> tuple[Frame, np.ndarray, bool]:
    """The end card's product picture, its matte, and whether it is a cut-out.

    The first product photo is cut out when it is a studio shot (or a matting model is
    configured); a photo of a scene is shown whole, as GrabCut's guess at the product there
    can be a piece of the scene. Without photos, the first video shot's cover is.
    """
    if material.image_scene_info_list:
        file_id = material.image_scene_info_list[0].media_id
        if file_id in cutouts:  # the shots cut it out already
            rgb, alpha = cutouts[file_id]
            return rgb, alpha, True
        photo = images[file_id] if file_id in images else load_image(ctx, file_id, field="fileIds")
        if _matting_model(ctx) or studio_shot(photo):
            try:
                rgb, alpha = product_cutout(ctx, file_id, field="fileIds")
                return rgb, alpha, True
            except BadRequest:
                log.info("task %s: no cut-out of %s for the end card; showing the photo", ctx.task_id, file_id)
    else:
        photo = load_image(ctx, material.video_scene_info_list[0].cover_file_id, field="coverFileId")
    return photo, np.ones(photo.shape[:2], np.float32), False


# -- the job --------------------------------------------------------------------------

def run(ctx: JobContext, params: Params) -> M2VResult:
    if params.export_script_id is not None:
        result = M2VResult.model_validate(ctx.prior_result or {})
        script = result.script(params.export_script_id)
        video = _render(ctx, params, result, script, preview=False, progress=(5, 98))
        exports = tuple(v for v in result.export_videos if v.script_id != script.script_id) + (video,)
        return result.model_copy(update={"export_videos": exports})
    material = _cast(ctx, params, _gather(ctx, params))
    scripts = _scripts(ctx, params, material)
    ctx.progress(40)
    previews: tuple[RenderedVideo, ...] = ()
    exports: tuple[RenderedVideo, ...] = ()
    if params.preview:
        step = 58 / len(scripts)
        previews = tuple(
            _render(ctx, params, material, script, preview=True, progress=(40 + i * step, 40 + (i + 1) * step))
            for i, script in enumerate(scripts)
        )
    else:
        exports = (_render(ctx, params, material, scripts[0], preview=False, progress=(40, 98)),)
    return M2VResult(**material.stored(), script_content_list=scripts, preview_videos=previews,
                     export_videos=exports)


def _video_items(items: tuple[RenderedVideo, ...], links: Links) -> list[dict[str, Any]]:
    return [
        {"scriptId": v.script_id, "status": v.status, "title": v.title, "description": v.description,
         "videoUrl": links.file_url(v.video_file_id) if v.video_file_id else None,
         "coverUrl": links.file_url(v.cover_file_id) if v.cover_file_id else None,
         "videoDuration": v.video_duration, "videoEtag": v.video_etag}
        for v in items
    ]


def script_items(scripts: tuple[Script, ...]) -> list[dict[str, Any]]:
    """Scripts as TopView lists them: ``[{scriptId, scriptContents: [{segId, segText}]}]``."""
    return [{"scriptId": s.script_id,
             "scriptContents": [{"segId": c.seg_id, "segText": c.seg_text} for c in s.script_contents]}
            for s in scripts]


def view(record: TaskRecord, params: Params, result: M2VResult | None, links: Links) -> dict[str, Any]:
    exports = _video_items(result.export_videos if result else (), links)
    if params.export_script_id is not None and not record.status.finished:
        exporting = RenderedVideo(script_id=params.export_script_id, status=record.status.value)
        exports = [e for e in exports if e["scriptId"] != params.export_script_id] + _video_items((exporting,), links)
    return {
        "productName": result.product_name if result else params.product_name,
        "productDescription": result.product_description if result else params.product_description,
        "exportVideos": exports,
        "previewVideos": _video_items(result.preview_videos if result else (), links),
        "videoSceneInfoList": [
            {**shot.model_dump(mode="json", by_alias=True, exclude={"cover_file_id"}),
             "videoSceneCoverUrl": links.file_url(shot.cover_file_id)}
            for shot in (result.video_scene_info_list if result else ())
        ],
        "imageSceneInfoList": [{**scene.stored(), "imageSceneUrl": links.file_url(scene.media_id)}
                               for scene in (result.image_scene_info_list if result else ())],
        "scriptContentList": script_items(result.script_content_list if result else ()),
        "aiavatarId": params.aiavatar_id or (result.aiavatar_id if result else None),
    }


def _biz_type(params: Params) -> str:
    return "M2V_PREVIEW" if params.preview and params.export_script_id is None else "M2V_EXPORT"


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """``credit_cost_m2v_export`` for a run that exports a video (an export, or a submit
    without ``preview``); previews and scripts are free."""
    exports = params.export_script_id is not None or not params.preview
    return settings.credit_cost_m2v_export if exports else 0


def _restart(params: Params) -> Params:
    """A rerun writes the scripts again, as the first submit did: the export phase is the
    task's own (its scripts, maybe edited), not the request's."""
    return params.model_copy(update={"export_script_id": None})


def _matting_model(ctx: JobContext) -> bool:
    """Whether product cut-outs come from a model, which can tell a product in a scene apart
    (the classical matte cannot, beyond a studio shot)."""
    return ctx.engines.config(Capability.MATTING).name != "classical"


SPEC = JobSpec(kind="m2v", biz_type="M2V_EXPORT", params=Params, result=M2VResult, run=run, view=view, queue="cpu",
               biz_type_of=_biz_type, cost=cost, restart=_restart)
