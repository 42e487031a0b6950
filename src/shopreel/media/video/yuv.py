"""Frames in planar YUV 4:2:0, the layout libx264 encodes, and the few operations done on them.

The composer works in this layout end to end: it converts each source to YUV once (a still
picture once per clip, a video frame once when decoded), then resamples, blends and overlays
planes, so no frame is converted from RGB in the per-frame loop and 1.5 bytes a pixel are
resampled instead of 3. Every operation used here is affine in the pixel values, so doing it
on YUV gives the same picture as doing it on RGB and converting after (up to 4:2:0 chroma).

Colours follow BT.709 with limited ("TV") range, and the stream is tagged so players agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
from av.video.frame import VideoFrame
from av.video.reformatter import ColorRange, Colorspace

from shopreel.errors import InvalidInput
from shopreel.media.types import Frame, Layer

__all__ = [
    "Yuv420",
    "rgb_to_yuv420",
    "yuv420_to_rgb",
    "blend",
    "PreparedLayer",
    "prepare_layer",
    "draw_layer",
    "check_rgb",
]

_Plane = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Yuv420:
    """One frame in I420: the Y plane, then U, then V, in one contiguous ``uint8`` buffer.

    ``data`` has ``width * height * 3 // 2`` bytes; ``y`` is ``(height, width)``, ``u`` and
    ``v`` are ``(height // 2, width // 2)`` views into it. Width and height are even.
    """

    data: _Plane
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.width % 2 or self.height % 2 or self.width <= 0 or self.height <= 0:
            raise InvalidInput(f"Yuv420 needs positive even dimensions, got {self.width}x{self.height}")
        if self.data.dtype != np.uint8 or self.data.shape != (self.width * self.height * 3 // 2,):
            raise InvalidInput(
                f"Yuv420 data must be flat uint8 of {self.width * self.height * 3 // 2} bytes, "
                f"got {self.data.dtype} {self.data.shape}"
            )

    @property
    def y(self) -> _Plane:
        return self.data[: self.width * self.height].reshape(self.height, self.width)

    @property
    def u(self) -> _Plane:
        n = self.width * self.height
        return self.data[n : n + n // 4].reshape(self.height // 2, self.width // 2)

    @property
    def v(self) -> _Plane:
        n = self.width * self.height
        return self.data[n + n // 4 :].reshape(self.height // 2, self.width // 2)

    @classmethod
    def from_video_frame(cls, frame: VideoFrame) -> Yuv420:
        """Copy a ``yuv420p`` PyAV frame."""
        return cls(frame.to_ndarray().reshape(-1), frame.width, frame.height)

    def to_video_frame(self) -> VideoFrame:
        """A PyAV frame tagged BT.709 limited range, sharing this memory where PyAV allows it."""
        stacked = self.data.reshape(self.height * 3 // 2, self.width)
        # PyAV maps a buffer in place only when the height is a multiple of 4; otherwise copy.
        make = VideoFrame.from_numpy_buffer if self.height % 4 == 0 else VideoFrame.from_ndarray
        frame = make(stacked, format="yuv420p")
        frame.colorspace = Colorspace.ITU709
        frame.color_range = ColorRange.MPEG
        return frame


def rgb_to_yuv420(image: Frame, *, size: tuple[int, int] | None = None) -> Yuv420:
    """Convert an RGB frame to BT.709 limited-range I420 with libswscale, optionally resizing.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        RGB picture; rows may be strided (a crop view is not copied).
    size : (width, height) or None
        Output size, both even; ``None`` keeps the size (which must then be even). Resizing
        uses a bicubic filter.

    Returns
    -------
    Yuv420
        The picture; chroma is averaged over each 2x2 block.
    """
    check_rgb(image, "image")
    width, height = size if size is not None else (image.shape[1], image.shape[0])
    if width % 2 or height % 2 or width <= 0 or height <= 0:
        raise InvalidInput(f"4:2:0 needs a positive even width and height, got {width}x{height}")
    if image.strides[1:] != (3, 1):
        image = np.ascontiguousarray(image)
    frame = VideoFrame.from_numpy_buffer(image, format="rgb24")
    converted = frame.reformat(
        width=width, height=height, format="yuv420p", interpolation="BICUBIC" if size is not None else None,
        dst_colorspace=Colorspace.ITU709, dst_color_range=ColorRange.MPEG, threads=1,
    )
    return Yuv420.from_video_frame(converted)


def yuv420_to_rgb(frame: Yuv420) -> Frame:
    """Convert an I420 frame (BT.709 limited range) back to ``uint8 (H, W, 3)`` RGB."""
    return frame.to_video_frame().to_ndarray(
        format="rgb24", src_colorspace=Colorspace.ITU709, src_color_range=ColorRange.MPEG
    )


def blend(a: Yuv420, b: Yuv420, *, weight: float) -> Yuv420:
    """Cross-fade: ``a * (1 - weight) + b * weight`` on every plane, rounded.

    Parameters
    ----------
    a, b : Yuv420
        Frames of the same size.
    weight : float
        Share of ``b`` in ``[0, 1]``.
    """
    if (a.width, a.height) != (b.width, b.height):
        raise InvalidInput(f"cannot blend {a.width}x{a.height} with {b.width}x{b.height}")
    if not 0.0 <= weight <= 1.0:
        raise InvalidInput(f"weight must be in [0, 1], got {weight}")
    mixed = cv2.addWeighted(a.data, 1.0 - weight, b.data, weight, 0.0)
    return Yuv420(mixed.reshape(-1), a.width, a.height)


@dataclass(frozen=True)
class PreparedLayer:
    """A :class:`~shopreel.media.types.Layer` converted once for repeated drawing on I420 frames.

    It covers the even-aligned box ``(x, y, w, h)`` of the canvas it was prepared for (already
    clipped to it). Each plane is stored premultiplied: ``premul = value * alpha`` in 0..255*255
    and ``keep = 255 - alpha``, so drawing is ``(under * keep + premul) / 255``.
    """

    x: int
    y: int
    w: int
    h: int
    keep_y: npt.NDArray[np.uint16]
    premul_y: npt.NDArray[np.uint16]
    keep_c: npt.NDArray[np.uint16]
    premul_u: npt.NDArray[np.uint16]
    premul_v: npt.NDArray[np.uint16]


def prepare_layer(layer: Layer, *, width: int, height: int) -> PreparedLayer | None:
    """Clip a layer to a ``width`` x ``height`` canvas and convert it for :func:`draw_layer`.

    Returns ``None`` when no part of the layer lands on the canvas.

    Notes
    -----
    The box is widened to even coordinates (padding with transparent pixels) so it maps onto
    whole chroma samples. The layer is converted at full chroma resolution (4:4:4), then its
    premultiplied chroma and its alpha are averaged over each 2x2 block: the same averaging
    4:2:0 applies to the final picture, with the background's chroma taken as constant inside
    each block (it is already subsampled).
    """
    rgb, alpha = layer.rgb, layer.alpha
    check_rgb(rgb, "layer.rgb")
    if alpha.shape != rgb.shape[:2]:
        raise InvalidInput(f"layer.alpha shape {alpha.shape} does not match layer.rgb {rgb.shape[:2]}")
    x0, y0 = max(layer.x, 0), max(layer.y, 0)
    x1, y1 = min(layer.x + rgb.shape[1], width), min(layer.y + rgb.shape[0], height)
    if x1 <= x0 or y1 <= y0:
        return None
    ex0, ey0 = x0 - x0 % 2, y0 - y0 % 2
    ex1, ey1 = x1 + x1 % 2, y1 + y1 % 2
    h, w = ey1 - ey0, ex1 - ex0
    padded_rgb = np.zeros((h, w, 3), np.uint8)
    padded_alpha = np.zeros((h, w), np.float32)
    src = (slice(y0 - layer.y, y1 - layer.y), slice(x0 - layer.x, x1 - layer.x))
    dst = (slice(y0 - ey0, y1 - ey0), slice(x0 - ex0, x1 - ex0))
    padded_rgb[dst] = rgb[src]
    padded_alpha[dst] = np.clip(alpha[src], 0.0, 1.0)
    planes = _rgb_to_yuv444(padded_rgb).astype(np.float32)
    a8 = np.rint(padded_alpha * 255.0)
    a_c = a8.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    premul_u, premul_v = (
        np.rint((plane * a8).reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))).astype(np.uint16)
        for plane in planes[1:]
    )
    return PreparedLayer(
        x=ex0,
        y=ey0,
        w=w,
        h=h,
        keep_y=(255 - a8).astype(np.uint16),
        premul_y=np.rint(planes[0] * a8).astype(np.uint16),
        keep_c=np.rint(255 - a_c).astype(np.uint16),
        premul_u=premul_u,
        premul_v=premul_v,
    )


def draw_layer(frame: Yuv420, layer: PreparedLayer) -> Yuv420:
    """Return ``frame`` with a prepared layer alpha-composited over it (``frame`` is not changed)."""
    if layer.x + layer.w > frame.width or layer.y + layer.h > frame.height:
        raise InvalidInput(
            f"prepared layer box ({layer.x}, {layer.y}, {layer.w}, {layer.h}) "
            f"exceeds the {frame.width}x{frame.height} frame"
        )
    out = Yuv420(frame.data.copy(), frame.width, frame.height)
    _composite(out.y[layer.y : layer.y + layer.h, layer.x : layer.x + layer.w], layer.keep_y, layer.premul_y)
    cy, cx, ch, cw = layer.y // 2, layer.x // 2, layer.h // 2, layer.w // 2
    _composite(out.u[cy : cy + ch, cx : cx + cw], layer.keep_c, layer.premul_u)
    _composite(out.v[cy : cy + ch, cx : cx + cw], layer.keep_c, layer.premul_v)
    return out


def _composite(region: _Plane, keep: npt.NDArray[np.uint16], premul: npt.NDArray[np.uint16]) -> None:
    """``region = round((region * keep + premul) / 255)`` in place, in 16-bit integers."""
    acc = region * keep
    acc += premul
    acc += 128
    # x / 255 == (x + (x >> 8)) >> 8 for x < 65536 once the rounding bias is added.
    acc += acc >> 8
    acc >>= 8
    region[...] = acc


def _rgb_to_yuv444(image: Frame) -> npt.NDArray[np.uint8]:
    """``uint8 (3, H, W)``: full-resolution BT.709 limited-range Y, U and V planes."""
    frame = VideoFrame.from_numpy_buffer(np.ascontiguousarray(image), format="rgb24")
    converted = frame.reformat(
        format="yuv444p", dst_colorspace=Colorspace.ITU709, dst_color_range=ColorRange.MPEG, threads=1
    )
    return converted.to_ndarray()


def check_rgb(image: Frame, name: str) -> None:
    """Raise ``InvalidInput`` naming ``name`` unless ``image`` is a non-empty ``uint8 (H, W, 3)`` array."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        got = f"{image.dtype} {image.shape}" if isinstance(image, np.ndarray) else type(image).__name__
        raise InvalidInput(f"{name} must be uint8 (H, W, 3) RGB, got {got}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise InvalidInput(f"{name} is empty: {image.shape}")
