"""core.counters: robots are ignored, visits per day, exact views, daily salt, no raw addresses, bounded size."""
from __future__ import annotations

import json
import multiprocessing

import pytest
from tinydb.table import Document

from core.counters import COUNTERS_FILE, LOCK, SALT_FILE, VISITORS_EXACT, Counters, is_bot
from core.store import Store

from conftest import section_id

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
UA_PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def counters(app):
    return app.extensions["trangxa"].counters


@pytest.fixture
def article_id(content):
    art = content.save_article({"title": "Họp dân thôn Đông", "section_id": section_id(content, "Tin tức – Sự kiện"),
                                "status": "published", "body": "<p>Nội dung</p>"})
    return art["id"]


def _fresh(data_dir) -> Counters:
    """Counters of another worker: merges everything written so far."""
    c = Counters(Store(data_dir))
    c.merge()
    return c


def _journal_lines(data_dir) -> list[str]:
    lines = []
    for log in sorted((data_dir / "counters" / "journal").glob("*.log")):
        lines.extend(log.read_text(encoding="utf-8").splitlines())
    return lines


# ------------------------------------------------------------------ robots
@pytest.mark.parametrize("ua", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.5.0",
    "",
    None,
    "python-requests/2.32.3",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
])
def test_bots_are_not_counted(counters, data_dir, article_id, ua):
    assert is_bot(ua)
    for _ in range(3):
        counters.record_hit("198.51.100.5", ua, article_id)
    counters.merge()
    fresh = _fresh(data_dir)
    assert fresh.views(article_id) == 0
    assert counters.views(article_id) == 0
    s = fresh.summary()
    assert (s["today"], s["total"], s["hits_today"]) == (0, 0, 0)
    assert _journal_lines(data_dir) == []

    # The same address with a browser is counted: the check above could fail.
    counters.record_hit("198.51.100.5", UA, article_id)
    fresh = _fresh(data_dir)
    assert fresh.views(article_id) == 1
    assert fresh.summary()["today"] == 1


