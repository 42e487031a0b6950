"""A third party's engine package, installed for one test: its module and a real dist-info
folder on ``sys.path``, found by ``importlib.metadata`` like any pip-installed one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

__all__ = ["installed_package"]


@contextmanager
def installed_package(folder: Path, monkeypatch: pytest.MonkeyPatch, *, module: str, source: str,
                      entry_points: dict[str, str]) -> Iterator[ModuleType]:
    """``module`` (its ``source``) installed as the package ``<module>`` 1.0 declaring
    ``entry_points`` (``"<capability>.<engine>" → "module:attribute"``) in ``shopreel.engines``."""
    (folder / f"{module}.py").write_text(source)
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[shopreel.engines]\n" + "".join(f"{name} = {target}\n" for name, target in entry_points.items()))
    monkeypatch.syspath_prepend(str(folder))
    try:
        yield __import__(module)
    finally:
        sys.modules.pop(module, None)
