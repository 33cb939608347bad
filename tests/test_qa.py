"""Hỏi đáp: asking, the lookup code, spam protection, the editor's inbox and answers, the public list."""
from __future__ import annotations

import html as htmllib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import csrf_from, field_error, fresh, unescaped
from core.qa import CODE_ALPHABET, CODE_LENGTH, Questions, deadline, short_name
from core.security import Limiter
from core.seed.qa import seed_questions
from core.store import Store

ASK = "/hoi-dap/gui-cau-hoi"
PHONE = "0912 345 678"
EMAIL = "nguoidan.vana@example.com"
QUESTION = "Tôi muốn hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu cần những giấy tờ gì?"


# ---------------------------------------------------------------- helpers


def stored(data_dir: Path) -> list[dict]:
    q = fresh(Questions, data_dir)
    return q.all() + q.all(trashed=True)


def values(**overrides) -> dict:
    v = {"name": "Nguyễn Văn An", "phone": PHONE, "email": EMAIL, "topic": "Đất đai – xây dựng",
         "question": QUESTION, "website": ""}
    v.update(overrides)
    return v


def ask(client, address: str = "203.0.113.7", **overrides):
    """Submit the question form from ``address`` (with the form's own CSRF token)."""
    env = {"REMOTE_ADDR": address}
    token = csrf_from(client.get(ASK, environ_base=env).get_data(as_text=True))
    return client.post(ASK, data=dict(values(**overrides), csrf_token=token), environ_base=env)


def code_of(client) -> str:
    page = client.get("/hoi-dap/da-gui").get_data(as_text=True)
    m = re.search(r'<p class="code-box" id="ma-tra-cuu">([^<]+)</p>', page)
    assert m, page
    return m.group(1)


def post_form(client, url: str, data: dict | None = None, page: str | None = None):
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data=dict(data or {}, csrf_token=token))


@pytest.fixture
def citizen(app):
    """Return a second browser: a citizen who is not logged in."""
    return app.test_client()


# ---------------------------------------------------------------- the whole flow
def test_ask_lookup_answer_publish_and_search(app, client, auth, citizen, data_dir):
    form = citizen.get(ASK)
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert page.count("<h1") == 1
    for name in ("name", "phone", "email", "topic", "question"):
        assert f'for="{name}"' in page and f'id="{name}"' in page
    r = ask(citizen)
    assert r.status_code == 302 and r.headers["Location"].endswith("/hoi-dap/da-gui")
    code = code_of(citizen)
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)

    items = stored(data_dir)
    assert len(items) == 1
    item = items[0]
    assert item["code"] == code and item["status"] == "received"
    assert item["name"] == "Nguyễn Văn An" and item["phone"] == PHONE and item["email"] == EMAIL
    assert item["topic"] == "Đất đai – xây dựng" and item["question"] == QUESTION
    assert not item["published"]

    lookup = citizen.get(f"/hoi-dap/tra-cuu?ma={code}")
    assert lookup.status_code == 200
    assert "Đã tiếp nhận" in unescaped(lookup) and QUESTION in unescaped(lookup)
    # Lower case and spaces are forgiven.
    assert citizen.get(f"/hoi-dap/tra-cuu?ma={code[:4].lower()} {code[4:].lower()}").status_code == 200
    assert QUESTION not in unescaped(citizen.get("/hoi-dap"))

    # The editor sees the contact details and answers.
    detail = client.get(f"/quan-tri/hoi-dap/{item['id']}")
    assert detail.status_code == 200
    assert PHONE in unescaped(detail) and EMAIL in unescaped(detail)
    answer = "Ông An chuẩn bị đơn đăng ký, giấy tờ về nguồn gốc đất và nộp tại bộ phận Một cửa."
    r = post_form(client, f"/quan-tri/hoi-dap/{item['id']}", {"answer": answer, "status": "processing",
                                                              "question_public": ""})
    assert r.status_code == 302
    assert fresh(Questions, data_dir).get(item["id"])["status"] == "processing"
    assert "Đang xử lý" in unescaped(citizen.get(f"/hoi-dap/tra-cuu?ma={code}"))
    r = post_form(client, f"/quan-tri/hoi-dap/{item['id']}", {"answer": answer, "status": "answered",
                                                              "question_public": ""})
    assert r.status_code == 302
    saved = fresh(Questions, data_dir).get(item["id"])
    assert saved["status"] == "answered" and saved["answer"] == answer and saved["answered_at"]

    # Answered but not published: the asker sees the answer, the public list does not.
    page = unescaped(citizen.get(f"/hoi-dap/tra-cuu?ma={code}"))
    assert "Đã trả lời" in page and answer in page
    assert answer not in unescaped(citizen.get("/hoi-dap"))

    r = post_form(client, f"/quan-tri/hoi-dap/{item['id']}/dang", page=f"/quan-tri/hoi-dap/{item['id']}")
    assert r.status_code == 302
    assert fresh(Questions, data_dir).get(item["id"])["published"] is True
    listing = citizen.get("/hoi-dap")
    assert listing.status_code == 200
    page = unescaped(listing)
    assert answer in page and QUESTION in page
    assert "Nguyễn V. A." in page and "Nguyễn Văn An" not in page

    for query in ("giay chung nhan quyen su dung dat", "Một cửa", "mot cua"):
        assert answer in unescaped(citizen.get("/hoi-dap", query_string={"q": query})), query
    assert answer not in unescaped(citizen.get("/hoi-dap", query_string={"q": "hộ chiếu"}))
    assert answer in unescaped(citizen.get("/hoi-dap?linh_vuc=dat-dai-xay-dung"))
    assert answer not in unescaped(citizen.get("/hoi-dap?linh_vuc=y-te-giao-duc"))
    assert citizen.get("/hoi-dap?linh_vuc=khong-co").status_code == 200

    # Phone and e-mail never reach a public page.
    for url in ("/hoi-dap", "/hoi-dap?q=mot+cua", f"/hoi-dap/tra-cuu?ma={code}", "/"):
        page = unescaped(citizen.get(url))
        assert PHONE not in page and EMAIL not in page and PHONE.replace(" ", "") not in page, url

    # Hiding takes it off the list; the asker can still read the answer.
    r = post_form(client, f"/quan-tri/hoi-dap/{item['id']}/an", page=f"/quan-tri/hoi-dap/{item['id']}")
    assert r.status_code == 302
    assert answer not in unescaped(citizen.get("/hoi-dap"))
    assert answer in unescaped(citizen.get(f"/hoi-dap/tra-cuu?ma={code}"))


