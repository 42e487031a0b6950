"""Illustrated presenters drawn by code: a layered rig with visemes, blinks and a held object."""

from shopreel.media.avatar.held import HeldImage, held_image
from shopreel.media.avatar.mouth import MOUTHS, MouthShape, blend, mouth_for
from shopreel.media.avatar.props import draw_prop
from shopreel.media.avatar.rig import RigLayers, RigRender, RigRenderer, render_layers, render_rig
from shopreel.media.avatar.spec import (
    ACCESSORIES,
    EYE_STATES,
    HAIR_STYLES,
    OUTFIT_STYLES,
    PROPS,
    VISEMES,
    Pose,
    PresenterSpec,
)

__all__ = [
    "ACCESSORIES", "EYE_STATES", "HAIR_STYLES", "OUTFIT_STYLES", "PROPS", "VISEMES",
    "HeldImage", "held_image", "MOUTHS", "MouthShape", "blend", "mouth_for", "draw_prop",
    "Pose", "PresenterSpec", "RigLayers", "RigRender", "RigRenderer", "render_layers", "render_rig",
]
