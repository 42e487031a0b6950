"""What the talking-video jobs share: the voice-over (TTS or uploaded audio), the mouth
curve it drives, captions, and rendering + storing the video with its cover."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from shopreel.catalog.captions import find_caption
from shopreel.catalog.voices import Voice, default_voice, find_voice, tts_for
from shopreel.errors import BadRequest, MissingParameter, NotFound
from shopreel.jobs.fields import OptionalText, null_is
from shopreel.jobs.inputs import save_image
from shopreel.media.avatar import MouthState, energy_mouth_curve, frame_count, loudness_track, mouth_curve, render_talking_video
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.captions import KeepOut
from shopreel.media.speech import WordTiming, viseme_track
from shopreel.media.types import Audio, Frame, Overlay
from shopreel.media.video.audio import load_audio
from shopreel.tasks.job import JobContext, TaskModel

__all__ = ["Voiceover", "TalkingVideo", "Script", "check_speech", "tts_voiceover", "uploaded_voiceover", "mouth_states",
           "caption_overlays", "store_video", "VIDEO_FPS", "UPLOAD_SAMPLE_RATE", "MAX_TTS_CHARS", "even", "voice_for",
           "nod_times"]

VIDEO_FPS = 25
UPLOAD_SAMPLE_RATE = 24_000
MAX_AUDIO_MS = 5 * 60 * 1000
MAX_TTS_CHARS = 5000


def check_speech(*, tts_text: str | None, audio_file_id: str | None, voice_id: str | None,
                 caption_id: str | None) -> None:
    """What a talking video will say, checked: TTS text with an optional catalog voice, or an
    uploaded audio file; captions only with TTS (uploaded audio has no transcript)."""
    if tts_text:
        if audio_file_id:
            raise BadRequest("give ttsText or audioFileId, not both")
        if len(tts_text) > MAX_TTS_CHARS:
            raise BadRequest(f"ttsText is {len(tts_text)} characters; the limit is {MAX_TTS_CHARS}")
        if voice_id and find_voice(voice_id) is None:
            raise NotFound(f"voiceoverId {voice_id!r} not found")
    if caption_id:
        if find_caption(caption_id) is None:
            raise NotFound(f"captionId {caption_id!r} not found")
        if not tts_text:
            raise BadRequest("captionId needs ttsText: uploaded audio has no transcript to caption")


class Script(TaskModel):
    """What today's talking-video bodies (Avatar 4, Product Avatar v2 image2Video) say, and how:
    ``scriptMode`` text (``ttsText`` + optional ``voiceId``) or audio (``audioFileId``)."""

    script_mode: Annotated[Literal["text", "audio"], null_is("text")] = Field(
        "text", alias="scriptMode", description="text (ttsText + voiceId) or audio (audioFileId); default text.")
    tts_text: OptionalText = Field(None, alias="ttsText", description="What is said (scriptMode text).")
    voice_id: OptionalText = Field(None, alias="voiceId",
                                   description="From Voice Query; default: the avatar's or presenter's voice.")
    audio_file_id: OptionalText = Field(None, alias="audioFileId", description="Uploaded voice (scriptMode audio).")
    caption_id: OptionalText = Field(None, alias="captionId", description="From Caption List; text mode only.")

    @model_validator(mode="after")
    def _script(self) -> Script:
        if self.script_mode == "text" and not self.tts_text:
            raise MissingParameter("Required parameter cannot be null: ttsText (scriptMode is text)")
        if self.script_mode == "audio" and not self.audio_file_id:
            raise MissingParameter("Required parameter cannot be null: audioFileId (scriptMode is audio)")
        tts_text, audio_file_id = self.speech
        check_speech(tts_text=tts_text, audio_file_id=audio_file_id, voice_id=self.voice_id if tts_text else None,
                     caption_id=self.caption_id)
        return self

    @property
    def speech(self) -> tuple[str | None, str | None]:
        """(ttsText, audioFileId): only the one ``scriptMode`` picks, the other None."""
        return (self.tts_text, None) if self.script_mode == "text" else (None, self.audio_file_id)


class TalkingVideo(TaskModel):
    """A stored talking video and its cover."""

    video_file_id: str = Field(alias="videoFileId")
    cover_file_id: str = Field(alias="coverFileId")
    video_duration: int | None = Field(None, alias="videoDuration", description="Milliseconds.")
    width: int
    height: int


@dataclass(frozen=True)
class Voiceover:
    """The audio a presenter speaks; ``words`` and ``visemes`` only for synthesized speech."""

    audio: Audio
    sample_rate: int
    language: str
    words: tuple[WordTiming, ...] = ()
    visemes: tuple[Any, ...] = ()

    @property
    def duration_ms(self) -> int:
        return round(len(self.audio) * 1000 / self.sample_rate)


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def voice_for(voice_id: str | None, *, default: Voice | None = None) -> Voice:
    """The catalog voice ``voice_id``, else ``default``, else the default English voice."""
    if voice_id:
        voice = find_voice(voice_id)
        if voice is None:
            raise NotFound(f"voiceoverId {voice_id!r} not found")
        return voice
    return default or default_voice("en")


def tts_voiceover(text: str, voice: Voice, *, speed: float = 1.0) -> Voiceover:
    """``text`` spoken by ``voice``'s engine, with its word timings and the visemes of its phonemes."""
    speech = tts_for(voice).synthesize(text, voice=voice.spec, speed=speed)
    visemes = tuple(viseme_track(speech.phonemes, duration_ms=speech.duration_ms))
    return Voiceover(audio=speech.audio, sample_rate=speech.sample_rate, language=voice.language,
                     words=speech.words, visemes=visemes)


