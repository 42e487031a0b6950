"""The diffusers engines on tiny pipelines: the real classes (InstructPix2Pix, Stable Video
Diffusion) with a few layers and random weights, saved to a folder the way a real model is
and loaded back by the engine. Their pictures are noise; what is checked is the plumbing:
sizes, counts, durations, progress, cancelling, the product check and the load errors.

torch and diffusers come with the ``gpu`` extra, which ``scripts/setup.sh test`` installs
(the CPU build of torch), so under the README's test command these tests run, never skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from shopreel.engines import AnimateRequest, Capability, EditRequest, EngineConfig, EngineError
from shopreel.engines.neural.diffusers_edit import product_fidelity
from shopreel.media.video.pipeline import RenderCancelled
from tests.support import probe_bytes

for _extra in ("torch", "diffusers", "transformers"):  # the gpu extra, installed by setup.sh test
    pytest.importorskip(_extra)

from shopreel.engines.neural.diffusers_edit import DiffusersEditor  # noqa: E402
from shopreel.engines.neural.diffusers_video import DiffusersAnimator, clip_size, stretch_in_time  # noqa: E402
from tests.engines.tiny_pipelines import build_tiny_animator, build_tiny_editor  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-pipelines")
    return {"edit": build_tiny_editor(root / "edit"), "video": build_tiny_animator(root / "video")}


def _editor(weights: Path, **options: object) -> DiffusersEditor:
    return DiffusersEditor(EngineConfig(Capability.PRODUCT_REPLACE, "diffusers", weights, device="cpu",
                                        options=dict(options)))


def _animator(weights: Path, **options: object) -> DiffusersAnimator:
    defaults = {"short_side_px": 32, "steps": 2, "fps": 8}
    return DiffusersAnimator(EngineConfig(Capability.IMAGE_TO_VIDEO, "diffusers", weights, device="cpu",
                                          options=defaults | options))


def _composite(height: int = 40, width: int = 56) -> tuple[np.ndarray, np.ndarray]:
    """A grey scene with a striped red product in the middle, and the product's matte."""
    image = np.full((height, width, 3), 90, np.uint8)
    keep = np.zeros((height, width), np.float32)
    keep[10:30, 18:38] = 1.0
    image[10:30, 18:38] = (200, 30, 30)
    image[10:30:4, 18:38] = (250, 240, 60)
    return image, keep


class Recorder:
    def __init__(self) -> None:
        self.values: list[float] = []

    def __call__(self, value: float) -> None:
        self.values.append(value)


# -- the product check -------------------------------------------------------------------------


def test_fidelity_of_an_untouched_product_is_perfect_whatever_the_background_became():
    before, keep = _composite()
    after = before.copy()
    after[keep == 0] = (10, 200, 90)
    assert product_fidelity(before, after, keep) == (0.0, 1.0)


def test_fidelity_sees_a_recoloured_product_by_its_error():
    before, keep = _composite()
    after = before.copy()
    after[keep > 0] = (after[keep > 0] * 0.5).astype(np.uint8)
    error, correlation = product_fidelity(before, after, keep)
    assert error > 40 and correlation > 0.99


def test_fidelity_sees_a_redrawn_pattern_of_the_same_colours_by_its_correlation():
    before, keep = _composite()
    after = before.copy()
    rows = after[10:30, 18:38]
    after[10:30, 18:38] = np.roll(rows, 2, axis=0)  # the stripes moved, the colours did not
    error, correlation = product_fidelity(before, after, keep)
    assert correlation < 0.0
    assert product_fidelity(before, before, keep)[1] == pytest.approx(1.0)


def test_fidelity_of_a_plain_product_is_whether_it_stayed_plain():
    before = np.full((8, 8, 3), 120, np.uint8)
    keep = np.ones((8, 8), np.float32)
    textured = before.copy()
    textured[::2] = 200
    assert product_fidelity(before, before, keep) == (0.0, 1.0)
    assert product_fidelity(before, textured, keep)[1] == 0.0
    assert product_fidelity(before, textured, np.zeros((8, 8), np.float32)) == (0.0, 1.0)


# -- the editor ------------------------------------------------------------------------------


def test_editor_returns_count_pictures_of_the_input_size_with_the_product_exact(tiny):
    editor = _editor(tiny["edit"], max_product_error=255, min_product_correlation=-1)
    image, keep = _composite()
    progress = Recorder()
    pictures = editor.edit(EditRequest(image=image, keep=keep, prompt="", count=2, steps=2, seed=3),
                           progress=progress, cancelled=lambda: False)
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.shape == image.shape and picture.dtype == np.uint8
        assert (picture[keep == 1] == image[keep == 1]).all()  # pasted back under its matte
        assert np.abs(picture[keep == 0].astype(int) - image[keep == 0]).mean() > 5  # the model drew the rest
    assert progress.values == sorted(progress.values) and progress.values[-1] == 1.0
    assert len(set(progress.values)) >= 2


