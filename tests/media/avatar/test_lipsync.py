"""Lip sync is measured: Face Mesh reads the rendered mouths back and they must follow the voice."""

import cv2
import numpy as np
import pytest
from skimage.data import astronaut

from shopreel.media.avatar.lipsync import MouthState, energy_mouth_curve, loudness_track, mouth_curve
from shopreel.media.avatar.photo import talking_photo_frames, talking_video_frames
from shopreel.media.face import NoFaceFound, mouth_open_ratio, track_face_landmarks
from shopreel.media.speech import VoiceSpec, synthesize, viseme_track

FPS = 15
TEXT = 'Hello there, this serum is amazing. <break time="800ms"/> Try it today and feel the glow.'


@pytest.fixture(scope="module")
def speech():
    return synthesize(TEXT, voice=VoiceSpec("en-us"))


@pytest.fixture(scope="module")
def timing(speech):
    n = round(len(speech.audio) / speech.sample_rate * FPS)
    loud = loudness_track(speech.audio, speech.sample_rate, fps=FPS, n_frames=n)
    track = viseme_track(speech.phonemes, duration_ms=speech.duration_ms)
    return n, mouth_curve(track, fps=FPS, n_frames=n, loudness=loud)


@pytest.fixture(scope="module")
def portrait():
    """The astronaut's head and shoulders at 256 x 256: a real face, smiling with teeth showing."""
    return cv2.resize(astronaut()[20:300, 110:390], (256, 256), interpolation=cv2.INTER_AREA)


def _rms_at_frames(audio, rate, n):
    half = int(0.025 * rate)
    centres = np.round(np.arange(n) * rate / FPS).astype(int)
    return np.array([np.sqrt(np.mean(audio[max(0, c - half) : c + half] ** 2)) if c < len(audio) else 0.0
                     for c in centres])


def _pause_frames(speech, n):
    """Frames well inside the 800 ms break (between the two sentences' words)."""
    end = next(w.end_ms for w in speech.words if w.text == "amazing.")
    start = next(w.start_ms for w in speech.words if w.text == "Try")
    assert start - end >= 700
    return [i for i in range(n) if end + 150 <= i * 1000 / FPS <= start - 150]


def _measured_gaps(frames):
    gaps = [mouth_open_ratio(faces[0]) if faces else np.nan for faces in track_face_landmarks(frames)]
    gaps = np.array(gaps)
    assert not np.isnan(gaps).any(), "Face Mesh lost the face in a rendered frame"
    return gaps


def _check_sync(gaps, speech, n, label):
    rms = _rms_at_frames(speech.audio, speech.sample_rate, n)
    r = float(np.corrcoef(gaps, rms)[0, 1])
    pause = _pause_frames(speech, n)
    print(f"\n{label}: Pearson r(inner-lip gap, voice RMS) = {r:.3f}; pause gap max {gaps[pause].max():.3f}, "
          f"speech gap max {gaps.max():.3f}")
    assert r >= 0.6  # the goal
    assert gaps[pause].max() < 0.05 and gaps[pause].max() < 0.3 * gaps.max()
    assert gaps.max() > 0.15  # it really opens


def test_photo_lip_sync_follows_the_voice(speech, timing, portrait):
    n, curve = timing
    frames = list(talking_photo_frames(portrait, fps=FPS, n_frames=n, mouth_curve=curve, seed=1))
    assert len(frames) == n and all(f.shape == portrait.shape and f.dtype == np.uint8 for f in frames)
    _check_sync(_measured_gaps(frames), speech, n, "photo")


def test_video_lip_sync_follows_the_voice(speech, timing, portrait):
    n, curve = timing
    source = []
    for k in range(20):  # a short "video": the photo drifting and zooming a few pixels
        matrix = cv2.getRotationMatrix2D((128, 128), 0, 1 + 0.02 * np.sin(k / 5))
        matrix[:, 2] += (3 * np.sin(k / 3), 2 * np.cos(k / 4))
        source.append(cv2.warpAffine(portrait, matrix, (256, 256), borderMode=cv2.BORDER_REPLICATE))
    frames = list(talking_video_frames(iter(source), fps=FPS, n_frames=n, mouth_curve=curve))
    assert len(frames) == n
    # ping-pong: output frame 20 shows source frame 18 (its mouth warped), not a jump back to 0
    assert np.abs(frames[20][:80].astype(int) - source[18][:80].astype(int)).mean() < 1.0
    _check_sync(_measured_gaps(frames), speech, n, "video")


def test_photo_is_stable_and_input_untouched(portrait):
    before = portrait.copy()
    still = [MouthState("rest", 0.0, 0.0, 1.0)] * 3
    frames = list(talking_photo_frames(portrait, fps=2, n_frames=3, mouth_curve=still, seed=0))
    assert np.array_equal(portrait, before)
    # no blink in the first second: identical states give identical pixels apart from the slow sway
    assert np.abs(frames[0].astype(int) - frames[1].astype(int)).mean() < 3.0


