"""ShopReel Studio: the web console at ``/studio``, served as static files.

The Studio is a reference client: a single page of plain ES modules that calls the public
API with the user's uid and key like any other client, so it needs nothing here but its
files and the headers that keep the page safe: a strict Content-Security-Policy (scripts
and styles only from these files, media and uploads only from where this server's own file
URLs point), no framing, no referrer, no caching of the page shell past a release.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from shopreel.runtime import Runtime

__all__ = ["router", "STATIC", "content_security_policy"]

router = APIRouter(tags=["Studio"])

STATIC = Path(__file__).resolve().parent.parent / "studio"
#: What the release folder serves (the shell, index.html, only through ``/studio/``).
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@functools.cache
def release() -> str:
    """A digest of the Studio's files: their URLs carry it (``/studio/<release>/app.js``), so a browser may keep them for
    a day and still never runs a stale module after an upgrade."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def media_origins(runtime: Runtime) -> list[str]:
    """Where the page may load media from and PUT uploads to besides itself: the origins of
    this server's public URL, its CDN and its object store, read off URLs the store signs."""
    settings = runtime.settings
    probes = [settings.resolved_public_url, settings.cdn_base_url,
              runtime.blobs.presign_get("studio/probe", ttl_s=60),
              runtime.blobs.presign_put("studio/probe", ttl_s=60, content_type="image/png")]
    return sorted({origin for origin in map(_origin, probes) if origin})


def content_security_policy(origins: list[str]) -> str:
    others = " ".join(origins)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: blob: {others}".rstrip(),
        f"media-src 'self' blob: {others}".rstrip(),
        f"connect-src 'self' {others}".rstrip(),
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def _headers(request: Request) -> dict[str, str]:
    state = request.app.state
    if not hasattr(state, "studio_csp"):
        state.studio_csp = content_security_policy(media_origins(state.runtime))
    return {
        "Content-Security-Policy": state.studio_csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


@router.get("/studio", include_in_schema=False)
def studio_root() -> RedirectResponse:
    return RedirectResponse("/studio/", status_code=308)


@router.get("/studio/", include_in_schema=False)
def studio_page(request: Request) -> Response:
    """The page shell; the modules it loads carry the release in their URL, so the shell
    is never cached and the modules may be."""
    html = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{release}}", release())
    return Response(html, media_type="text/html; charset=utf-8",
                    headers={**_headers(request), "Cache-Control": "no-store"})


@router.get("/studio/{tag}/{path:path}", include_in_schema=False)
def studio_file(tag: str, path: str, request: Request) -> Response:
    """A static file of the Studio: ``/studio/<release>/<path>``; only files under the
    Studio's folder with a known type, never anything above it."""
    target = (STATIC / path).resolve()
    if tag != release() or STATIC not in target.parents or target.suffix not in _TYPES \
            or not target.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(target, media_type=_TYPES[target.suffix],
                        headers={**_headers(request), "Cache-Control": "public, max-age=86400, immutable"})
