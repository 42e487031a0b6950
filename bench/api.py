"""API throughput and latency on loopback.

Starts `shopreel serve` in its own process (embedded mode, a fresh data dir, no workers so
tasks stay put), then drives it from a second process with concurrent keep-alive clients.
Prints requests/s and p50/p99 latency for task query and upload credential, next to the
floor: an unknown route, which goes through the same server, middleware and error handler
but touches neither auth nor the database.

    .venv/bin/python bench/api.py [--seconds 5] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _drive(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - started)
                if response.status_code not in (200, 404):
                    raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def _load(url: str, headers: dict[str, str], seconds: float, concurrency: int, out: multiprocessing.Queue) -> None:
    out.put(asyncio.run(_drive(url, headers, seconds, concurrency)))


def measure(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> tuple[float, float, float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_load, args=(url, headers, seconds, concurrency, queue))
    process.start()
    latencies = queue.get()
    process.join()
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return len(latencies) / seconds, statistics.median(ordered) * 1000, p99 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="shopreel-bench-"))
    port = _free_port()
    env = {**os.environ, "SHOPREEL_WORKERS": "0", "SHOPREEL_LOG_LEVEL": "warning", "SHOPREEL_ALLOW_PRIVATE_URLS": "true"}
    server = subprocess.Popen([sys.executable, "-m", "shopreel", "serve", "--data-dir", str(data_dir),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        creds = json.loads((data_dir / "bootstrap-credentials.json").read_text())
        headers = {"Authorization": f"Bearer {creds['apiKey']}", "Topview-Uid": creds["uid"]}
        submitted = httpx.post(base + "/v1/scraper/task/submit", headers=headers,
                               json={"productLink": "http://127.0.0.1:9/p"}).json()
        task_id = submitted["result"]["taskId"]

        floor = measure(base + "/bench-floor-unknown-route", {}, args.seconds, args.concurrency)
        rows = [
            ("floor: unknown route (no auth, no DB)", floor),
            ("GET /v1/scraper/task/query", measure(f"{base}/v1/scraper/task/query?taskId={task_id}", headers,
                                                    args.seconds, args.concurrency)),
            ("GET /v1/upload/credential", measure(f"{base}/v1/upload/credential?format=png", headers,
                                                   args.seconds, args.concurrency)),
        ]
    finally:
        server.terminate()
        server.wait(15)

    print(f"\nShopReel API on loopback, {args.concurrency} concurrent clients, {args.seconds:.0f} s each, "
          f"{os.cpu_count()} cores shared by server and load generator\n")
    print(f"{'endpoint':42} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'req/s vs floor':>15}")
    for name, (rps, p50, p99) in rows:
        print(f"{name:42} {rps:8.0f} {p50:8.1f} {p99:8.1f} {rps / floor[0]:15.2f}")


if __name__ == "__main__":
    main()
