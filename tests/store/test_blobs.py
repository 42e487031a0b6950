from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from shopreel.store.blobs import LocalBlobStore, UrlSigner


def test_signatures_bind_method_key_and_expiry():
    signer = UrlSigner(b"k" * 32)
    expires = int(time.time()) + 60
    good = signer.signature("GET", "u/a.png", expires)
    assert signer.verify("GET", "u/a.png", str(expires), good)
    assert not signer.verify("PUT", "u/a.png", str(expires), good)
    assert not signer.verify("GET", "u/b.png", str(expires), good)
    assert not signer.verify("GET", "u/a.png", str(expires + 1), good)
    past = int(time.time()) - 1
    assert not signer.verify("GET", "u/a.png", str(past), signer.signature("GET", "u/a.png", past))
    assert not signer.verify("GET", "u/a.png", None, None)


def test_presigned_urls_carry_a_working_signature(tmp_path):
    store = LocalBlobStore(tmp_path, public_url="http://h:1/", signer=UrlSigner(b"s" * 32))
    url = store.presign_get("o/x.mp4", ttl_s=30)
    parts = urlsplit(url)
    assert parts.path == "/files/o/x.mp4"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert store.signer.verify("GET", "o/x.mp4", query["expires"], query["signature"])


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/./b", "a\\b", ""])
def test_keys_cannot_escape_the_root(tmp_path, key):
    store = LocalBlobStore(tmp_path, public_url="http://h", signer=UrlSigner(b"s" * 32))
    with pytest.raises(ValueError):
        store.path(key)


def test_each_stream_stages_in_its_own_file_and_only_a_commit_replaces_the_object(tmp_path):
    store = LocalBlobStore(tmp_path, public_url="http://h", signer=UrlSigner(b"s" * 32))
    first, second = store.write_stream("u/a.png"), store.write_stream("u/a.png")
    assert first.name != second.name
    with first, second:
        first.write(b"first")
        second.write(b"second")
    store.commit_stream("u/a.png", Path(second.name))
    store.discard_stream(Path(first.name))
    assert store.get_bytes("u/a.png") == b"second"
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == ["a.png"]


def test_a_new_stream_sweeps_staging_files_a_killed_writer_left_an_hour_ago(tmp_path):
    (tmp_path / "u").mkdir()
    stale, recent = tmp_path / "u" / ".old.png.1.part", tmp_path / "u" / ".busy.png.2.part"
    stale.write_bytes(b"left by a killed PUT")
    recent.write_bytes(b"still being written")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    store = LocalBlobStore(tmp_path, public_url="http://h", signer=UrlSigner(b"s" * 32))
    with store.write_stream("u/new.png") as handle:
        assert not stale.exists() and recent.exists()
    store.discard_stream(Path(handle.name))
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == [recent.name]


def test_put_bytes_leaves_no_staging_file(tmp_path):
    store = LocalBlobStore(tmp_path, public_url="http://h", signer=UrlSigner(b"s" * 32))
    store.put_bytes("o/x.bin", b"one")
    store.put_bytes("o/x.bin", b"two")
    assert store.get_bytes("o/x.bin") == b"two"
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["x.bin"]
