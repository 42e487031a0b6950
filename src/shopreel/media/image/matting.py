"""Cutting a product out of its photo: a soft alpha matte from classical computer vision.

Three ways, tried in order by :func:`cutout`:

1. a mask the user drew (TopView's ``productMaskFileId``) wins;
2. a studio shot, recognised by a near-uniform border, is keyed on its colour distance to
   that border colour in CIELAB;
3. anything else goes to GrabCut, seeded from a saliency map (colour contrast to the border
   with a centre prior), then refined to a soft edge by a guided filter at full resolution.

An ONNX matting model (IS-Net / U2-Net family) plugs in behind :class:`Matting` when an
operator provides one (:class:`OnnxMatting`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_alpha, check_frame
from shopreel.media.types import Alpha, Box, Frame

__all__ = ["Matting", "ClassicMatting", "OnnxMatting", "make_matting", "cutout", "studio_shot", "trim_to_alpha"]

_F32 = np.float32
# A border whose colours lie within this CIELAB distance (90th percentile) of their median is
# a studio backdrop: white, grey or any flat colour.
_UNIFORM_BORDER_DE = 9.0
# Width of the soft ramp from background to product, in CIELAB distance units.
_RAMP_DE = 10.0
# Enclosed background-coloured holes smaller than this share of the product are filled (a white
# label on a white backdrop); larger ones stay see-through (a mug's handle, a ring).
_FILL_HOLE_FRACTION = 0.02
# Components smaller than this share of the largest one are dust, not product.
_KEEP_COMPONENT_FRACTION = 0.08
# GrabCut runs on a copy this many pixels on its long side; the guided filter restores detail.
_GRABCUT_SIDE_PX = 320


class Matting(Protocol):
    """A product matting backend: a photo in, a soft alpha matte of the product out."""

    def cutout(self, image: Frame) -> Alpha: ...


class ClassicMatting:
    """The built-in backend: :func:`cutout`'s uniform-background and GrabCut paths."""

    def cutout(self, image: Frame) -> Alpha:
        return cutout(image)


class OnnxMatting:
    """A matting backend over a local ONNX model of the IS-Net / U2-Net family.

    The photo is resized to ``input_size_px`` square, scaled to [0, 1], normalised by
    ``(x - mean) / std`` per channel and fed as ``float32 (1, 3, S, S)``; the model's first
    output, squeezed to 2-D and min-max scaled, is the alpha at that size, resized back.
    IS-Net (DIS) uses ``mean=0.5, std=1.0``; U2-Net uses ImageNet statistics.

    Raises
    ------
    ImportError
        ``onnxruntime`` is not installed (``pip install onnxruntime``).
    FileNotFoundError
        ``model_path`` is not a file.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        input_size_px: int = 1024,
        mean: tuple[float, float, float] = (0.5, 0.5, 0.5),
        std: tuple[float, float, float] = (1.0, 1.0, 1.0),
    ) -> None:
        try:
            import onnxruntime
        except ImportError as exc:
            raise ImportError("OnnxMatting needs the onnxruntime extra: pip install onnxruntime") from exc
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path has no ONNX matting model: {path}")
        if input_size_px < 32:
            raise InvalidInput(f"input_size_px must be at least 32, got {input_size_px}")
        self._session: Any = onnxruntime.InferenceSession(str(path), providers=onnxruntime.get_available_providers())
        self._input = self._session.get_inputs()[0].name
        self._size = input_size_px
        self._mean = np.asarray(mean, _F32).reshape(3, 1, 1)
        self._std = np.asarray(std, _F32).reshape(3, 1, 1)

    def cutout(self, image: Frame) -> Alpha:
        check_frame(image, "image")
        height, width = image.shape[:2]
        resized = cv2.resize(image, (self._size, self._size), interpolation=cv2.INTER_AREA)
        chw = (resized.astype(_F32).transpose(2, 0, 1) / 255.0 - self._mean) / self._std
        raw = np.asarray(self._session.run(None, {self._input: chw[None]})[0], _F32).squeeze()
        if raw.ndim != 2:
            raise InvalidInput(f"the matting model returned shape {raw.shape}, expected one 2-D alpha map")
        low, high = float(raw.min()), float(raw.max())
        alpha = (raw - low) / (high - low) if high > low else np.zeros_like(raw)
        return np.clip(cv2.resize(alpha, (width, height), interpolation=cv2.INTER_LINEAR), 0, 1).astype(_F32)


def make_matting(model_path: str | Path | None) -> Matting:
    """The matting backend for a configured model path: ONNX when one is given, classical otherwise."""
    return OnnxMatting(model_path) if model_path else ClassicMatting()


def cutout(image: Frame, *, mask: np.ndarray | None = None) -> Alpha:
    """Soft alpha matte of the product in ``image``.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        The product photo, RGB.
    mask : (H, W) array, optional
        A mask the user made: ``bool``, ``uint8`` in [0, 255] or float in [0, 1]; binary and
        soft masks are both taken as they are. When given it wins over any estimate.

    Returns
    -------
    float32 (H, W)
        Alpha in [0, 1]: 1 on the product, 0 on the background, soft at the edges.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or ``mask`` is not 2-D or not the image's size.

    Notes
    -----
    Without a mask, the photo's border decides the method. A near-uniform border (90% of its
    pixels within ΔE 9 of their median) is a studio backdrop: alpha ramps up with the CIELAB
    distance from that colour, then morphological opening, keeping the largest components
    and filling small enclosed holes clean it. Otherwise GrabCut runs on a 320 px copy with
    the border as sure background and the salient region (colour contrast to the border's
    k-means colours, weighted by a centre prior, Otsu-thresholded) as probable foreground;
    its hard mask is upsampled and softened with a guided filter steered by the full-size
    photo. Both assume one product, roughly centred, not touching every edge.
    """
    check_frame(image, "image")
    if mask is not None:
        return _given_mask(mask, image.shape[:2])
    lab = _lab(image)
    background, spread = _backdrop(lab)
    if float(np.percentile(spread, 90)) <= _UNIFORM_BORDER_DE:
        return _key_uniform_background(lab, background, noise_de=float(np.percentile(spread, 95)))
    return _grabcut_from_saliency(image)


def studio_shot(image: Frame) -> bool:
    """Whether ``image`` is a studio shot: a near-uniform border, the backdrop :func:`cutout`
    keys exactly. Other photos get GrabCut's estimate, which a busy scene can fool."""
    check_frame(image, "image")
    _, spread = _backdrop(_lab(image))
    return float(np.percentile(spread, 90)) <= _UNIFORM_BORDER_DE


