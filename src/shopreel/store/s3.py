"""The S3 blob store: objects in a bucket, real presigned URLs (distributed mode).

boto3 is imported here only, so the embedded server never loads it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from shopreel.errors import NotFound, ShopReelError

__all__ = ["S3BlobStore"]


class S3BlobStore:
    """Blobs under ``s3://bucket/prefix``. Clients PUT uploads straight to S3, so the
    content check happens when the upload is checked (``direct_uploads``)."""

    direct_uploads = True

    def __init__(self, url: str, *, endpoint_url: str | None = None, region: str | None = None) -> None:
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"S3 storage URL must look like s3://bucket/prefix, got {url!r}")
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self._client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 4}),
        )

    def _key(self, key: str) -> str:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"invalid blob key: {key!r}")
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, function, **kwargs):  # type: ignore[no-untyped-def]
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return function(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("404", "NoSuchKey", "NotFound"):
                raise NotFound(f"stored object {kwargs.get('Key')} is missing") from exc
            raise ShopReelError(f"object storage failed to {what} ({code or exc})") from exc
        except BotoCoreError as exc:
            raise ShopReelError(f"object storage failed to {what} ({exc})") from exc

    def object_path(self, key: str) -> str:
        return self._key(key)

    def put_file(self, key: str, source: Path) -> None:
        with open(source, "rb") as handle:
            self._call("store a file", self._client.put_object, Key=self._key(key), Body=handle)

    def put_bytes(self, key: str, data: bytes) -> None:
        self._call("store a file", self._client.put_object, Key=self._key(key), Body=data)

    def get_bytes(self, key: str) -> bytes:
        return self._call("read a file", self._client.get_object, Key=self._key(key))["Body"].read()

    def size(self, key: str) -> int | None:
        try:
            return int(self._call("look up a file", self._client.head_object, Key=self._key(key))["ContentLength"])
        except NotFound:
            return None

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def delete(self, key: str) -> None:
        self._call("delete a file", self._client.delete_object, Key=self._key(key))

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="shopreel-s3-") as folder:
            path = Path(folder) / Path(key).name
            with open(path, "wb") as handle:
                body = self._call("read a file", self._client.get_object, Key=self._key(key))["Body"]
                for chunk in iter(lambda: body.read(1 << 20), b""):
                    handle.write(chunk)
            yield path

    def presign_get(self, key: str, *, ttl_s: int, download_name: str | None = None) -> str:
        return self._client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._key(key)}, ExpiresIn=ttl_s
        )

    def presign_put(self, key: str, *, ttl_s: int, content_type: str) -> str:
        return self._client.generate_presigned_url(
            "put_object", Params={"Bucket": self.bucket, "Key": self._key(key), "ContentType": content_type},
            ExpiresIn=ttl_s,
        )
