"""Bounded load test of the HTTP API on loopback: N threads × M requests, time-bounded.

Prints one JSON line: requests, errors, requests/s, latency percentiles. Without --url
it builds nothing: point it at a running `truceline serve`, or give --db to start the
API in-process over that store (uvicorn on a free loopback port)::

    python bench/api_load.py --db /tmp/x.db --threads 8 --requests 200 --seconds 30

An error is a transport failure or any status other than 200. The request mix is the
one the web page makes (events with filters, facets, stats, search, one event, one
document), cycled per thread so runs are repeatable.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# What the page asks for, plus filters carrying SQL and markup that must come back as 200.
DEFAULT_PATHS: tuple[str, ...] = (
    "/api/events?limit=50",
    "/api/facets",
    "/api/stats",
    "/api/events?type=ASSAULT&limit=20",
    "/api/search?q=truce",
    "/api/documents?limit=20",
    "/api/agreements",
    "/api/events?place=%27%20OR%201%3D1%20--",
)
TIMEOUT_S = 10.0


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def run_load(
    base_url: str,
    *,
    threads: int = 4,
    requests: int = 50,
    seconds: float = 30.0,
    paths: Sequence[str] = DEFAULT_PATHS,
) -> dict[str, Any]:
    """Each of `threads` threads makes up to `requests` GETs, cycling `paths`, stopping
    at `seconds`. Returns counts, errors (with up to 5 samples) and latency figures."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for i in range(requests):
            if time.monotonic() > deadline:
                return
            path = paths[(n + i) % len(paths)]
            start = time.perf_counter()
            try:
                status, _ = _get(base_url + path)
                problem = None if status == 200 else f"{path}: HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - a load test counts every failure
                problem = f"{path}: {type(exc).__name__}: {exc}"
            with lock:
                latencies.append(time.perf_counter() - start)
                if problem:
                    errors.append(problem)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + TIMEOUT_S + 5)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return (
            round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)
            if ordered
            else 0.0
        )

    return {
        "threads": threads,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
    }


@contextmanager
def serve_in_thread(db: Path) -> Iterator[str]:
    """The API over `db` on a free loopback port, in a daemon thread; yields its base URL."""
    import uvicorn

    from truceline.serve.api import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="base URL of a running server, e.g. http://127.0.0.1:8765")
    where.add_argument("--db", type=Path, help="store to serve in-process on loopback")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="requests per thread")
    parser.add_argument("--seconds", type=float, default=30.0, help="stop after this long")
    args = parser.parse_args(argv)
    if args.url:
        figures = run_load(
            args.url.rstrip("/"), threads=args.threads, requests=args.requests, seconds=args.seconds
        )
    else:
        with serve_in_thread(args.db) as url:
            figures = run_load(
                url, threads=args.threads, requests=args.requests, seconds=args.seconds
            )
    print(json.dumps(figures))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
