"""Burning overlays (captions, logos) into I420 frames at their times."""

from __future__ import annotations

from collections.abc import Iterable

from shopreel.media.types import Layer, Overlay
from shopreel.media.video.yuv import PreparedLayer, Yuv420, draw_layer, prepare_layer

__all__ = ["OverlayPainter"]


class OverlayPainter:
    """Draws overlays, in order, over I420 frames of one size.

    Parameters
    ----------
    overlays : iterable of Overlay
        Asked for their layer at each frame's time; the first is drawn lowest.
    width, height : int
        The frames' size in pixels.

    Notes
    -----
    Converting a layer for I420 (:func:`~shopreel.media.video.yuv.prepare_layer`) costs far
    more than drawing it, and overlays return the same layer object while their content
    holds still (a caption between word changes, a logo always), so each overlay's last layer
    is kept with its conversion and converted again only when a different object comes back.
    """

    def __init__(self, overlays: Iterable[Overlay], *, width: int, height: int) -> None:
        self._overlays = list(overlays)
        self._size = (width, height)
        self._last: list[tuple[Layer, PreparedLayer | None] | None] = [None] * len(self._overlays)

    def draw(self, frame: Yuv420, t_s: float) -> Yuv420:
        """``frame`` with every overlay visible at ``t_s`` seconds drawn over it (``frame`` is not changed)."""
        for index, overlay in enumerate(self._overlays):
            layer = overlay.layer_at(t_s)
            if layer is None:
                continue
            last = self._last[index]
            if last is None or last[0] is not layer:
                last = self._last[index] = (layer, prepare_layer(layer, width=self._size[0], height=self._size[1]))
            if last[1] is not None:
                frame = draw_layer(frame, last[1])
        return frame
