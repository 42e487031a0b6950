"""Photo Avatar (Avatar 4) over HTTP: a photo made to talk by Video Avatar's talking-photo
engine, with TTS or uploaded audio, saved as a custom avatar and used again by its id."""

from __future__ import annotations

import io
import wave

import httpx
import numpy as np
from skimage import data

from tests.support import encode_png, probe_bytes, speech_wav

SUBMIT, QUERY = "/v1/photo_avatar/task/submit", "/v1/photo_avatar/task/query"
VA_SUBMIT, VA_QUERY = "/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"


def _mouth_motion(frames: list[np.ndarray]) -> tuple[float, float]:
    """How much the mouth area and a background corner change over the frames (mean
    absolute difference from the first frame, largest over the clip). The astronaut's mouth
    is near (240, 185) of her 512 x 512 photo."""
    scale = frames[0].shape[0] / 512
    mouth = (slice(int(165 * scale), int(205 * scale)), slice(int(215 * scale), int(265 * scale)))
    corner = (slice(0, int(60 * scale)), slice(int(440 * scale), int(512 * scale)))
    first = frames[0].astype(int)
    return (max(np.abs(f[mouth].astype(int) - first[mouth]).mean() for f in frames),
            max(np.abs(f[corner].astype(int) - first[corner]).mean() for f in frames))


def test_a_photo_talks_and_is_saved_then_reused_with_audio(server):
    text = "Our new serum is here, and it is wonderful."
    wav = speech_wav("Look at this.")
    with wave.open(io.BytesIO(wav)) as w:
        audio_ms = w.getnframes() * 1000 // w.getframerate()
    with server.client() as client:
        photo = server.upload(client, encode_png(data.astronaut()), "png")
        audio = server.upload(client, wav, "wav")
        voice = client.get("/v1/voice/query", params={"pageSize": 1}).json()["result"]["data"][0]["voiceId"]
        submitted = client.post(SUBMIT, json={
            "templateImageFileId": photo, "mode": "avatar4Fast", "scriptMode": "text", "ttsText": text,
            "voiceId": voice, "customMotion": "nod along", "saveCustomAiAvatar": "true", "boardId": "b-9"}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, QUERY, submitted["result"]["taskId"], timeout_s=180)
        assert result["status"] == "success", result
        assert result["costCredit"] == 0.0 and result["boardId"] == "b-9" and result["boardTaskId"] is None
        saved = result["aiAvatar"]
        assert saved["aiavatarId"] == result["customAiAvatarId"] and saved["type"] == 2 and saved["isCustom"]
        assert httpx.get(result["finishedVideoCoverUrl"]).status_code == 200

        # The saved avatar talks again, now with uploaded audio.
        again = client.post(SUBMIT, json={"avatarId": saved["aiavatarId"], "mode": "avatar4Fast",
                                          "scriptMode": "audio", "audioFileId": audio}).json()
        assert again["code"] == "200", again
        # Video Avatar's form of the same inputs (custom avatar, uploaded audio, 720p).
        same = client.post(VA_SUBMIT, json={"avatarSourceFrom": 2, "aiAvatarId": saved["aiavatarId"],
                                            "audioSourceFrom": 0, "audioFileId": audio, "modeType": 0}).json()
        spoken = server.wait(client, QUERY, again["result"]["taskId"], timeout_s=180)
        v1 = server.wait(client, VA_QUERY, same["result"]["taskId"], timeout_s=180)
    assert spoken["status"] == v1["status"] == "success", (spoken, v1)
    assert spoken["aiAvatar"]["aiavatarId"] == saved["aiavatarId"]

    info, frames = probe_bytes(httpx.get(result["finishedVideoUrl"]).content)
    assert info.has_audio and (info.width, info.height) == (1280, 1280)  # avatar4Fast: 720p
    assert abs(info.duration_ms - info.audio_duration_ms) <= 1000 / info.fps + 1
    assert info.duration_ms > 1500  # nine words take a while to say
    mouth, corner = _mouth_motion(frames)
    assert mouth > 3 * max(corner, 0.3), (mouth, corner)  # the mouth moves, the background does not

    info, frames = probe_bytes(httpx.get(spoken["finishedVideoUrl"]).content)
    assert info.has_audio and abs(info.duration_ms - audio_ms) <= 2 * 1000 / info.fps + 30
    mouth, corner = _mouth_motion(frames)
    assert mouth > 3 * max(corner, 0.3), (mouth, corner)
    # Video Avatar's talking-photo path made it: its form of the same inputs matches, frame for
    # frame (compared with uploaded audio: espeak-ng's output for one text can vary by a few ms).
    _, v1_frames = probe_bytes(httpx.get(v1["outputVideoUrl"]).content)
    assert len(v1_frames) == len(frames)
    assert max(np.abs(a.astype(int) - b).mean() for a, b in zip(frames, v1_frames)) < 0.5


def test_public_avatar_and_bad_inputs(server):
    with server.client() as client:
        photo = server.upload(client, encode_png(data.astronaut()), "png")
        avatar = client.get("/v1/aiavatar/query", params={"pageSize": 1}).json()["result"]["data"][0]
        base = {"templateImageFileId": photo, "scriptMode": "text", "ttsText": "Hi there."}

        def post(**changes):
            return client.post(SUBMIT, json={k: v for k, v in {**base, **changes}.items() if v is not None}).json()

        too_long = post(customMotion="n" * 601)
        assert too_long["code"] == "4000" and "customMotion" in too_long["message"]
        assert post(templateImageFileId=None)["code"] == "4003"
        assert post(ttsText=None)["code"] == "4003"
        assert post(scriptMode="audio")["code"] == "4003"
        assert post(mode="avatar9")["code"] == "4000"
        assert post(voiceId="f" * 32)["code"] == "4004"
        assert post(templateImageFileId=None, avatarId="0" * 32)["code"] == "4004"  # neither public nor yours
        assert post(saveCustomAiAvatar="maybe")["code"] == "4000"

        public = post(templateImageFileId=None, avatarId=avatar["aiavatarId"], customMotion="m" * 600,
                      mode="avatar4Fast", saveCustomAiAvatar=False)
        assert public["code"] == "200", public
        result = server.wait(client, QUERY, public["result"]["taskId"], timeout_s=180)
    assert result["status"] == "success", result
    assert result["aiAvatar"]["aiavatarId"] == avatar["aiavatarId"] and result["aiAvatar"]["type"] == 0
    info, _ = probe_bytes(httpx.get(result["finishedVideoUrl"]).content)
    assert info.has_audio and (info.width, info.height) == (720, 1280)
