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
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from shopreel.catalog.captions import CAPTION_STYLES, find_caption
from shopreel.catalog.presenters import find_presenter
from shopreel.catalog.voices import Voice, default_voice
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import load_image, product_cutout, save_image
from shopreel.jobs.scraper import scrape_product
from shopreel.jobs.script_llm import OpenAIScriptWriter, ScriptWriterError
from shopreel.jobs.talking import tts_for, voice_for
from shopreel.media.avatar import (
    HeldImage, frame_count, held_image, loudness_track, mouth_curve, render_talking_video, talking_rig_frames,
)
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.music import make_music_bed
from shopreel.media.footage import analyse_video, describe_image
from shopreel.media.script import LENGTH_TYPES, ProductFacts, canonical_style, diy_script, write_scripts
from shopreel.media.script.styles import AUTO
from shopreel.media.speech import Speech, WordTiming, viseme_track
from shopreel.media.types import Frame
from shopreel.media.video.audio import load_audio, mix_voice_and_music, resample
from shopreel.media.video.compose import render
from shopreel.media.video.logo import Corner, LogoOverlay
from shopreel.media.video.probe import extract_cover
from shopreel.media.video.timeline import EndCard, Fit, ImageClip, KenBurns, Timeline, VideoClip
from shopreel.tasks.model import TaskRecord, TaskStatus

__all__ = ["SPEC", "ASPECT_SIZES", "PREVIEW_DIVISOR"]

ASPECT_SIZES = {"9:16": (1080, 1920), "3:4": (1080, 1440), "1:1": (1080, 1080), "4:3": (1440, 1080),
                "16:9": (1920, 1080)}
#: Previews render at a third of the export size, 24 fps, with the fastest encoder preset.
PREVIEW_DIVISOR = 3
log = logging.getLogger("shopreel.jobs.m2v")

SAMPLE_RATE = 48_000
SEGMENT_GAP_S = 0.25
END_CARD_S = 2.0
STYLE_MOOD = {"pain point": "corporate", "curiosity hook": "upbeat", "storytelling": "calm",
              "brand-oriented": "corporate"}


@dataclass(frozen=True)
class _Line:
    """One spoken segment, placed on the voice-over's clock."""

    role: str
    start_s: float
    end_s: float
    speech: Speech


# -- material -------------------------------------------------------------------------

