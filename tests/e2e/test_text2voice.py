"""Text2Voice over HTTP: the MP3 says the text with the chosen voice, at the chosen speed,
with the pronunciation rules applied; bad input names its code."""

from __future__ import annotations

import tempfile

import httpx
import numpy as np

from shopreel.catalog.voices import find_voice
from shopreel.media.video.audio import load_audio
from tests.support import classical_tts, speech_wav

SUBMIT, QUERY = "/v1/voice/text2voice/task/submit", "/v1/voice/text2voice/task/query"
TEXT = "Fresh coffee beans, roasted this morning and shipped today."


def _voice_id(client: httpx.Client) -> str:
    return client.get("/v1/voice/query", params={"language": "en", "pageSize": 1}).json()["result"]["data"][0]["voiceId"]


def _speak(server, client: httpx.Client, body: dict) -> dict:
    submitted = client.post(SUBMIT, json=body).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, QUERY, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    return result


def _decoded(url: str, sample_rate: int = 22_050) -> np.ndarray:
    response = httpx.get(url)
    assert response.status_code == 200 and response.content[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
    with tempfile.NamedTemporaryFile(suffix=".mp3") as handle:
        handle.write(response.content)
        handle.flush()
        return load_audio(handle.name, sample_rate=sample_rate)


def _engine_seconds(text: str, voice_id: str, speed: float = 1.0) -> float:
    voice = find_voice(voice_id)
    assert voice is not None
    return classical_tts(voice).synthesize(text, voice=voice.spec, speed=speed).duration_ms / 1000


def test_the_text_is_spoken_by_the_voice(server):
    with server.client() as client:
        voice_id = _voice_id(client)
        result = _speak(server, client, {"voiceText": TEXT, "voiceId": voice_id, "name": "Coffee ad",
                                         "emotionName": "happy", "boardId": "board_1"})
    voice = result["voice"]
    assert voice["voiceId"] == voice_id and voice["voiceName"] == "Coffee ad" and voice["language"] == "en"
    assert result["costCredit"] == 0.0 and result["boardId"] == "board_1" and result["boardTaskId"] is None
    audio = _decoded(voice["demoAudioUrl"])
    seconds = len(audio) / 22_050
    assert isinstance(voice["durations"], float)
    assert abs(voice["durations"] - seconds) < 0.05
    assert abs(seconds - _engine_seconds(TEXT, voice_id)) < 0.05
    assert seconds > 2
    assert float(np.sqrt(np.mean(audio ** 2))) > 0.02  # speech, not silence
    # The audio is the user's file: usable wherever an audioFileId is accepted.
    with server.client() as client:
        assert client.get("/v1/upload/check", params={"fileId": voice["audioFileId"]}).json()["result"] is True


def test_pronunciation_rules_change_what_is_said(server):
    rules = [{"oldStr": "today", "newStr": "today, before noon, by express courier"}, {"oldStr": "Fresh ", "newStr": ""}]
    spoken = "coffee beans, roasted this morning and shipped today, before noon, by express courier."
    with server.client() as client:
        voice_id = _voice_id(client)
        plain = _speak(server, client, {"voiceText": TEXT, "voiceId": voice_id})["voice"]
        ruled = _speak(server, client, {"voiceText": TEXT, "voiceId": voice_id, "pronRules": rules})["voice"]
    assert abs(ruled["durations"] - _engine_seconds(spoken.capitalize(), voice_id)) < 0.3
    assert ruled["durations"] > plain["durations"] + 1.0


def test_faster_speech_is_shorter(server):
    with server.client() as client:
        voice_id = _voice_id(client)
        slow = _speak(server, client, {"voiceText": TEXT, "voiceId": voice_id, "voiceSpeed": 0.8})["voice"]
        fast = _speak(server, client, {"voiceText": TEXT, "voiceId": voice_id, "voiceSpeed": "1.2"})["voice"]
    # Piper stretches each phoneme by the speed but keeps at least one frame of each, so
    # 1.2 against 0.8 is about a fifth shorter, not a third.
    assert fast["durations"] < 0.88 * slow["durations"]
    assert len(_decoded(fast["demoAudioUrl"])) < 0.88 * len(_decoded(slow["demoAudioUrl"]))


def test_bad_input_names_its_code(server):
    with server.client() as client:
        voice_id = _voice_id(client)
        codes = {
            "missing text": client.post(SUBMIT, json={"voiceId": voice_id}),
            "blank text": client.post(SUBMIT, json={"voiceText": " ", "voiceId": voice_id}),
            "missing voice": client.post(SUBMIT, json={"voiceText": TEXT}),
            "unknown voice": client.post(SUBMIT, json={"voiceText": TEXT, "voiceId": "0" * 32}),
            "speed": client.post(SUBMIT, json={"voiceText": TEXT, "voiceId": voice_id, "voiceSpeed": 2}),
            "too long": client.post(SUBMIT, json={"voiceText": "word " * 1001, "voiceId": voice_id}),
            "rules erase it": client.post(SUBMIT, json={"voiceText": "Hi", "voiceId": voice_id,
                                                        "pronRules": [{"oldStr": "Hi", "newStr": ""}]}),
            "rule without oldStr": client.post(SUBMIT, json={"voiceText": TEXT, "voiceId": voice_id,
                                                             "pronRules": [{"newStr": "x"}]}),
            "clone": client.post(SUBMIT, json={"voiceText": TEXT, "voiceId": voice_id,
                                               "originVoiceFileId": server.upload(client, speech_wav(), "wav")}),
            "unknown task": client.get(QUERY, params={"taskId": "0" * 32}),
        }
        got = {name: response.json()["code"] for name, response in codes.items()}
        assert got == {"missing text": "4003", "blank text": "4003", "missing voice": "4003", "unknown voice": "4004",
                       "speed": "4000", "too long": "4000", "rules erase it": "4000", "rule without oldStr": "4003",
                       "clone": "4000", "unknown task": "4004"}
        assert "voice cloning is not offered" in codes["clone"].json()["message"]