def test_photo_without_a_face_is_refused():
    blank = np.full((64, 64, 3), 200, np.uint8)
    with pytest.raises(NoFaceFound):
        list(talking_photo_frames(blank, fps=10, n_frames=2, mouth_curve=[MouthState("rest", 0, 0, 1)] * 2))


def test_mouth_curve_coarticulates_and_closes_in_pauses(speech, timing):
    n, curve = timing
    opening = np.array([m.mouth_open for m in curve])
    assert all(m.mouth_open == 0 and m.viseme == "rest" for m in (curve[i] for i in _pause_frames(speech, n)))
    assert opening.max() > 0.5
    # at 60 fps the shape glides: no frame-to-frame jump bigger than a third of the range
    track = viseme_track(speech.phonemes, duration_ms=speech.duration_ms)
    fine = mouth_curve(track, fps=60, n_frames=speech.duration_ms * 60 // 1000)
    assert np.abs(np.diff([m.mouth_open for m in fine])).max() < 0.45
    assert np.abs(np.diff([m.width for m in fine])).max() < 0.2


def test_mouth_curve_shapes():
    track = [(0, 100, "rest"), (100, 300, "AA"), (300, 380, "rest"), (380, 600, "O"), (600, 700, "MBP"),
             (700, 1200, "rest"), (1200, 1400, "E")]
    curve = mouth_curve(track, fps=100, n_frames=150)
    at = {ms: curve[ms // 10] for ms in (50, 200, 340, 500, 650, 950, 1300)}
    assert at[50].mouth_open == 0 and at[950].mouth_open == 0  # silence, and a long pause
    assert at[200].viseme == "AA" and at[200].mouth_open == pytest.approx(1.0)
    assert at[340].mouth_open > 0.3  # an 80 ms gap does not snap shut
    assert at[500].viseme == "O" and 0.5 < at[500].mouth_open < 1.0 and at[500].width < 0.9
    assert at[650].viseme == "MBP" and at[650].mouth_open == 0 and at[650].weight == pytest.approx(1)
    assert at[1300].viseme == "E" and at[1300].width > 1.05
    quiet = mouth_curve(track, fps=100, n_frames=150, loudness=np.full(150, 0.2))
    assert quiet[20].mouth_open < 0.6 * curve[20].mouth_open


def test_mouth_curve_checks_its_inputs():
    with pytest.raises(ValueError, match="visemes\\[0\\]"):
        mouth_curve([(0, 10, "XX")], fps=10, n_frames=1)
    with pytest.raises(ValueError, match="out of time order"):
        mouth_curve([(0, 100, "AA"), (50, 120, "E")], fps=10, n_frames=1)
    with pytest.raises(ValueError, match="loudness"):
        mouth_curve([(0, 100, "AA")], fps=10, n_frames=3, loudness=[0.5, 0.5])
    with pytest.raises(ValueError, match="fps"):
        mouth_curve([], fps=0, n_frames=1)


def test_energy_curve_follows_uploaded_audio():
    rate, fps = 16000, 25
    t = np.arange(int(3.0 * rate)) / rate
    rng = np.random.default_rng(0)
    # a "voice": syllables whose loudness and brightness vary, a 1 s silence (room noise) in the middle
    syllables = np.clip(np.sin(2 * np.pi * 3.1 * t), 0, None) * (0.4 + 0.6 * np.abs(np.sin(2 * np.pi * 0.7 * t)))
    tone = np.sin(2 * np.pi * 180 * t) + 0.5 * np.sin(2 * np.pi * (700 + 600 * np.sin(2 * np.pi * 1.3 * t)) * t)
    voice = 0.3 * syllables * tone * ((t < 1.0) | (t >= 2.0))
    audio = (voice + 0.001 * rng.standard_normal(len(t))).astype(np.float32)
    n = 75
    curve = energy_mouth_curve(audio, rate, fps=fps, n_frames=n)
    opening = np.array([m.mouth_open for m in curve])
    rms = np.array([np.sqrt(np.mean(audio[max(0, i * rate // fps - 400) : i * rate // fps + 400] ** 2))
                    for i in range(n)])
    r = float(np.corrcoef(opening, rms)[0, 1])
    print(f"\nenergy mouth curve: Pearson r(mouth_open, RMS) = {r:.3f}")
    assert r >= 0.8
    silent = [i for i in range(n) if 1.15 <= i / fps <= 1.95]
    assert all(curve[i].mouth_open == 0 and curve[i].viseme == "rest" for i in silent)
    assert {m.viseme for m in curve} >= {"rest", "AA", "O", "E"}  # shapes change, not a hinge

