"""Text2Voice: text spoken by a catalog voice, stored as an MP3 the user can reuse as an
``audioFileId``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, model_validator

from shopreel.engines import Capability
from shopreel.catalog.voices import Voice, find_voice
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs.fields import OptionalText, RequiredText, null_is
from shopreel.jobs.talking import MAX_TTS_CHARS
from shopreel.media.video import encode_mp3
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "PronRule", "SpokenText"]


class PronRule(TaskModel):
    # Not stripped: spaces inside a rule are part of what it replaces.
    old_str: str = Field(alias="oldStr", min_length=1,
                         description="Text to replace wherever it occurs (exact, case-sensitive).")
    new_str: str | None = Field(alias="newStr", description="What to say instead: a respelling; blank or null skips it.")


class Params(TaskModel):
    voice_text: RequiredText = Field(alias="voiceText", max_length=MAX_TTS_CHARS,
                                     description=f"The text to speak (required, at most {MAX_TTS_CHARS} characters).")
    voice_id: RequiredText = Field(alias="voiceId", description="A voiceId from GET /v1/voice/query (required).")
    name: OptionalText = Field(None, description="A label for the result; it names the audio file.")
    voice_speed: Annotated[float, Field(ge=0.8, le=1.2), null_is(1.0)] = Field(
        1.0, alias="voiceSpeed", description="0.8–1.2, default 1.0 (1.2 speaks faster).")
    emotion_name: OptionalText = Field(
        None, alias="emotionName",
        description="Accepted and ignored: this server's speech engines (espeak-ng, Piper) have no emotion control.")
    pron_rules: Annotated[tuple[PronRule, ...], null_is(())] = Field(
        (), alias="pronRules",
        description="[{oldStr, newStr}]: text substitutions applied in order before the text is spoken.")
    origin_voice_file_id: OptionalText = Field(
        None, alias="originVoiceFileId",
        description="Voice cloning is not offered by this server's speech engines: giving it answers 4000.")
    board_id: OptionalText = Field(None, alias="boardId", description="Accepted, stored and echoed; not used.")

    @model_validator(mode="after")
    def _check(self) -> Params:
        if self.origin_voice_file_id:
            raise BadRequest("originVoiceFileId: voice cloning is not offered by this server's speech engines "
                             "(espeak-ng, Piper); leave it out to speak with a catalog voiceId")
        _voice(self.voice_id)
        spoken = self.spoken_text
        if not spoken.strip():
            raise BadRequest("pronRules leave nothing of voiceText to speak")
        if len(spoken) > MAX_TTS_CHARS:
            raise BadRequest(f"voiceText after pronRules is {len(spoken)} characters; the limit is {MAX_TTS_CHARS}")
        return self

    @property
    def spoken_text(self) -> str:
        """``voiceText`` after the pronunciation rules, in order."""
        text = self.voice_text
        for rule in self.pron_rules:
            text = text.replace(rule.old_str, rule.new_str or "")
        return text


class SpokenText(TaskModel):
    audio_file_id: str = Field(alias="audioFileId")
    duration_ms: int = Field(alias="durationMs")


def _voice(voice_id: str) -> Voice:
    voice = find_voice(voice_id)
    if voice is None:
        raise NotFound(f"voiceId {voice_id!r} not found")
    return voice


def run(ctx: JobContext, params: Params) -> SpokenText:
    voice = _voice(params.voice_id)
    with ctx.engines.use(Capability.TTS) as synthesizer:
        speech = synthesizer.voice_engine(voice).synthesize(params.spoken_text, voice=voice.spec,
                                                            speed=params.voice_speed)
    ctx.progress(80)
    with ctx.scratch_dir() as folder:
        path = Path(folder) / "voice.mp3"
        path.write_bytes(encode_mp3(speech.audio, sample_rate=speech.sample_rate))
        stored = ctx.add_file(path, fmt="mp3", source="output", file_name=f"{params.name or 'text2voice'}.mp3")
    return SpokenText(audio_file_id=stored.file_id, duration_ms=speech.duration_ms)


def view(record: TaskRecord, params: Params, result: SpokenText | None, links: Links) -> dict[str, Any]:
    voice = find_voice(params.voice_id)
    return {
        "voice": {
            "voiceId": params.voice_id,
            "voiceName": params.name or (voice.voice_name if voice else None),
            "demoAudioUrl": links.file_url(result.audio_file_id) if result else None,
            # Seconds, as TopView's own client prints them ("duration: 3.2s").
            "durations": result.duration_ms / 1000 if result else None,
            "audioFileId": result.audio_file_id if result else None,
            "language": voice.language if voice else None,
            "gender": voice.gender if voice else None,
            "age": voice.age if voice else None,
            "accent": voice.accent if voice else None,
        },
        "boardId": params.board_id,
        "boardTaskId": None,
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    return settings.credit_cost_text2voice


SPEC = JobSpec(kind="text2voice", biz_type="TEXT2VOICE", params=Params, result=SpokenText, run=run, view=view,
               queue=Capability.TTS.value, cost=cost)
