"""Docs that must stay true to the code."""

from __future__ import annotations

from pathlib import Path

from shopreel.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "configuration.md").read_text()
    for name, field in Settings.model_fields.items():
        assert f"`SHOPREEL_{name.upper()}`" in text, name
        assert field.description, f"setting {name} has no description"


def test_readme_quick_start_commands_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text()
    readme = (ROOT / "README.md").read_text()
    for target in ("serve", "test"):
        assert f"make {target}" in readme
        assert f"\n{target}:" in makefile
