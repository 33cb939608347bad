"""Benchmark province hosting: many communes on one install (SITES_DIR), and print figures (nothing is asserted).

    python bench/province.py [--communes 100] [--articles 1000] [--big 20000] [--ten 10000] [--cache 20]
                             [--http-seconds 10] [--skip hot,cold,spread,counting,big,ten] [--keep]
    python bench/run.py --communes 100 --articles 1000        (the same: run.py hands over)

Builds in a temporary SITES_DIR N communes of --articles articles (one built by bench/sitegen.py, copied N times,
each copy given its own name, secret key and visitor salt) plus one big commune of --big articles, and apart, one
commune of --ten articles. Then, with gunicorn (2 workers, bench/province_wsgi.py, SITES_CACHE=--cache):
 1. the hot commune's article and home pages, ours vs ceiling (wrk with its Host header, ours-ceiling-ceiling-ours);
 2. a cold commune's first page: p50/p95 over every commune, one request at a time;
 3. requests spread over every commune's home and article pages, then each worker's memory; and in one new
    process holding ten communes, the memory each commune adds;
 4. view counts across communes: stored counts vs requests sent, per commune;
 5. the big commune: core search p50/p95 (in-process) and the memory of workers serving only it;
 6. the --ten commune alone: the memory of workers serving only it.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (PY, UA, free_port, out, print_summary, stop, time_searches,  # noqa: E402
                          worker_memory_mb, worker_private_mb, wrk)
from bench.sitegen import RARE_WORD, build_site  # noqa: E402
from core.content import Content  # noqa: E402
from core.counters import SALT_FILE, Counters  # noqa: E402
from core.store import Store  # noqa: E402

HOST = "xa-{:03d}.bench.gov.vn"
BIG_HOST = "xa-lon.bench.gov.vn"
TEN_HOST = "xa-muoi-nghin.bench.gov.vn"
NAME = "Thử Nghiệm {:03d}"
SEARCHES = {"search_common": "uy ban", "search_rare": RARE_WORD}
PARTS = ("hot", "cold", "spread", "held", "counting", "big", "ten")
HELD = r"""
import gc, re, sys
sys.path.insert(0, sys.argv[1])
from app import create_app
client = create_app({"SITES_DIR": sys.argv[2], "SITES_CACHE": 10**6}).test_client()
sizes = []
for host in sys.argv[4:]:
    for path in ("/", sys.argv[3]):
        assert client.get(path, headers={"Host": host, "User-Agent": "Mozilla/5.0"}).status_code == 200
    gc.collect()
    sizes.append(int(re.search(r"VmRSS:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024)
print(sizes[0], (sizes[-1] - sizes[0]) / (len(sizes) - 1))
"""


# ------------------------------------------------------------------ building
def personalise(folder: Path, name: str) -> None:
    """Give a copied commune its own name, a new secret key and no visitor salt of another commune."""
    for private in ("secret_key", SALT_FILE):
        (folder / private).unlink(missing_ok=True)
    store = Store(folder)
    content = Content(store)
    content.save_settings(dict(content.settings(), commune_name=name))
    store.secret()


def pages_of(folder: Path, n: int = 10) -> dict:
    """Return the paths a visitor asks of a commune: home, section pages, ``n`` articles (id, path), searches."""
    content = Content(Store(folder))
    sec = next(s for s in content.sections() if s["slug"] == "hoat-dong-cua-xa")
    arts = content.section_articles(sec["id"], 1, n)[0]
    listing = next(s for s in content.sections() if s["slug"] == "tin-tuc-su-kien")
    total = content.section_articles(listing["id"], 1, 10)[1]
    deep = min(200, (total + 9) // 10)
    return {"articles": [(a["id"], f"/{sec['slug']}/{a['slug']}") for a in arts], "article_slug": arts[0]["slug"],
            "section_slug": listing["slug"], "deep_page": deep,
            "others": ["/", f"/{listing['slug']}", f"/{listing['slug']}?trang={deep}",
                       "/tim-kiem?q=" + SEARCHES["search_common"].replace(" ", "+"),
                       "/tim-kiem?q=" + SEARCHES["search_rare"]]}


def build_province(root: Path, communes: int, articles: int, big: int, ten: int) -> tuple[Path, list[str]]:
    """Build SITES_DIR (N copied communes plus the big one) and, apart, the --ten commune; return it and its hosts."""
    sites = root / "sites"
    sites.mkdir()
    template = root / "template"
    t = time.perf_counter()
    build_site(str(template), articles)
    hosts = []
    for i in range(1, communes + 1):
        hosts.append(HOST.format(i))
        shutil.copytree(template, sites / hosts[-1], symlinks=True)
        personalise(sites / hosts[-1], NAME.format(i))
    shutil.rmtree(template)
    print(f"  {communes} communes of {articles} articles (one built, copied) in {time.perf_counter() - t:.1f} s")
    for host, size, seed, where in ((BIG_HOST, big, 2, sites), (TEN_HOST, ten, 3, root / "sites-ten")):
        if size:
            t = time.perf_counter()
            build_site(str(where / host), size, seed=seed)
            personalise(where / host, f"Thử Nghiệm {size}")
            print(f"  {host}: {size} articles in {time.perf_counter() - t:.1f} s")
    if big:
        hosts.append(BIG_HOST)
    keys = {(sites / h / "secret_key").read_text() for h in hosts}
    size = sum(p.stat().st_size for p in sites.rglob("*") if p.is_file()) / 1e6
    out("communes built / distinct secret keys", f"{len(hosts)} / {len(keys)}  ({size:.0f} MB on disk)")
    return sites, hosts


# ------------------------------------------------------------------ HTTP
def start_province(sites: Path, spec: dict, cache: int, port: int, log: Path, workers: int = 2) -> subprocess.Popen:
    """Start gunicorn on the province app; return once it answers (a plain 404 to an unknown host: nothing built)."""
    env = dict(os.environ, TRANGXA_SITES_DIR=str(sites), TRANGXA_SITES_CACHE=str(cache), TRANGXA_SITES_SCHEME="http",
               TRANGXA_BENCH_SPEC=json.dumps(spec))
    env.pop("TRANGXA_DATA_DIR", None)
    with open(log, "ab") as fh:
        proc = subprocess.Popen(
            [PY, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "--timeout", "120", "--chdir", str(ROOT), "bench.province_wsgi:app"],
            env=env, stdout=subprocess.DEVNULL, stderr=fh)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if fetch(port, "inconnu.bench.gov.vn", "/")[0] == 404:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + log.read_text()[-2000:])


def fetch(port: int, host: str, path: str) -> tuple[int, bool, float, str]:
    """GET ``path`` from ``host``; return status, whether the worker built the commune for it, seconds, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        t = time.perf_counter()
        conn.request("GET", path, headers={"Host": host, "User-Agent": UA})
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
        return r.status, r.getheader("X-Bench-Cold") == "1", time.perf_counter() - t, body
    finally:
        conn.close()


def load(port: int, jobs: list[tuple[str, str]], threads: int, seconds: float = 0) -> dict:
    """Send ``jobs`` (host, path) from ``threads`` clients (over and over for ``seconds`` if given); tally them."""
    tally = {"ok": {}, "fail": 0, "times": [], "cold": 0}
    lock = threading.Lock()
    position = iter(range(10**9))
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while True:
            with lock:
                i = next(position)
            if seconds and time.perf_counter() > deadline or not seconds and i >= len(jobs):
                return
            host, path = jobs[i % len(jobs)]
            try:
                status, cold, took, _ = fetch(port, host, path)
            except OSError:
                status, cold, took = 0, False, 0.0
            with lock:
                if status == 200:
                    tally["ok"][(host, path)] = tally["ok"].get((host, path), 0) + 1
                    tally["times"].append(took)
                    tally["cold"] += cold
                else:
                    tally["fail"] += 1

    t = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    tally["elapsed"] = time.perf_counter() - t
    tally["sent"] = sum(tally["ok"].values())
    return tally


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def memory(proc: subprocess.Popen, label: str) -> None:
    rss, hwm = worker_memory_mb(proc.pid), worker_memory_mb(proc.pid, "VmHWM")
    out(f"{label}: resident memory per worker (peak)",
        ", ".join(f"{r:.0f} MB ({h:.0f})" for r, h in zip(rss, hwm, strict=False)))
    out(f"{label}: of which proportional / private", ", ".join(f"{p:.0f} / {u:.0f} MB" for p, u in
                                                               worker_private_mb(proc.pid)))


def bench_hot(port: int, spec: dict, sites: Path, seconds: int) -> None:
    hot = spec["hot"]
    print(f"\n1. The hot commune ({hot}): ours vs ceiling, wrk -t2 -c16 with its Host header")
    from app import create_app

    dispatcher = create_app({"SITES_DIR": str(sites)}).extensions["trangxa.province"]
    dispatcher.app_for(hot)
    n = 20000
    t = time.perf_counter()
    for _ in range(n):
        dispatcher.app_for(hot)
    out("dispatch, host name to the commune's app (in-process)", f"{(time.perf_counter() - t) / n * 1e6:.1f} µs")
    for _ in range(8):  # both workers build the hot commune and its ceiling
        fetch(port, hot, spec["article_path"])
    base = f"http://127.0.0.1:{port}"
    for name, path in (("article", spec["article_path"]), ("home", "/")):
        sizes = [len(fetch(port, hot, p)[3]) for p in (path, f"/__ceiling/{name}")]
        out(f"hot {name}: page size ours / ceiling", f"{sizes[0]} / {sizes[1]} characters")
        # Ours, ceiling, ceiling, ours: a machine shared with other work drifts less into the ratio.
        runs = {"ours": [], "ceiling": []}
        for side in ("ours", "ceiling", "ceiling", "ours"):
            runs[side].append(wrk(base + (path if side == "ours" else f"/__ceiling/{name}"), seconds, host=hot))
        (ours, ours_p99), (ceil, ceil_p99) = [(sum(r for r, _ in v) / 2, v[-1][1]) for v in runs.values()]
        out(f"hot {name}: ours / ceiling req/s (p99)",
            f"{ours:7.0f} ({ours_p99}) / {ceil:7.0f} ({ceil_p99})  ratio {ours / ceil:.2f}")


def bench_cold(port: int, hosts: list[str], hot: str) -> None:
    print("\n2. A cold commune's first page (/), one request at a time, every commune once")
    times, strangers, warm = [], 0, 0
    for host in hosts:
        if host in (hot, BIG_HOST):
            continue
        status, cold, took, body = fetch(port, host, "/")
        if status != 200:
            raise SystemExit(f"{host} answered {status}")
        own = {m for m in re.findall(r"Thử Nghiệm (\d+)", body)}
        strangers += own != {host[3:6]}
        if cold:
            times.append(took * 1000)
        else:
            warm += 1
    out("cold first page p50 / p95 / max (communes)",
        f"{pct(times, .5):.0f} ms / {pct(times, .95):.0f} ms / {max(times, default=0):.0f} ms  ({len(times)}"
        f" cold, {warm} already held)")
    out("home pages naming another commune", str(strangers))
    if BIG_HOST in hosts:
        status, cold, took, _ = fetch(port, BIG_HOST, "/")
        out("the big commune's first page", f"{took * 1000:.0f} ms ({'cold' if cold else 'already held'})")


def bench_spread(proc: subprocess.Popen, port: int, hosts: list[str], pages: dict, rounds: int = 2) -> None:
    print(f"\n3. Requests spread over all {len(hosts)} communes (home + 2 articles each, {rounds} rounds, 4 clients)")
    rng = random.Random(5)
    jobs = []
    for _ in range(rounds):
        for host in hosts:
            arts = pages[host]["articles"]
            jobs += [(host, "/"), (host, rng.choice(arts)[1]), (host, rng.choice(arts)[1])]
    rng.shuffle(jobs)
    tally = load(port, jobs, 4)
    times = [t * 1000 for t in tally["times"]]
    out("spread: answered / failed, req/s",
        f"{tally['sent']} / {tally['fail']}, {tally['sent'] / tally['elapsed']:.0f} req/s"
        f" ({tally['cold']} built a commune)")
    out("spread: latency p50 / p95", f"{pct(times, .5):.0f} ms / {pct(times, .95):.0f} ms")
    memory(proc, "after the spread")


def bench_held(sites: Path, hosts: list[str], article_path: str) -> None:
    """In a new process holding every commune it serves: memory after the first commune, then per commune more."""
    print(f"\n3b. Memory a commune adds: one new process, home and an article of {len(hosts)} communes, all kept")
    run = subprocess.run([PY, "-c", HELD, str(ROOT), str(sites), article_path, *hosts], capture_output=True,
                         text=True)
    if run.returncode:
        raise SystemExit(run.stderr)
    first, each = map(float, run.stdout.split())
    out(f"one process, first commune / each more (mean of {len(hosts) - 1})", f"{first:.0f} MB / {each:.1f} MB")


# ------------------------------------------------------------------ view counting
def bench_counting(sites: Path, hosts: list[str], pages: dict, spec: dict, cache: int, requests: int,
                   log: Path) -> None:
    chosen = hosts[:30] + ([BIG_HOST] if BIG_HOST in hosts[30:] else [])
    print(f"\n4. View counts across communes: 2 workers, SITES_CACHE={cache}, 8 clients, articles and homes of"
          f" {len(chosen)} communes (each its own number), {len(hosts) - len(chosen)} others sent nothing")

    def counts() -> dict[str, tuple[int, int]]:
        result = {}
        for host in hosts:
            store = Store(sites / host)
            counters = Counters(store)
            counters.merge()
            hits = store.read("counters/counters.json").get("state", {}).get("1", {}).get("total_hits", 0)
            result[host] = (counters.views(pages[host]["articles"][0][0]), hits)
        return result

    before = counts()
    base = max(1, requests // len(chosen) - len(chosen) // 2)
    jobs, want = [], {}
    for k, host in enumerate(chosen):
        want[host] = (base + k, 1 + k % 7)
        jobs += [(host, pages[host]["articles"][0][1])] * want[host][0] + [(host, "/")] * want[host][1]
    random.Random(9).shuffle(jobs)
    port = free_port()
    proc = start_province(sites, spec, cache, port, log)
    try:
        tally = load(port, jobs, 8)
    finally:
        stop(proc)  # workers may be killed mid-way: their journals stay and are merged below
    after = counts()
    views_wrong, hits_wrong, strays, lost = [], [], 0, 0
    for host in hosts:
        views = after[host][0] - before[host][0]
        hits = after[host][1] - before[host][1]
        art = tally["ok"].get((host, pages[host]["articles"][0][1]), 0)
        home = tally["ok"].get((host, "/"), 0)
        if host not in want:
            strays += views + hits
            continue
        lost += art - views
        if views != art:
            views_wrong.append(f"{host} {views}/{art}")
        if hits != art + home:
            hits_wrong.append(f"{host} {hits}/{art + home}")
    arts = sum(v for (h, p), v in tally["ok"].items() if p != "/")
    out("counting: answered 200 / failed, req/s",
        f"{tally['sent']} / {tally['fail']}, {tally['sent'] / tally['elapsed']:.0f} req/s"
        f" ({tally['cold']} built a commune)")
    out("article views stored / sent, lost", f"{arts - lost} / {arts}, lost {lost}")
    out("communes whose stored views / page hits differ from sent",
        f"{len(views_wrong)} / {len(hits_wrong)} of {len(chosen)} {' '.join(views_wrong + hits_wrong)[:300]}")
    out("views or hits counted in communes sent nothing", str(strays))


# ------------------------------------------------------------------ one commune alone
def bench_alone(sites: Path, host: str, spec: dict, cache: int, seconds: float, log: Path, label: str) -> None:
    """Serve only ``host`` (2 workers, 4 clients over its pages for ``seconds``) and print each worker's memory."""
    page = pages_of(sites / host)
    jobs = [(host, p) for p in page["others"]] + [(host, path) for _, path in page["articles"]]
    port = free_port()
    proc = start_province(sites, spec, cache, port, log)
    try:
        tally = load(port, jobs, 4, seconds)
        out(f"{label}: answered / failed", f"{tally['sent']} / {tally['fail']}")
        memory(proc, label)
    finally:
        stop(proc)


# ------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--articles", type=int, default=1000, help="of each commune")
    parser.add_argument("--big", type=int, default=20000, help="articles of the big commune (0: none)")
    parser.add_argument("--ten", type=int, default=10000, help="articles of the commune measured alone (0: none)")
    parser.add_argument("--cache", type=int, default=20, help="SITES_CACHE: communes a worker keeps")
    parser.add_argument("--http-seconds", type=int, default=10, help="per wrk run, and per 'alone' load")
    parser.add_argument("--requests", type=int, default=3000, help="for the view-counting run")
    parser.add_argument("--skip", default="", help="comma list of: " + ",".join(PARTS))
    parser.add_argument("--keep", action="store_true", help="keep the folders")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    root = Path(tempfile.mkdtemp(prefix="trangxa-province-"))
    log = root / "gunicorn.log"
    print(f"TrangXã province benchmark in {root} (python {sys.version.split()[0]}, {os.cpu_count()} cores,"
          f" load average {os.getloadavg()[0]:.1f})")
    try:
        sites, hosts = build_province(root, args.communes, args.articles, args.big, args.ten)
        pages = {h: pages_of(sites / h) for h in hosts[:1] + hosts[-1:]}
        for host in hosts[1:-1]:
            pages[host] = pages[hosts[0]]  # copies of one commune: the same paths
        hot = pages[hosts[0]]
        spec = {"hot": hosts[0], "article_path": hot["articles"][0][1], "article_slug": hot["article_slug"],
                "section_slug": hot["section_slug"], "deep_page": hot["deep_page"], "searches": SEARCHES}
        if not {"hot", "cold", "spread"} <= skip:
            port = free_port()
            proc = start_province(sites, spec, args.cache, port, log)
            try:
                if "hot" not in skip:
                    bench_hot(port, spec, sites, args.http_seconds)
                    memory(proc, "after the hot commune only")
                if "cold" not in skip:
                    bench_cold(port, hosts, spec["hot"])
                if "spread" not in skip:
                    bench_spread(proc, port, hosts, pages)
            finally:
                stop(proc)
        if "held" not in skip and len(hosts) > 2:
            bench_held(sites, [h for h in hosts if h != BIG_HOST][:11], spec["article_path"])
        if "counting" not in skip:
            bench_counting(sites, hosts, pages, spec, args.cache, args.requests, log)
        if args.big and "big" not in skip:
            print(f"\n5. The big commune ({args.big} articles)")
            from app import create_app

            time_searches(create_app({"DATA_DIR": str(sites / BIG_HOST), "SEED_DEMO": False}).extensions["trangxa"],
                          SEARCHES, "big: ")
            bench_alone(sites, BIG_HOST, spec, args.cache, args.http_seconds, log, f"serving only the {args.big}")
        if args.ten and "ten" not in skip:
            print(f"\n6. One commune of {args.ten} articles alone (province mode, 2 workers)")
            bench_alone(root / "sites-ten", TEN_HOST, spec, args.cache, args.http_seconds, log,
                        f"serving only the {args.ten}")
    finally:
        if args.keep:
            print(f"\nKept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    out("load average of the machine at the end (1 min)", f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print_summary()


if __name__ == "__main__":
    main()