def test_public_list_is_paginated_newest_answer_first(app, data_dir):
    questions = app.extensions["trangxa"].questions
    for n in range(12):
        q = questions.submit(values(question=f"Câu hỏi số {n:02d} về thủ tục hành chính"), f"10.0.{n}.1")
        questions.answer(q["id"], {"answer": f"Trả lời số {n:02d}.", "status": "answered"})
        questions.set_published(q["id"], True)
    client = app.test_client()
    first = unescaped(client.get("/hoi-dap"))
    order = re.findall(r"Trả lời số (\d\d)\.", first)
    assert order == [f"{n:02d}" for n in range(11, 1, -1)]
    second = unescaped(client.get("/hoi-dap?trang=2"))
    assert re.findall(r"Trả lời số (\d\d)\.", second) == ["01", "00"]
    assert client.get("/hoi-dap?trang=3").status_code == 404
    assert client.get("/hoi-dap?trang=abc").status_code == 404


def test_short_name():
    assert short_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert short_name("  Lan ") == "Lan"
    assert short_name("") == ""


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("overrides, field, message", [
    ({"question": "x" * 10_000}, "question", "tối đa 3.000 ký tự"),
    ({"question": "Ngắn"}, "question", "quá ngắn"),
    ({"question": "   "}, "question", "Vui lòng nhập nội dung câu hỏi"),
    ({"name": ""}, "name", "Vui lòng nhập họ và tên"),
    ({"name": "A" * 101}, "name", "tối đa 100"),
    ({"email": "khong-phai-email"}, "email", "thư điện tử không hợp lệ"),
    ({"email": "a@b"}, "email", "thư điện tử không hợp lệ"),
    ({"phone": "gọi tôi nhé"}, "phone", "chỉ gồm chữ số"),
    ({"phone": "113"}, "phone", "quá ngắn"),
    ({"phone": "0912 345 678 0912 345 678"}, "phone", "tối đa 20"),
    ({"topic": "Chủ đề lạ"}, "topic", "chọn một lĩnh vực"),
])
def test_bad_question_is_refused_and_keeps_the_text(client, data_dir, overrides, field, message):
    r = ask(client, **overrides)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    error = field_error(page, field)
    assert error and message.lower() in error.lower(), error
    assert stored(data_dir) == []
    # What the person typed comes back in the form.
    typed = dict(values(), **overrides)
    if field != "question":
        assert htmllib.escape(typed["question"], quote=False) in page
    if field == "question" and overrides["question"].strip():
        assert overrides["question"] in page


