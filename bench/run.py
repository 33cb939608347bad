"""Benchmark TrangXã at a given size and print a table of figures (nothing is asserted).

    python bench/run.py --articles 10000 [--seconds 2] [--http-seconds 10] [--skip http,crash]

Builds a realistic site in a temporary data folder, then measures:
 1. in-process WSGI throughput of each public page beside its ceiling route
    (same template, same data already in memory), and the ratio ours/ceiling;
 2. over HTTP with gunicorn (2 workers) and wrk: req/s and p99, ours vs ceiling;
 3. view counting under 4 gunicorn workers: stored counts vs requests sent;
 4. editor save (create, update) p50/p95 through the real form handler;
 5. cold start to first response and resident memory per worker;
 6. crash safety: a writer killed with SIGKILL at random moments;
 7. the counters file's size and merge time after a day of 1k/10k/100k visitors (bench/visitors.py).

With ``--communes N`` it hands over to bench/province.py (province hosting: N communes on one install).
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ceiling import add_ceiling_routes, capture_contexts  # noqa: E402
from bench.common import (PY, UA, free_port, out, print_summary, stop, time_searches,  # noqa: E402
                          worker_memory_mb, wrk)
from bench.sitegen import RARE_WORD, build_site  # noqa: E402
from bench.visitors import bench_visitors  # noqa: E402


# ------------------------------------------------------------------ 1. in-process
def wsgi_rate(app, path: str, seconds: float) -> float:
    """Return WSGI calls per second for ``path`` (no network), over ``seconds``."""
    from werkzeug.test import EnvironBuilder

    base_env = EnvironBuilder(path=path.split("?")[0], query_string=path.partition("?")[2],
                              headers={"User-Agent": UA}, environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_environ()
    status_box = []

    def start_response(status, headers, exc_info=None):
        status_box.append(status)

    n = 0
    deadline = time.perf_counter() + seconds
    t0 = time.perf_counter()
    while time.perf_counter() < deadline:
        for _ in range(20):
            env = dict(base_env)
            env["wsgi.input"] = base_env["wsgi.input"]
            body = app.wsgi_app(env, start_response)
            for _chunk in body:
                pass
            if hasattr(body, "close"):
                body.close()
            n += 1
    elapsed = time.perf_counter() - t0
    if not status_box or not status_box[-1].startswith("200"):
        raise SystemExit(f"{path} answered {status_box[-1:]}")
    return n / elapsed


def bench_inprocess(app, spec: dict, seconds: float) -> None:
    contexts = capture_contexts(app, spec["article_slug"], spec["section_slug"], spec["searches"], spec["deep_page"])
    add_ceiling_routes(app, contexts)
    pages = [
        ("home", "/"),
        ("section_p1", f"/{spec['section_slug']}"),
        ("section_p200", f"/{spec['section_slug']}?trang={spec['deep_page']}"),
        ("article", spec["article_path"]),
        ("search_common", "/tim-kiem?q=" + spec["searches"]["search_common"].replace(" ", "+")),
        ("search_rare", "/tim-kiem?q=" + spec["searches"]["search_rare"]),
    ]
    print("\n1. In-process throughput (WSGI calls, no network)")
    for name, path in pages:
        wsgi_rate(app, path, 0.3)  # warm: builds search bitmaps, caches
        ours = wsgi_rate(app, path, seconds)
        ceil = wsgi_rate(app, f"/__ceiling/{name}", seconds)
        out(f"{name}: ours / ceiling req/s", f"{ours:8.0f} / {ceil:8.0f}  ratio {ours / ceil:.2f}")
    time_searches(app.extensions["trangxa"], spec["searches"])


# ------------------------------------------------------------------ 2. HTTP
def start_gunicorn(data_dir: str, spec: dict, workers: int, port: int) -> subprocess.Popen:
    env = dict(os.environ, TRANGXA_DATA_DIR=data_dir, TRANGXA_BENCH_SPEC=json.dumps(spec))
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "--chdir", str(ROOT), "bench.wsgi:app"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/__ceiling/home", headers={"User-Agent": UA})
            if conn.getresponse().status == 200:
                # every worker must be up: ask a few more times
                for _ in range(workers * 4):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/__ceiling/home", headers={"User-Agent": UA})
                    conn.getresponse().read()
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def bench_http(data_dir: str, spec: dict, seconds: int) -> None:
    print("\n2. Over HTTP: gunicorn, 2 workers, wrk -t2 -c16")
    if not shutil.which("wrk"):
        out("wrk", "not installed (apt-get install wrk): skipped")
        return
    port = free_port()
    proc = start_gunicorn(data_dir, spec, 2, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for name, path in (("article", spec["article_path"]), ("home", "/")):
            ours, ours_p99 = wrk(base + path, seconds)
            ceil, ceil_p99 = wrk(f"{base}/__ceiling/{name}", seconds)
            out(f"{name}: ours / ceiling req/s (p99)",
                f"{ours:7.0f} ({ours_p99}) / {ceil:7.0f} ({ceil_p99})  ratio {ours / ceil:.2f}")
        rss = worker_memory_mb(proc.pid)
        out("resident memory per worker after load", ", ".join(f"{r:.0f} MB" for r in rss))
    finally:
        stop(proc)


# ------------------------------------------------------------------ 3. view counting
def bench_counting(data_dir: str, spec: dict, requests: int) -> None:
    print(f"\n3. View counting: 4 gunicorn workers, {requests} concurrent requests")
    from core.counters import Counters
    from core.store import Store

    store = Store(data_dir)
    counters = Counters(store)
    counters.merge()
    before_views = counters.views(spec["article_id"])
    before_hits = store.read("counters/counters.json").get("state", {}).get("1", {}).get("total_hits", 0)
    port = free_port()
    proc = start_gunicorn(data_dir, spec, 4, port)
    ok = {"article": 0, "home": 0, "fail": 0}
    lock = threading.Lock()
    per_thread = requests // 16

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for j in range(per_thread):
            which = "article" if (i + j) % 2 == 0 else "home"
            path = spec["article_path"] if which == "article" else "/"
            try:
                conn.request("GET", path, headers={"User-Agent": UA, "X-Client": str(i)})
                r = conn.getresponse()
                r.read()
                good = r.status == 200
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                good = False
            with lock:
                ok[which if good else "fail"] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    stop(proc)  # workers may be killed mid-way: their journals stay and are merged below
    counters.merge()
    views = counters.views(spec["article_id"]) - before_views
    hits = store.read("counters/counters.json")["state"]["1"]["total_hits"] - before_hits
    sent = ok["article"] + ok["home"]
    out("requests answered 200 (article + home), failed",
        f"{ok['article']} + {ok['home']} = {sent}, failed {ok['fail']}"
        f"  ({sent / elapsed:.0f} req/s)")
    out("stored article views / article requests", f"{views} / {ok['article']}  lost {ok['article'] - views}")
    out("stored page views / all requests", f"{hits} / {sent}  lost {sent - hits}")


# ------------------------------------------------------------------ 4. editor save
def bench_editor(app, spec: dict, n: int) -> None:
    print(f"\n4. Editor save through the real form handler ({n} creates, {n} updates)")
    accounts = app.extensions["trangxa"].accounts
    if not accounts.by_username("bench"):
        accounts.create_user("bench", "bench-password-1", "Bench")
    client = app.test_client()
    page = client.get("/dang-nhap").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post("/dang-nhap", data={"username": "bench", "password": "bench-password-1", "csrf_token": token})
    assert r.status_code == 302, r.status_code
    page = client.get("/quan-tri/tin-bai/moi").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = "<p>" + ("Nội dung bài viết thử nghiệm về chuyển đổi số của xã. " * 60) + "</p>"

    def form(i: int) -> dict:
        return {"csrf_token": token, "title": f"Bài đo tốc độ số {i} về cải cách hành chính",
                "section_id": str(spec["section_id"]), "summary": "Tóm tắt bài đo.", "body": body,
                "status": "published", "publish_at": "2025-01-02T08:00", "author": "Bench"}

    created, times_create, times_update = [], [], []
    for i in range(n):
        t = time.perf_counter()
        r = client.post("/quan-tri/tin-bai/moi", data=form(i))
        times_create.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 302, r.get_data(as_text=True)[:500]
        created.append(int(r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]))
    rng = random.Random(3)
    ids = list(app.extensions["trangxa"].content.index().meta)
    for i in range(n):
        aid = rng.choice(ids)
        data = form(i)
        data["title"] = f"Bài đã sửa lần {i}"
        data["section_id"] = str(app.extensions["trangxa"].content.article_meta(aid)["section_id"])
        t = time.perf_counter()
        r = client.post(f"/quan-tri/tin-bai/{aid}", data=data)
        times_update.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 302, r.get_data(as_text=True)[:500]

    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

    out("create p50 / p95", f"{pct(times_create, .5):.1f} ms / {pct(times_create, .95):.1f} ms")
    out("update p50 / p95", f"{pct(times_update, .5):.1f} ms / {pct(times_update, .95):.1f} ms")


# ------------------------------------------------------------------ 5. cold start
COLD = r"""
import sys, time
t0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from app import create_app
app = create_app({"SEED_DEMO": False})
r = app.test_client().get("/", headers={"User-Agent": "Mozilla/5.0"})
assert r.status_code == 200
import re
hwm = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(time.time() - t0, hwm)
"""


def bench_cold(data_dir: str, runs: int = 3) -> None:
    print("\n5. Cold start (new process: imports, load, first response to /)")
    results = []
    for _ in range(runs):
        r = subprocess.run([PY, "-c", COLD, str(time.time()), str(ROOT)], capture_output=True, text=True,
                           env=dict(os.environ, TRANGXA_DATA_DIR=data_dir))
        if r.returncode:
            raise SystemExit(r.stderr)
        secs, rss = map(float, r.stdout.split())
        results.append((secs, rss))
    out("cold start to first response (median of 3)", f"{statistics.median(s for s, _ in results):.2f} s")
    out("peak resident memory of that process", f"{max(m for _, m in results):.0f} MB")


# ------------------------------------------------------------------ 6. crash safety
_WARM: dict = {}


def _crash_writer(data_dir: str, article_id: int, section_id: int, start: int, ack_fd: int) -> None:
    # Forked from a parent whose Content already holds the index, as a running worker would.
    content = _WARM["content"]
    i = start
    while True:
        i += 1
        content.save_article({"title": f"Bài kiểm tra sự cố số {i}", "section_id": section_id,
                              "status": "published", "body": "<p>Nội dung.</p>" * 50}, article_id)
        if i % 3 == 0:
            content.save_article({"title": f"Bài mới khi kiểm tra sự cố {i}", "section_id": section_id,
                                  "status": "draft", "body": "<p>Nháp.</p>"})
        os.write(ack_fd, f"{i}\n".encode())


def bench_crash(data_dir: str, spec: dict, kills: int) -> None:
    print(f"\n6. Crash safety: a writer killed with SIGKILL at {kills} random moments")
    from core.content import Content
    from core.store import Store

    ctx = mp.get_context("fork")
    rng = random.Random(7)
    _WARM["content"] = Content(Store(data_dir))
    _WARM["content"].index()
    acked = 0
    bad_files = 0
    stale = 0
    for _ in range(kills):
        r, w = os.pipe()
        proc = ctx.Process(target=_crash_writer,
                           args=(data_dir, spec["crash_article_id"], spec["section_id"], acked, w))
        proc.start()
        os.close(w)
        time.sleep(rng.uniform(0.005, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        data = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            data += chunk
        os.close(r)
        lines = [int(x) for x in data.decode().split()]
        if lines:
            acked = lines[-1]
        for p in Path(data_dir).rglob("*.json"):
            try:
                json.loads(p.read_bytes())
            except ValueError:
                bad_files += 1
        title = Content(Store(data_dir)).article(spec["crash_article_id"])["title"]
        _WARM["content"].index()  # the next writer starts from the current state, like a live worker
        on_disk = int(title.rsplit(" ", 1)[-1]) if title.startswith("Bài kiểm tra sự cố") else 0
        if on_disk not in (acked, acked + 1):
            stale += 1
    out("kills / acknowledged writes", f"{kills} / {acked}")
    out("files that do not parse / last acknowledged write missing", f"{bad_files} / {stale}")


# ------------------------------------------------------------------ main
def main() -> None:
    if any(a == "--communes" or a.startswith("--communes=") for a in sys.argv[1:]):
        from bench.province import main as province_main

        return province_main(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=2.0, help="per in-process measurement")
    parser.add_argument("--http-seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--requests", type=int, default=6000, help="for the view-counting run")
    parser.add_argument("--saves", type=int, default=60, help="creates and updates each")
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--visitors", default="1000,10000,100000", help="distinct visitors a day, comma list")
    parser.add_argument("--skip", default="", help="comma list of: inprocess,http,counting,editor,cold,crash,visitors")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    data_dir = tempfile.mkdtemp(prefix="trangxa-bench-")
    os.environ["TRANGXA_DATA_DIR"] = data_dir
    print(f"TrangXã benchmark: {args.articles} articles in {data_dir} (python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores)")
    t = time.perf_counter()
    info = build_site(data_dir, args.articles)
    size = sum(p.stat().st_size for p in Path(data_dir).rglob("*") if p.is_file()) / 1e6
    print(f"  built in {time.perf_counter() - t:.1f} s: {info['shards']} article shards, {size:.0f} MB on disk")

    from app import create_app
    from core.content import Content
    from core.store import Store

    content = Content(Store(data_dir))
    sec = next(s for s in content.sections() if s["slug"] == "hoat-dong-cua-xa")
    art = content.section_articles(sec["id"], 1, 10)[0][0]
    listing = next(s for s in content.sections() if s["slug"] == "tin-tuc-su-kien")
    total = content.section_articles(listing["id"], 1, 10)[1]
    deep = min(200, (total + 9) // 10)
    crash = content.save_article({"title": "Bài kiểm tra sự cố số 0", "section_id": sec["id"], "status": "published"})
    spec = {
        "article_slug": art["slug"], "article_id": art["id"], "article_path": f"/{sec['slug']}/{art['slug']}",
        "section_slug": listing["slug"], "deep_page": deep, "section_id": sec["id"], "crash_article_id": crash["id"],
        "searches": {"search_common": "uy ban", "search_rare": RARE_WORD},
    }
    print(f"  section '{listing['slug']}' (sub-sections rolled up) has {total} articles; deep page = {deep}")
    try:
        if "inprocess" not in skip:
            app = create_app({"SEED_DEMO": False})
            bench_inprocess(app, spec, args.seconds)
        if "http" not in skip:
            bench_http(data_dir, spec, args.http_seconds)
        if "counting" not in skip:
            bench_counting(data_dir, spec, args.requests)
        if "editor" not in skip:
            bench_editor(create_app({"SEED_DEMO": False}), spec, args.saves)
        if "cold" not in skip:
            bench_cold(data_dir)
        if "crash" not in skip:
            bench_crash(data_dir, spec, args.kills)
        if "visitors" not in skip:
            bench_visitors([int(x) for x in args.visitors.split(",") if x], out)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print_summary()


if __name__ == "__main__":
    main()
