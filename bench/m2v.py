"""Avatar Marketing Video: seconds of work per second of a 1080x1920 export, next to the floor.

Two exports run through the HTTP API on loopback, each a 30–50 s ad (videoLengthType 1,
9:16, direct export, no aiavatarId: ShopReel casts the presenter):
- one product photo with a name and a description;
- a product page served locally with four photos and a video.

For each: the wall time of the whole task (scrape, scene analysis, scripts fitted with
real TTS, speech, presenter clips, scenes, captions, music, encode), its seconds per
second of video against the goal (1.0), and the encode floor: the same frames, decoded
from the export, encoded again with the same encoder settings (decoding timed apart and
taken off). Then one presenter segment alone: a 5 s line, drawn and encoded, against real
time.

    .venv/bin/python bench/m2v.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from shopreel.catalog.presenters import PRESENTERS  # noqa: E402
from shopreel.catalog.voices import default_voice, tts_for  # noqa: E402
from shopreel.media.avatar import (  # noqa: E402
    frame_count, loudness_track, mouth_curve, render_talking_video, talking_rig_frames,
)
from shopreel.media.speech import viseme_track  # noqa: E402
from shopreel.media.video.encode import encode_video  # noqa: E402
from shopreel.media.video.probe import probe, read_frames  # noqa: E402
from tests.media.scrape import pages  # noqa: E402
from tests.support import (  # noqa: E402
    encode_png, live_server, moving_clip, product_photo, test_settings, web_server,
)

GOAL_S_PER_S = 1.0
DESCRIPTION = ("A light vitamin C serum that brightens dull skin in a week. Absorbs in seconds and layers under "
               "makeup. Made with hyaluronic acid for all-day moisture.")


def _export(server, client, body: dict, folder: Path, name: str) -> tuple[float, Path]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    task = client.post("/v1/m2v/task/submit", json=body).json()["result"]["taskId"]
    result = server.wait(client, "/v1/m2v/task/query", task, timeout_s=1800)
    wall = time.perf_counter() - started
    assert result["status"] == "success", result
    path = folder / f"{name}.mp4"
    path.write_bytes(httpx.get(result["exportVideos"][0]["videoUrl"]).content)
    return wall, path


def _encode_floor(path: Path, folder: Path) -> float:
    """Seconds to encode the frames of ``path`` again (its decoding timed apart and taken off)."""
    started = time.perf_counter()
    for _ in read_frames(path):
        pass
    decode = time.perf_counter() - started
    info = probe(path)
    started = time.perf_counter()
    encode_video(read_frames(path), fps=info.fps, path=folder / "floor.mp4")
    return time.perf_counter() - started - decode


def _presenter_rtf(folder: Path) -> float:
    """Seconds per second of a presenter saying a line, drawn and encoded at 1080x1920."""
    voice = default_voice("en")
    speech = tts_for(voice).synthesize(
        "Meet Glow Serum, the light vitamin C serum that brightens dull skin in a week.", voice=voice.spec)
    fps = 30.0
    n = frame_count(len(speech.audio), sample_rate=speech.sample_rate, fps=fps)
    started = time.perf_counter()
    mouths = mouth_curve(viseme_track(speech.phonemes, duration_ms=speech.duration_ms), fps=fps, n_frames=n,
                         loudness=loudness_track(speech.audio, speech.sample_rate, fps=fps, n_frames=n))
    frames = (f for f, _ in talking_rig_frames(PRESENTERS[0].spec, width=1080, height=1920, fps=fps, n_frames=n,
                                                mouth_curve=mouths))
    render_talking_video(frames, width=1080, height=1920, fps=fps, audio=speech.audio,
                         sample_rate=speech.sample_rate, path=folder / "presenter.mp4", preset="ultrafast")
    return (time.perf_counter() - started) / (speech.duration_ms / 1000)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as name, web_server() as web:
        folder = Path(name)
        photos = [encode_png(product_photo(kind, width=720, height=1080)) for kind in ("bottle", "box", "round", "bottle")]
        images = [web.add(f"/cdn/p{i}.png", data, content_type="image/png") for i, data in enumerate(photos)]
        video = web.add("/cdn/clip.mp4", moving_clip(seconds=6.0), content_type="video/mp4")
        link = web.add("/products/serum", pages.jsonld_only_page(
            name="Glow Serum", description=DESCRIPTION, price="24.99", currency="USD", brand="Lumi",
            image_urls=images, video_url=video))
        with live_server(test_settings(folder, workers=1)) as server, server.client() as client:
            photo = server.upload(client, photos[0], "png")
            cases = [
                ("one photo", {"fileIds": [photo], "productName": "Glow Serum", "productDescription": DESCRIPTION}),
                ("page: 4 photos + a video", {"productLink": link}),
            ]
            for label, body in cases:
                wall, path = _export(server, client, {**body, "videoLengthType": 1}, folder, label.split()[0])
                seconds = probe(path).duration_ms / 1000
                floor = _encode_floor(path, folder)
                rows.append((label, seconds, wall, floor))
        presenter = _presenter_rtf(folder)

    print("\nM2V export through the API, 1080x1920, 30-50 s ad, a presenter cast by ShopReel\n")
    print(f"{'export':28} {'video s':>8} {'wall s':>8} {'s per s':>8} {'goal':>6} {'ratio':>6} "
          f"{'encode floor s':>15} {'wall / floor':>13}")
    for label, seconds, wall, floor in rows:
        per = wall / seconds
        print(f"{label:28} {seconds:8.1f} {wall:8.1f} {per:8.2f} {GOAL_S_PER_S:6.1f} {per / GOAL_S_PER_S:6.2f} "
              f"{floor:15.1f} {wall / floor:13.2f}")
    print(f"\none presenter line, drawn and encoded: {presenter:.2f} s per s of speech "
          f"(goal: faster than real time, ratio {presenter:.2f})")


if __name__ == "__main__":
    main()