def test_bot_through_the_site_is_not_counted(client, app, data_dir):
    client.get("/", headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"})
    client.get("/", headers={"User-Agent": "curl/8.5.0"})
    client.get("/", headers={"User-Agent": ""})
    assert _fresh(data_dir).summary()["total"] == 0
    client.get("/", headers={"User-Agent": UA})
    assert _fresh(data_dir).summary()["total"] == 1


def test_browsers_are_not_bots():
    assert not is_bot(UA)
    assert not is_bot(UA_PHONE)
    assert not is_bot("Mozilla/5.0 test")


# ------------------------------------------------------------------ visits and views
def test_same_visitor_is_one_visit_per_day_but_every_view_counts(counters, data_dir, article_id):
    for _ in range(5):
        counters.record_hit("198.51.100.7", UA, article_id)
    counters.record_hit("198.51.100.7", UA)  # the home page: a hit, not an article view
    counters.merge()
    fresh = _fresh(data_dir)
    s = fresh.summary()
    assert s["today"] == 1
    assert s["month"] == 1
    assert s["total"] == 1
    assert s["hits_today"] == 6
    assert fresh.views(article_id) == 5
    assert counters.views(article_id) == 5
    assert fresh.all_views() == {article_id: 5}


def test_same_visitor_next_day_is_a_new_visit(counters, data_dir, article_id, set_now):
    set_now(2025, 3, 10, 9, 0)
    counters.record_hit("198.51.100.7", UA, article_id)
    counters.record_hit("198.51.100.7", UA, article_id)
    set_now(2025, 3, 11, 8, 0)
    counters.record_hit("198.51.100.7", UA, article_id)
    counters.merge()
    s = counters.summary()
    assert s["today"] == 1
    assert s["month"] == 2
    assert s["total"] == 2
    assert counters.views(article_id) == 3
    assert [(d["day"], d["visits"], d["hits"]) for d in counters.daily()] == [
        ("2025-03-10", 1, 2), ("2025-03-11", 1, 1)]


def test_two_visitors_give_today_two(counters, data_dir, article_id):
    counters.record_hit("198.51.100.7", UA, article_id)
    counters.record_hit("198.51.100.8", UA, article_id)
    counters.record_hit("198.51.100.7", UA, article_id)
    counters.merge()
    s = _fresh(data_dir).summary()
    assert s["today"] == 2
    assert s["total"] == 2
    assert s["hits_today"] == 3
    assert _fresh(data_dir).views(article_id) == 3


def test_same_address_other_browser_is_another_visitor(counters, data_dir):
    counters.record_hit("198.51.100.7", UA)
    counters.record_hit("198.51.100.7", UA_PHONE)
    counters.merge()
    assert _fresh(data_dir).summary()["today"] == 2


def test_visitors_from_two_workers_are_not_counted_twice(app, data_dir, article_id):
    """Two workers (two Counters on one folder) see the same visitor: one visit, every view."""
    w1 = app.extensions["trangxa"].counters
    w2 = Counters(Store(data_dir), merge_interval=0.0)
    w1.record_hit("198.51.100.9", UA, article_id)
    w2.record_hit("198.51.100.9", UA, article_id)
    w1.record_hit("198.51.100.9", UA, article_id)
    w2.merge()
    w1.merge()
    s = _fresh(data_dir).summary()
    assert (s["today"], s["hits_today"]) == (1, 3)
    assert _fresh(data_dir).views(article_id) == 3


def test_merge_counts_each_journal_line_once(counters, data_dir, article_id):
    for _ in range(4):
        counters.record_hit("198.51.100.7", UA, article_id)
    assert counters.merge() == 0  # merge_interval 0: already merged by record_hit
    other = Counters(Store(data_dir))
    for _ in range(3):
        assert other.merge() == 0
    assert other.views(article_id) == 4
    assert other.summary()["hits_today"] == 4


def test_article_page_counts_views(client, app, content, data_dir, article_id):
    art = content.article(article_id)
    url = f"/{content.section(art['section_id'])['slug']}/{art['slug']}"
    for _ in range(3):
        assert client.get(url, headers={"User-Agent": UA}).status_code == 200
    client.get(url, headers={"User-Agent": "Googlebot/2.1"})
    assert _fresh(data_dir).views(article_id) == 3


# ------------------------------------------------------------------ privacy
def _files_containing(root, needle: bytes) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_salt_changes_when_the_day_changes(counters, data_dir, set_now):
    salt_path = data_dir / "counters" / "salt.json"
    set_now(2025, 6, 30, 23, 59)
    counters.record_hit("203.0.113.77", UA)
    day1 = json.loads(salt_path.read_bytes())["salt"]["1"]
    assert day1["day"] == "2025-06-30"
    hash1 = counters.visitor_hash("203.0.113.77", UA)

    set_now(2025, 7, 1, 0, 1)  # midnight in Việt Nam, 17:01 UTC the day before
    counters.record_hit("203.0.113.77", UA)
    day2 = json.loads(salt_path.read_bytes())["salt"]["1"]
    assert day2["day"] == "2025-07-01"
    assert day2["salt"] != day1["salt"]
    assert counters.visitor_hash("203.0.113.77", UA) != hash1
    # Yesterday's salt is gone from the live file.
    assert day1["salt"] not in salt_path.read_text(encoding="utf-8")

    # Another worker uses the same salt for the new day (same visitor, same hash).
    other = Counters(Store(data_dir))
    assert other.visitor_hash("203.0.113.77", UA) == counters.visitor_hash("203.0.113.77", UA)


def test_yesterdays_salt_is_nowhere_in_the_data_folder(counters, data_dir, set_now):
    set_now(2025, 6, 30, 12, 0)
    counters.record_hit("203.0.113.77", UA)
    old_salt = json.loads((data_dir / "counters" / "salt.json").read_bytes())["salt"]["1"]["salt"]
    set_now(2025, 7, 1, 12, 0)
    counters.record_hit("203.0.113.77", UA)
    assert json.loads((data_dir / "counters" / "salt.json").read_bytes())["salt"]["1"]["salt"] != old_salt
    assert _files_containing(data_dir, old_salt.encode()) == []


def test_same_day_keeps_the_salt(counters, data_dir, set_now):
    set_now(2025, 6, 30, 8, 0)
    counters.record_hit("203.0.113.77", UA)
    salt1 = json.loads((data_dir / "counters" / "salt.json").read_bytes())["salt"]["1"]
    set_now(2025, 6, 30, 22, 0)
    Counters(Store(data_dir)).record_hit("203.0.113.78", UA)
    salt2 = json.loads((data_dir / "counters" / "salt.json").read_bytes())["salt"]["1"]
    assert salt1 == salt2


def test_no_raw_ip_address_is_stored(app, client, counters, data_dir, article_id):
    ip = "203.0.113.77"
    for _ in range(3):
        counters.record_hit(ip, UA, article_id)
        counters.record_hit(ip, UA_PHONE)
    client.get("/", headers={"User-Agent": UA}, environ_base={"REMOTE_ADDR": ip})
    # Unmerged journal lines, too: a second worker that has not merged yet.
    Counters(Store(data_dir), merge_interval=3600).record_hit(ip, UA, article_id)
    counters.merge()

    s = _fresh(data_dir).summary()
    assert s["hits_today"] == 8  # the hits were really recorded...
    assert s["today"] == 2
    assert _journal_lines(data_dir)  # ...and journals exist to look into
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "counters.json" for p in files)
    assert _files_containing(data_dir, ip.encode()) == []  # ...but the address is nowhere
    assert _files_containing(data_dir, ip.encode("utf-16-le")) == []