def test_editor_fails_the_task_when_the_model_paints_over_the_product(tiny):
    # A random-weight model paints noise everywhere, the product included.
    image, keep = _composite()
    with pytest.raises(EngineError, match=r"the edit changed the product: picture 1 .* colour levels .* correlates"):
        _editor(tiny["edit"]).edit(EditRequest(image=image, keep=keep, prompt="a mug", steps=2),
                                   progress=lambda _: None, cancelled=lambda: False)


def test_editor_stops_at_the_next_step_when_cancelled(tiny):
    image, keep = _composite()
    progress = Recorder()
    with pytest.raises(RenderCancelled):
        _editor(tiny["edit"]).edit(EditRequest(image=image, keep=keep, prompt="a mug", steps=3),
                                   progress=progress, cancelled=lambda: bool(progress.values))
    assert len(progress.values) == 1


# -- the animator ----------------------------------------------------------------------------


def test_animator_writes_a_clip_of_the_requested_duration_and_size(tiny, tmp_path):
    animator = _animator(tiny["video"])
    path = tmp_path / "clip.mp4"
    progress = Recorder()
    image, _ = _composite(height=40, width=60)
    width, height, frames = animator.animate(
        AnimateRequest(image=image, prompt=None, negative_prompt=None, duration_s=1.5, mode="lite"), path,
        progress=progress, cancelled=lambda: False)
    info, decoded = probe_bytes(path.read_bytes())
    assert (width, height, frames) == (48, 32, 12)  # 3:2 at a 32 px short side; 1.5 s at 8 fps
    assert (info.width, info.height, info.frame_count) == (48, 32, 12)
    assert info.fps == pytest.approx(8) and info.duration_ms == 1500
    assert len(decoded) == 12 and not np.array_equal(decoded[0], decoded[-1])
    assert progress.values == sorted(progress.values) and progress.values[-1] == 1.0
    assert len([value for value in progress.values if value <= 0.9]) == 2  # a report per denoising step


def test_animator_cancelled_leaves_no_file(tiny, tmp_path):
    path = tmp_path / "clip.mp4"
    progress = Recorder()
    image, _ = _composite()
    with pytest.raises(RenderCancelled):
        _animator(tiny["video"]).animate(
            AnimateRequest(image=image, prompt=None, negative_prompt=None, duration_s=1.0, mode="pro"), path,
            progress=progress, cancelled=lambda: bool(progress.values))
    assert not path.exists()


@pytest.mark.parametrize(("width", "height", "expected"), [
    (1920, 1080, (848, 480)), (1080, 1920, (480, 848)), (1000, 1000, (480, 480)), (4000, 1000, (960, 480)),
])
def test_clip_size_keeps_the_aspect_up_to_two_to_one_on_the_size_step(width, height, expected):
    assert clip_size(width, height, short_side_px=480, multiple=16) == expected


def test_stretch_in_time_keeps_both_ends_and_blends_between():
    frames = np.stack([np.full((2, 2, 3), value, np.uint8) for value in (0, 100)])
    stretched = [int(frame[0, 0, 0]) for frame in stretch_in_time(frames, 5)]
    assert stretched == [0, 25, 50, 75, 100]
    assert [int(f[0, 0, 0]) for f in stretch_in_time(frames, 2)] == [0, 100]


# -- loading ---------------------------------------------------------------------------------


def test_no_weights_setting_names_the_setting():
    with pytest.raises(EngineError, match="set SHOPREEL_ENGINE_IMAGE_TO_VIDEO_WEIGHTS"):
        DiffusersAnimator(EngineConfig(Capability.IMAGE_TO_VIDEO, "diffusers", None, device="cpu"))


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(EngineError, match=r"SHOPREEL_ENGINE_PRODUCT_REPLACE_WEIGHTS: no such folder: .*nowhere"):
        _editor(tmp_path / "nowhere")


def test_a_folder_without_model_index_says_what_it_lacks(tmp_path):
    (tmp_path / "unet").mkdir()
    with pytest.raises(EngineError, match="is not a diffusers pipeline folder .*model_index.json"):
        _animator(tmp_path)


def test_an_image_model_is_not_an_animator_and_a_video_model_not_an_editor(tiny):
    with pytest.raises(EngineError, match="holds a StableDiffusionInstructPix2PixPipeline, which takes no num_frames"):
        _animator(tiny["edit"])
    with pytest.raises(EngineError, match="holds a StableVideoDiffusionPipeline, which takes num_frames"):
        _editor(tiny["video"])


def test_an_unknown_pipeline_class_is_named(tmp_path):
    (tmp_path / "model_index.json").write_text(json.dumps({"_class_name": "NoSuchPipeline"}))
    with pytest.raises(EngineError, match="holds a NoSuchPipeline, which diffusers .* does not know"):
        _editor(tmp_path)