def _backdrop(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The border's median colour and each border pixel's CIELAB distance to it."""
    border = _border(lab)
    background = np.median(border, axis=0)
    return background, np.linalg.norm(border - background, axis=1)


def trim_to_alpha(image: Frame, alpha: Alpha, *, pad_px: int = 0) -> tuple[Frame, Alpha, Box]:
    """Crop ``image`` and ``alpha`` to the product's bounding box.

    Parameters
    ----------
    image : uint8 (H, W, 3)
    alpha : float32 (H, W)
        The product's matte; pixels above 0.01 count as product.
    pad_px : int
        Margin kept around the product, clipped at the image's edges.

    Returns
    -------
    (Frame, Alpha, Box)
        Copies of the cropped image and alpha, and the crop's box in ``image``.

    Raises
    ------
    InvalidInput
        Mismatched sizes, a negative ``pad_px``, or an alpha with no product pixel.
    """
    check_frame(image, "image")
    check_alpha(alpha, "alpha", shape=image.shape[:2], against="image")
    if pad_px < 0:
        raise InvalidInput(f"pad_px must be >= 0, got {pad_px}")
    rows = np.flatnonzero((alpha > 0.01).any(axis=1))
    cols = np.flatnonzero((alpha > 0.01).any(axis=0))
    if rows.size == 0:
        raise InvalidInput("alpha is empty: no pixel above 0.01")
    top, bottom = max(0, rows[0] - pad_px), min(image.shape[0], rows[-1] + 1 + pad_px)
    left, right = max(0, cols[0] - pad_px), min(image.shape[1], cols[-1] + 1 + pad_px)
    box = Box(x=int(left), y=int(top), w=int(right - left), h=int(bottom - top))
    return image[top:bottom, left:right].copy(), alpha[top:bottom, left:right].astype(_F32), box


def _given_mask(mask: np.ndarray, shape: tuple[int, int]) -> Alpha:
    if not isinstance(mask, np.ndarray) or mask.ndim != 2:
        got = mask.shape if isinstance(mask, np.ndarray) else type(mask).__name__
        raise InvalidInput(f"mask must be a 2-D array, got {got}")
    if mask.shape != shape:
        raise InvalidInput(f"mask is {mask.shape[1]}x{mask.shape[0]} but image is {shape[1]}x{shape[0]}")
    if mask.dtype == np.bool_:
        return mask.astype(_F32)
    if mask.dtype == np.uint8:
        return mask.astype(_F32) / 255.0
    if np.issubdtype(mask.dtype, np.floating):
        return np.clip(np.nan_to_num(mask), 0, 1).astype(_F32)
    raise InvalidInput(f"mask must be bool, uint8 or float, got {mask.dtype}")


def _lab(image: Frame) -> np.ndarray:
    """CIELAB of an RGB frame: L in [0, 100], a and b about [-127, 127]."""
    return cv2.cvtColor(image.astype(_F32) / 255.0, cv2.COLOR_RGB2LAB)


def _border_px(shape: tuple[int, ...]) -> int:
    return max(1, round(0.02 * min(shape[0], shape[1])))


def _border(values: np.ndarray) -> np.ndarray:
    """The pixels of a frame of width 2% of the short side around ``values``."""
    band = _border_px(values.shape)
    frame = np.zeros(values.shape[:2], bool)
    frame[:band] = frame[-band:] = True
    frame[:, :band] = frame[:, -band:] = True
    return values[frame]


def _key_uniform_background(lab: np.ndarray, background: np.ndarray, *, noise_de: float) -> Alpha:
    distance = np.linalg.norm(lab - background, axis=2)
    low = max(1.5 * noise_de + 2.0, 5.0)
    soft = np.clip((distance - low) / _RAMP_DE, 0, 1).astype(_F32)
    core = _clean(soft > 0.5)
    if not core.any():
        return soft
    near = cv2.dilate(core.astype(np.uint8), _disc(2)).astype(bool)
    solid = cv2.erode(core.astype(np.uint8), _disc(1)).astype(bool)
    return np.where(solid, _F32(1), np.where(near, soft, _F32(0))).astype(_F32)


def _grabcut_from_saliency(image: Frame) -> Alpha:
    height, width = image.shape[:2]
    scale = min(1.0, _GRABCUT_SIDE_PX / max(height, width))
    small = cv2.resize(image, (max(8, round(width * scale)), max(8, round(height * scale))), interpolation=cv2.INTER_AREA)
    salient = _salient_region(_saliency(_lab(small)))
    seeds = np.where(salient, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    band = _border_px(seeds.shape)
    seeds[:band], seeds[-band:], seeds[:, :band], seeds[:, -band:] = (cv2.GC_BGD,) * 4
    hard = salient
    if (seeds == cv2.GC_PR_FGD).any():
        background_model, foreground_model = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
        cv2.grabCut(
            np.ascontiguousarray(small), seeds, None, background_model, foreground_model, 5, cv2.GC_INIT_WITH_MASK
        )
        grabbed = _clean((seeds == cv2.GC_FGD) | (seeds == cv2.GC_PR_FGD))
        hard = grabbed if grabbed.any() else salient
    rough = cv2.resize(hard.astype(_F32), (width, height), interpolation=cv2.INTER_LINEAR)
    radius = max(2, round(2 / scale))
    guide = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(_F32) / 255.0
    refined = _guided_filter(guide, rough, radius_px=radius, eps=1e-3)
    return np.clip((refined - 0.5) * 1.5 + 0.5, 0, 1).astype(_F32)


def _saliency(lab: np.ndarray) -> np.ndarray:
    """Colour contrast to the border's dominant colours, times a centre prior, in [0, 1]."""
    border = np.ascontiguousarray(_border(lab), _F32)
    clusters = min(6, len(border))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(7)
    _, _, centres = cv2.kmeans(border, clusters, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    distance = np.min(np.linalg.norm(lab[:, :, None, :] - centres[None, None], axis=3), axis=2)
    contrast = distance / max(float(np.percentile(distance, 99)), 1e-6)
    height, width = lab.shape[:2]
    ys = (np.arange(height, dtype=_F32) - (height - 1) / 2) / (0.45 * height)
    xs = (np.arange(width, dtype=_F32) - (width - 1) / 2) / (0.45 * width)
    centre = np.exp(-0.5 * (ys[:, None] ** 2 + xs[None, :] ** 2))
    saliency = np.clip(contrast, 0, 1) * (0.35 + 0.65 * centre)
    blur = max(1.0, 0.01 * max(height, width))
    return cv2.GaussianBlur(saliency.astype(_F32), (0, 0), blur)


def _salient_region(saliency: np.ndarray) -> np.ndarray:
    levels = np.clip(saliency * 255, 0, 255).astype(np.uint8)
    threshold, _ = cv2.threshold(levels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return _clean(levels > max(threshold, 25))


def _clean(mask: np.ndarray) -> np.ndarray:
    """Open away specks, keep the largest components and fill small enclosed holes."""
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, _disc(1))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    if count <= 1:
        return np.zeros(mask.shape, bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= _KEEP_COMPONENT_FRACTION * areas.max()) + 1
    kept = np.isin(labels, keep)
    return kept | _small_holes(kept)


def _small_holes(mask: np.ndarray) -> np.ndarray:
    """Background pockets enclosed by ``mask`` and smaller than a share of its area."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((~mask).astype(np.uint8), connectivity=4)
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    limit = _FILL_HOLE_FRACTION * mask.sum()
    holes = [
        label
        for label in range(1, count)
        if label not in edge_labels and stats[label, cv2.CC_STAT_AREA] <= limit
    ]
    return np.isin(labels, holes) if holes else np.zeros(mask.shape, bool)


def _disc(radius_px: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius_px + 1, 2 * radius_px + 1))


def _guided_filter(guide: np.ndarray, source: np.ndarray, *, radius_px: int, eps: float) -> np.ndarray:
    """He et al.'s guided filter (grey guide): edges of ``source`` snap to edges of ``guide``."""
    size = (2 * radius_px + 1, 2 * radius_px + 1)

    def mean(values: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(values, cv2.CV_32F, size, borderType=cv2.BORDER_REFLECT)

    mean_guide, mean_source = mean(guide), mean(source)
    covariance = mean(guide * source) - mean_guide * mean_source
    variance = mean(guide * guide) - mean_guide * mean_guide
    slope = covariance / (variance + eps)
    offset = mean_source - slope * mean_guide
    return mean(slope) * guide + mean(offset)
