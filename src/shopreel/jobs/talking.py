"""What the talking-video jobs share: the voice-over (TTS or uploaded audio), the mouth
curve it drives, captions, and rendering + storing the video with its cover."""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, model_validator

from shopreel.catalog.captions import find_caption
from shopreel.catalog.voices import LANGUAGES, Voice, default_voice, find_voice
from shopreel.engines import Capability, EngineError, SpeakRequest
from shopreel.errors import BadRequest, InvalidInput, MissingParameter, NotFound, ShopReelError
from shopreel.jobs.fields import OptionalText, null_is
from shopreel.jobs.inputs import save_image
from shopreel.media.avatar import MouthState, energy_mouth_curve, frame_count, loudness_track, mouth_curve, render_talking_video
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.captions import KeepOut
from shopreel.media.speech import (
    Transcript, VoiceSpec, WordTiming, fit_to_voice, viseme_track, word_phonemes,
)
from shopreel.settings import Settings
from shopreel.media.types import Audio, Frame, Overlay
from shopreel.media.video.audio import load_audio
from shopreel.store.files import StoredFile
from shopreel.tasks.job import JobContext, MediaLength, TaskModel

__all__ = ["Voiceover", "TalkingVideo", "Script", "check_speech", "check_audio_length", "tts_voiceover",
           "uploaded_voiceover", "heard_voiceover", "mouth_states", "caption_overlays", "store_video", "VIDEO_FPS",
           "UPLOAD_SAMPLE_RATE", "MAX_TTS_CHARS", "MAX_AUDIO_MS", "even", "voice_for", "nod_times",
           "talking_cost", "TTS_CHARS_PER_MINUTE", "speak_request", "talking_head_frames"]

log = logging.getLogger("shopreel.jobs.talking")

VIDEO_FPS = 25
UPLOAD_SAMPLE_RATE = 24_000
MAX_AUDIO_MS = 5 * 60 * 1000
MAX_TTS_CHARS = 5000
#: Characters of ``ttsText`` priced as one minute of speech (about 150 English words).
TTS_CHARS_PER_MINUTE = 900


def check_speech(*, tts_text: str | None, audio_file_id: str | None, voice_id: str | None,
                 caption_id: str | None) -> None:
    """What a talking video will say, checked: TTS text with an optional catalog voice, or an
    uploaded audio file; captions with either (uploaded speech is transcribed)."""
    if tts_text:
        if audio_file_id:
            raise BadRequest("give ttsText or audioFileId, not both")
        if len(tts_text) > MAX_TTS_CHARS:
            raise BadRequest(f"ttsText is {len(tts_text)} characters; the limit is {MAX_TTS_CHARS}")
        if voice_id and find_voice(voice_id) is None:
            raise NotFound(f"voiceoverId {voice_id!r} not found")
    if caption_id and find_caption(caption_id) is None:
        raise NotFound(f"captionId {caption_id!r} not found")


def check_audio_length(stored: StoredFile, field: str = "audioFileId") -> None:
    """4000 for an uploaded voice-over longer than ``MAX_AUDIO_MS``."""
    if stored.duration_ms and stored.duration_ms > MAX_AUDIO_MS:
        raise BadRequest(f"{field} is {stored.duration_ms / 1000:.0f} s long; the limit is {MAX_AUDIO_MS // 1000} s: "
                         "cut it into shorter clips")


def talking_cost(settings: Settings, media_ms: MediaLength, *, resolution: Literal["720p", "1080p"],
                 tts_text: str | None, audio_file_id: str | None) -> int:
    """Credits of a talking video: ``credit_cost_avatar_minute`` at its output size for
    every started minute of speech, at least one.

    The length is known at submit, before anything is spoken: TopView prices avatar videos
    by script characters or audio length, so ``ttsText`` counts ``TTS_CHARS_PER_MINUTE``
    characters a minute and an uploaded voice-over its own duration. A video without speech
    (a motion clip of 10 s at most) is one minute."""
    if tts_text:
        minutes = math.ceil(len(tts_text) / TTS_CHARS_PER_MINUTE)
    else:
        minutes = math.ceil(media_ms(audio_file_id) / 60_000) if audio_file_id else 1
    return settings.credit_cost_avatar_minute[resolution] * max(1, minutes)


