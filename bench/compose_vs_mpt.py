"""ShopReel's composer against MoneyPrinterTurbo (MPT) on the same short-video job.

The job: four photo-like 1080x1920 pictures, each with a slow zoom (MPT's: 3 % a second),
a 15 s voice, five caption lines, portrait 30 fps, H.264 + AAC. MPT 1.3.9 (PyPI ``mpt``, MIT)
runs in its own virtualenv, ``bench/.mpt-venv``, created on first use: its three video stages
(``preprocess_video``, ``combine_videos``, ``generate_video``) are called directly, as its
task runner calls them for local materials. Only the package and the libraries those stages
import are installed (``--no-deps`` plus MPT's own pins of moviepy, imageio-ffmpeg, loguru
and toml); its LLM, TTS and web dependencies play no part in rendering.

ShopReel renders the same job from the same files twice: at libx264 ``medium`` (MPT's preset,
CRF 23: a fair race) and at ShopReel's default preset. The floor is libx264 alone encoding the
same frames, composed beforehand and held in memory as yuv420p, at each preset. Prints the
seconds, ratios, sizes and the SSIM (Y plane, 7x7 window, every 10th frame) of the default
encode against the medium one, then the issue's goals.

    .venv/bin/python bench/compose_vs_mpt.py [--repeat 2] [--skip-mpt]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import av
import numpy as np
from compose_inputs import HEIGHT, WIDTH, caption_cues, write_inputs
from PIL import Image

from shopreel.catalog.captions import CAPTION_STYLES
from shopreel.media.captions import CaptionTrack, build_cues
from shopreel.media.captions.cues import CueWord
from shopreel.media.video import (
    DEFAULT_PRESET,
    PRESETS,
    Easing,
    ImageClip,
    KenBurns,
    Timeline,
    encode_video,
    iter_yuv_frames,
    load_audio,
    render,
)

HERE = Path(__file__).resolve().parent
MPT_VENV = HERE / ".mpt-venv"
MPT_PINS = ["mpt==1.3.9", "moviepy==2.2.1", "imageio-ffmpeg==0.6.0", "loguru==0.7.3", "toml==0.10.2", "pydantic>=2"]
FPS = 30
CLIP_S = 4.0  # MPT's video_clip_duration: each picture becomes a 4 s clip, cut to the voice
ZOOM_PER_S = 0.03  # MPT's render_image_zoom_video: scale 1 + 0.03 * clip_duration * t / duration
SAMPLE_RATE = 44_100


def ensure_mpt_venv() -> Path:
    python = MPT_VENV / "bin" / "python"
    if python.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", str(MPT_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", MPT_PINS[0]], check=True)
    subprocess.run([*pip, *MPT_PINS[1:]], check=True)
    return python


def run_mpt(
    python: Path, work: Path, images: list[Path], voice: Path, srt: Path
) -> tuple[dict[str, float], float, Path]:
    """Stage seconds (as the driver timed them), CPU seconds of MPT and its ffmpeg children, output."""
    output = work / "mpt.mp4"
    home = work / "mpt-home"
    driver = HERE / "compose_mpt_driver.py"
    args = [str(python), str(driver), str(home), str(output), str(voice), str(srt), *map(str, images)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return json.loads(done.stdout.strip().splitlines()[-1]), cpu, output


def shopreel_timeline(images: list[Path], voice: Path) -> Timeline:
    """The job as a ShopReel timeline, read from the same files MPT gets."""
    audio = load_audio(voice, sample_rate=SAMPLE_RATE)
    duration_s = len(audio) / SAMPLE_RATE
    per_clip = duration_s / len(images)
    zoom = KenBurns(zoom_from=1.0, zoom_to=1.0 + ZOOM_PER_S * per_clip, easing=Easing.LINEAR)
    clips = tuple(
        ImageClip(np.asarray(Image.open(path).convert("RGB")), per_clip, motion=zoom) for path in images
    )
    style = next(s for s in CAPTION_STYLES if s.name == "Clean White")
    words = []
    for cue in caption_cues(duration_s=duration_s):
        parts = cue.text.split()
        step = (cue.end_s - cue.start_s) / len(parts)
        for i, word in enumerate(parts):
            start = cue.start_s + i * step
            words.append(CueWord(word, round(start * 1000), round((start + step * 0.9) * 1000)))
    cues = build_cues(words, style=style, frame_size=(WIDTH, HEIGHT), language="en", pause_ms=250, hold_ms=0)
    captions = CaptionTrack(cues, style, (WIDTH, HEIGHT))
    return Timeline(WIDTH, HEIGHT, clips=clips, fps=FPS, overlays=(captions,), audio=audio, sample_rate=SAMPLE_RATE)


@dataclass
class Timing:
    """Best wall-clock seconds over the runs, and the CPU seconds of that run."""

    wall_s: float = float("inf")
    cpu_s: float = 0.0

    def run(self, job: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        job()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if wall < self.wall_s:
            self.wall_s, self.cpu_s = wall, cpu


def luma_frames(path: Path, every: int) -> Iterator[np.ndarray]:
    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i % every == 0:
                yield frame.to_ndarray()[: frame.height].astype(np.float64)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two 8-bit planes: 7x7 uniform window, sample covariance (scikit-image's default)."""
    c1, c2, n = (0.01 * 255) ** 2, (0.03 * 255) ** 2, 49

    def window_mean(x: np.ndarray) -> np.ndarray:
        c = np.pad(x, ((4, 3), (4, 3)), mode="reflect").cumsum(0).cumsum(1)
        return (c[7:, 7:] - c[:-7, 7:] - c[7:, :-7] + c[:-7, :-7]) / n

    ma, mb = window_mean(a), window_mean(b)
    va = (window_mean(a * a) - ma * ma) * n / (n - 1)
    vb = (window_mean(b * b) - mb * mb) * n / (n - 1)
    cov = (window_mean(a * b) - ma * mb) * n / (n - 1)
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s[3:-3, 3:-3].mean())


