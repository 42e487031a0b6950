"""One contract for every blob store: local files and S3 (a moto server on loopback)."""

from __future__ import annotations

import httpx
import pytest

from shopreel.errors import NotFound
from shopreel.store.blobs import LocalBlobStore, UrlSigner
from tests.support import fresh_bucket, s3_endpoint


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalBlobStore(tmp_path, public_url="http://127.0.0.1:1", signer=UrlSigner(b"k" * 32))
    from shopreel.store.s3 import S3BlobStore

    return S3BlobStore(fresh_bucket(), endpoint_url=s3_endpoint(), region="us-east-1")


def test_put_read_size_delete(store, tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(b"abc" * 1000)
    store.put_file("o/a.bin", source)
    store.put_bytes("o/b.bin", b"hello")
    assert store.exists("o/a.bin") and store.size("o/a.bin") == 3000
    assert store.get_bytes("o/b.bin") == b"hello"
    with store.local_copy("o/a.bin") as path:
        assert path.read_bytes() == b"abc" * 1000
    store.delete("o/b.bin")
    assert not store.exists("o/b.bin") and store.size("o/b.bin") is None
    with pytest.raises(NotFound):
        store.get_bytes("o/b.bin")


def test_presigned_get_serves_the_bytes(store):
    if isinstance(store, LocalBlobStore):
        pytest.skip("local URLs are served by the ShopReel app (tests/e2e/test_upload.py)")
    store.put_bytes("o/c.txt", b"presigned")
    assert httpx.get(store.presign_get("o/c.txt", ttl_s=60)).content == b"presigned"
    put = httpx.put(store.presign_put("o/d.png", ttl_s=60, content_type="image/png"), content=b"x",
                    headers={"Content-Type": "image/png"})
    assert put.status_code == 200 and store.get_bytes("o/d.png") == b"x"


@pytest.mark.parametrize("key", ["../x", "/abs", ""])
def test_bad_keys_are_refused(store, key):
    with pytest.raises(ValueError):
        store.put_bytes(key, b"x")
