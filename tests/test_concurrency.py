"""Several real worker processes on one data folder, and workers killed with SIGKILL mid-write.

Children build their own Store/Content/Counters on the shared folder, like
separate gunicorn workers. The side channel through which a child acknowledges
a finished operation (an append-only text file) is test code, not our store.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path


from app import create_app
from core.articles import shard_name
from core.content import Content
from core.counters import Counters
from core.store import Store

from conftest import section_id

UA = "Mozilla/5.0 test"
SECTION = "Tin tức – Sự kiện"
SHARED_TITLE = "Thông báo lịch tiếp công dân"  # saved by every worker: slugs must still be unique


# ------------------------------------------------------------------ helpers
def _all_json_parse(root: Path) -> list[Path]:
    """Parse every .json file under the data folder with json.loads; return them."""
    files = sorted(root.rglob("*.json"))
    for p in files:
        try:
            data = json.loads(p.read_bytes())
        except ValueError as exc:
            raise AssertionError(f"{p.relative_to(root)} does not parse: {exc}") from None
        assert isinstance(data, dict), p
    return files


def _disk_articles(root: Path) -> dict[int, dict]:
    """Every article document in the shards, read straight from disk."""
    out: dict[int, dict] = {}
    for shard in sorted((root / "articles").glob("*.json")):
        for doc_id, doc in json.loads(shard.read_bytes()).get("articles", {}).items():
            assert int(doc_id) not in out, f"article {doc_id} stored twice"
            out[int(doc_id)] = doc
    return out


def _ack_lines(path: Path) -> list[str]:
    """Complete lines of an acknowledgement file (a line cut by the kill is ignored)."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    return raw[: raw.rfind(b"\n") + 1].decode().splitlines()


