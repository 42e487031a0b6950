"""The designed end card of a marketing video: the product on a background of its own
colours, its name, its price, a call to action and the brand's logo, laid out for the frame's
shape and drawn with the captions' text engine.

``design_end_card`` builds a :class:`DesignedCard` once; its ``frame_at`` draws any instant
(a slow push-in on the product, the words fading in one after another). The colours come from
:mod:`~shopreel.media.endcard.palette`, the geometry from :mod:`~shopreel.media.endcard.layout`.
"""

from shopreel.media.endcard.card import CardText, DesignedCard, design_end_card
from shopreel.media.endcard.layout import CardLayout, Grid, box_inside, boxes_overlap, card_grid, place_card
from shopreel.media.endcard.palette import Backdrop, Palette, card_palette
from shopreel.media.endcard.text import TextArt, draw_text

__all__ = [
    "Backdrop",
    "CardLayout",
    "CardText",
    "DesignedCard",
    "Grid",
    "Palette",
    "TextArt",
    "box_inside",
    "boxes_overlap",
    "card_grid",
    "card_palette",
    "design_end_card",
    "draw_text",
    "place_card",
]
