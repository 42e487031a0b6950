"""The ``talking_head`` engine: the classical one loads through the registry and makes the
frames the jobs made before; a third party's makes Video Avatar's photo video over HTTP."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace

import cv2
import httpx
import numpy as np
import pytest
from skimage import data

from shopreel.engines import Capability, EngineError, TalkingHead
from shopreel.engines.registry import Engines
from shopreel.jobs.talking import Voiceover, mouth_states, nod_times, speak_request, talking_head_frames
from shopreel.media.avatar import talking_photo_frames
from shopreel.media.speech import encode_wav
from shopreel.settings import Settings
from tests.engines.packages import installed_package
from tests.support import encode_png, live_server, probe_bytes, test_settings

SUBMIT, QUERY = "/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"
MAGENTA = (255, 0, 255)

_BANDS = '''
import numpy as np

PHOTOS = []


class Bands:
    """Paints a magenta band across the top of the photo, 8 px plus 200 px per unit of the
    audio's RMS around each frame: a head that "hears" the speech."""

    name = "bands"
    batches = False

    def __init__(self, config):
        pass

    def photo(self, photo, speech, *, cancelled):
        PHOTOS.append((photo.shape, speech.n_frames, speech.sample_rate))
        window = int(speech.sample_rate / speech.fps)
        for i in range(speech.n_frames):
            chunk = speech.audio[i * window:(i + 1) * window]
            rms = float(np.sqrt(np.mean(chunk ** 2))) if len(chunk) else 0.0
            frame = photo.copy()
            frame[:8 + round(200 * rms)] = (255, 0, 255)
            yield frame

    def video(self, path, speech, *, cancelled):
        raise NotImplementedError


class Short(Bands):
    """Forgets the last frame."""

    name = "short"

    def photo(self, photo, speech, *, cancelled):
        for _ in range(speech.n_frames - 1):
            yield photo
'''


@pytest.fixture
def bands(tmp_path, monkeypatch):
    (tmp_path / "site").mkdir()
    with installed_package(tmp_path / "site", monkeypatch, module="band_engines", source=_BANDS, entry_points={
        "talking_head.bands": "band_engines:Bands",
        "talking_head.short": "band_engines:Short",
    }) as module:
        yield module


@pytest.fixture(scope="module")
def portrait():
    return cv2.resize(data.astronaut()[20:300, 110:390], (256, 256), interpolation=cv2.INTER_AREA)


def _voiceover(*, silence_s: float = 0.8, tone_s: float = 0.8, rate: int = 16_000) -> Voiceover:
    """Silence, a loud tone, silence."""
    quiet = np.zeros(round(silence_s * rate), np.float32)
    tone = (0.5 * np.sin(2 * np.pi * 220 * np.arange(round(tone_s * rate)) / rate)).astype(np.float32)
    return Voiceover(audio=np.concatenate([quiet, tone, quiet]), sample_rate=rate, language="en")


def test_the_classical_talking_head_makes_the_frames_the_jobs_made(tmp_path, portrait):
    engines = Engines(Settings(data_dir=tmp_path))
    head = engines.get(Capability.TALKING_HEAD)
    assert isinstance(head, TalkingHead) and head.batches and head.name == "classical"
    voiceover = _voiceover(silence_s=0.1, tone_s=0.2)
    n_frames, mouths = mouth_states(voiceover)
    speech = speak_request(voiceover, n_frames=n_frames, mouths=mouths, nod_times_s=(0.1,))
    made = list(head.photo(portrait, speech, cancelled=lambda: False))
    before = list(talking_photo_frames(portrait, fps=speech.fps, n_frames=n_frames, mouth_curve=mouths,
                                       nod_times_s=(0.1,)))
    assert len(made) == n_frames == len(before)
    assert all(np.array_equal(a, b) for a, b in zip(made, before))


def test_an_engine_that_makes_too_few_frames_fails_naming_itself(tmp_path, bands, portrait):
    settings = Settings(data_dir=tmp_path, engine_talking_head="short")
    ctx = SimpleNamespace(engines=Engines(settings), cancelled=lambda: False)
    voiceover = _voiceover(silence_s=0.1, tone_s=0.1)
    n_frames, mouths = mouth_states(voiceover)
    with contextlib.ExitStack() as stack:
        frames = talking_head_frames(ctx, stack, portrait, speak_request(voiceover, n_frames=n_frames, mouths=mouths,
                                                                         nod_times_s=nod_times(voiceover)))
        with pytest.raises(EngineError, match=f"'short' made {n_frames - 1} frames, not the {n_frames}"):
            list(frames)


def _band_height(frame: np.ndarray) -> int:
    rows = frame.astype(int).mean(axis=1)  # (H, 3) mean colour of each row
    magenta = (np.abs(rows - MAGENTA) < 40).all(axis=1)
    return int(np.argmin(magenta)) if not magenta.all() else len(magenta)


def test_video_avatar_speaks_a_photo_with_a_third_party_engine(tmp_path, bands):
    wav = encode_wav(_voiceover().audio, sample_rate=16_000)
    with live_server(test_settings(tmp_path, engine_talking_head="bands")) as server, server.client() as client:
        photo = server.upload(client, encode_png(data.astronaut()), "png")
        audio = server.upload(client, wav, "wav")
        submitted = client.post(SUBMIT, json={"avatarSourceFrom": 3, "imageFileId": photo, "audioSourceFrom": 0,
                                              "audioFileId": audio, "modeType": 0}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, QUERY, submitted["result"]["taskId"], timeout_s=180)
        assert result["status"] == "success", result
        info, frames = probe_bytes(httpx.get(result["outputVideoUrl"]).content)
    assert bands.PHOTOS == [((1280, 1280, 3), 60, 24_000)]  # once, the fitted photo, 2.4 s at 25 fps
    assert len(frames) == 60 and abs(info.duration_ms - 2400) <= 40
    heights = [_band_height(frame) for frame in frames]
    assert all(h <= 16 for h in heights[:15] + heights[-15:]), heights  # silence: the thin band
    assert all(h >= 60 for h in heights[25:35]), heights  # the tone (RMS 0.35): about 78 px



def test_a_talking_head_engine_gets_its_weights_from_the_settings(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path, engine_talking_head="bands",
                               engine_talking_head_weights=tmp_path / "sadtalker"))
    config = engines.config(Capability.TALKING_HEAD)
    assert (config.name, config.weights) == ("bands", tmp_path / "sadtalker")
