from __future__ import annotations

import time
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