class Script(TaskModel):
    """What today's talking-video bodies (Avatar 4, Product Avatar v2 image2Video) say, and how:
    ``scriptMode`` text (``ttsText`` + optional ``voiceId``) or audio (``audioFileId``)."""

    script_mode: Annotated[Literal["text", "audio"], null_is("text")] = Field(
        "text", alias="scriptMode", description="text (ttsText + voiceId) or audio (audioFileId); default text.")
    tts_text: OptionalText = Field(None, alias="ttsText", description="What is said (scriptMode text).")
    voice_id: OptionalText = Field(None, alias="voiceId",
                                   description="From Voice Query; default: the avatar's or presenter's voice.")
    audio_file_id: OptionalText = Field(None, alias="audioFileId", description="Uploaded voice (scriptMode audio).")
    caption_id: OptionalText = Field(None, alias="captionId",
                                     description="From Caption List; uploaded audio is captioned with the words heard.")

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
    """The audio a presenter speaks, its words and visemes (synthesized, or recognised in an
    uploaded recording; none when nothing was recognised) and the language of the words."""

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


def tts_voiceover(ctx: JobContext, text: str, voice: Voice, *, speed: float = 1.0) -> Voiceover:
    """``text`` spoken in ``voice`` by the ``tts`` engine, with its word timings and the visemes
    of its phonemes."""
    with ctx.engines.use(Capability.TTS) as synthesizer:
        speech = synthesizer.voice_engine(voice).synthesize(text, voice=voice.spec, speed=speed)
    visemes = tuple(viseme_track(speech.phonemes, duration_ms=speech.duration_ms))
    return Voiceover(audio=speech.audio, sample_rate=speech.sample_rate, language=voice.language,
                     words=speech.words, visemes=visemes)


#: Whisper's language codes where the voice catalog's (TopView's) differ; Whisper has no
#: Filipino, and its ``tl`` (Tagalog) is what Filipino speakers are heard as.
_CATALOG_LANGUAGE = {"zh": "zh-CN", "yue": "zh-Hant", "tl": "fil", "no": "nb", "nn": "nb"}
#: Caption language (it picks fonts) where Whisper's code is not enough: Cantonese is written
#: with Hong Kong's traditional characters.
_CAPTION_LANGUAGE = {"yue": "zh-HK"}


def heard_voiceover(audio: Audio, sample_rate: int, transcript: Transcript) -> Voiceover:
    """A voice-over from a recording and what was recognised in it: the words fitted to the
    sound, visemes from espeak-ng's reading of them in the detected language (none where
    espeak-ng has no voice for it: the mouth then follows the loudness)."""
    words = tuple(fit_to_voice(transcript.words, audio, sample_rate=sample_rate))
    language = transcript.language
    code = _CATALOG_LANGUAGE.get(language, language)
    espeak_voice = default_voice(code).spec.espeak_voice if code in LANGUAGES else language
    visemes: tuple[Any, ...] = ()
    if words and espeak_voice:
        try:
            phonemes = word_phonemes(words, voice=VoiceSpec(espeak_voice))
            visemes = tuple(viseme_track(phonemes, duration_ms=round(len(audio) * 1000 / sample_rate)))
        except InvalidInput as exc:
            log.info("no phonemes for language %r (%s): the mouth follows the loudness", language, exc)
    return Voiceover(audio=audio, sample_rate=sample_rate, language=_CAPTION_LANGUAGE.get(language, language),
                     words=words, visemes=visemes)


def uploaded_voiceover(ctx: JobContext, file_id: str, *, field: str = "audioFileId",
                       captions: bool = False) -> Voiceover:
    """The uploaded recording ``file_id`` with the words recognised in it.

    With ``captions`` the words are needed: a recogniser that cannot run, or a recording in
    which no speech is heard (silence, music), fails the task saying so. Without, the lips
    follow the loudness in those cases.
    """
    stored = ctx.input_file(file_id, kinds=("audio", "video"), field=field)
    check_audio_length(stored, field)
    with ctx.open_input(file_id) as path:
        audio = load_audio(path, sample_rate=UPLOAD_SAMPLE_RATE)
    if len(audio) < UPLOAD_SAMPLE_RATE // 10:
        raise BadRequest(f"{field} has less than 0.1 s of audio")
    ctx.progress(2)
    try:
        with ctx.engines.use(Capability.ASR) as recognizer:
            transcript = recognizer.recognize(
                audio, sample_rate=UPLOAD_SAMPLE_RATE, progress=lambda done: ctx.progress(2 + 7 * done),
                cancelled=ctx.cancelled)
    except (ShopReelError, InvalidInput) as exc:
        if captions:
            raise
        log.warning("task %s: %s; the lips follow the loudness", ctx.task_id, exc)
        transcript = Transcript((), "", "", 0.0)
    ctx.check_cancelled()
    if captions and not transcript.words:
        raise BadRequest(f"captionId was given but no speech was recognised in {field} (silence or music?); "
                         "submit without captionId to use this audio without captions")
    return heard_voiceover(audio, UPLOAD_SAMPLE_RATE, transcript)


_SHUT = MouthState("rest", 0.0, 0.0, 1.0)


