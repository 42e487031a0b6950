"""API throughput and latency on loopback.

Starts `shopreel serve` in its own process (embedded mode, a fresh data dir, no workers so
tasks stay put), then drives it with concurrent keep-alive clients: `wrk` where it is
installed (Debian: `apt-get install wrk`), else a Python client in a second process, which
needs a core of its own and then caps what can be measured. Prints requests/s and p50/p99
latency per endpoint next to the target for query endpoints (1,000 req/s, p99 under 50 ms)
and the floor: an unknown route, which goes through the same server, middleware and error
handler but touches neither auth nor the database. With `SHOPREEL_DATABASE_URL` naming an
empty PostgreSQL database, the server runs in distributed mode on it.

    .venv/bin/python bench/api.py [--seconds 5] [--concurrency 16] [--python-client]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import shutil
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


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def measure_wrk(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> tuple[float, float, float]:
    """(req/s, p50 ms, p99 ms) from wrk's latency distribution."""
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    report = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in report and "bench-floor" not in url:
        raise RuntimeError(f"{url} answered errors:\n{report}")

    def percentile(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", report, re.M).groups()
        return float(value) * _WRK_UNITS[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    return rate, percentile("50"), percentile("99")


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
    parser.add_argument("--python-client", action="store_true", help="use the Python client even where wrk is")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    run = measure_wrk if use_wrk else measure

    data_dir = Path(tempfile.mkdtemp(prefix="shopreel-bench-"))
    port = _free_port()
    env = {**os.environ, "SHOPREEL_WORKERS": "0", "SHOPREEL_LOG_LEVEL": "warning", "SHOPREEL_ALLOW_PRIVATE_URLS": "true"}
    # Rates too high to refuse anything, yet counted: the figures include the limiter's cost.
    env.update({f"SHOPREEL_RATE_LIMIT_{name}_PER_MIN": "10000000" for name in ("SUBMIT", "QUERY", "UPLOAD", "CATALOG")})
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

        uploaded = httpx.get(base + "/v1/upload/credential?format=png", headers=headers).json()["result"]["fileId"]

        def row(name: str, path: str, target: str = "") -> tuple[str, str, tuple[float, float, float]]:
            # Business errors are HTTP 200 too: check the envelope once before the load.
            answer = httpx.get(base + path, headers=headers)
            if "bench-floor" not in path and answer.json().get("code") != "200":
                raise RuntimeError(f"{path} answered {answer.text[:300]}")
            return name, target, run(base + path, headers, args.seconds, args.concurrency)

        query_target = ">=1000 req/s, p99<50"
        rows = [
            row("floor: unknown route (no auth, no DB)", "/bench-floor-unknown-route"),
            row("GET /v1/task/query", f"/v1/task/query?taskId={task_id}", query_target),
            row("GET /v1/scraper/task/query", f"/v1/scraper/task/query?taskId={task_id}", query_target),
            row("GET /v1/upload/check (pending)", f"/v1/upload/check?fileId={uploaded}"),
            row("GET /v1/voice/query (page of 10)", "/v1/voice/query?pageSize=10"),
            row("GET /v1/upload/credential (a write)", "/v1/upload/credential?format=png"),
        ]
    finally:
        server.terminate()
        server.wait(15)

    client = "wrk, 1 thread" if use_wrk else "a Python client in a second process"
    print(f"\nShopReel API on loopback, {args.concurrency} concurrent keep-alive connections from {client}, "
          f"{args.seconds:g} s each, {os.cpu_count()} cores shared by server and load generator\n")
    floor = rows[0][2][0]
    print(f"{'endpoint':40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'target':>22} {'req/s vs floor':>15}")
    for name, target, (rps, p50, p99) in rows:
        print(f"{name:40} {rps:8.0f} {p50:8.1f} {p99:8.1f} {target:>22} {rps / floor:15.2f}")


if __name__ == "__main__":
    main()
