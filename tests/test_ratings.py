"""“Thông tin này có hữu ích không?”: anonymous yes/no per article, counted once per reader and day."""
from __future__ import annotations

import json
import multiprocessing
from datetime import timedelta

import pytest

from app import create_app
from core import timeutil
from conftest import section_id
from core.errors import ValidationError

BROWSER = "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
JSON = {"Accept": "application/json", "User-Agent": BROWSER}


def publish(content, title="Thông báo lịch tiêm chủng", **extra):
    values = {"title": title, "section_id": section_id(content, "Tin tức – Sự kiện"), "status": "published",
              "body": "<p>Nội dung.</p>", "author": "Ban Biên tập",
              "publish_at": (timeutil.now() - timedelta(days=1)).replace(second=0, microsecond=0)}
    values.update(extra)
    return content.save_article(values)


def vote(client, article_id, value="co", address="10.1.2.3", headers=None):
    return client.post(f"/danh-gia/{article_id}", data={"huu_ich": value},
                       headers=headers or {"User-Agent": BROWSER}, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def svc(app):
    return app.extensions["trangxa"]


def test_article_page_asks_and_a_vote_without_javascript_comes_back_thanked(client, svc):
    art = publish(svc.content)
    url = f"/tin-tuc-su-kien/{art['slug']}"
    html = client.get(url).get_data(as_text=True)
    assert "Thông tin này có hữu ích không?" in html
    assert f'action="/danh-gia/{art["id"]}"' in html and 'value="co"' in html and 'value="khong"' in html
    r = vote(client, art["id"], "co")
    assert r.status_code == 303
    assert r.headers["Location"] == f"{url}?danh_gia=cam-on#danh-gia"
    thanked = client.get(f"{url}?danh_gia=cam-on").get_data(as_text=True)
    assert "Cảm ơn ông/bà đã cho biết ý kiến." in thanked and 'name="huu_ich"' not in thanked
    assert svc.ratings.counts(art["id"]) == {"yes": 1, "no": 0}


def test_json_answers_for_the_script_and_one_vote_per_reader_per_day(client, svc, data_dir):
    art = publish(svc.content)
    r = vote(client, art["id"], "khong", headers=JSON)
    assert r.status_code == 200 and r.json == {"ok": True, "message": "Cảm ơn ông/bà đã cho biết ý kiến."}
    again = vote(client, art["id"], "co", headers=JSON)
    assert again.status_code == 200 and "đã đánh giá tin bài này hôm nay" in again.json["message"]
    assert svc.ratings.counts(art["id"]) == {"yes": 0, "no": 1}  # the first vote stands
    vote(client, art["id"], "co", address="10.1.2.4", headers=JSON)  # another reader
    other = publish(svc.content, "Bài khác")
    vote(client, other["id"], "co", headers=JSON)  # the same reader, another article
    assert svc.ratings.counts(art["id"]) == {"yes": 1, "no": 1}
    assert svc.ratings.counts(other["id"]) == {"yes": 1, "no": 0}
    # What is on disk, read by a fresh worker and as plain JSON.
    from core.ratings import Ratings
    from core.store import Store

    assert Ratings(Store(data_dir)).all() == {art["id"]: {"yes": 1, "no": 1}, other["id"]: {"yes": 1, "no": 0}}
    stored = json.loads((data_dir / "ratings.json").read_text(encoding="utf-8"))
    assert stored["articles"][str(art["id"])] == {"yes": 1, "no": 1}
    assert len(stored["voters"]["1"]["votes"]) == 3  # three different (reader, article) pairs today


def test_the_next_day_the_same_reader_may_vote_again(client, svc, set_now):
    art = publish(svc.content)
    vote(client, art["id"], "co")
    tomorrow = timeutil.now() + timedelta(days=1, hours=1)
    set_now(tomorrow)
    vote(client, art["id"], "co")
    assert svc.ratings.counts(art["id"]) == {"yes": 2, "no": 0}


def test_no_address_is_stored(client, svc, data_dir):
    art = publish(svc.content)
    vote(client, art["id"], "co", address="203.0.113.77")
    for path in data_dir.rglob("*.json"):
        assert "203.0.113.77" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("value", ["", "yes", "1", "co ", "x" * 5000])
def test_a_bad_answer_gets_a_vietnamese_message_and_counts_nothing(client, svc, value):
    art = publish(svc.content)
    r = vote(client, art["id"], value, headers=JSON)
    assert r.status_code == 400 and r.json["message"] == "Vui lòng chọn Có hoặc Không."
    r = vote(client, art["id"], value)
    assert r.status_code == 303 and "danh_gia=chon" in r.headers["Location"]
    page = client.get(r.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "Vui lòng chọn Có hoặc Không." in page
    assert svc.ratings.counts(art["id"]) == {"yes": 0, "no": 0}


def test_only_public_articles_can_be_rated(client, svc):
    draft = publish(svc.content, "Bản nháp", status="draft")
    scheduled = publish(svc.content, "Hẹn giờ", publish_at=timeutil.now() + timedelta(days=2))
    for article_id in (draft["id"], scheduled["id"], 999999):
        assert vote(client, article_id).status_code == 404
    r = client.get(f"/danh-gia/{draft['id']}")
    assert r.status_code == 404 and "lang=\"vi\"" in r.get_data(as_text=True)  # a page, not a 500
    assert svc.ratings.all() == {}


def test_robots_are_thanked_but_not_counted(client, svc):
    art = publish(svc.content)
    r = vote(client, art["id"], "co", headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"})
    assert r.status_code == 303
    assert svc.ratings.counts(art["id"]) == {"yes": 0, "no": 0}


def test_the_editor_can_turn_the_question_off(client, svc):
    art = publish(svc.content)
    svc.content.save_settings(dict(svc.content.settings(), ratings="khong"))
    html = client.get(f"/tin-tuc-su-kien/{art['slug']}").get_data(as_text=True)
    assert "Thông tin này có hữu ích không?" not in html
    assert vote(client, art["id"]).status_code == 404
    with pytest.raises(ValidationError):
        svc.content.save_settings(dict(svc.content.settings(), ratings="maybe"))


def test_the_panel_shows_the_counts(client, svc, auth):
    art = publish(svc.content, "Lịch cắt điện tháng 12")
    for n in range(3):
        vote(client, art["id"], "co", address=f"10.0.0.{n}")
    vote(client, art["id"], "khong", address="10.0.0.9")
    html = client.get("/quan-tri/thong-ke").get_data(as_text=True)
    row = html[html.index("Lịch cắt điện tháng 12"):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">3</td><td class="num">1</td><td class="num">75%</td>' in row


def _vote_in_process(data_dir: str, article_id: int, worker: int, votes: int) -> None:
    app = create_app({"DATA_DIR": data_dir, "SEED_DEMO": False, "TESTING": True})
    client = app.test_client()
    for n in range(votes):
        r = vote(client, article_id, "co" if n % 2 else "khong", address=f"10.{worker}.0.{n}", headers=JSON)
        assert r.status_code == 200 and r.json["ok"], r.data


def test_votes_from_several_worker_processes_are_all_counted(app, svc, data_dir):
    art = publish(svc.content)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_vote_in_process, args=(str(data_dir), art["id"], w, 10)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert svc.ratings.counts(art["id"]) == {"yes": 20, "no": 20}


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
])
def test_a_form_on_another_site_cannot_vote(client, svc, headers):
    art = publish(svc.content)
    r = vote(client, art["id"], "khong", headers=dict(JSON, **headers))
    assert r.status_code == 403 and "lang=\"vi\"" in r.get_data(as_text=True)
    assert svc.ratings.counts(art["id"]) == {"yes": 0, "no": 0}
    same_site = dict(JSON, Origin="http://localhost", **{"Sec-Fetch-Site": "same-origin"})
    assert vote(client, art["id"], "khong", headers=same_site).json["ok"]
    assert svc.ratings.counts(art["id"]) == {"yes": 0, "no": 1}


def test_a_reader_has_a_daily_cap_and_is_told_so(client, svc, monkeypatch):
    import core.ratings

    monkeypatch.setattr(core.ratings, "DAILY_CAP", 3)
    arts = [publish(svc.content, f"Bài số {n}") for n in range(5)]
    for a in arts[:3]:
        assert vote(client, a["id"], "co", headers=JSON).json["ok"]
    r = vote(client, arts[3]["id"], "co", headers=JSON)
    assert r.status_code == 429 and r.json == {"ok": False, "message": "Hôm nay ông/bà đã gửi nhiều đánh giá. "
                                               "Xin cảm ơn, mời ông/bà quay lại vào ngày mai."}
    r = vote(client, arts[4]["id"], "co")
    assert r.status_code == 303 and "danh_gia=nhieu" in r.headers["Location"]
    assert "quay lại vào ngày mai" in client.get(r.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert svc.ratings.counts(arts[3]["id"]) == {"yes": 0, "no": 0}
    assert vote(client, arts[3]["id"], "co", address="10.9.9.9", headers=JSON).json["ok"]  # someone else


def test_ipv6_readers_are_counted_per_network(client, svc):
    art = publish(svc.content)
    vote(client, art["id"], "co", address="2001:db8:1:2::10", headers=JSON)
    again = vote(client, art["id"], "co", address="2001:db8:1:2:ffff::1", headers=JSON)  # same /64
    assert "đã đánh giá" in again.json["message"]
    vote(client, art["id"], "co", address="2001:db8:1:3::10", headers=JSON)  # another /64
    assert svc.ratings.counts(art["id"]) == {"yes": 2, "no": 0}


def test_without_javascript_a_second_vote_is_told_and_no_view_is_counted(client, svc):
    art = publish(svc.content)
    url = f"/tin-tuc-su-kien/{art['slug']}"
    vote(client, art["id"], "co")
    r = vote(client, art["id"], "khong")
    assert r.headers["Location"] == f"{url}?danh_gia=da-danh-gia#danh-gia"
    counters = svc.counters
    counters.merge()
    before = counters.views(art["id"])
    page = client.get(f"{url}?danh_gia=da-danh-gia", headers={"User-Agent": BROWSER}).get_data(as_text=True)
    assert "Ông/bà đã đánh giá tin bài này hôm nay." in page and 'name="huu_ich"' not in page
    counters.merge()
    assert counters.views(art["id"]) == before
    client.get(url, headers={"User-Agent": BROWSER})
    counters.merge()
    assert counters.views(art["id"]) == before + 1  # a real visit is still counted
