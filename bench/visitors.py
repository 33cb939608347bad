"""Print the counters file's size and merge time after a day of N distinct visitors (nothing is asserted).

    python bench/visitors.py [--visitors 1000,10000,100000]

For each N, in a fresh data folder: N visitors (one address, a browser each) spread evenly over one
day on a frozen clock, through ``Counters.record_hit``, merged 200 times in the day as workers would;
then, late in the evening, ten new visitors and a merge, 20 times: the median of those merges is the
merge time a worker pays at that traffic. Also run as part 7 of ``bench/run.py``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from shutil import rmtree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import timeutil  # noqa: E402
from core.counters import COUNTERS_FILE, Counters  # noqa: E402
from core.store import Store  # noqa: E402

DAY = "2025-03-10"


def one_day(n: int) -> dict:
    """Return the figures after a day of ``n`` distinct visitors (the clock is frozen, then restored)."""
    data_dir = tempfile.mkdtemp(prefix="trangxa-visitors-")
    saved = timeutil._now_override
    start = datetime(2025, 3, 10, 0, 0, tzinfo=timeutil.TZ)
    try:
        counters = Counters(Store(data_dir), merge_interval=3600)
        every = max(n // 200, 1)
        t0 = time.perf_counter()
        for i in range(n):
            timeutil._now_override = start + timedelta(seconds=i * 85_000 // n)  # 00:00 to 23:36
            counters.record_hit("198.51.100.7", f"Mozilla/5.0 (X11; visitor {i}) Firefox/128.0")
            if i % every == 0:
                counters.merge()
        counters.merge()
        feed = time.perf_counter() - t0
        size = (Path(data_dir) / COUNTERS_FILE).stat().st_size
        merges = []
        for r in range(20):
            timeutil._now_override = start + timedelta(hours=23, minutes=40, seconds=r)
            for k in range(10):
                counters.record_hit("198.51.100.8", f"Mozilla/5.0 (X11; late visitor {r}-{k}) Firefox/128.0")
            t = time.perf_counter()
            counters.merge()
            merges.append((time.perf_counter() - t) * 1000)
        summary = Counters(Store(data_dir)).summary()
        return {"size": size, "merge_ms": statistics.median(merges), "feed_s": feed,
                "today": summary["today"], "truth": n + 200, "hits": summary["hits_today"]}
    finally:
        timeutil._now_override = saved
        rmtree(data_dir, ignore_errors=True)


def bench_visitors(counts: list[int], out=None) -> None:
    """Print one line of figures per visitor count (``out(label, value)`` when given, as bench/run.py does)."""
    print("\n7. Visitors a day: counters.json size and merge time (one day on a frozen clock)")
    for n in counts:
        f = one_day(n)
        label = f"{n:,} visitors: counters.json, merge p50, today / true"
        value = (f"{f['size'] / 1024:6.1f} KB, {f['merge_ms']:6.1f} ms, {f['today']:,} / {f['truth']:,}"
                 f" ({(f['today'] / f['truth'] - 1) * 100:+.1f} %), hits {f['hits']:,}; day fed in {f['feed_s']:.1f} s")
        if out:
            out(label, value)
        else:
            print(f"  {label:<58} {value}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visitors", default="1000,10000,100000", help="comma list of distinct visitors a day")
    args = parser.parse_args()
    bench_visitors([int(x) for x in args.visitors.split(",") if x])


if __name__ == "__main__":
    main()
