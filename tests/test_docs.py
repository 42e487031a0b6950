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
    for target in ("serve", "test", "bench"):
        assert f"make {target}" in readme
        assert f"\n{target}:" in makefile
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:")).split()[1:]
    assert [target for target in phony if f"\n{target}:" not in makefile] == []


def test_make_bench_runs_every_benchmark():
    """Every script in bench/ that runs on its own is one of scripts/bench.sh's."""
    import re

    listed = re.search(r"^all=\((.*)\)$", (ROOT / "scripts" / "bench.sh").read_text(), re.M)
    assert listed is not None
    runnable = {path.stem for path in (ROOT / "bench").glob("*.py") if "__main__" in path.read_text()}
    runnable.discard("compose_mpt_driver")  # runs inside MoneyPrinterTurbo's virtualenv, for compose_vs_mpt
    assert set(listed.group(1).split()) == runnable


def test_api_doc_gives_every_route_a_status(tmp_path):
    """docs/api.md's route table names every route the OpenAPI document lists."""
    from shopreel.api.app import create_app

    doc = (ROOT / "docs" / "api.md").read_text()
    table = doc[doc.index("## Every route and its status"):doc.index("## Envelope, status codes and errors")]
    schema = create_app(Settings(data_dir=tmp_path), background=False).openapi()
    missing = [f"{method.upper()} {path}" for path, operations in schema["paths"].items() for method in operations
               if f"`{method.upper()} {path}`" not in table]
    assert missing == []
