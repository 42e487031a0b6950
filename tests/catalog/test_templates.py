from __future__ import annotations

import re

import pytest

from shopreel.catalog.templates import (
    SCENE_TEMPLATES,
    STYLES,
    TEMPLATE_CATEGORIES,
    find_category,
    find_template,
    query_templates,
    template_id,
)


def test_at_least_24_templates_in_both_styles_using_every_category():
    assert len(SCENE_TEMPLATES) >= 24
    assert {template.style for template in SCENE_TEMPLATES} == set(STYLES)
    for style in STYLES:
        assert sum(template.style == style for template in SCENE_TEMPLATES) >= 10
    used = {category for template in SCENE_TEMPLATES for category in template.categories}
    assert used == set(TEMPLATE_CATEGORIES)
    assert all(template.categories for template in SCENE_TEMPLATES)


def test_ids_are_unique_stable_hex():
    ids = [template.template_id for template in SCENE_TEMPLATES]
    category_ids = [category.category_id for category in TEMPLATE_CATEGORIES]
    assert len(set(ids)) == len(ids) and len(set(category_ids)) == len(category_ids)
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids + category_ids)
    assert not set(ids) & set(category_ids)
    # stable across releases: pinned
    assert template_id("studio-podium-white") == find_template(template_id("studio-podium-white")).template_id
    assert SCENE_TEMPLATES[0].template_id == "5353a582c4e15dbb8e8a6a4a706b30fa"


def test_find_template_and_category():
    first = SCENE_TEMPLATES[0]
    assert find_template(first.template_id.upper()) is first
    assert find_template("0" * 32) is None
    category = TEMPLATE_CATEGORIES[0]
    assert find_category(category.category_id) is category


def test_query_filters_by_category_and_style_and_pages():
    total, everything = query_templates(page_size=100)
    assert total == len(SCENE_TEMPLATES) == len(everything)
    studio = next(category for category in TEMPLATE_CATEGORIES if category.name == "Studio")
    total, page = query_templates(category_ids=[studio.category_id], style="pro", page_size=100)
    assert total == len(page) > 0
    assert all(template.style == "Pro" and studio in template.categories for template in page)
    total, first = query_templates(page_no=1, page_size=5)
    _, second = query_templates(page_no=2, page_size=5)
    assert len(first) == len(second) == 5 and not set(first) & set(second)
    assert query_templates(category_ids=["nope"]) == (0, [])
    assert query_templates(page_no=99)[1] == []


@pytest.mark.parametrize("kwargs", [{"page_no": 0}, {"page_size": 0}, {"style": "fancy"}])
def test_query_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        query_templates(**kwargs)


def test_templates_render_with_their_mask_and_light():
    template = SCENE_TEMPLATES[0]
    frame, mask = template.render(60, 100), template.mask(60, 100)
    assert frame.shape == (100, 60, 3) and mask.shape == (100, 60) and (mask > 0.5).any()
    for template in SCENE_TEMPLATES:
        assert 0 <= template.glossiness <= 1
        assert -180 <= template.light_azimuth_deg <= 180
        assert 2000 <= template.light_kelvin <= 10000
    assert any(template.glossiness >= 0.5 for template in SCENE_TEMPLATES)
