"""Signed file URLs of the local blob store: ``PUT`` receives uploads, ``GET`` serves files.

These routes take no API key: the HMAC signature and expiry in the query string are the
authorisation, as with S3 presigned URLs.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from shopreel.api.deps import RuntimeDep
from shopreel.api.envelope import error_response, ok
from shopreel.api.openapi import Envelope
from shopreel.errors import PayloadTooLarge, SignatureRejected
from shopreel.store.blobs import LocalBlobStore

__all__ = ["router"]

router = APIRouter(tags=["Signed file URLs"])

Expires = Annotated[str | None, Query(description="Epoch seconds after which the URL stops working.")]
Signature = Annotated[str | None, Query(description="HMAC-SHA256 over method, key and expiry.")]


def _local(runtime: RuntimeDep) -> LocalBlobStore:
    store = runtime.blobs
    if not isinstance(store, LocalBlobStore):
        raise SignatureRejected("this server keeps files in object storage; use the URLs it returns")
    return store


def _verify(store: LocalBlobStore, method: str, key: str, expires: str | None, signature: str | None) -> None:
    if not store.signer.verify(method, key, expires, signature):
        raise SignatureRejected("the signed URL is invalid or has expired; request a new one")


@router.put("/files/{key:path}", summary="Upload target (the uploadUrl of /v1/upload/credential)",
            response_model=Envelope[bool])
async def put_file(key: str, request: Request, runtime: RuntimeDep, expires: Expires = None,
                   signature: Signature = None) -> JSONResponse:
    """The raw bytes of the file as the body, no credentials: the signature is the
    authorisation. ``result: true`` once they decoded as the declared kind; ``4000`` with the
    reason otherwise; ``4006`` once an earlier PUT to the URL was accepted (a retry that raced
    it included: the accepted bytes stay); HTTP 413 over the size limit; HTTP 401 for a bad or
    expired signature."""
    store = _local(runtime)
    _verify(store, "PUT", key, expires, signature)
    row = await run_in_threadpool(runtime.files.pending_upload, key)
    limit = runtime.files.max_bytes(row.kind)  # type: ignore[arg-type]
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        await run_in_threadpool(runtime.files.reject, row.file_id, f"the {row.kind} is {declared} bytes; the limit is {limit} bytes")
        raise PayloadTooLarge(f"the {row.kind} is {declared} bytes; the limit is {limit} bytes")
    digest = hashlib.sha256()
    size = 0
    handle = await run_in_threadpool(store.write_stream, key)
    staged = Path(handle.name)
    try:
        with handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    message = f"the {row.kind} is over the limit of {limit} bytes"
                    await run_in_threadpool(runtime.files.reject, row.file_id, message)
                    raise PayloadTooLarge(message)
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            return error_response("4000", "Request parameter error: the upload body is empty")
        verdict = await run_in_threadpool(
            runtime.files.accept_upload, row.file_id, staged, size=size, sha256=digest.hexdigest(),
            commit=lambda: store.commit_stream(key, staged),
        )
    finally:
        store.discard_stream(staged)  # a no-op once committed: the name was this PUT's alone
    if not verdict.ready:
        return error_response("4000", verdict.message)
    return ok(True)


#: Where Linux lists a process's open files: a path there reopens the very file a descriptor
#: holds, even once its name is gone.
_OPEN_FILES = Path("/proc/self/fd")
_GONE = ("4004", "Resource not found! The file no longer exists")


class _HeldFile(FileResponse):
    """A file response that opens its file before the answer starts and sends what it opened.

    A file can be swept (retention, a task or file delete) between the handler's look and
    the first byte: a plain FileResponse would then send its headers and cut the body off.
    This one answers 404 when the file is already gone, and otherwise serves the open file,
    ranges included, to the end, whatever happens to its name meanwhile (where /proc is
    mounted; elsewhere the name is read again, as before).
    """

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - held for the whole answer below
        except FileNotFoundError:
            await error_response(*_GONE, 404)(scope, receive, send)
            return
        with handle:
            self.stat_result = os.fstat(handle.fileno())
            self.set_stat_headers(self.stat_result)
            if _OPEN_FILES.is_dir():
                self.path = str(_OPEN_FILES / str(handle.fileno()))
            await super().__call__(scope, receive, send)


@router.get("/files/{key:path}", include_in_schema=False, response_model=None)
def get_file(key: str, runtime: RuntimeDep, expires: Expires = None,
             signature: Signature = None) -> FileResponse | JSONResponse:
    store = _local(runtime)
    _verify(store, "GET", key, expires, signature)
    path = store.path(key)
    if not path.is_file():  # deleted, or expired and swept: HTTP 404, as a storage service answers
        return error_response(*_GONE, 404)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    # nosniff: an uploaded file is served as its checked type, never sniffed into HTML.
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return _HeldFile(path, media_type=media_type, headers=headers)
