"""Signing in to the Studio: a one-time link (``shopreel studio-link``) traded for an API key.

No credentials are needed, so no per-user rate limit applies (it keys on the signed-in
user). None is needed either: a link's token has 256 random bits, so guessing one is out
of reach at any request rate, and a made-up token costs one read by primary key, like a
made-up API key on every other route (which is refused before its rate is counted too).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.results import StudioSession
from shopreel.api.tasks import require_text
from shopreel.store.studio_links import redeem_link

__all__ = ["router"]

router = APIRouter(tags=["Studio"])


class SessionBody(BaseModel):
    link: str | None = Field(None, description="The token after `#link=` in the sign-in link.")


@router.post("/studio/session", summary="Sign in to the Studio with a one-time link",
             response_model=Envelope[StudioSession])
def create_session(body: SessionBody, runtime: RuntimeDep) -> JSONResponse:
    """Trade a sign-in link from ``shopreel studio-link`` for ``{uid, apiKey}``: a new API key
    of the link's user. A link works once, until it expires; after that it answers code
    ``401`` saying how to get a new one. No credentials needed."""
    credentials = redeem_link(runtime.db, require_text(body.link, "link"))
    response = ok({"uid": credentials.uid, "apiKey": credentials.api_key})
    response.headers["Cache-Control"] = "no-store"  # the key is in it
    return response