def uploaded_voiceover(ctx: JobContext, file_id: str, *, field: str = "audioFileId") -> Voiceover:
    stored = ctx.input_file(file_id, kinds=("audio", "video"), field=field)
    if stored.duration_ms and stored.duration_ms > MAX_AUDIO_MS:
        raise BadRequest(f"{field} is {stored.duration_ms / 1000:.0f} s long; the limit is {MAX_AUDIO_MS // 1000} s")
    with ctx.open_input(file_id) as path:
        audio = load_audio(path, sample_rate=UPLOAD_SAMPLE_RATE)
    if len(audio) < UPLOAD_SAMPLE_RATE // 10:
        raise BadRequest(f"{field} has less than 0.1 s of audio")
    return Voiceover(audio=audio, sample_rate=UPLOAD_SAMPLE_RATE, language="")


def mouth_states(voiceover: Voiceover, *, fps: float = VIDEO_FPS) -> tuple[int, list[MouthState]]:
    """Frame count for the voice-over and the mouth per frame: from visemes when the
    speech was synthesized, else from the audio's loudness."""
    n_frames = frame_count(len(voiceover.audio), sample_rate=voiceover.sample_rate, fps=fps)
    if voiceover.visemes:
        loudness = loudness_track(voiceover.audio, voiceover.sample_rate, fps=fps, n_frames=n_frames)
        return n_frames, mouth_curve(list(voiceover.visemes), fps=fps, n_frames=n_frames, loudness=loudness)
    return n_frames, energy_mouth_curve(voiceover.audio, voiceover.sample_rate, fps=fps, n_frames=n_frames)


def caption_overlays(voiceover: Voiceover, caption_id: str | None, *, width: int, height: int,
                     keep_out: Sequence[KeepOut] = ()) -> tuple[Overlay, ...]:
    """The caption track of the voice-over in ``caption_id``'s style (none without one), kept
    off the ``keep_out`` boxes."""
    if not caption_id:
        return ()
    style = find_caption(caption_id)
    if style is None:
        raise NotFound(f"captionId {caption_id!r} not found")
    if not voiceover.words:
        raise BadRequest("captions need ttsText: uploaded audio has no transcript to caption")
    cues = build_cues(voiceover.words, style=style, frame_size=(width, height), language=voiceover.language)
    return (CaptionTrack(cues, style, (width, height), keep_out=keep_out),) if cues else ()


_STILL = re.compile(r"\b(?:still|calm|steady|motionless)\b|(?:\b(?:no|not|without|never)|n't)\s+nod")
_NODDING = re.compile(r"\bnod\w*")


def nod_times(voiceover: Voiceover, motion: str | None = None) -> tuple[float, ...]:
    """Small nods on long (stressed) words (7+ letters). ``motion`` (Avatar 4's
    ``customMotion``, free text) is the talking engine's one knob: "calm", "still", "steady"
    or "no nodding" ask for none; "nod"/"nodding" for more (on every word of 4+ letters)."""
    wording = (motion or "").lower()
    if _STILL.search(wording):
        return ()
    shortest = 4 if _NODDING.search(wording) else 7
    return tuple(w.start_ms / 1000 for w in voiceover.words if len(w.text.strip(".,!?")) >= shortest)


def store_video(
    ctx: JobContext,
    frames: Iterable[Frame],
    *,
    width: int,
    height: int,
    fps: float,
    voiceover: Voiceover,
    overlays: tuple[Overlay, ...] = (),
    name: str,
    progress_from: float = 10,
    n_frames: int,
) -> TalkingVideo:
    """Encode the frames with the voice-over, store video and cover."""
    first: list[Frame] = []

    def keep_first(source: Iterable[Frame]) -> Iterator[Frame]:
        iterator = iter(source)
        head = next(iterator)
        first.append(head)
        return itertools.chain([head], iterator)

    with ctx.scratch_dir() as folder:
        path = Path(folder) / "video.mp4"
        render_talking_video(
            keep_first(frames), width=width, height=height, fps=fps, audio=voiceover.audio,
            sample_rate=voiceover.sample_rate, path=path, overlays=overlays,
            progress=lambda done: ctx.progress(progress_from + (95 - progress_from) * done),
            cancelled=ctx.cancelled,
        )
        ctx.check_cancelled()
        video = ctx.add_file(path, fmt="mp4", source="output", file_name=name)
    cover = save_image(ctx, first[0], name=name.rsplit(".", 1)[0] + "-cover.jpg")
    return TalkingVideo(video_file_id=video.file_id, cover_file_id=cover.file_id,
                        video_duration=video.duration_ms or round(n_frames * 1000 / fps), width=width, height=height)