def test_ten_thousand_characters_is_refused_with_a_message(client, data_dir):
    r = ask(client, question="Đ" * 10_000)
    assert r.status_code == 200
    assert "quá dài: 10.000 ký tự, tối đa 3.000 ký tự" in field_error(r.get_data(as_text=True), "question")
    assert stored(data_dir) == []
    assert not (data_dir / "qa_limits.json").exists()  # a refused question does not use up the quota


def test_question_without_contact_is_accepted(client, data_dir):
    r = ask(client, phone="", email="", question="Xin hỏi lịch tiếp công dân của xã vào ngày nào?")
    assert r.status_code == 302
    [item] = stored(data_dir)
    assert item["phone"] == "" and item["email"] == ""


# ---------------------------------------------------------------- spam protection
def test_honeypot_looks_accepted_but_saves_nothing(client, data_dir):
    page = client.get(ASK).get_data(as_text=True)
    trap = re.search(r'<div class="trap" aria-hidden="true">.*?</div>', page, re.S).group(0)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap and 'name="website"' in trap
    r = ask(client, website="http://spam.example")
    assert r.status_code == 302 and r.headers["Location"].endswith("/hoi-dap/da-gui")
    code = code_of(client)
    assert len(code) == CODE_LENGTH
    assert stored(data_dir) == []
    assert not (data_dir / "questions.json").exists()
    assert not (data_dir / "qa_limits.json").exists()
    assert client.get(f"/hoi-dap/tra-cuu?ma={code}").status_code == 404


def test_rate_limit_per_address(app, client, data_dir, set_now):
    set_now(2024, 5, 6, 9, 0)
    for n in range(3):
        assert ask(client, "198.51.100.9", question=f"Câu hỏi thứ {n + 1} của cùng một người dân").status_code == 302
    r = ask(client, "198.51.100.9", question="Câu hỏi thứ tư, gửi quá nhiều trong một giờ")
    assert r.status_code == 429
    page = unescaped(r)
    assert "Đã có 3 câu hỏi trong vòng 1 giờ" in page
    assert "vui lòng thử lại sau 60 phút (lúc 10:00)" in page
    assert "Câu hỏi thứ tư, gửi quá nhiều trong một giờ" in page  # the typed text is kept
    assert len(stored(data_dir)) == 3

    # Another address is not affected.
    assert ask(client, "198.51.100.10").status_code == 302
    assert len(stored(data_dir)) == 4

    # No raw address is stored.
    raw = (data_dir / "qa_limits.json").read_text(encoding="utf-8")
    assert "198.51.100" not in raw
    for doc in json.loads((data_dir / "questions.json").read_text(encoding="utf-8"))["items"].values():
        assert "198.51.100" not in json.dumps(doc)

    # Once the hour has passed, the address may ask again.
    set_now(2024, 5, 6, 10, 0, 1)
    assert ask(client, "198.51.100.9").status_code == 302
    assert len(stored(data_dir)) == 5


def test_rate_limit_counts_an_ipv6_network_as_one_address(app, client, data_dir, set_now):
    """Eight questions from eight addresses of one /64 (one household, one phone): only the limit gets through."""
    set_now(2024, 5, 6, 9, 0)
    count = app.config["QA_RATE_LIMIT"][0]
    codes = [ask(client, f"2001:db8:ab:cd:{n + 1:x}::{n + 7:x}",
                 question=f"Câu hỏi số {n + 1} từ cùng một mạng").status_code for n in range(8)]
    assert codes == [302] * count + [429] * (8 - count)
    assert len(stored(data_dir)) == count
    assert ask(client, "2001:db8:ab:ce::1").status_code == 302  # the next /64 is someone else


def test_rate_limit_is_configurable_and_spans_midnight(app, client, data_dir, set_now):
    app.config["QA_RATE_LIMIT"] = (1, 3 * 3600)
    set_now(2024, 5, 6, 23, 30)
    assert ask(client, "192.0.2.1").status_code == 302
    set_now(2024, 5, 7, 0, 30)  # a new day: a new salt, but the old hit still counts
    r = ask(client, "192.0.2.1")
    assert r.status_code == 429 and "thử lại sau 120 phút (lúc 02:30)" in unescaped(r)
    set_now(2024, 5, 7, 2, 31)
    assert ask(client, "192.0.2.1").status_code == 302
    assert len(stored(data_dir)) == 2