def _gather(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    name, description = params.get("productName"), params.get("productDescription")
    images: list[str] = []
    videos: list[str] = []
    extra: dict[str, Any] = {}
    if params.get("productLink"):
        page = scrape_product(ctx, params["productLink"])
        images = [item["fileId"] for item in page["productImages"]]
        videos = [item["fileId"] for item in page["productVideos"]]
        name = name or page["productName"]
        description = description or page["productDescription"]
        extra = {"price": page["price"], "currency": page["currency"], "brand": page["brand"]}
    for file_id in params.get("fileIds") or []:
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
        image_scenes.append({"mediaId": file_id, "mediaType": "image", "sceneAnalyseDesc": info.desc,
                             "sceneFileName": ctx.input_file(file_id, kinds=("image",)).file_name})
    video_scenes = []
    for file_id in videos:
        ctx.check_cancelled()
        with ctx.open_input(file_id) as path:
            scenes = analyse_video(path)
        for seq, scene in enumerate(scenes):
            cover = save_image(ctx, scene.cover, name=f"scene-{seq + 1}.jpg")
            video_scenes.append({"mediaId": file_id, "seq": seq, "mediaType": "video",
                                 "sceneAnalyseDesc": scene.info.desc,
                                 "sceneFileName": ctx.input_file(file_id, kinds=("video",)).file_name,
                                 "coverFileId": cover.file_id, "start": round(scene.start_s, 3),
                                 "end": round(scene.end_s, 3)})
    ctx.progress(30)
    return {"productName": name, "productDescription": description, **extra, "imageSceneInfoList": image_scenes,
            "videoSceneInfoList": video_scenes}


def _voice(params: dict[str, Any]) -> Voice:
    return voice_for(params.get("voiceId"), default=default_voice(params.get("language") or "en"))


def _scripts(ctx: JobContext, params: dict[str, Any], material: dict[str, Any]) -> list[dict[str, Any]]:
    language = params.get("language") or "en"
    if params.get("isDiyScript") and params.get("diyScriptDescription"):
        scripts = [diy_script(params["diyScriptDescription"], language=language)]
    else:
        voice = _voice(params)
        tts = tts_for(ctx.settings, voice)
        facts = ProductFacts(name=material["productName"], description=material.get("productDescription"),
                             price=material.get("price"), currency=material.get("currency"),
                             brand=material.get("brand"), target_audience=params.get("targetAudience"))
        style = params.get("diyScriptStyle") if params.get("diyStyle") == "diyScriptStyle" else None

        def measure(text: str) -> float:
            """Seconds the job will take to say ``text``: segment by segment, with the gaps."""
            segments = diy_script(text, language=language).segments
            spoken = sum(tts.synthesize(seg.text, voice=voice.spec).duration_ms for seg in segments) / 1000
            return spoken + SEGMENT_GAP_S * (len(segments) - 1)

        options = dict(language=language, length=LENGTH_TYPES[int(params.get("videoLengthType") or 1)],
                       styles=[style] if style and canonical_style(style) != AUTO else None,
                       prompt=params.get("diyScriptPrompt") if params.get("diyStyle") == "diyScriptPrompt" else None,
                       measure=measure)
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
    return [
        {"scriptId": index + 1, "style": script.style,
         "scriptContents": [{"segId": seg.seg_id, "segText": seg.text, "role": seg.role} for seg in script.segments]}
        for index, script in enumerate(scripts)
    ]


# -- rendering ------------------------------------------------------------------------

def _speak(ctx: JobContext, script: dict[str, Any], voice: Voice) -> tuple[np.ndarray, int, list[_Line]]:
    tts = tts_for(ctx.settings, voice)
    pieces, lines, clock = [], [], 0.0
    rate = 0
    for segment in script["scriptContents"]:
        text = segment["segText"].strip()
        if not text:
            continue
        speech = tts.synthesize(text, voice=voice.spec)
        rate = speech.sample_rate
        lines.append(_Line(role=segment.get("role", ""), start_s=clock, end_s=clock + speech.duration_ms / 1000,
                           speech=speech))
        pieces += [speech.audio, np.zeros(int(SEGMENT_GAP_S * rate), np.float32)]
        clock = lines[-1].end_s + SEGMENT_GAP_S
    if not lines:
        raise BadRequest(f"script {script['scriptId']} has no text to speak")
    return np.concatenate(pieces), rate, lines


def _words(lines: list[_Line]) -> list[WordTiming]:
    offset = [round(line.start_s * 1000) for line in lines]
    return [WordTiming(w.text, w.start_ms + o, w.end_ms + o) for line, o in zip(lines, offset) for w in line.speech.words]


def _presenter_clip(ctx: JobContext, presenter_id: str, line: _Line, *, width: int, height: int, fps: float,
                    folder: Path, index: int, held: HeldImage | None) -> VideoClip:
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
    return VideoClip(path, duration_s=line.end_s - line.start_s + SEGMENT_GAP_S, loop=False)


def _broll(ctx: JobContext, material: dict[str, Any], images: dict[str, Frame]) -> list[Any]:
    """The b-roll sources in order: every image (decoded once into ``images``), then every
    video shot."""
    sources: list[Any] = []
    for item in material["imageSceneInfoList"]:
        if item["mediaId"] not in images:
            images[item["mediaId"]] = load_image(ctx, item["mediaId"], field="fileIds")
        sources.append(("image", images[item["mediaId"]]))
    for item in material["videoSceneInfoList"]:
        sources.append(("video", item))
    return sources


def _render(ctx: JobContext, params: dict[str, Any], material: dict[str, Any], script: dict[str, Any], *,
            preview: bool, progress: tuple[float, float]) -> dict[str, Any]:
    width, height = ASPECT_SIZES[params.get("aspectRatio") or "9:16"]
    if preview:
        width, height = (round(width / PREVIEW_DIVISOR / 2) * 2, round(height / PREVIEW_DIVISOR / 2) * 2)
    fps = 24.0 if preview else 30.0
    voice = _voice(params)
    voiceover, rate, lines = _speak(ctx, script, voice)
    total_voice_s = len(voiceover) / rate
    rng = random.Random(f"{ctx.task_id}:{script['scriptId']}")
    with ctx.scratch_dir() as folder:
        images: dict[str, Frame] = {}
        sources = _broll(ctx, material, images)
        video_paths = {}
        for item in material["videoSceneInfoList"]:
            if item["mediaId"] not in video_paths:
                with ctx.open_input(item["mediaId"]) as path:
                    local = folder / f"{item['mediaId']}.mp4"
                    local.write_bytes(Path(path).read_bytes())
                video_paths[item["mediaId"]] = local
        clips = []
        avatar = params.get("aiavatarId")
        held = None
        if avatar and material["imageSceneInfoList"]:
            held = held_image(*product_cutout(ctx, material["imageSceneInfoList"][0]["mediaId"], field="fileIds"))
        for index, line in enumerate(lines):
            ctx.check_cancelled()
            span = line.end_s - line.start_s + SEGMENT_GAP_S
            talking_head = avatar and (index == 0 or index == len(lines) - 1 or line.role in ("hook", "cta"))
            if talking_head:
                clips.append(_presenter_clip(ctx, avatar, line, width=width, height=height, fps=fps, folder=folder,
                                             index=index, held=held))
                continue
            kind, source = sources[index % len(sources)]
            if kind == "image":
                zoom_in = rng.random() < 0.6
                motion = KenBurns(zoom_from=1.0 if zoom_in else 1.12, zoom_to=1.12 if zoom_in else 1.0,
                                  pan_from=(rng.uniform(0.4, 0.6), rng.uniform(0.4, 0.6)), pan_to=(0.5, 0.5))
                clips.append(ImageClip(source, span, motion=motion, fit=Fit.CONTAIN))
            else:
                clips.append(VideoClip(video_paths[source["mediaId"]], start_s=source["start"], end_s=source["end"],
                                       duration_s=span, loop=True, fit=Fit.COVER))
        music = _music(ctx, params, script, duration_s=total_voice_s + END_CARD_S)
        soundtrack = mix_voice_and_music(_resample(voiceover, rate), music, sample_rate=SAMPLE_RATE,
                                         duration_s=total_voice_s + END_CARD_S)
        overlays = []
        style = find_caption(params["captionId"]) if params.get("captionId") else CAPTION_STYLES[0]
        cues = build_cues(_words(lines), style=style, frame_size=(width, height),
                          language=params.get("language") or "en")
        if cues:
            overlays.append(CaptionTrack(cues, style, (width, height)))
        if params.get("logoFileId"):
            overlays.append(_logo(ctx, params["logoFileId"], width=width, height=height))
        timeline = Timeline(width=width, height=height, clips=tuple(clips), fps=fps, overlays=tuple(overlays),
                            end_card=_end_card(ctx, params, images, width=width, height=height),
                            audio=soundtrack, sample_rate=SAMPLE_RATE)
        path = folder / "ad.mp4"
        low, high = progress
        render(timeline, path, preset="ultrafast" if preview else "shopreel",
               progress=lambda done: ctx.progress(low + (high - low) * done), cancelled=ctx.cancelled)
        etag = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        name = f"{'preview' if preview else 'ad'}-script-{script['scriptId']}.mp4"
        video = ctx.add_file(path, fmt="mp4", source="output", file_name=name)
        cover = save_image(ctx, extract_cover(path, at_s=min(1.0, total_voice_s / 2)), name=name + ".jpg")
    first_line = script["scriptContents"][0]["segText"]
    return {"scriptId": script["scriptId"], "status": TaskStatus.SUCCESS.value, "title": material["productName"],
            "description": first_line, "videoFileId": video.file_id, "coverFileId": cover.file_id,
            "videoDuration": video.duration_ms, "videoEtag": etag}


def _resample(audio: np.ndarray, rate: int) -> np.ndarray:
    return audio if rate == SAMPLE_RATE else resample(audio, from_rate=rate, to_rate=SAMPLE_RATE)


def _music(ctx: JobContext, params: dict[str, Any], script: dict[str, Any], *, duration_s: float) -> np.ndarray:
    if params.get("musicFileId"):
        ctx.input_file(params["musicFileId"], kinds=("audio",), field="musicFileId")
        with ctx.open_input(params["musicFileId"]) as path:
            return load_audio(path, sample_rate=SAMPLE_RATE)
    mood = STYLE_MOOD.get(script.get("style", ""), "upbeat")
    return make_music_bed(mood, duration_s=duration_s, sample_rate=SAMPLE_RATE, seed=script["scriptId"])


def _logo(ctx: JobContext, file_id: str, *, width: int, height: int) -> LogoOverlay:
    ctx.input_file(file_id, kinds=("image",), field="logoFileId")
    with ctx.open_input(file_id) as path, Image.open(path) as picture:
        rgba = np.asarray(picture.convert("RGBA"))
    return LogoOverlay(rgba, width, height, corner=Corner.TOP_RIGHT, margin_px=max(8, width // 40),
                       logo_width_px=max(16, width // 5), opacity=0.95)


def _end_card(ctx: JobContext, params: dict[str, Any], images: dict[str, Frame], *, width: int,
              height: int) -> EndCard:
    colour = (255, 255, 255) if params.get("endcardBackgroundColor") == "white" else (0, 0, 0)
    card_ratio = params.get("endcardAspectRatio") or "all"
    if params.get("endcardFileId") and card_ratio in ("all", params.get("aspectRatio") or "9:16"):
        return EndCard(END_CARD_S, color=colour, image=load_image(ctx, params["endcardFileId"], field="endcardFileId"),
                       image_scale=0.9)
    first = next(iter(images.values()), None)
    return EndCard(END_CARD_S, color=colour, image=first, image_scale=0.6)


# -- the job --------------------------------------------------------------------------

def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("phase") == "export":
        result = dict(ctx.prior_result or {})
        scripts = {s["scriptId"]: s for s in result.get("scriptContentList", [])}
        script_id = int(params.get("exportScriptId") or 0) or min(scripts)
        if script_id not in scripts:
            raise NotFound(f"scriptId {script_id} not found in this task")
        video = _render(ctx, params, result, scripts[script_id], preview=False, progress=(5, 98))
        exports = [v for v in result.get("exportVideos", []) if v["scriptId"] != script_id] + [video]
        return {**result, "exportVideos": exports}
    material = _gather(ctx, params)
    scripts = _scripts(ctx, params, material)
    ctx.progress(40)
    result: dict[str, Any] = {**material, "scriptContentList": scripts, "previewVideos": [], "exportVideos": []}
    if params.get("preview"):
        step = 58 / len(scripts)
        result["previewVideos"] = [
            _render(ctx, params, material, script, preview=True, progress=(40 + i * step, 40 + (i + 1) * step))
            for i, script in enumerate(scripts)
        ]
    else:
        result["exportVideos"] = [_render(ctx, params, material, scripts[0], preview=False, progress=(40, 98))]
    return result


def _video_items(items: list[dict[str, Any]], links: Links) -> list[dict[str, Any]]:
    return [
        {"scriptId": v["scriptId"], "status": v["status"], "title": v.get("title"), "description": v.get("description"),
         "videoUrl": links.file_url(v["videoFileId"]) if v.get("videoFileId") else None,
         "coverUrl": links.file_url(v["coverFileId"]) if v.get("coverFileId") else None,
         "videoDuration": v.get("videoDuration"), "videoEtag": v.get("videoEtag")}
        for v in items
    ]


def view(record: TaskRecord, links: Links) -> dict[str, Any]:
    result = record.result or {}
    exports = _video_items(result.get("exportVideos", []), links)
    exporting = record.params.get("phase") == "export" and not record.status.finished
    if exporting:
        script_id = int(record.params.get("exportScriptId") or 0)
        exports = [e for e in exports if e["scriptId"] != script_id] + [
            {"scriptId": script_id, "status": record.status.value, "title": None, "description": None,
             "videoUrl": None, "coverUrl": None, "videoDuration": None, "videoEtag": None}]
    return {
        "productName": result.get("productName", record.params.get("productName")),
        "productDescription": result.get("productDescription", record.params.get("productDescription")),
        "exportVideos": exports,
        "previewVideos": _video_items(result.get("previewVideos", []), links),
        "videoSceneInfoList": [
            {k: v for k, v in {**s, "videoSceneCoverUrl": links.file_url(s["coverFileId"])}.items() if k != "coverFileId"}
            for s in result.get("videoSceneInfoList", [])
        ],
        "imageSceneInfoList": [{**s, "imageSceneUrl": links.file_url(s["mediaId"])}
                               for s in result.get("imageSceneInfoList", [])],
        "scriptContentList": [
            {"scriptId": s["scriptId"], "scriptContents": [{"segId": c["segId"], "segText": c["segText"]}
                                                           for c in s["scriptContents"]]}
            for s in result.get("scriptContentList", [])
        ],
    }


def _biz_type(params: dict[str, Any]) -> str:
    if params.get("phase") == "export" or not params.get("preview"):
        return "M2V_EXPORT"
    return "M2V_PREVIEW"


SPEC = JobSpec(kind="m2v", biz_type="M2V_EXPORT", run=run, view=view, queue="cpu", biz_type_of=_biz_type)
