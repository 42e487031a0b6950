"""AnyShoot backdrops painted by code, at any size: walls, surfaces, props and light.

A backdrop is a :class:`BackdropDesign`: a wall, a surface seen in perspective, an optional
prop the product stands on (podium, steps, plinth, shelf), its light, and the *stage*, the
region where a product goes. Everything is laid out in fractions of the frame and of its
short side, so one design renders at 1080 x 1920, 1920 x 1080 or 333 x 333 alike. Textures
(wood, marble, tiles, sand...) are generated flat from seeded value noise and warped onto
the surface's perspective; the far part of a surface is softened like a lens's depth of
field, and a touch of film grain keeps large gradients from looking flat or banding.

The paint steps live by kind in :mod:`~.walls`, :mod:`~.textures`, :mod:`~.props` and
:mod:`~.light`; :mod:`~.builtin` composes them into the designs the template catalog lists.
"""

from shopreel.media.image.backdrops.builtin import BACKDROP_DESIGNS
from shopreel.media.image.backdrops.design import BackdropDesign, Geometry, Paint, backdrop_geometry
from shopreel.media.image.backdrops.render import render_backdrop, stage_mask

__all__ = [
    "BACKDROP_DESIGNS",
    "BackdropDesign",
    "Geometry",
    "Paint",
    "backdrop_geometry",
    "render_backdrop",
    "stage_mask",
]