def _wait_for_ack(path: Path, proc, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not _ack_lines(path):
        assert proc.is_alive() or _ack_lines(path), f"child died early (exit code {proc.exitcode})"
        assert time.monotonic() < deadline, "child never acknowledged a write"
        time.sleep(0.005)


def _kill(proc) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(30)
    assert proc.exitcode == -signal.SIGKILL


def _ack(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())
    os.fsync(fd)


# ------------------------------------------------------------------ (a) many workers at once
N_WORKERS = 4
N_OPS = 240  # per worker: half new articles, half page views


def _worker(root: str, sid: int, known_id: int, k: int, barrier, out_path: str) -> None:
    store = Store(root)
    content = Content(store)
    counters = Counters(store, merge_interval=0.05)  # workers merge concurrently, too
    rnd = random.Random(k)
    created: list[list] = []
    hits = 0
    barrier.wait(60)
    for i in range(N_OPS):
        if rnd.random() < 0.5:
            title = SHARED_TITLE if i % 10 == 0 else f"Tin {k}-{i}: xã triển khai chuyển đổi số"
            art = content.save_article({"title": title, "section_id": sid, "status": "published",
                                        "body": f"<p>Bài của tiến trình {k}, lần {i}.</p>"})
            created.append([art["id"], title, art["slug"]])
        else:
            counters.record_hit(f"10.0.{k}.{i % 9}", UA, known_id)
            hits += 1
    Path(out_path).write_text(json.dumps({"created": created, "hits": hits}), encoding="utf-8")


def test_many_processes_write_articles_and_count_views(app, content, data_dir):
    sid = section_id(content, SECTION)
    known = content.save_article({"title": "Bài được xem", "section_id": sid, "status": "published"})
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(N_WORKERS)
    outs = [data_dir.parent / f"worker-{k}.json" for k in range(N_WORKERS)]
    procs = [ctx.Process(target=_worker, args=(str(data_dir), sid, known["id"], k, barrier, str(outs[k])))
             for k in range(N_WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    for p in procs:
        if p.is_alive():
            p.kill()
    assert [p.exitcode for p in procs] == [0] * N_WORKERS

    results = [json.loads(o.read_text(encoding="utf-8")) for o in outs]
    created = [c for r in results for c in r["created"]]
    hits = sum(r["hits"] for r in results)
    assert len(created) > N_WORKERS * N_OPS // 4 and hits > N_WORKERS * N_OPS // 4  # both really mixed

    # Ids handed out are unique, and each is on disk with the title its writer saved.
    ids = [c[0] for c in created]
    assert len(set(ids)) == len(ids), "two workers were given the same article id"
    assert known["id"] not in ids
    disk = _disk_articles(data_dir)
    assert set(disk) == set(ids) | {known["id"]}
    for aid, title, slug in created:
        assert disk[aid]["title"] == title
        assert disk[aid]["slug"] == slug

    # A fresh worker (new Store, new Content) reads the same.
    fresh = Content(Store(data_dir))
    meta = fresh.index().meta
    assert len(meta) == len(created) + 1
    assert {aid: m["title"] for aid, m in meta.items()} == {aid: d["title"] for aid, d in disk.items()}
    slugs = [m["slug"] for m in meta.values()]
    assert len(set(slugs)) == len(slugs), "two articles share a slug"
    assert sum(1 for c in created if c[1] == SHARED_TITLE) >= N_WORKERS
    assert fresh.section_articles(sid, per_page=10_000)[1] == len(created) + 1
    assert {a["id"] for a in fresh.section_articles(sid, per_page=10_000)[0]} == set(ids) | {known["id"]}

    # Every page view was counted exactly once.
    counters = Counters(Store(data_dir))
    counters.merge()
    assert counters.views(known["id"]) == hits
    assert counters.all_views() == {known["id"]: hits}
    assert sum(d["hits"] for d in counters.daily()) == hits
    assert counters.merge() == 0  # nothing left to fold, nothing folded twice

    _all_json_parse(data_dir)
    assert not [p for p in data_dir.rglob("*.tmp")], "temp files left behind by clean exits"
    assert create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})


# ------------------------------------------------------------------ (b) SIGKILL during saves
KILL_ROUNDS = 24


def _crash_writer(root: str, sid: int, aid: int, start: int, ack_path: str) -> None:
    fd = os.open(ack_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    content = Content(Store(root))
    n = start
    while True:
        n += 1
        content.save_article({"title": f"Bộ đếm {n}", "section_id": sid, "status": "published",
                              "body": f"<p>Giá trị {n}</p>"}, aid)
        _ack(fd, f"u {n}")
        if n % 3 == 0:
            art = content.save_article({"title": f"Bài mới số {n}", "section_id": sid, "status": "draft",
                                        "body": "<p>" + "Nội dung dài. " * 200 + "</p>"})
            _ack(fd, f"c {art['id']}")


def _title_counter(root: Path, aid: int) -> int:
    doc = json.loads((root / shard_name(aid)).read_bytes())["articles"][str(aid)]
    prefix = "Bộ đếm "
    assert doc["title"].startswith(prefix), doc["title"]
    return int(doc["title"][len(prefix):])


def test_sigkill_during_saves_never_loses_or_corrupts(app, content, data_dir, tmp_path, rng):
    sid = section_id(content, SECTION)
    aid = content.save_article({"title": "Bộ đếm 0", "section_id": sid, "status": "published"})["id"]
    ctx = multiprocessing.get_context("fork")
    counter = 0
    acked_created: set[int] = set()
    unacked_created: set[int] = set()
    for rnd_no in range(KILL_ROUNDS):
        ack_path = tmp_path / f"ack-{rnd_no}.txt"
        proc = ctx.Process(target=_crash_writer, args=(str(data_dir), sid, aid, counter, str(ack_path)))
        proc.start()
        _wait_for_ack(ack_path, proc)
        time.sleep(rng.uniform(0.0, 0.2))  # the kill lands anywhere; a failure prints the seed that repeats it
        _kill(proc)

        lines = _ack_lines(ack_path)
        updates = [int(x[2:]) for x in lines if x.startswith("u ")]
        assert updates and updates == list(range(counter + 1, counter + 1 + len(updates)))
        last_ack = updates[-1]
        acked_created |= {int(x[2:]) for x in lines if x.startswith("c ")}

        _all_json_parse(data_dir)
        on_disk = _title_counter(data_dir, aid)
        # Either is right: the kill may land after a save and before its acknowledgement.
        assert on_disk in (last_ack, last_ack + 1), (
            f"round {rnd_no}: title counter {on_disk} on disk, last acknowledged {last_ack}")

        disk = _disk_articles(data_dir)
        missing = acked_created - set(disk)
        assert not missing, f"acknowledged articles lost: {sorted(missing)}"
        extra = set(disk) - acked_created - unacked_created - {aid}
        assert len(extra) <= 1, f"more than one unacknowledged article appeared: {sorted(extra)}"
        unacked_created |= extra

        # A fresh worker agrees with the disk and the folder passes the start-up check.
        fresh_store = Store(data_dir)
        fresh_store.verify_all()
        fresh = Content(fresh_store)
        assert fresh.article(aid)["title"] == f"Bộ đếm {on_disk}"
        assert set(fresh.index().meta) == set(disk)
        counter = on_disk

    assert counter >= KILL_ROUNDS  # the writer really wrote in every round
    assert len(acked_created) >= 1
    # The surviving long-lived worker (the app) still saves, with a fresh id.
    new = content.save_article({"title": "Sau sự cố", "section_id": sid, "status": "published"})
    disk = _disk_articles(data_dir)
    assert new["id"] not in acked_created | unacked_created | {aid}
    assert disk[new["id"]]["title"] == "Sau sự cố"
    assert acked_created <= set(disk)
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})