# ------------------------------------------------------------------ summary
def test_summary_keys(counters, data_dir):
    s = counters.summary()
    assert {"online", "today", "month", "total"} <= set(s)
    assert all(isinstance(s[k], int) for k in ("online", "today", "month", "total"))
    counters.record_hit("198.51.100.7", UA)
    counters.record_hit("198.51.100.8", UA)
    s = counters.summary()
    assert {"online", "today", "month", "total"} <= set(s)
    assert s["online"] == 2
    assert (s["today"], s["month"], s["total"]) == (2, 2, 2)


def test_online_forgets_visitors_after_five_minutes(counters, set_now):
    set_now(2025, 3, 10, 9, 0)
    counters.record_hit("198.51.100.7", UA)
    counters.record_hit("198.51.100.8", UA)
    assert counters.summary()["online"] == 2
    set_now(2025, 3, 10, 9, 10)
    # A worker that computes the figures now (summary() may cache them for a few real seconds).
    s = Counters(Store(counters.store.root)).summary()
    assert s["online"] == 1  # nobody recent: the reader himself
    assert s["today"] == 2


def test_views_are_not_double_counted_after_another_worker_merges(app, data_dir, article_id):
    """A worker's unmerged views plus a merge done by another worker must not count twice."""
    w1 = Counters(Store(data_dir), merge_interval=3600)
    w2 = Counters(Store(data_dir), merge_interval=3600)
    w1.record_hit("198.51.100.6", UA)  # a new worker merges on its first hit, then not for an hour
    w1.record_hit("198.51.100.7", UA, article_id)  # pending in w1's journal
    assert w1.views(article_id) == 1
    w2.merge()  # folds w1's journal line into counters.json
    assert w2.views(article_id) == 1
    assert w1.views(article_id) == 1, "w1 adds its pending view on top of the merged figure"


@pytest.fixture
def fast_journal_rotation(monkeypatch):
    """Shrink the journal time constants: every append opens a new journal ("an hour later")
    and a consumed, rotated journal is removed by the next merge ("two hours later")."""
    from core import counters as counters_module
    from core.store import Journal

    monkeypatch.setattr(Journal, "ROTATE_SECONDS", 0)
    monkeypatch.setattr(counters_module, "STALE_JOURNAL_SECONDS", -1)