def test_rate_limiter_prunes_old_entries(data_dir, set_now):
    limiter = Limiter(Store(data_dir), scope="qa")
    set_now(2024, 5, 6, 8, 0)
    for n in range(20):
        limiter.hit(f"10.1.1.{n}", (3, 3600))
    hits = json.loads((data_dir / "qa_limits.json").read_text(encoding="utf-8"))["hits"]
    assert len(hits) == 20
    set_now(2024, 5, 6, 10, 0)
    limiter.hit("10.9.9.9", (3, 3600))
    hits = json.loads((data_dir / "qa_limits.json").read_text(encoding="utf-8"))["hits"]
    assert len(hits) == 1


# ---------------------------------------------------------------- lookup
@pytest.mark.parametrize("code", ["ABCDEFGH", "x", "../../etc/passwd", "Ω" * 300, "%00", "' OR 1=1"])
def test_wrong_lookup_code_is_a_friendly_404(client, code):
    r = client.get("/hoi-dap/tra-cuu", query_string={"ma": code})
    assert r.status_code == 404
    assert "Không tìm thấy câu hỏi nào có mã" in unescaped(r)


def test_lookup_form_without_code(client):
    r = client.get("/hoi-dap/tra-cuu")
    assert r.status_code == 200 and 'for="ma"' in r.get_data(as_text=True)


def test_confirmation_page_without_a_question_goes_to_the_form(client):
    r = client.get("/hoi-dap/da-gui")
    assert r.status_code == 302 and r.headers["Location"].endswith(ASK)


# ---------------------------------------------------------------- deadlines and the inbox
def test_deadline_counts_working_days():
    friday = "2024-05-03T16:00:00+07:00"
    assert deadline(friday, 15) == date(2024, 5, 24)  # the Friday three weeks later
    assert deadline("2024-05-04T10:00:00+07:00", 15) == date(2024, 5, 24)  # a Saturday counts from Monday
    assert deadline("2024-05-06T08:00:00+07:00", 1) == date(2024, 5, 7)
    assert deadline(friday, 1) == date(2024, 5, 6)


def test_inbox_shows_deadlines_and_flags_overdue_first(app, client, auth, data_dir, set_now):
    citizen = app.test_client()
    set_now(2024, 5, 3, 9, 0)  # a Friday
    ask(citizen, "10.0.0.1", name="Người Hỏi Sớm", question="Câu hỏi gửi ngày thứ Sáu đầu tháng năm")
    ask(citizen, "10.0.0.2", name="Người Được Trả Lời", question="Câu hỏi cũng gửi thứ Sáu nhưng đã trả lời")
    set_now(2024, 5, 20, 9, 0)
    ask(citizen, "10.0.0.3", name="Người Hỏi Muộn", question="Câu hỏi gửi sau, còn trong hạn trả lời")
    items = {i["name"]: i for i in stored(data_dir)}
    app.extensions["trangxa"].questions.answer(items["Người Được Trả Lời"]["id"],
                                               {"answer": "Đã trả lời.", "status": "answered"})

    # On the deadline day itself nothing is overdue.
    set_now(2024, 5, 24, 16, 0)
    page = unescaped(client.get("/quan-tri/hoi-dap"))
    assert "24/05/2024" in page and "Quá hạn" not in page.split("<tbody>")[1]

    set_now(2024, 5, 27, 8, 0)  # the Monday after
    r = client.get("/quan-tri/hoi-dap")
    assert r.status_code == 200
    page = unescaped(r)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page.split("<tbody>")[1], re.S)
    assert "Người Hỏi Sớm" in rows[0] and "24/05/2024" in rows[0] and "(Quá hạn)" in rows[0]
    assert "Người Hỏi Muộn" in rows[1] and "Quá hạn" not in rows[1]
    assert "Người Được Trả Lời" in rows[2] and "Quá hạn" not in rows[2]
    assert '<th scope="col">Hạn trả lời</th>' in page

    overdue = unescaped(client.get("/quan-tri/hoi-dap?trang_thai=overdue"))
    assert "Người Hỏi Sớm" in overdue and "Người Hỏi Muộn" not in overdue
    answered = unescaped(client.get("/quan-tri/hoi-dap?trang_thai=answered"))
    assert "Người Được Trả Lời" in answered and "Người Hỏi Sớm" not in answered
    assert "(Quá hạn)" in unescaped(client.get(f"/quan-tri/hoi-dap/{items['Người Hỏi Sớm']['id']}"))

    # The number of working days is a setting.
    app.config["QA_ANSWER_WORKING_DAYS"] = 5
    page = unescaped(client.get("/quan-tri/hoi-dap"))
    assert "10/05/2024" in page and "27/05/2024" in page


