"""Helpers shared by bench/run.py and bench/province.py: the figures table, gunicorn and wrk, memory, search timing."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UA = "Mozilla/5.0 (X11; Linux x86_64) TrangXaBench/1.0"
PY = sys.executable
rows: list[tuple[str, str]] = []


def out(label: str, value: str) -> None:
    """Print one figure and keep it for the summary table."""
    rows.append((label, value))
    print(f"  {label:<58} {value}", flush=True)


def print_summary() -> None:
    """Print every figure kept by ``out`` as a Markdown table."""
    print("\nSummary")
    for label, value in rows:
        print(f"| {label} | {value} |")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wrk(url: str, seconds: int, connections: int = 16, host: str = "") -> tuple[float, str]:
    """Return wrk's req/s and p99 for ``url`` (with a browser User-Agent, and ``host`` as Host header if given)."""
    headers = ["-H", f"User-Agent: {UA}"] + (["-H", f"Host: {host}"] if host else [])
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
                            capture_output=True, text=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.M).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non2xx:
        raise SystemExit(f"wrk saw errors on {url}:\n{result.stdout}")
    return rps, p99


def worker_pids(master_pid: int) -> list[str]:
    """Return the process ids of the gunicorn workers (children of the master)."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
            pids.append(pid)
    return pids


def worker_memory_mb(master_pid: int, field: str = "VmRSS") -> list[float]:
    """Return ``field`` (VmRSS: resident now, VmHWM: peak) of each gunicorn worker (children of the master)."""
    return [int(re.search(rf"^{field}:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M).group(1)) / 1024
            for pid in worker_pids(master_pid)]


def worker_private_mb(master_pid: int) -> list[tuple[float, float]]:
    """Return each worker's proportional (Pss: shared pages divided among their users) and private memory
    (Private_Clean + Private_Dirty: what stopping it gives back), from /proc/PID/smaps_rollup."""
    sizes = []
    for pid in worker_pids(master_pid):
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        kb = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
        sizes.append((kb["Pss"] / 1024, (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024))
    return sizes


def time_searches(svc, searches: dict[str, str], label: str = "") -> None:
    """Print p50/p95 of 60 core searches per word: the search of /tim-kiem limited to articles, then every kind."""
    for name, q in searches.items():
        # Ranked, snippets of the page shown, as the route asks.
        for kind, run in (("site search, articles only",
                           lambda q=q: svc.search.search(q, "bai-viet", page=1, per_page=10)),
                          ("site search, every kind", lambda q=q: svc.search.search(q, page=1, per_page=10))):
            times = []
            for _ in range(60):
                t = time.perf_counter()
                run()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out(f"{label}{name} ('{q}') {kind} p50 / p95", f"{times[29]:.2f} ms / {times[56]:.2f} ms")
