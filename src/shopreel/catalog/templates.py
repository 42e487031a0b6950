"""The built-in AnyShoot scene templates behind ``/v1/product_anyShoot/template/*`` (TOPVIEW_API.md §7).

Each template is a backdrop painted by code (:mod:`shopreel.media.image.backdrops`) at
whatever size is asked, with its placement mask, surface gloss and key light. ``templateId``
and ``categoryId`` are ``uuid5(namespace, "<slug>")`` in hex: stable across releases and
machines. ``style`` is TopView's ``UGC`` (casual, at home) or ``Pro`` (studio).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from shopreel.media.image.backdrops import BACKDROP_DESIGNS, BackdropDesign, render_backdrop, stage_mask
from shopreel.media.types import Alpha, Frame

__all__ = [
    "TemplateCategory",
    "SceneTemplate",
    "TEMPLATE_CATEGORIES",
    "SCENE_TEMPLATES",
    "STYLES",
    "find_template",
    "find_category",
    "query_templates",
    "template_id",
]

# The module's former name: it seeds every templateId and categoryId, so it must not change.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "shopreel:catalog:scenes")
STYLES = ("UGC", "Pro")


def template_id(slug: str) -> str:
    """The stable 32-hex id of the template or category named ``slug``."""
    return uuid.uuid5(_NAMESPACE, slug).hex


@dataclass(frozen=True)
class TemplateCategory:
    category_id: str
    name: str


@dataclass(frozen=True)
class SceneTemplate:
    """One AnyShoot template: what the template list shows and what a shot is taken in."""

    template_id: str
    slug: str
    name: str
    style: str
    categories: tuple[TemplateCategory, ...]
    design: BackdropDesign

    @property
    def glossiness(self) -> float:
        """0 (matte) to 1 (mirror): how strongly the surface reflects the product."""
        return self.design.glossiness

    @property
    def light_azimuth_deg(self) -> float:
        """Where the key light comes from, seen from the camera: 0 front, -90 left, 90 right."""
        return self.design.light_azimuth_deg

    @property
    def light_kelvin(self) -> float:
        return self.design.light_kelvin

    def render(self, width: int = 1080, height: int = 1920) -> Frame:
        """The backdrop at ``width`` x ``height`` (read-only, cached per size)."""
        return render_backdrop(self.design, width, height)

    def mask(self, width: int = 1080, height: int = 1920) -> Alpha:
        """Where the product goes at that size (read-only, cached per size)."""
        return stage_mask(self.design, width, height)


def _category(slug: str, name: str) -> TemplateCategory:
    return TemplateCategory(category_id=template_id(f"category:{slug}"), name=name)


TEMPLATE_CATEGORIES: tuple[TemplateCategory, ...] = (
    _category("studio", "Studio"),
    _category("home", "Home"),
    _category("desk", "Desk"),
    _category("bathroom", "Bathroom"),
    _category("kitchen", "Kitchen"),
    _category("bedroom", "Bedroom"),
    _category("outdoor", "Outdoor"),
    _category("luxury", "Luxury"),
    _category("beauty", "Beauty"),
    _category("nature", "Nature"),
    _category("seasonal", "Seasonal"),
    _category("minimal", "Minimal"),
)
_CATEGORY = {category.name: category for category in TEMPLATE_CATEGORIES}

# slug, name, style, categories
_LISTING: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("wooden-desk-window", "Wooden Desk by the Window", "UGC", ("Desk", "Home")),
    ("bathroom-shelf-tiles", "Bathroom Shelf", "UGC", ("Bathroom", "Beauty")),
    ("kitchen-counter-backsplash", "Kitchen Counter", "UGC", ("Kitchen", "Home")),
    ("bedside-table-lamp", "Bedside Table at Night", "UGC", ("Bedroom", "Home")),
    ("picnic-blanket", "Picnic Blanket", "UGC", ("Outdoor", "Nature")),
    ("cafe-table", "Cafe Table", "UGC", ("Kitchen", "Outdoor")),
    ("linen-bed", "Morning Linen", "UGC", ("Bedroom", "Beauty")),
    ("vanity-counter-pink", "Pink Vanity", "UGC", ("Beauty", "Bathroom")),
    ("living-room-coffee-table", "Living Room Coffee Table", "UGC", ("Home",)),
    ("sunny-windowsill", "Sunny Windowsill", "UGC", ("Home", "Nature")),
    ("garden-stone-patio", "Garden Patio", "UGC", ("Outdoor", "Nature")),
    ("cozy-holiday-table", "Cozy Holiday Table", "UGC", ("Seasonal", "Home")),
    ("autumn-table", "Autumn Table", "UGC", ("Seasonal", "Desk")),
    ("studio-podium-white", "White Studio Podium", "Pro", ("Studio", "Minimal")),
    ("marble-counter", "Marble Counter", "Pro", ("Luxury", "Kitchen", "Bathroom")),
    ("gradient-sweep-peach", "Peach Gradient", "Pro", ("Studio", "Beauty")),
    ("gradient-sweep-blue", "Blue Gradient", "Pro", ("Studio", "Minimal")),
    ("pastel-podium-steps", "Pastel Podium Steps", "Pro", ("Studio", "Beauty")),
    ("dark-luxury-rim-light", "Dark Luxury Spotlight", "Pro", ("Luxury", "Studio")),
    ("water-ripple", "Water Ripples", "Pro", ("Nature", "Beauty")),
    ("sand-beach", "Beach Sand", "Pro", ("Outdoor", "Nature", "Seasonal")),
    ("concrete-plinth", "Concrete Plinth", "Pro", ("Minimal", "Studio")),
    ("floating-shelf", "Floating Shelf", "Pro", ("Home", "Minimal")),
    ("terracotta-arch-podium", "Terracotta Arch", "Pro", ("Studio", "Luxury")),
    ("sunlit-leaf-shadows", "Sunlit Leaf Shadows", "Pro", ("Nature", "Beauty", "Studio")),
    ("glossy-black-acrylic", "Black Acrylic", "Pro", ("Luxury", "Minimal")),
    ("festive-red-gold", "Festive Red and Gold", "Pro", ("Seasonal", "Luxury")),
    ("fresh-green-podium", "Fresh Green Podium", "Pro", ("Nature", "Studio")),
)

SCENE_TEMPLATES: tuple[SceneTemplate, ...] = tuple(
    SceneTemplate(
        template_id=template_id(slug),
        slug=slug,
        name=name,
        style=style,
        categories=tuple(_CATEGORY[category] for category in categories),
        design=BACKDROP_DESIGNS[slug],
    )
    for slug, name, style, categories in _LISTING
)
_BY_ID = {template.template_id: template for template in SCENE_TEMPLATES}
_CATEGORY_BY_ID = {category.category_id: category for category in TEMPLATE_CATEGORIES}


def find_template(template_id: str) -> SceneTemplate | None:
    """The built-in template with ``template_id`` (32 hex digits, any case), or ``None``."""
    return _BY_ID.get(template_id.strip().lower())


def find_category(category_id: str) -> TemplateCategory | None:
    return _CATEGORY_BY_ID.get(category_id.strip().lower())


def query_templates(
    *,
    category_ids: Sequence[str] | None = None,
    style: str | None = None,
    page_no: int = 1,
    page_size: int = 20,
) -> tuple[int, list[SceneTemplate]]:
    """Filter the templates like ``/v1/product_anyShoot/template/list`` and return ``(total, page)``.

    A template matches when it is in *any* of ``category_ids`` (unknown ids match nothing)
    and has ``style`` (``UGC`` or ``Pro``, any case).

    Raises
    ------
    ValueError
        ``page_no`` or ``page_size`` below 1, or a ``style`` other than UGC or Pro.
    """
    if page_no < 1:
        raise ValueError(f"page_no must be >= 1, got {page_no}")
    if page_size < 1:
        raise ValueError(f"page_size must be >= 1, got {page_size}")
    wanted_style = None
    if style is not None:
        matching = [name for name in STYLES if name.casefold() == style.strip().casefold()]
        if not matching:
            raise ValueError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
        wanted_style = matching[0]
    wanted = {category_id.strip().lower() for category_id in category_ids} if category_ids is not None else None
    matches = [
        template
        for template in SCENE_TEMPLATES
        if (wanted_style is None or template.style == wanted_style)
        and (wanted is None or any(category.category_id in wanted for category in template.categories))
    ]
    first = (page_no - 1) * page_size
    return len(matches), matches[first : first + page_size]