def test_pending_view_is_not_counted_again_after_its_journal_is_removed(data_dir, fast_journal_rotation,
                                                                        monkeypatch):
    from core import counters as counters_module

    w1 = Counters(Store(data_dir), merge_interval=3600)
    w2 = Counters(Store(data_dir), merge_interval=3600)
    w3 = Counters(Store(data_dir), merge_interval=0.0)
    w1.record_hit("198.51.100.1", UA)  # first hit: w1 merges, then not for an hour
    w1.record_hit("198.51.100.1", UA, 7)
    assert w1.views(7) == 1
    w2.merge()  # folds w1's view
    w3.record_hit("198.51.100.3", UA)  # w3's merge removes w1's consumed journals
    assert Counters(Store(data_dir)).views(7) == 1
    monkeypatch.setattr(counters_module, "STALE_JOURNAL_SECONDS", 7200)  # no more removals
    for _ in range(10):
        w1.record_hit("198.51.100.1", UA, 7)
    w2.merge()
    assert Counters(Store(data_dir)).views(7) == 11
    assert w1.views(7) == 11


def test_removed_journals_leave_no_offsets_behind(data_dir, fast_journal_rotation):
    w = Counters(Store(data_dir), merge_interval=3600)
    other = Counters(Store(data_dir))  # the dashboard's worker, or the merge-counters command
    for i in range(5):
        w.record_hit(f"198.51.100.{i}", UA)
        other.merge()
        other.merge()  # a quiet merge: nothing new, but w's consumed journal is removed
    journals = {f"counters/journal/{p.name}" for p in (data_dir / "counters" / "journal").glob("*.log")}
    state = json.loads((data_dir / COUNTERS_FILE).read_bytes())["state"]["1"]
    assert set(state["offsets"]) <= journals
    assert w.summary()["hits_today"] == 5


def test_counter_files_are_valid_tinydb_json(counters, data_dir, article_id):
    counters.record_hit("198.51.100.7", UA, article_id)
    for name in (COUNTERS_FILE, SALT_FILE):
        data = json.loads((data_dir / name).read_bytes())
        assert isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())


# ------------------------------------------------------------------ bounded size (issue 13, point 12)
def _fixed_salt(data_dir, day: str) -> None:
    """Write the day's salt as the first hit would, but a known one: the estimates are the same every run."""
    with Store(data_dir).transaction(SALT_FILE, lock_name=LOCK, keep_backups=False) as db:
        db.table("salt").upsert(Document({"day": day, "salt": "5a" * 16}, doc_id=1))


def _visit(counters: Counters, first: int, last: int, merge_every: int = 2000) -> None:
    """Visitors number first..last-1, one hit each (one address, a browser each), merged as a worker would."""
    for i in range(first, last):
        counters.record_hit("198.51.100.7", f"Mozilla/5.0 (X11; visitor {i}) Firefox/128.0")
        if i % merge_every == 0:
            counters.merge()
    counters.merge()


def _near(figure: int, truth: int, share: float) -> bool:
    return abs(figure - truth) <= share * truth


