"""Liveness and metrics."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from shopreel.api.deps import RuntimeDep
from shopreel.api.results import Health

__all__ = ["router"]

router = APIRouter(tags=["Operations"])


@router.get("/healthz", summary="Liveness and database check", response_model=Health)
def healthz(runtime: RuntimeDep) -> JSONResponse:
    with runtime.db.reader() as session:
        session.execute(text("SELECT 1"))
    pool = runtime.pool
    return JSONResponse({
        "status": "ok",
        "queue": runtime.settings.resolved_queue,
        "workers": runtime.settings.workers if pool else 0,
    })


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse,
            responses={401: {"description": "A metrics token is set and the request did not send it.",
                             "content": {"text/plain": {"schema": {"type": "string"}}}}})
def metrics(request: Request, runtime: RuntimeDep) -> Response:
    """Prometheus text format. With ``SHOPREEL_METRICS_TOKEN`` set, only for
    ``Authorization: Bearer <token>`` (HTTP 401 otherwise, as Prometheus expects)."""
    token = runtime.settings.metrics_token
    if token is not None:
        sent = request.headers.get("authorization", "")
        expected = f"Bearer {token.get_secret_value()}"
        if not hmac.compare_digest(sent.encode("utf-8", "surrogatepass"), expected.encode()):
            return Response("metrics need 'Authorization: Bearer <SHOPREEL_METRICS_TOKEN>'\n", status_code=401,
                            media_type="text/plain", headers={"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
