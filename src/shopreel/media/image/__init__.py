"""Image engines: product cutout, compositing, scene backdrops and AnyShoot.

All are pure functions over the layouts in :mod:`shopreel.media.types`.
"""

from shopreel.media.image.anyshoot import Variant, shoot, shot_variant
from shopreel.media.image.compose import (
    apply_shadow,
    contact_shadow,
    draw_layer,
    fit_in_box,
    inpaint_region,
    layer_alpha,
    match_colour,
    place_product,
    reflection,
    warp_to_quad,
)
from shopreel.media.image.matting import ClassicMatting, Matting, OnnxMatting, cutout, make_matting, trim_to_alpha
from shopreel.media.image.scenes import Geometry, SceneDesign, render_scene, scene_geometry, scene_mask

__all__ = [
    "ClassicMatting",
    "Geometry",
    "Matting",
    "OnnxMatting",
    "SceneDesign",
    "Variant",
    "apply_shadow",
    "contact_shadow",
    "cutout",
    "draw_layer",
    "fit_in_box",
    "inpaint_region",
    "layer_alpha",
    "make_matting",
    "match_colour",
    "place_product",
    "reflection",
    "render_scene",
    "scene_geometry",
    "scene_mask",
    "shoot",
    "shot_variant",
    "trim_to_alpha",
    "warp_to_quad",
]
