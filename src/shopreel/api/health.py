"""Liveness and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from shopreel.api.deps import RuntimeDep

__all__ = ["router"]

router = APIRouter(tags=["Operations"])


@router.get("/healthz", summary="Liveness and database check")
def healthz(runtime: RuntimeDep) -> JSONResponse:
    with runtime.db.reader() as session:
        session.execute(text("SELECT 1"))
    pool = runtime.pool
    return JSONResponse({
        "status": "ok",
        "queue": runtime.settings.resolved_queue,
        "workers": runtime.settings.workers if pool else 0,
    })


@router.get("/metrics", summary="Prometheus metrics")
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
