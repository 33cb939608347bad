"""core.security: one address key (IPv6 by /64), one limiter (window and back-off), no address kept."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from core import timeutil
from core.accounts import ADDRESS_FAILURES, Accounts, Throttled
from core.qa import Questions
from core.security import Limiter, RateLimited, address_key, is_cross_site, local_path
from core.store import Store


def at(monkeypatch, *args) -> float:
    when = datetime(*args, tzinfo=timeutil.TZ)
    monkeypatch.setattr(timeutil, "_now_override", when)
    return when.timestamp()


def entries(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["hits"]


# ---------------------------------------------------------------- address key
@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2::10", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:eeee:dddd:1", "2001:db8:1:2::/64"),  # the same household, another address
    ("2001:db8:1:3::10", "2001:db8:1:3::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 client seen through an IPv6 socket
    (" 203.0.113.7 ", "203.0.113.7"),
    ("not-an-address", "not-an-address"),
    ("", "-"),
    (None, "-"),
])
def test_address_key_keeps_ipv4_and_groups_ipv6_by_64(address, key):
    assert address_key(address) == key


# ---------------------------------------------------------------- window
def test_window_allows_count_events_then_says_until_when(data_dir, monkeypatch):
    limiter = Limiter(Store(data_dir), "qa")
    start = at(monkeypatch, 2024, 5, 6, 9, 0)
    for minute in (0, 10, 20):
        at(monkeypatch, 2024, 5, 6, 9, minute)
        limiter.hit("198.51.100.9", (3, 3600))
    with pytest.raises(RateLimited) as refused:
        limiter.hit("198.51.100.9", (3, 3600))
    assert refused.value.until == start + 3600 and refused.value.count == 3
    limiter.hit("198.51.100.10", (3, 3600))  # another key is not held back
    Limiter(Store(data_dir), "comment").hit("198.51.100.9", (3, 3600))  # nor another scope in the same file
    at(monkeypatch, 2024, 5, 6, 10, 0, 1)  # the first event has left the window
    limiter.hit("198.51.100.9", (3, 3600))
    with pytest.raises(RateLimited):
        limiter.hit("198.51.100.9", (3, 3600))
    assert "198.51.100" not in (data_dir / "qa_limits.json").read_text(encoding="utf-8")


def test_window_spans_the_daily_salt_and_moves_the_entry_under_the_new_one(data_dir, monkeypatch):
    limiter = Limiter(Store(data_dir), "qa")
    path = data_dir / "qa_limits.json"
    at(monkeypatch, 2024, 5, 6, 23, 30)
    limiter.hit("192.0.2.1", (2, 3 * 3600))
    first_salt = json.loads(path.read_text(encoding="utf-8"))["salt"]["1"]["salt"]
    at(monkeypatch, 2024, 5, 7, 0, 30)
    limiter.hit("192.0.2.1", (2, 3 * 3600))
    salt = json.loads(path.read_text(encoding="utf-8"))["salt"]["1"]
    assert salt["salt"] != first_salt and salt["previous"] == first_salt
    assert [len(e["t"]) for e in entries(path).values()] == [2]  # one entry, both events
    with pytest.raises(RateLimited):
        limiter.hit("192.0.2.1", (2, 3 * 3600))


def test_questions_from_one_ipv6_network_share_their_quota(data_dir, monkeypatch):
    at(monkeypatch, 2024, 5, 6, 9, 0)
    questions = Questions(Store(data_dir))
    values = {"name": "Nguyễn Văn An", "topic": "Khác", "question": "Xin hỏi giờ làm việc của bộ phận Một cửa?"}
    for n in range(3):
        questions.submit(values, f"2001:db8:7:8::{n + 1}", (3, 3600))
    with pytest.raises(RateLimited):
        questions.submit(values, "2001:db8:7:8:aaaa::1", (3, 3600))
    questions.submit(values, "2001:db8:7:9::1", (3, 3600))  # the next network is someone else


# ---------------------------------------------------------------- back-off
def test_failures_wait_from_the_fifth_doubling_until_forgotten(data_dir, monkeypatch):
    limiter = Limiter(Store(data_dir), "login", file="login_limits.json", lock="login_limits")
    now = at(monkeypatch, 2024, 5, 6, 9, 0)
    keys = ["u:bientap", "a:203.0.113.7"]
    for _ in range(4):
        limiter.fail(keys, free=5, wait=30, longest=3600)
    assert limiter.wait_until(keys) == 0
    limiter.fail(keys, free=5, wait=30, longest=3600)
    assert limiter.wait_until(["u:bientap"]) == now + 30
    limiter.fail(keys, free=5, wait=30, longest=3600)
    assert limiter.wait_until(["a:203.0.113.7"]) == now + 60
    for _ in range(10):
        limiter.fail(keys, free=5, wait=30, longest=3600)
    assert limiter.wait_until(keys) == now + 3600  # never longer than the longest wait
    limiter.forget(["u:bientap"])
    assert limiter.wait_until(["u:bientap"]) == 0 and limiter.wait_until(keys) == now + 3600
    raw = (data_dir / "login_limits.json").read_text(encoding="utf-8")
    assert "203.0.113.7" not in raw and "bientap" not in raw
    at(monkeypatch, 2024, 5, 7, 10, 0)  # a day without failures: forgotten at the next write
    limiter.fail(["u:khac"], free=5, wait=30, longest=3600)
    assert len(entries(data_dir / "login_limits.json")) == 1


def test_attempts_are_counted_first_and_a_success_takes_its_own_back(data_dir, monkeypatch):
    limiter = Limiter(Store(data_dir), "login", file="login_limits.json", lock="login_limits")
    now = at(monkeypatch, 2024, 5, 6, 9, 0)
    keys = {"p:bientap|203.0.113.7": 2, "a:203.0.113.7": 3}
    assert limiter.attempt(keys, wait=30, longest=3600) == 0
    limiter.release(["a:203.0.113.7"], forget=["p:bientap|203.0.113.7"])  # it succeeded: nothing is left
    assert entries(data_dir / "login_limits.json") == {}
    assert limiter.attempt(keys, wait=30, longest=3600) == 0
    assert limiter.attempt(keys, wait=30, longest=3600) == 0  # the second failure of the pair: it waits now
    assert limiter.attempt(keys, wait=30, longest=3600) == now + 30  # refused, and not counted
    assert limiter.attempt({"p:khac|203.0.113.7": 2, "a:203.0.113.7": 3}, wait=30, longest=3600) == 0
    assert limiter.wait_until(["a:203.0.113.7"]) == now + 30  # the address's third
    # Had that third attempt succeeded, the address would get it back, and its wait with it.
    limiter.release(["a:203.0.113.7"], forget=["p:khac|203.0.113.7"])
    assert limiter.wait_until(["a:203.0.113.7"]) == 0
    assert limiter.wait_until(["p:bientap|203.0.113.7"]) == now + 30


def test_login_failures_from_one_ipv6_network_hold_it_back(data_dir):
    accounts = Accounts(Store(data_dir))
    accounts.create_user("bientap", "mat-khau-dung-roi", role="editor")
    for n in range(5):
        assert accounts.authenticate("bientap", "sai-mat-khau", f"2001:db8:5:6::{n}") is None
    with pytest.raises(Throttled):
        accounts.authenticate("bientap", "mat-khau-dung-roi", "2001:db8:5:6:1234::9")
    assert accounts.authenticate("bientap", "mat-khau-dung-roi", "2001:db8:5:7::1")["username"] == "bientap"
    for n in range(ADDRESS_FAILURES - 5):  # guessing other names from the same network
        assert accounts.authenticate(f"ten-{n}", "sai-mat-khau", f"2001:db8:5:6::{n}:1") is None
    accounts.create_user("nguoikhac", "mat-khau-dung-roi", role="editor")
    with pytest.raises(Throttled):
        accounts.authenticate("nguoikhac", "mat-khau-dung-roi", "2001:db8:5:6:abcd::9")
    assert accounts.authenticate("nguoikhac", "mat-khau-dung-roi", "2001:db8:5:7::1")["username"] == "nguoikhac"


def test_asking_the_password_again_is_throttled_like_the_login(data_dir):
    accounts = Accounts(Store(data_dir))
    user = accounts.create_user("bientap", "mat-khau-dung-roi", role="editor")
    assert accounts.confirm_password(user["id"], "mat-khau-dung-roi", "203.0.113.7")
    for _ in range(5):
        assert not accounts.confirm_password(user["id"], "sai-mat-khau", "203.0.113.7")
    with pytest.raises(Throttled):
        accounts.confirm_password(user["id"], "mat-khau-dung-roi", "203.0.113.7")  # this address waits
    assert accounts.confirm_password(user["id"], "mat-khau-dung-roi", "198.51.100.1")  # the owner elsewhere
    assert not accounts.confirm_password(999, "mat-khau-dung-roi", "203.0.113.8")


def test_the_old_unsalted_throttle_table_is_dropped_quietly(data_dir):
    store = Store(data_dir)
    accounts = Accounts(store)
    accounts.create_user("bientap", "mat-khau-dung-roi", role="editor")
    with store.transaction("accounts.json", lock_name="accounts") as db:
        db.table("throttle").insert({"key": "f" * 64, "failures": 2, "until": 0, "at": 0})
    assert accounts.authenticate("bientap", "mat-khau-dung-roi", "203.0.113.7")
    stored = json.loads((data_dir / "accounts.json").read_text(encoding="utf-8"))
    assert "throttle" not in stored and len(stored["users"]) == 1


# ---------------------------------------------------------------- HTTP checks
@pytest.mark.parametrize("target, kept", [
    ("/quan-tri/tin-bai", "/quan-tri/tin-bai"),
    (" /quan-tri/?trang=2 ", "/quan-tri/?trang=2"),
    ("https://evil.example/", None),
    ("//evil.example/", None),
    ("/\\evil.example", None),
    ("/quan-tri\n", "/quan-tri"),
    ("/quan\x00-tri", None),
    ("quan-tri", None),
    ("javascript:alert(1)", None),
    ("", None),
    (None, None),
])
def test_local_path_keeps_only_paths_of_this_site(target, kept):
    assert local_path(target) == kept


@pytest.mark.parametrize("fetch_site, origin, cross", [
    (None, None, False),
    ("same-origin", "http://localhost", False),
    ("cross-site", None, True),
    (None, "https://evil.example", True),
    ("same-site", "http://localhost:5000", True),  # another port is another site's form
])
def test_is_cross_site(fetch_site, origin, cross):
    assert is_cross_site(fetch_site, origin, "localhost") is cross