def mouth_states(voiceover: Voiceover, *, fps: float = VIDEO_FPS) -> tuple[int, list[MouthState]]:
    """Frame count for the voice-over and the mouth per frame: from the visemes, shaped by
    the loudness and shut in pauses; frames no word covers (all of them without visemes)
    follow the loudness alone, so a sound the recogniser missed still moves the lips."""
    n_frames = frame_count(len(voiceover.audio), sample_rate=voiceover.sample_rate, fps=fps)
    energy = energy_mouth_curve(voiceover.audio, voiceover.sample_rate, fps=fps, n_frames=n_frames)
    if not voiceover.visemes:
        return n_frames, energy
    loudness = loudness_track(voiceover.audio, voiceover.sample_rate, fps=fps, n_frames=n_frames)
    spoken = mouth_curve(list(voiceover.visemes), fps=fps, n_frames=n_frames, loudness=loudness)
    covered = _covered_frames(voiceover.words, fps=fps, n_frames=n_frames)
    paused = _pauses(loudness, fps=fps)
    return n_frames, [_SHUT if paused[i] else s if covered[i] else e for i, (s, e) in enumerate(zip(spoken, energy))]


def _pauses(loudness: npt.NDArray[np.float32], *, fps: float, shortest_ms: int = 150, quiet: float = 0.05) -> list[bool]:
    """Frames in a quiet run at least ``shortest_ms`` long: a pause, not a stop consonant."""
    shortest = max(1, round(shortest_ms * fps / 1000))
    out = [False] * len(loudness)
    run = 0
    for i, level in enumerate([*loudness, 1.0]):
        if level < quiet:
            run += 1
            continue
        if run >= shortest:
            out[i - run : i] = [True] * run
        run = 0
    return out


def _covered_frames(words: tuple[WordTiming, ...], *, fps: float, n_frames: int, margin_ms: int = 150) -> list[bool]:
    """Frames within ``margin_ms`` of a word (the viseme curve's pauses between words count)."""
    covered = [False] * n_frames
    for word in words:
        first = max(0, int((word.start_ms - margin_ms) * fps / 1000))
        last = min(n_frames, int((word.end_ms + margin_ms) * fps / 1000) + 1)
        covered[first:last] = [True] * max(0, last - first)
    return covered


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
        raise BadRequest("there are no words to caption")
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


def speak_request(voiceover: Voiceover, *, n_frames: int, mouths: Sequence[MouthState], nod_times_s: Sequence[float],
                  fps: float = VIDEO_FPS) -> SpeakRequest:
    """What the talking-head engine needs of a voice-over: its audio and the mouths and nods
    read from it (:func:`mouth_states`, :func:`nod_times`)."""
    return SpeakRequest(audio=voiceover.audio, sample_rate=voiceover.sample_rate, fps=fps, n_frames=n_frames,
                        mouths=mouths, nod_times_s=nod_times_s)


def talking_head_frames(ctx: JobContext, stack: contextlib.ExitStack, source: Frame | Path,
                        speech: SpeakRequest) -> Iterator[Frame]:
    """The ``talking_head`` engine's frames of a photo (an array) or an uploaded video (a path)
    speaking ``speech``.

    The frames come lazily, as :func:`store_video` encodes them, so the engine's slot
    (:meth:`~shopreel.engines.registry.Engines.use`) is entered on ``stack`` and held until
    the job closes it, after the video is stored. Checks the engine keeps its contract:
    exactly ``speech.n_frames`` frames, a photo's the photo's size.
    """
    head = stack.enter_context(ctx.engines.use(Capability.TALKING_HEAD))
    if not isinstance(source, np.ndarray):
        return _checked(head.video(Path(source), speech, cancelled=ctx.cancelled), engine=head.name,
                        n_frames=speech.n_frames)
    return _checked(head.photo(source, speech, cancelled=ctx.cancelled), engine=head.name, n_frames=speech.n_frames,
                    shape=source.shape)


def _checked(frames: Iterable[Frame], *, engine: str, n_frames: int,
             shape: tuple[int, ...] | None = None) -> Iterator[Frame]:
    iterator = iter(frames)
    made = 0
    for frame in itertools.islice(iterator, n_frames):
        if shape is not None and frame.shape != shape:
            raise EngineError(f"talking_head engine {engine!r} made frame {made} of shape {frame.shape}, not the "
                              f"photo's {shape}")
        made += 1
        yield frame
    if made < n_frames:
        raise EngineError(f"talking_head engine {engine!r} made {made} frames, not the {n_frames} asked for")
    if next(iterator, None) is not None:
        raise EngineError(f"talking_head engine {engine!r} made more than the {n_frames} frames asked for")


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
