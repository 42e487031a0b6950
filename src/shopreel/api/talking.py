"""Submit-time checks the talking-video sections share: voice, audio and captions."""

from __future__ import annotations

from typing import Any

from shopreel.catalog.captions import find_caption
from shopreel.catalog.voices import find_voice
from shopreel.errors import BadRequest, NotFound
from shopreel.runtime import Runtime

__all__ = ["check_voiceover", "MAX_TTS_CHARS"]

MAX_TTS_CHARS = 5000


def check_voiceover(runtime: Runtime, uid: str, *, tts_text: str | None, voice_id: str | None,
                    audio_file_id: str | None, caption_id: str | None, speed: float | None = None) -> dict[str, Any]:
    """The voice-over params of a submit, checked: TTS text with an optional catalog voice,
    or an uploaded audio file; captions only with TTS (uploaded audio has no transcript)."""
    params: dict[str, Any] = {}
    if tts_text is not None and tts_text.strip():
        if audio_file_id:
            raise BadRequest("give ttsText or audioFileId, not both")
        if len(tts_text) > MAX_TTS_CHARS:
            raise BadRequest(f"ttsText is {len(tts_text)} characters; the limit is {MAX_TTS_CHARS}")
        if voice_id and find_voice(voice_id) is None:
            raise NotFound(f"voiceoverId {voice_id!r} not found")
        params.update(ttsText=tts_text.strip(), voiceoverId=voice_id or None)
        if speed is not None:
            if not 0.8 <= speed <= 1.2:
                raise BadRequest(f"voiceSpeed must be between 0.8 and 1.2, got {speed:g}")
            params["voiceSpeed"] = speed
    elif audio_file_id:
        runtime.files.ready_file(uid, audio_file_id, kinds=("audio",), field="audioFileId")
        params["audioFileId"] = audio_file_id
    if caption_id:
        if find_caption(caption_id) is None:
            raise NotFound(f"captionId {caption_id!r} not found")
        if "ttsText" not in params:
            raise BadRequest("captionId needs ttsText: uploaded audio has no transcript to caption")
        params["captionId"] = caption_id
    return params