def mean_ssim(path: Path, reference: Path, every: int = 10) -> float:
    return float(np.mean([ssim(a, b) for a, b in zip(luma_frames(path, every), luma_frames(reference, every))]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each timing, interleaved; the best is kept")
    parser.add_argument("--skip-mpt", action="store_true", help="time only ShopReel and the floor")
    args = parser.parse_args()
    presets = ["medium", DEFAULT_PRESET]

    with tempfile.TemporaryDirectory(prefix="shopreel-compose-bench-") as tmp:
        work = Path(tmp)
        images, voice, srt = write_inputs(work / "inputs")
        mpt = None
        if not args.skip_mpt:
            print("MoneyPrinterTurbo: rendering (2-3 minutes on 2 cores) ...", flush=True)
            stages, cpu, mpt_out = run_mpt(ensure_mpt_venv(), work, images, voice, srt)
            mpt = Mpt(stages, cpu, mpt_out.stat().st_size)
            print(f"  {stages['total']:.1f} s", flush=True)

        timeline = shopreel_timeline(images, voice)
        frames = list(iter_yuv_frames(timeline))  # the floor's input: the same frames, composed beforehand
        outputs = {p: work / f"shopreel-{p}.mp4" for p in presets}

        def shopreel_job(preset: str) -> None:
            render(shopreel_timeline(images, voice), outputs[preset], preset=preset)

        def floor_job(preset: str) -> None:
            encode_video(frames, fps=FPS, path=work / "floor.mp4", audio=timeline.audio, sample_rate=SAMPLE_RATE,
                         preset=preset)

        shopreel = {p: Timing() for p in presets}
        floor = {p: Timing() for p in presets}
        for round_ in range(args.repeat):
            for preset in presets:
                shopreel[preset].run(partial(shopreel_job, preset))
                floor[preset].run(partial(floor_job, preset))
                print(f"  round {round_ + 1}, {preset}: ShopReel {shopreel[preset].wall_s:.2f} s, "
                      f"floor {floor[preset].wall_s:.2f} s", flush=True)
        source = [f.y.astype(np.float64) for f in frames[::10]]
        frames.clear()
        fidelity = {p: float(np.mean([ssim(a, b) for a, b in zip(source, luma_frames(outputs[p], 10))]))
                    for p in presets}
        quality = mean_ssim(outputs[DEFAULT_PRESET], outputs["medium"])
        size = {p: outputs[p].stat().st_size for p in presets}
        report(mpt, shopreel, floor, size, quality, fidelity)


@dataclass(frozen=True)
class Mpt:
    stages: dict[str, float]
    cpu_s: float
    size: int


def report(mpt: Mpt | None, shopreel: dict[str, Timing], floor: dict[str, Timing], size: dict[str, int],
           quality: float, fidelity: dict[str, float]) -> None:
    default = DEFAULT_PRESET
    presets = ["medium", default]
    print(f"\n4 pictures {WIDTH}x{HEIGHT}, {FPS} fps, 15 s, 5 captions, H.264 + AAC; {os.cpu_count()} CPU cores")
    print("s: best wall clock; cpu: CPU seconds of that run (all threads and child processes); "
          "MPT/this in wall clock and in CPU\n")
    header = f"{'':36}{'s':>8}{'cpu':>8}{'MPT/this':>10}{'(cpu)':>8}{'this/floor':>12}{'MB':>7}"
    print(header)
    print("-" * len(header))

    def row(label: str, wall: float, cpu: float, floor_s: float | None = None, mb: float | None = None) -> None:
        speedup = f"{mpt.stages['total'] / wall:9.1f}x{mpt.cpu_s / cpu:7.1f}x" if mpt else " " * 18
        ratio = f"{wall / floor_s:11.2f}x" if floor_s else " " * 12
        print(f"{label:36}{wall:8.2f}{cpu:8.1f}{speedup}{ratio}" + (f"{mb:7.2f}" if mb else ""))

    if mpt:
        row("MoneyPrinterTurbo 1.3.9 (medium)", mpt.stages["total"], mpt.cpu_s, mb=mpt.size / 1e6)
        for stage in ("preprocess_video", "combine_videos", "generate_video"):
            print(f"{'  ' + stage:36}{mpt.stages[stage]:8.2f}")
    for preset in presets:
        row(f"ShopReel {preset} (crf {PRESETS[preset].crf})", shopreel[preset].wall_s, shopreel[preset].cpu_s,
            floor[preset].wall_s, size[preset] / 1e6)
    for preset in presets:
        row(f"libx264 floor, {preset}", floor[preset].wall_s, floor[preset].cpu_s)
    same = shopreel["medium"].wall_s / floor["medium"].wall_s
    grown = size[default] / size["medium"]
    print(f"\nSSIM (Y, every 10th frame) of ShopReel {default} against ShopReel medium: {quality:.4f}")
    print(f"SSIM (Y) to the uncompressed frames: medium {fidelity['medium']:.4f}, {default} {fidelity[default]:.4f}")
    print(f"file size {default} / medium: {grown:.2f}x")
    if mpt:
        print(f"MPT / floor at medium: {mpt.stages['total'] / floor['medium'].wall_s:.1f}x")
    print("\ngoals")
    checks = [(f"same preset (medium): ShopReel within 1.3x of the floor: {same:.2f}x", same <= 1.3)]
    if mpt:
        speedup, cpu_speedup = mpt.stages["total"] / shopreel[default].wall_s, mpt.cpu_s / shopreel[default].cpu_s
        checks.append((f"default preset ({default}) >= 20x faster than MPT: {speedup:.1f}x "
                       f"(CPU seconds: {cpu_speedup:.1f}x)", speedup >= 20))
    checks += [
        (f"SSIM against the medium encode >= 0.97: {quality:.4f}", quality >= 0.97),
        (f"file <= 2x the medium encode: {grown:.2f}x", grown <= 2),
    ]
    for text, ok in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {text}")


if __name__ == "__main__":
    main()
