"""Avatar Marketing Video: wall time of a 30–50 s 1080x1920 export, and its parts.

The whole task runs through the HTTP API on loopback (a product page served locally, a
presenter, direct export). The parts are then timed one by one with the same engines on
the same inputs: scrape (page + 3 images), script writing (with real TTS measurements),
TTS of the chosen script, composing the frames (presenter clips, b-roll, captions, music)
without encoding, and the bare encode of those frames. Goal: the export under 60 s.

    .venv/bin/python bench/m2v.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shopreel.catalog.voices import default_voice  # noqa: E402
from shopreel.media.scrape import extract_product  # noqa: E402
from shopreel.media.script import LENGTH_TYPES, ProductFacts, write_scripts  # noqa: E402
from shopreel.media.speech import synthesize  # noqa: E402
from shopreel.media.video.compose import iter_yuv_frames  # noqa: E402
from shopreel.media.video.encode import encode_video  # noqa: E402
from shopreel.media.video.timeline import ImageClip, KenBurns, Timeline  # noqa: E402
from tests.media.scrape import pages  # noqa: E402
from tests.support import encode_png, live_server, product_photo, test_settings, web_server  # noqa: E402

GOAL_S = 60.0
DESCRIPTION = ("A light vitamin C serum that brightens dull skin in a week. Absorbs in seconds and layers under "
               "makeup. Made with hyaluronic acid for all-day moisture.")


def main() -> None:
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder, web_server() as web:
        photos = [encode_png(product_photo(kind, width=720, height=1080)) for kind in ("bottle", "box", "round")]
        images = [web.add(f"/cdn/p{i}.png", data, content_type="image/png") for i, data in enumerate(photos)]
        html = pages.jsonld_only_page(name="Glow Serum", description=DESCRIPTION, price="24.99", currency="USD",
                                      brand="Lumi", image_urls=images)
        link = web.add("/products/serum", html)
        with live_server(test_settings(Path(folder), workers=1)) as server, server.client() as client:
            avatar = client.get("/v1/aiavatar/query", params={"pageSize": 1}).json()["result"]["data"][0]["aiavatarId"]
            started = time.perf_counter()
            task = client.post("/v1/m2v/task/submit", json={"productLink": link, "aiavatarId": avatar,
                                                            "videoLengthType": 1}).json()["result"]["taskId"]
            result = server.wait(client, "/v1/m2v/task/query", task, timeout_s=900)
            total = time.perf_counter() - started
            assert result["status"] == "success", result
            video_s = result["exportVideos"][0]["videoDuration"] / 1000

            started = time.perf_counter()
            scrape = client.post("/v1/scraper/task/submit", json={"productLink": link}).json()["result"]["taskId"]
            server.wait(client, "/v1/scraper/task/query", scrape)
            rows.append(("scrape (page + 3 images, as a task)", time.perf_counter() - started))

        voice = default_voice("en")
        page = extract_product(html, page_url=link)
        started = time.perf_counter()
        scripts = write_scripts(ProductFacts(name=page.name or "", description=page.description, price=page.price,
                                             currency=page.currency, brand=page.brand),
                                language="en", length=LENGTH_TYPES[1],
                                measure=lambda text: synthesize(text, voice=voice.spec).duration_ms / 1000)
        rows.append(("scripts (3, fitted with real TTS)", time.perf_counter() - started))
        started = time.perf_counter()
        speeches = [synthesize(seg.text, voice=voice.spec) for seg in scripts[0].segments]
        rows.append(("TTS of one script", time.perf_counter() - started))
        speech_s = sum(s.duration_ms for s in speeches) / 1000
        from tests.support import decode_image

        stills = [decode_image(data) for data in photos]
        clips = tuple(ImageClip(stills[i % 3], speech_s / 6, motion=KenBurns(zoom_to=1.12)) for i in range(6))
        timeline = Timeline(width=1080, height=1920, clips=clips, fps=30)
        started = time.perf_counter()
        frames = list(iter_yuv_frames(timeline))
        rows.append((f"compose {len(frames)} b-roll frames (no encode)", time.perf_counter() - started))
        started = time.perf_counter()
        encode_video(frames, fps=30, path=Path(folder) / "floor.mp4")
        rows.append(("encode those frames (floor)", time.perf_counter() - started))

    print(f"\nM2V export through the API: {video_s:.1f} s of 1080x1920 video in {total:.1f} s "
          f"(goal {GOAL_S:.0f} s, ratio {total / GOAL_S:.2f})\n")
    print(f"{'part, timed alone':48} {'seconds':>8}")
    for name, seconds in rows:
        print(f"{name:48} {seconds:8.1f}")


if __name__ == "__main__":
    main()
