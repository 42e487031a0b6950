"""Video Avatar from uploaded speech: the words heard in it are captioned while they are said;
silence, music, a too-long recording and a broken recognition model each get a clear answer."""

from __future__ import annotations

import shutil

import httpx
import numpy as np
import pytest

from shopreel.media.speech import encode_wav, shipped_model_dir, synthesize
from shopreel.media.speech.listen import model_loads
from tests.support import espeak_voice, live_server, probe_bytes, test_settings

SUBMIT, QUERY = "/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"


def _setup(server, client, audio: bytes) -> dict[str, str]:
    styles = client.get("/v1/caption/list").json()["result"]
    return {"audio": server.upload(client, audio, "wav"),
            "avatar": client.get("/v1/aiavatar/query", params={"pageSize": 1}).json()["result"]["data"][0]["aiavatarId"],
            "caption": next(s["captionId"] for s in styles if s["captionName"] == "Word Highlight")}


def _submit(client, use: dict[str, str], *, captions: bool) -> str:
    body = {"avatarSourceFrom": 1, "aiAvatarId": use["avatar"], "audioSourceFrom": 0, "audioFileId": use["audio"],
            **({"captionId": use["caption"]} if captions else {})}
    answer = client.post(SUBMIT, json=body).json()
    assert answer["code"] == "200", answer
    return answer["result"]["taskId"]


def test_uploaded_speech_is_captioned_word_by_word_as_it_is_said(server):
    """The same video with and without Word Highlight captions, from speech whose word times
    are known (the TTS spoke it): the caption is on screen while each word is said, not before
    the first word nor through the long pause, and the highlight steps onto each word as it
    starts."""
    speech = synthesize('Fresh coffee every morning. <break time="1s"/> Order today.',
                        voice=espeak_voice("en").spec)
    said = speech.words
    loads = model_loads()
    with server.client() as client:
        use = _setup(server, client, encode_wav(speech.audio, sample_rate=speech.sample_rate))
        ids = [_submit(client, use, captions=False), _submit(client, use, captions=True)]
        plain, captioned = (server.wait(client, QUERY, i, timeout_s=240) for i in ids)
    assert plain["status"] == captioned["status"] == "success", (plain, captioned)
    assert model_loads() - loads <= 1  # two jobs, at most one load (none if an earlier test loaded it)
    info, bare = probe_bytes(httpx.get(plain["outputVideoUrl"]).content)
    _, shown = probe_bytes(httpx.get(captioned["outputVideoUrl"]).content)
    assert len(bare) == len(shown) == info.frame_count
    height, width = bare[0].shape[:2]
    frame_ms = 1000 / info.fps
    on_screen, highlight = [], []
    for with_captions, without in zip(shown, bare):
        differs = np.abs(with_captions.astype(int) - without.astype(int)).max(axis=2) > 60
        ys, _ = np.nonzero(differs)
        assert (ys < 0.6 * height).sum() <= 0.001 * height * width  # only the caption band changed
        on_screen.append(len(ys) > 0.002 * height * width)
        r, g, b = (with_captions[..., i].astype(int) for i in range(3))
        gy, gx = np.nonzero(differs & (g > 170) & (r < 140) & (b < 160))  # the highlight's green
        highlight.append((gx.mean(), gy.mean()) if len(gx) > 30 else None)
    times = np.arange(len(bare)) * frame_ms

    def frames(start_ms: float, end_ms: float) -> np.ndarray:
        return np.flatnonzero((times >= start_ms) & (times <= end_ms))

    on_screen = np.array(on_screen)
    assert not on_screen[frames(0, said[0].start_ms - 2 * frame_ms)].any()  # not before the first word
    while_said = np.concatenate([frames(w.start_ms + frame_ms, w.end_ms - frame_ms) for w in said])
    assert on_screen[while_said].mean() > 0.95, on_screen[while_said].mean()
    pause = [i for i, w in enumerate(said) if w.text == "Order"][0]
    gap = frames(said[pause - 1].end_ms + 400 + 150, said[pause].start_ms - 2 * frame_ms)  # past the 400 ms hold
    assert len(gap) >= 5 and not on_screen[gap].any()  # not through the pause
    steps = [times[i] for i in range(1, len(highlight)) if highlight[i] is not None and (
        highlight[i - 1] is None or np.hypot(*np.subtract(highlight[i], highlight[i - 1])) > 8)]
    starts = np.array([w.start_ms for w in said])
    offsets = [step - starts[np.argmin(np.abs(starts - step))] for step in steps]
    print(f"\nhighlight steps vs word starts (ms): {np.round(offsets).astype(int).tolist()}")
    assert len(steps) >= len(said) - 2
    assert np.median(np.abs(offsets)) <= 2 * frame_ms and min(offsets) >= -3 * frame_ms and max(offsets) <= 200


def _chord(rate: int, seconds: float) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    notes = sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0)) / 3
    return (0.3 * notes * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t))).astype(np.float32)


@pytest.mark.parametrize("sound", ["silence", "music"])
def test_captions_of_a_recording_without_speech_fail_saying_why(server, sound):
    rate = 16_000
    audio = np.zeros(int(1.5 * rate), np.float32) if sound == "silence" else _chord(rate, 1.5)
    with server.client() as client:
        use = _setup(server, client, encode_wav(audio, sample_rate=rate))
        failed = server.wait(client, QUERY, _submit(client, use, captions=True), timeout_s=120)
        assert failed["status"] == "fail"
        assert "no speech was recognised in audioFileId" in failed["errorMsg"]
        assert "submit without captionId" in failed["errorMsg"]
        if sound == "silence":  # without captions the same recording makes a (silent) video
            done = server.wait(client, QUERY, _submit(client, use, captions=False), timeout_s=120)
            assert done["status"] == "success", done


def test_ten_minutes_of_audio_answer_4000_at_submit(server):
    rate = 8_000
    quiet = (0.01 * np.random.default_rng(0).standard_normal(600 * rate)).astype(np.float32)
    with server.client() as client:
        use = _setup(server, client, encode_wav(quiet, sample_rate=rate))
        for captions in (False, True):
            body = {"avatarSourceFrom": 1, "aiAvatarId": use["avatar"], "audioSourceFrom": 0,
                    "audioFileId": use["audio"], **({"captionId": use["caption"]} if captions else {})}
            answer = client.post(SUBMIT, json=body).json()
            assert answer["code"] == "4000" and "600 s long; the limit is 300 s" in answer["message"], answer


def test_a_broken_recognition_model_fails_captions_clearly(tmp_path):
    broken = tmp_path / "whisper"
    broken.mkdir()
    shipped = shipped_model_dir(test_settings(tmp_path).resolved_cache_dir)
    shutil.copy(shipped / "tokenizer.json", broken / "tokenizer.json")
    with open(shipped / "model.bin", "rb") as whole:
        (broken / "model.bin").write_bytes(whole.read(1 << 20))  # truncated
    speech = synthesize("Look at this.", voice=espeak_voice("en").spec)
    with live_server(test_settings(tmp_path, asr_model_path=broken)) as server, server.client() as client:
        use = _setup(server, client, encode_wav(speech.audio, sample_rate=speech.sample_rate))
        failed = server.wait(client, QUERY, _submit(client, use, captions=True), timeout_s=120)
        assert failed["status"] == "fail"
        assert "cannot load the Whisper model" in failed["errorMsg"] and "SHOPREEL_ASR_MODEL_PATH" in failed["errorMsg"]
        done = server.wait(client, QUERY, _submit(client, use, captions=False), timeout_s=120)
        assert done["status"] == "success", done  # no captions asked: the lips follow the loudness
