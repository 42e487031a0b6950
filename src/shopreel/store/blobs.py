"""Blob storage behind a small protocol: the local directory store with HMAC-signed URLs.

The S3 store (distributed mode) implements the same protocol with real presigned URLs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote, urlencode

from shopreel.errors import NotFound

__all__ = ["BlobStore", "LocalBlobStore", "UrlSigner"]

#: A staging file not written to for this long belongs to a writer that died.
_STALE_STAGING_S = 3600
_SWEEP_EVERY_S = 600
_STAGING_SUFFIX = ".part"


class BlobStore(Protocol):
    """Where file bytes live. Keys are relative POSIX paths such as ``u/<fileId>.png``.

    ``direct_uploads``: clients PUT uploads to the store itself (S3), so ShopReel checks
    their content when the upload is checked rather than when it arrives.
    """

    direct_uploads: bool

    def put_file(self, key: str, source: Path) -> None: ...
    def put_bytes(self, key: str, data: bytes) -> None: ...
    def get_bytes(self, key: str) -> bytes: ...
    def object_path(self, key: str) -> str:
        """Where the object sits under the store's root (what a CDN in front of it serves)."""
        ...
    def size(self, key: str) -> int | None: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def local_copy(self, key: str) -> Iterator[Path]:
        """Context manager yielding a local path holding the object's bytes."""
        ...
    def presign_get(self, key: str, *, ttl_s: int, download_name: str | None = None) -> str: ...
    def presign_put(self, key: str, *, ttl_s: int, content_type: str) -> str: ...


class UrlSigner:
    """HMAC-SHA256 signatures over ``method``, ``key`` and an expiry (epoch seconds)."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("signing key must be at least 16 bytes")
        self._secret = secret

    def signature(self, method: str, key: str, expires: int) -> str:
        message = f"{method.upper()}\n{key}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def query(self, method: str, key: str, ttl_s: int) -> str:
        expires = int(time.time()) + ttl_s
        return urlencode({"expires": expires, "signature": self.signature(method, key, expires)})

    def verify(self, method: str, key: str, expires: str | None, signature: str | None) -> bool:
        # isascii: str.isdigit() is also true for digits int() refuses, such as "²".
        if not expires or not signature or not (expires.isascii() and expires.isdigit()):
            return False
        if int(expires) < time.time():
            return False
        expected = self.signature(method, key, int(expires))
        # As bytes: compare_digest refuses str with non-ASCII characters.
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "surrogatepass"))


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in key:
        raise ValueError(f"invalid blob key: {key!r}")
    return key


class LocalBlobStore:
    """Blobs as files under ``root``; URLs point at ShopReel's own ``/files/{key}`` route."""

    direct_uploads = False

    def __init__(self, root: Path, *, public_url: str, signer: UrlSigner) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._public_url = public_url.rstrip("/")
        self.signer = signer
        self._swept_at: dict[Path, float] = {}

    def path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def _staging(self, key: str) -> tuple[Path, Path]:
        """The target of ``key`` and a staging path beside it that no other writer shares."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, target.with_name(f".{target.name}.{secrets.token_hex(8)}{_STAGING_SUFFIX}")

    def put_file(self, key: str, source: Path) -> None:
        target, tmp = self._staging(key)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes) -> None:
        target, tmp = self._staging(key)
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)

    def write_stream(self, key: str) -> BinaryIO:
        """Open a new staging file for ``key``, its own for every call, so two uploads to one
        key never write into each other; its path is the handle's ``name``.

        ``commit_stream`` moves it into place, ``discard_stream`` removes it. Staging files
        left behind by a killed writer are removed here once an hour has passed since their
        last write.
        """
        target, staged = self._staging(key)
        self._sweep_staging(target.parent)
        return open(staged, "xb")

    def commit_stream(self, key: str, staged: Path) -> None:
        """Atomically replace ``key``'s object with the staging file ``staged``."""
        os.replace(staged, self.path(key))

    def discard_stream(self, staged: Path) -> None:
        staged.unlink(missing_ok=True)

    def _sweep_staging(self, folder: Path) -> None:
        now = time.time()
        if now - self._swept_at.get(folder, 0.0) < _SWEEP_EVERY_S:
            return
        self._swept_at[folder] = now
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.endswith(_STAGING_SUFFIX):
                    continue
                try:
                    if now - entry.stat().st_mtime > _STALE_STAGING_S:
                        os.unlink(entry.path)
                except FileNotFoundError:
                    pass  # its writer finished or another sweep took it

    def object_path(self, key: str) -> str:
        return _check_key(key)

    def get_bytes(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"stored object {key} is missing") from None

    def size(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        path = self.path(key)
        if not path.is_file():
            raise NotFound(f"stored object {key} is missing")
        yield path

    def presign_get(self, key: str, *, ttl_s: int, download_name: str | None = None) -> str:
        return f"{self._public_url}/files/{quote(_check_key(key))}?{self.signer.query('GET', key, ttl_s)}"

    def presign_put(self, key: str, *, ttl_s: int, content_type: str) -> str:
        return f"{self._public_url}/files/{quote(_check_key(key))}?{self.signer.query('PUT', key, ttl_s)}"
