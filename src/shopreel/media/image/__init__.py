"""Image engines: product cutout, compositing and AnyShoot.

All are pure functions over the layouts in :mod:`shopreel.media.types`. AnyShoot's painted
backdrops are a package of their own, :mod:`shopreel.media.image.backdrops`.
"""

from shopreel.media.image.anyshoot import Shot, Variant, compose_shot, shoot, shot_variant
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
from shopreel.media.image.matting import (
    ClassicMatting,
    Matting,
    OnnxMatting,
    cutout,
    make_matting,
    studio_shot,
    trim_to_alpha,
)

__all__ = [
    "ClassicMatting",
    "Matting",
    "OnnxMatting",
    "Shot",
    "Variant",
    "apply_shadow",
    "compose_shot",
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
    "shoot",
    "shot_variant",
    "studio_shot",
    "trim_to_alpha",
    "warp_to_quad",
]