# ------------------------------------------------------------------ (b) SIGKILL during merges
MERGE_KILL_ROUNDS = 12
ROUND_ID_BASE = 100_000  # hit n of round r views "article" r*BASE + n: each hit is identifiable


def _crash_hitter(root: str, base: int, ack_path: str) -> None:
    fd = os.open(ack_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    counters = Counters(Store(root), merge_interval=0.0)  # record_hit merges every time
    n = 0
    while True:
        n += 1
        counters.record_hit(f"10.1.{n % 250}.{n % 3}", UA, base + n)
        _ack(fd, str(n))  # the journal lines are written once record_hit returns
        if n % 4 == 0:
            counters.merge()


def test_sigkill_during_counter_merges_loses_and_doubles_nothing(data_dir, tmp_path, rng):
    ctx = multiprocessing.get_context("fork")
    acked: dict[int, int] = {}
    for r in range(1, MERGE_KILL_ROUNDS + 1):
        ack_path = tmp_path / f"hits-{r}.txt"
        proc = ctx.Process(target=_crash_hitter, args=(str(data_dir), r * ROUND_ID_BASE, str(ack_path)))
        proc.start()
        _wait_for_ack(ack_path, proc)
        time.sleep(rng.uniform(0.0, 0.15))
        _kill(proc)
        numbers = [int(x) for x in _ack_lines(ack_path)]
        assert numbers == list(range(1, len(numbers) + 1))
        acked[r] = len(numbers)

        _all_json_parse(data_dir)
        state = json.loads((data_dir / "counters" / "counters.json").read_bytes())
        assert isinstance(state.get("views"), dict)
        if r % 2:
            Counters(Store(data_dir)).merge()  # another worker merges after the crash

    counters = Counters(Store(data_dir))
    counters.merge()
    views = counters.all_views()
    in_flight = 0
    for r, n_acked in acked.items():
        base = r * ROUND_ID_BASE
        for n in range(1, n_acked + 1):
            assert views.get(base + n) == 1, f"round {r} hit {n}: counted {views.get(base + n, 0)} times"
        # The one hit the kill may have interrupted after its journal line was written.
        assert views.get(base + n_acked + 1, 0) in (0, 1)
        in_flight += views.get(base + n_acked + 1, 0)
    allowed = {r * ROUND_ID_BASE + n for r, a in acked.items() for n in range(1, a + 2)}
    assert set(views) <= allowed, "views counted for hits that never happened"
    assert sum(views.values()) == sum(acked.values()) + in_flight
    total_hits = sum(d["hits"] for d in counters.daily())
    assert 0 <= total_hits - sum(views.values()) <= MERGE_KILL_ROUNDS
    assert counters.merge() == 0
    _all_json_parse(data_dir)


def test_threads_reading_while_another_thread_saves_never_deadlock(app, content):
    """Page-view threads rebuilding the index and an editor thread saving share locks safely.

    (Regression: the store's mutex was held while waiting for the file lock, and
    the index lock was taken in the other order by readers.)
    """
    import threading

    sid = next(s["id"] for s in content.sections() if s["name"] == "Chuyển đổi số")
    stop = threading.Event()
    reads = [0]

    def reader():
        while not stop.is_set():
            content.index()
            content.latest(None, 5)
            reads[0] += 1

    def writer():
        for i in range(40):
            content.save_article({"title": f"Bài song song {i}", "section_id": sid, "status": "published"})

    readers = [threading.Thread(target=reader, daemon=True) for _ in range(4)]
    for t in readers:
        t.start()
    w = threading.Thread(target=writer, daemon=True)
    w.start()
    w.join(120)  # a liveness bound, not a timing figure: a deadlock never finishes
    stop.set()
    for t in readers:
        t.join(30)
    assert not w.is_alive(), "the saving thread is stuck"
    assert not any(t.is_alive() for t in readers), "a reading thread is stuck"
    assert len([a for a in content.index().meta.values() if a["title"].startswith("Bài song song")]) == 40
    assert reads[0] > 0
