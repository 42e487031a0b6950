"""Voice Query and Caption List over HTTP, with the media they link to."""

from __future__ import annotations

import io
import wave

import httpx
import numpy as np
from PIL import Image


def test_voice_query_filters_and_pages(server):
    with server.client() as client:
        first = client.get("/v1/voice/query", params={"pageNo": 1, "pageSize": 5}).json()
        assert first["code"] == "200"
        page = first["result"]
        assert page["pageNo"] == 1 and page["pageSize"] == 5 and len(page["data"]) == 5
        assert page["total"] >= 33 * 2
        second = client.get("/v1/voice/query", params={"pageNo": "2", "pageSize": "5"}).json()["result"]
        assert {v["voiceId"] for v in second["data"]}.isdisjoint(v["voiceId"] for v in page["data"])

        japanese = client.get("/v1/voice/query", params={"language": "ja", "gender": "female", "pageSize": 100}).json()
        voices = japanese["result"]["data"]
        assert voices and all(v["language"] == "ja" and v["gender"] == "female" for v in voices)
        item = voices[0]
        assert set(item) >= {"voiceId", "voiceName", "language", "bestSupportLanguage", "gender", "age", "style",
                             "accent", "demoAudioUrl"}
        assert len(item["voiceId"]) == 32
        old = client.get("/v1/voice/query", params={"age": "Old", "style": "Advertisement", "pageSize": 100}).json()
        assert all(v["age"] == "Old" and v["style"] == "Advertisement" for v in old["result"]["data"])
        custom = client.get("/v1/voice/query", params={"isCustom": "true"}).json()["result"]
        assert custom["total"] == 0 and custom["data"] == []
        assert client.get("/v1/voice/query", params={"pageSize": 0}).json()["code"] == "4000"
        assert client.get("/v1/voice/query", params={"pageNo": "x"}).json()["code"] == "4000"


def test_demo_audio_is_speech_in_a_decodable_wav(server):
    with server.client() as client:
        voice = client.get("/v1/voice/query", params={"language": "es", "pageSize": 1}).json()["result"]["data"][0]
    response = httpx.get(voice["demoAudioUrl"])
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.headers["x-content-type-options"] == "nosniff"
    with wave.open(io.BytesIO(response.content)) as wav:
        rate, frames = wav.getframerate(), wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, "<i2").astype(np.float32) / 32768
    assert len(samples) / rate > 1.0  # a sentence, not a click
    assert np.sqrt(np.mean(samples**2)) > 0.02
    assert httpx.get(voice["demoAudioUrl"]).content == response.content  # cached, not re-synthesized


def test_caption_list_thumbnails_are_images(server):
    with server.client() as client:
        styles = client.get("/v1/caption/list").json()["result"]
    assert len(styles) >= 12
    assert len({s["captionId"] for s in styles}) == len(styles)
    pictures = []
    for style in styles[:3]:
        response = httpx.get(style["thumbnail"])
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
        picture = np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB"))
        assert picture.shape[0] > 100 and picture.std() > 10
        pictures.append(picture)
    assert not np.array_equal(pictures[0], pictures[1])
    assert httpx.get(f"{server.base_url}/catalog/captions/{'0' * 32}/thumbnail.png").json()["code"] == "4004"
