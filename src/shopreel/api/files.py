"""Signed file URLs of the local blob store: ``PUT`` receives uploads, ``GET`` serves files.

These routes take no API key: the HMAC signature and expiry in the query string are the
authorisation, as with S3 presigned URLs.
"""

from __future__ import annotations

import hashlib
import mimetypes

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from shopreel.api.deps import RuntimeDep
from shopreel.api.envelope import error_response, ok
from shopreel.errors import NotFound, PayloadTooLarge, SignatureRejected
from shopreel.store.blobs import LocalBlobStore

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _local(runtime: RuntimeDep) -> LocalBlobStore:
    store = runtime.blobs
    if not isinstance(store, LocalBlobStore):
        raise SignatureRejected("this server keeps files in object storage; use the URLs it returns")
    return store


def _verify(store: LocalBlobStore, method: str, key: str, request: Request) -> None:
    params = request.query_params
    if not store.signer.verify(method, key, params.get("expires"), params.get("signature")):
        raise SignatureRejected("the signed URL is invalid or has expired; request a new one")


@router.put("/files/{key:path}")
async def put_file(key: str, request: Request, runtime: RuntimeDep) -> JSONResponse:
    store = _local(runtime)
    _verify(store, "PUT", key, request)
    row = await run_in_threadpool(runtime.files.pending_upload, key)
    limit = runtime.files.max_bytes(row.kind)  # type: ignore[arg-type]
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        await run_in_threadpool(runtime.files.reject, row.file_id, f"the {row.kind} is {declared} bytes; the limit is {limit} bytes")
        raise PayloadTooLarge(f"the {row.kind} is {declared} bytes; the limit is {limit} bytes")
    digest = hashlib.sha256()
    size = 0
    handle = store.write_stream(key)
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                message = f"the {row.kind} is over the limit of {limit} bytes"
                await run_in_threadpool(runtime.files.reject, row.file_id, message)
                raise PayloadTooLarge(message)
            digest.update(chunk)
            handle.write(chunk)
        handle.close()
    except BaseException:
        handle.close()
        store.discard_stream(key)
        raise
    if size == 0:
        store.discard_stream(key)
        return error_response("4000", "Request parameter error: the upload body is empty")
    staged = store.path(key).with_name(store.path(key).name + ".part")
    verdict = await run_in_threadpool(
        runtime.files.accept_upload, row.file_id, staged, size=size, sha256=digest.hexdigest(),
        commit=lambda: store.commit_stream(key),
    )
    if not verdict.ready:
        store.discard_stream(key)
        return error_response("4000", verdict.message)
    return ok(True)


@router.get("/files/{key:path}")
def get_file(key: str, request: Request, runtime: RuntimeDep) -> FileResponse:
    store = _local(runtime)
    _verify(store, "GET", key, request)
    path = store.path(key)
    if not path.is_file():
        raise NotFound("Resource not found! The file no longer exists")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"})