def test_answering_needs_an_answer_and_publishing_needs_answered(app, client, auth, data_dir):
    q = app.extensions["trangxa"].questions.submit(values(), "10.2.2.2")
    url = f"/quan-tri/hoi-dap/{q['id']}"
    r = post_form(client, url, {"answer": "", "status": "answered", "question_public": ""})
    assert r.status_code == 200
    assert "Vui lòng nhập câu trả lời" in field_error(r.get_data(as_text=True), "answer")
    assert fresh(Questions, data_dir).get(q["id"])["status"] == "received"

    r = post_form(client, f"{url}/dang", page=url)
    assert r.status_code == 302
    assert "Chỉ đăng được câu hỏi đã có câu trả lời" in unescaped(client.get(url))
    assert fresh(Questions, data_dir).get(q["id"])["published"] is False

    # An edited question can be published instead of the original one.
    post_form(client, url, {"answer": "Trả lời công khai.", "status": "answered",
                            "question_public": "Thủ tục cấp giấy chứng nhận lần đầu gồm những gì?"})
    post_form(client, f"{url}/dang", page=url)
    page = unescaped(app.test_client().get("/hoi-dap"))
    assert "Thủ tục cấp giấy chứng nhận lần đầu gồm những gì?" in page and QUESTION not in page


def test_trash_and_restore_a_question(app, client, auth, data_dir):
    questions = app.extensions["trangxa"].questions
    q = questions.submit(values(), "10.3.3.3")
    questions.answer(q["id"], {"answer": "Câu trả lời sẽ bị xóa.", "status": "answered"})
    questions.set_published(q["id"], True)
    citizen = app.test_client()
    assert "Câu trả lời sẽ bị xóa." in unescaped(citizen.get("/hoi-dap"))

    url = f"/quan-tri/hoi-dap/{q['id']}"
    r = post_form(client, f"{url}/xoa", page=url)
    assert r.status_code == 302
    assert fresh(Questions, data_dir).get(q["id"])["trashed_at"]
    assert len(stored(data_dir)) == 1  # never hard-deleted
    assert "Câu trả lời sẽ bị xóa." not in unescaped(citizen.get("/hoi-dap"))
    assert citizen.get(f"/hoi-dap/tra-cuu?ma={q['code']}").status_code == 404
    assert QUESTION[:40] not in unescaped(client.get("/quan-tri/hoi-dap"))
    assert f'href="{url}"' in client.get("/quan-tri/hoi-dap?thung_rac=1").get_data(as_text=True)

    r = post_form(client, f"{url}/khoi-phuc", page=url)
    assert r.status_code == 302
    assert not fresh(Questions, data_dir).get(q["id"])["trashed_at"]
    assert "Câu trả lời sẽ bị xóa." in unescaped(citizen.get("/hoi-dap"))
    assert citizen.get(f"/hoi-dap/tra-cuu?ma={q['code']}").status_code == 200


def test_unknown_question_in_panel_is_404(client, auth):
    assert client.get("/quan-tri/hoi-dap/999").status_code == 404
    assert post_form(client, "/quan-tri/hoi-dap/999/dang", page="/quan-tri/hoi-dap").status_code == 404


@pytest.mark.parametrize("url", ["/quan-tri/hoi-dap", "/quan-tri/hoi-dap/1", "/quan-tri/hoi-dap?trang_thai=overdue"])
def test_editor_pages_need_login(client, url):
    r = client.get(url)
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]


@pytest.mark.parametrize("action", ["dang", "an", "xoa", "khoi-phuc"])
def test_editor_actions_need_login(app, client, action):
    q = app.extensions["trangxa"].questions.submit(values(), "10.4.4.4")
    r = post_form(client, f"/quan-tri/hoi-dap/{q['id']}/{action}", page=ASK)
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    assert not fresh(Questions, app.config["DATA_DIR"]).get(q["id"]).get("trashed_at")


def test_editor_get_only_on_actions(client, auth):
    assert client.get("/quan-tri/hoi-dap/1/dang").status_code == 405


# ---------------------------------------------------------------- demo
def test_seed_demo(app, data_dir):
    questions = app.extensions["trangxa"].questions
    seed_questions(questions)
    seed_questions(questions)  # a second call adds nothing
    items = stored(data_dir)
    assert len(items) == 4
    assert sum(1 for i in items if i["published"] and i["status"] == "answered") == 3
    assert sum(1 for i in items if i["status"] == "received") == 1
    page = unescaped(app.test_client().get("/hoi-dap"))
    assert page.count('class="qa-item"') == 3
