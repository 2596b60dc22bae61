"""Measure what a new user waits for: first start, restart, and page latency.

    .venv/bin/python bench/startup.py [--requests 300]

Starts ``loket run`` on a fresh, temporary var directory (embedded PostgreSQL:
initdb, migrations, demo municipality, static files), waits for ``/health``,
then measures the resident home page, the contact page and the staff log-in
page over sequential requests, stops it, starts it again on the same data and
measures the restart. Prints the figures; never fails on slowness.
"""

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise SystemExit(f"loket run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("Loket did not become ready in time")


def latency(url: str, count: int) -> tuple[float, float, float]:
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            response.read()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(timings) / (sum(timings) / 1000)


def start(var_dir: Path, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "loket", "run", "--port", str(port)],
        env={**env, "LOKET_VAR_DIR": str(var_dir)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )


def stop(process: subprocess.Popen) -> float:
    start_time = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    return time.monotonic() - start_time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SECRET_KEY=secrets.token_urlsafe(64), LOKET_HTTPS="false", LOG_LEVEL="WARNING")
    url = f"http://localhost:{args.port}/"
    var_dir = Path(tempfile.mkdtemp(prefix="lb-", dir="/tmp"))
    try:
        process = start(var_dir, args.port, env)
        first = wait_ready(url, process)
        print(f"first start (initdb + migrate + demo + static) until /health is 200: {first:.1f} s")
        for path in ("", "contact/", "medewerkers/inloggen/", "health"):
            p50, p95, rps = latency(url + path, args.requests)
            print(f"GET /{path:<24} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({rps:.0f} req/s sequential, {args.requests} requests)")
        stopped = stop(process)
        print(f"clean stop (web, worker, embedded PostgreSQL): {stopped:.1f} s")
        process = start(var_dir, args.port, env)
        again = wait_ready(url, process)
        print(f"restart on existing data until /health is 200: {again:.1f} s")
        stop(process)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
