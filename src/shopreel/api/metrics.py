"""Prometheus metrics: HTTP requests, tasks by kind and status, queue depth, task durations.

Each app gets its own registry, so tests and several apps in one process never collide.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Metrics", "MetricsMiddleware"]


class _TaskCollector(Collector):
    def __init__(self, counts: Callable[[], list[tuple[str, str, int]]]) -> None:
        self._counts = counts

    def collect(self):  # type: ignore[no-untyped-def]
        tasks = GaugeMetricFamily("shopreel_tasks", "Tasks by kind and status", labels=["kind", "status"])
        depth = GaugeMetricFamily("shopreel_queue_depth", "Tasks waiting for a worker", labels=["kind"])
        waiting: dict[str, int] = {}
        for kind, status, count in self._counts():
            tasks.add_metric([kind, status], count)
            if status == "init":
                waiting[kind] = waiting.get(kind, 0) + count
        for kind, count in waiting.items():
            depth.add_metric([kind], count)
        yield tasks
        yield depth


class Metrics:
    def __init__(self, task_counts: Callable[[], list[tuple[str, str, int]]]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("shopreel_http_requests", "HTTP requests", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("shopreel_http_request_seconds", "HTTP request latency", ["method", "route"],
                                 registry=self.registry,
                                 buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.task_seconds = Histogram("shopreel_task_seconds", "Task run time from start to finish", ["kind", "status"],
                                      registry=self.registry,
                                      buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800))
        self.registry.register(_TaskCollector(task_counts))


class MetricsMiddleware:
    """Counts requests by route template (not raw path, to keep label sets small)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