def test_counters_file_stays_small_whatever_the_number_of_visitors(data_dir, set_now):
    """6,000 then 50,000 browsers in a day: the file stays under 20 KB and does not grow; the figures hold."""
    set_now(2025, 3, 10, 12, 0)
    _fixed_salt(data_dir, "2025-03-10")
    worker = Counters(Store(data_dir), merge_interval=3600)
    path = data_dir / COUNTERS_FILE
    _visit(worker, 0, 6000)
    size_6k = path.stat().st_size
    s = Counters(Store(data_dir)).summary()
    assert size_6k < 20_000, f"counters.json is {size_6k} bytes after 6,000 visitors"
    assert _near(s["today"], 6000, 0.05), s
    assert s["hits_today"] == 6000  # page views stay exact
    assert s["month"] == s["total"] == s["today"]
    assert _near(s["online"], 6000, 0.10), s  # all in the same minute: a coarser sketch

    _visit(worker, 6000, 50_000)
    size_50k = path.stat().st_size
    assert size_50k <= size_6k + 20, f"{size_6k} bytes at 6,000 visitors, {size_50k} at 50,000"
    s = Counters(Store(data_dir)).summary()
    assert _near(s["today"], 50_000, 0.05), s
    assert s["hits_today"] == 50_000
    assert s["month"] == s["total"] == s["today"]
    assert _near(s["online"], 50_000, 0.10), s
    assert [(d["day"], d["hits"]) for d in Counters(Store(data_dir)).daily()] == [("2025-03-10", 50_000)]


def test_a_day_under_the_cap_is_counted_exactly(data_dir, set_now):
    set_now(2025, 3, 10, 12, 0)
    worker = Counters(Store(data_dir), merge_interval=3600)
    _visit(worker, 0, VISITORS_EXACT, merge_every=250)
    _visit(worker, 0, 300)  # returning visitors: hits, not visits
    s = Counters(Store(data_dir)).summary()
    assert (s["today"], s["total"], s["hits_today"]) == (VISITORS_EXACT, VISITORS_EXACT, VISITORS_EXACT + 300)
    stored = json.loads((data_dir / COUNTERS_FILE).read_bytes())["state"]["1"]["visitors"]["2025-03-10"]
    assert list(stored) == ["exact"]


def _visiting_worker(root: str, first: int, last: int) -> None:
    _visit(Counters(Store(root), merge_interval=3600), first, last, merge_every=500)


def test_visitors_of_two_processes_are_counted_as_their_union(data_dir, set_now):
    """Two workers with overlapping visitors, both past the cap, merging into one sketch: the union's size."""
    set_now(2025, 3, 10, 12, 0)
    _fixed_salt(data_dir, "2025-03-10")
    ctx = multiprocessing.get_context("fork")  # the children keep the frozen clock
    procs = [ctx.Process(target=_visiting_worker, args=(str(data_dir), 0, 8000)),
             ctx.Process(target=_visiting_worker, args=(str(data_dir), 5000, 12_000))]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    fresh = _fresh(data_dir)
    s = fresh.summary()
    assert s["hits_today"] == 8000 + 7000
    assert _near(s["today"], 12_000, 0.05), s
    assert _near(s["online"], 12_000, 0.10), s


def test_visitors_stored_in_the_first_format_still_count(counters, data_dir, set_now):
    """A file written before the sketch (a list of hashes a day, visitor -> last hit): read, then rewritten."""
    at = set_now(2025, 3, 10, 12, 0)
    seen = [counters.visitor_hash(f"198.51.100.{i}", UA, "2025-03-10") for i in range(3)]
    with Store(data_dir).transaction(COUNTERS_FILE, lock_name=LOCK) as db:
        db.table("days").upsert(Document({"day": "2025-03-10", "visits": 3, "hits": 5}, doc_id=20250310))
        db.table("state").upsert(Document({
            "offsets": {}, "day": "2025-03-10", "visitors": {"2025-03-10": sorted(seen)},
            "recent": {h: int(at.timestamp()) - 60 for h in seen}, "total_visits": 3, "total_hits": 5},
            doc_id=1))
    counters.record_hit("198.51.100.0", UA)  # seen before
    counters.record_hit("198.51.100.9", UA)  # new
    s = _fresh(data_dir).summary()
    assert (s["today"], s["total"], s["hits_today"], s["online"]) == (4, 4, 7, 4)
    state = json.loads((data_dir / COUNTERS_FILE).read_bytes())["state"]["1"]
    assert "recent" not in state and list(state["visitors"]["2025-03-10"]) == ["exact"]
