"""Lấy ý kiến dự thảo: drafts in the panel, the public pages, moderated comments and their spam protection."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import csrf_from, field_error, fresh, post_button, unescaped
from core import timeutil
from core.consultation import Comments, Consultations
from core.seed.consultation import seed_consultation
from core.store import Store

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
COMMENT = "Đề nghị bổ sung quy định về giờ giữ trật tự ở khu dân cư vào buổi tối."
EMAIL = "gopy.nguoidan@example.com"


# ---------------------------------------------------------------- helpers


def comments_on_disk(data_dir: Path) -> list[dict]:
    c = Comments(Store(data_dir))
    return c.all() + c.all(trashed=True)


def day(offset: int) -> str:
    return (timeutil.now().date() + timedelta(days=offset)).isoformat()


def make_draft(app, title: str = "Dự thảo Quy ước thôn", opens: int = -5, closes: int = 10, **extra) -> dict:
    values = {"title": title, "summary": "Tóm tắt dự thảo.", "body": "<p>Điều 1. Phạm vi áp dụng.</p>",
              "opens_on": day(opens), "closes_on": day(closes)}
    values.update(extra)
    return app.extensions["trangxa"].consultations.save(values)


def draft_values(**overrides) -> dict:
    v = {"title": "Dự thảo Kế hoạch phòng chống thiên tai", "summary": "Lấy ý kiến nhân dân.",
         "body": '<p>Nội dung <script>alert(1)</script><a href="javascript:alert(1)">liên kết</a></p>',
         "opens_on": day(-1), "closes_on": day(20)}
    v.update(overrides)
    return v


def post_draft(client, url: str, values: dict, upload: tuple[bytes, str] | None = None):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = dict(values, csrf_token=token)
    if upload is not None:
        data["attachment"] = (io.BytesIO(upload[0]), upload[1])
    return client.post(url, data=data, content_type="multipart/form-data")


def comment(client, draft_id: int, address: str = "203.0.113.20", **overrides):
    url = f"/lay-y-kien/{draft_id}"
    env = {"REMOTE_ADDR": address}
    page = client.get(url, environ_base=env).get_data(as_text=True)
    data = {"name": "Trần Văn Bình", "email": EMAIL, "comment": COMMENT, "website": ""}
    data.update(overrides)
    data["csrf_token"] = csrf_from(page) if 'name="csrf_token"' in page else \
        csrf_from(client.get("/hoi-dap/gui-cau-hoi").get_data(as_text=True))
    return client.post(url, data=data, environ_base=env)


@pytest.fixture
def citizen(app):
    """Return a second browser: a citizen who is not logged in."""
    return app.test_client()


# ---------------------------------------------------------------- drafts in the panel
def test_editor_creates_a_draft_with_a_pdf(app, client, auth, citizen, data_dir):
    r = post_draft(client, "/quan-tri/lay-y-kien/moi", draft_values(), (PDF, "Du thao.pdf"))
    assert r.status_code == 302, r.get_data(as_text=True)
    m = re.fullmatch(r"/quan-tri/lay-y-kien/(\d+)", urlsplit(r.headers["Location"]).path)
    assert m
    draft = fresh(Consultations, data_dir).get(int(m.group(1)))
    assert draft["title"] == "Dự thảo Kế hoạch phòng chống thiên tai"
    assert "<script>" not in draft["body"] and "javascript:" not in draft["body"]
    attachment = draft["attachment"]
    assert re.fullmatch(r"[a-f0-9]{32}\.pdf", attachment["name"])
    assert attachment["original"] == "Du thao.pdf" and attachment["type"] == "pdf" and attachment["size"] == len(PDF)
    assert (data_dir / "uploads" / attachment["name"]).read_bytes() == PDF

    listing = unescaped(client.get("/quan-tri/lay-y-kien"))
    assert "Dự thảo Kế hoạch phòng chống thiên tai" in listing and "Đang lấy ý kiến" in listing

    page = unescaped(citizen.get(f"/lay-y-kien/{draft['id']}"))
    assert "Dự thảo Kế hoạch phòng chống thiên tai" in page
    assert f'href="/lay-y-kien/{draft["id"]}/tep-dinh-kem"' in page
    download = citizen.get(f"/lay-y-kien/{draft['id']}/tep-dinh-kem")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Du thao.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    # Editing without a new file keeps the attachment; "remove" drops it.
    r = post_draft(client, f"/quan-tri/lay-y-kien/{draft['id']}", draft_values(title="Tiêu đề đã sửa"))
    assert r.status_code == 302
    assert fresh(Consultations, data_dir).get(draft["id"])["attachment"] == attachment
    r = post_draft(client, f"/quan-tri/lay-y-kien/{draft['id']}", draft_values(remove_attachment="y"))
    assert r.status_code == 302
    assert fresh(Consultations, data_dir).get(draft["id"])["attachment"] is None
    assert citizen.get(f"/lay-y-kien/{draft['id']}/tep-dinh-kem").status_code == 404


@pytest.mark.parametrize("overrides, field, message", [
    ({"opens_on": "2024-06-10", "closes_on": "2024-06-01"}, "closes_on", "không được trước ngày bắt đầu"),
    ({"opens_on": "", "closes_on": "2024-06-10"}, "opens_on", "Vui lòng nhập ngày bắt đầu"),
    ({"closes_on": "31/02/2024"}, "closes_on", "Ngày không hợp lệ"),
    ({"title": ""}, "title", "Vui lòng nhập tiêu đề"),
])
def test_bad_draft_is_refused(client, auth, data_dir, overrides, field, message):
    r = post_draft(client, "/quan-tri/lay-y-kien/moi", draft_values(**overrides), (PDF, "a.pdf"))
    assert r.status_code == 200
    error = field_error(r.get_data(as_text=True), field)
    assert error and message in error, error
    assert fresh(Consultations, data_dir).all() == []
    assert not (data_dir / "uploads").exists() or not list((data_dir / "uploads").iterdir())


def test_dates_typed_day_first_are_accepted(client, auth, data_dir):
    r = post_draft(client, "/quan-tri/lay-y-kien/moi", draft_values(opens_on="01/06/2024", closes_on="30/06/2024"))
    assert r.status_code == 302
    [draft] = fresh(Consultations, data_dir).all()
    assert (draft["opens_on"], draft["closes_on"]) == ("2024-06-01", "2024-06-30")


@pytest.mark.parametrize("payload, name", [
    (b"<html><script>alert(1)</script></html>", "du-thao.pdf"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "anh.pdf"),
])
def test_only_real_documents_are_attached(client, auth, data_dir, payload, name):
    r = post_draft(client, "/quan-tri/lay-y-kien/moi", draft_values(), (payload, name))
    assert r.status_code == 200
    assert "Chỉ nhận tệp PDF, Word (DOC, DOCX) hoặc Excel" in field_error(r.get_data(as_text=True), "attachment")
    assert fresh(Consultations, data_dir).all() == []


def test_trash_and_restore_a_draft(app, client, auth, citizen, data_dir):
    draft = make_draft(app, "Dự thảo sẽ bị xóa")
    assert "Dự thảo sẽ bị xóa" in unescaped(citizen.get("/lay-y-kien"))
    r = post_button(client, f"/quan-tri/lay-y-kien/{draft['id']}/xoa", f"/quan-tri/lay-y-kien/{draft['id']}")
    assert r.status_code == 302
    assert fresh(Consultations, data_dir).get(draft["id"])["trashed_at"]
    assert "Dự thảo sẽ bị xóa" not in unescaped(citizen.get("/lay-y-kien"))
    assert citizen.get(f"/lay-y-kien/{draft['id']}").status_code == 404
    assert "Dự thảo sẽ bị xóa" in unescaped(client.get("/quan-tri/lay-y-kien?thung_rac=1"))
    r = post_button(client, f"/quan-tri/lay-y-kien/{draft['id']}/khoi-phuc", "/quan-tri/lay-y-kien?thung_rac=1")
    assert r.status_code == 302
    assert not fresh(Consultations, data_dir).get(draft["id"])["trashed_at"]
    assert citizen.get(f"/lay-y-kien/{draft['id']}").status_code == 200


# ---------------------------------------------------------------- public pages
def test_open_drafts_first_then_closed_and_upcoming_hidden(app, citizen):
    make_draft(app, "Dự thảo đã đóng", opens=-40, closes=-10)
    make_draft(app, "Dự thảo đang mở", opens=-2, closes=14)
    make_draft(app, "Dự thảo chưa mở", opens=3, closes=30)
    r = citizen.get("/lay-y-kien")
    assert r.status_code == 200
    page = unescaped(r)
    assert page.index("Dự thảo đang mở") < page.index("Đã hết hạn lấy ý kiến") < page.index("Dự thảo đã đóng")
    deadline = (timeutil.now().date() + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"hạn góp ý hết ngày {deadline}" in page
    assert "Dự thảo chưa mở" not in page
    upcoming = next(d for d in fresh(Consultations, app.config["DATA_DIR"]).all() if d["title"] == "Dự thảo chưa mở")
    assert citizen.get(f"/lay-y-kien/{upcoming['id']}").status_code == 404
    assert citizen.get("/lay-y-kien/999").status_code == 404


def test_comment_is_shown_only_after_approval(app, client, auth, citizen, data_dir):
    draft = make_draft(app)
    url = f"/lay-y-kien/{draft['id']}"
    page = citizen.get(url).get_data(as_text=True)
    assert page.count("<h1") == 1
    for name in ("name", "email", "comment"):
        assert f'for="{name}"' in page
    r = comment(citizen, draft["id"])
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == url
    assert "Ý kiến sẽ được hiển thị sau khi Ban Biên tập duyệt" in unescaped(citizen.get(url))
    [stored] = comments_on_disk(data_dir)
    assert stored["status"] == "pending" and stored["comment"] == COMMENT and stored["email"] == EMAIL
    assert COMMENT not in unescaped(citizen.get(url))

    moderation = f"/quan-tri/lay-y-kien/{draft['id']}/y-kien"
    page = unescaped(client.get(moderation))
    assert COMMENT in page and EMAIL in page and "Chờ duyệt" in page
    r = post_button(client, f"{moderation}/{stored['id']}/duyet", moderation)
    assert r.status_code == 302
    assert comments_on_disk(data_dir)[0]["status"] == "approved"
    page = unescaped(citizen.get(url))
    assert COMMENT in page and "Trần Văn Bình" in page and EMAIL not in page
    assert EMAIL not in unescaped(citizen.get("/lay-y-kien"))

    r = post_button(client, f"{moderation}/{stored['id']}/an", moderation)
    assert r.status_code == 302
    assert comments_on_disk(data_dir)[0]["status"] == "hidden"
    assert COMMENT not in unescaped(citizen.get(url))
    assert len(comments_on_disk(data_dir)) == 1  # hidden, never deleted


def test_moderating_a_comment_of_another_draft_is_404(app, client, auth, citizen):
    first, second = make_draft(app, "Thứ nhất"), make_draft(app, "Thứ hai")
    comment(citizen, first["id"])
    [c] = app.extensions["trangxa"].consultations.comments.all()
    page = f"/quan-tri/lay-y-kien/{second['id']}/y-kien"
    assert post_button(client, f"{page}/{c['id']}/duyet", page).status_code == 404
    assert client.get("/quan-tri/lay-y-kien/999/y-kien").status_code == 404


@pytest.mark.parametrize("overrides, field, message", [
    ({"comment": "Tốt"}, "comment", "quá ngắn"),
    ({"comment": "x" * 3001}, "comment", "tối đa 3.000 ký tự"),
    ({"name": ""}, "name", "Vui lòng nhập họ và tên"),
    ({"email": "khong@"}, "email", "không hợp lệ"),
])
def test_bad_comment_is_refused(app, citizen, data_dir, overrides, field, message):
    draft = make_draft(app)
    r = comment(citizen, draft["id"], **overrides)
    assert r.status_code == 200
    error = field_error(r.get_data(as_text=True), field)
    assert error and message in error, error
    assert comments_on_disk(data_dir) == []


def test_closed_draft_has_no_form_and_refuses_a_post(app, citizen, data_dir):
    draft = make_draft(app, opens=-30, closes=-1)
    r = citizen.get(f"/lay-y-kien/{draft['id']}")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Đã hết hạn lấy ý kiến" in page
    assert 'name="comment"' not in page and "<textarea" not in page
    r = comment(citizen, draft["id"])
    assert r.status_code == 403
    assert "đã hết hạn lấy ý kiến; không nhận thêm góp ý" in unescaped(r)
    assert comments_on_disk(data_dir) == []
    assert not (data_dir / "qa_limits.json").exists()


def test_draft_is_open_until_the_end_of_its_close_date(app, citizen, data_dir, set_now):
    draft = make_draft(app, opens=-3, closes=0)
    end_of_day = datetime.combine(timeutil.now().date(), datetime.max.time()).replace(tzinfo=timeutil.TZ)
    set_now(end_of_day - timedelta(seconds=30))
    assert comment(citizen, draft["id"]).status_code == 302
    set_now(end_of_day + timedelta(seconds=30))
    assert comment(citizen, draft["id"], address="203.0.113.99").status_code == 403
    assert len(comments_on_disk(data_dir)) == 1


def test_comment_honeypot_saves_nothing(app, citizen, data_dir):
    draft = make_draft(app)
    r = comment(citizen, draft["id"], website="http://spam.example")
    assert r.status_code == 302
    assert "Ý kiến sẽ được hiển thị sau khi Ban Biên tập duyệt" in unescaped(citizen.get(f"/lay-y-kien/{draft['id']}"))
    assert comments_on_disk(data_dir) == []
    assert not (data_dir / "draft_comments.json").exists()
    assert not (data_dir / "qa_limits.json").exists()


def test_comment_rate_limit_per_address(app, citizen, data_dir):
    draft = make_draft(app)
    for n in range(3):
        sent = comment(citizen, draft["id"], "198.51.100.50", comment=f"Góp ý số {n + 1} của cùng một người")
        assert sent.status_code == 302
    r = comment(citizen, draft["id"], "198.51.100.50", comment="Góp ý số bốn, gửi quá nhiều")
    assert r.status_code == 429
    page = unescaped(r)
    assert "Đã có 3 góp ý trong vòng 1 giờ" in page and "thử lại sau" in page
    assert "Góp ý số bốn, gửi quá nhiều" in page  # what was typed is kept
    assert len(comments_on_disk(data_dir)) == 3
    assert comment(citizen, draft["id"], "198.51.100.51").status_code == 302
    assert len(comments_on_disk(data_dir)) == 4
    assert "198.51.100" not in (data_dir / "qa_limits.json").read_text(encoding="utf-8")


def test_comment_rate_limit_counts_an_ipv6_network_as_one_address(app, citizen, data_dir):
    """Eight comments from eight addresses of one /64: only the configured number is accepted."""
    draft = make_draft(app)
    count = app.config["QA_RATE_LIMIT"][0]
    codes = [comment(citizen, draft["id"], f"2001:db8:ab:cd:{n + 1:x}::{n + 7:x}",
                     comment=f"Góp ý số {n + 1} từ cùng một mạng").status_code for n in range(8)]
    assert codes == [302] * count + [429] * (8 - count)
    assert len(comments_on_disk(data_dir)) == count
    assert comment(citizen, draft["id"], "2001:db8:ab:ce::1").status_code == 302  # the next /64


def test_comments_and_questions_are_counted_separately(app, citizen, data_dir):
    app.config["QA_RATE_LIMIT"] = (1, 3600)
    app.config["CONSULTATION_RATE_LIMIT"] = (1, 3600)
    draft = make_draft(app)
    assert comment(citizen, draft["id"], "192.0.2.77").status_code == 302
    token = csrf_from(citizen.get("/hoi-dap/gui-cau-hoi").get_data(as_text=True))
    r = citizen.post("/hoi-dap/gui-cau-hoi", environ_base={"REMOTE_ADDR": "192.0.2.77"}, data={
        "csrf_token": token, "name": "Trần Văn Bình", "topic": "Khác",
        "question": "Câu hỏi sau khi đã góp ý một lần cho dự thảo"})
    assert r.status_code == 302
    assert comment(citizen, draft["id"], "192.0.2.77").status_code == 429


# ---------------------------------------------------------------- access
@pytest.mark.parametrize("url", ["/quan-tri/lay-y-kien", "/quan-tri/lay-y-kien/moi", "/quan-tri/lay-y-kien/1",
                                 "/quan-tri/lay-y-kien/1/y-kien", "/quan-tri/lay-y-kien?thung_rac=1"])
def test_editor_pages_need_login(client, url):
    r = client.get(url)
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]


@pytest.mark.parametrize("action", ["xoa", "khoi-phuc", "y-kien/1/duyet", "y-kien/1/an"])
def test_editor_actions_need_login(app, client, data_dir, action):
    draft = make_draft(app)
    token = csrf_from(client.get(f"/lay-y-kien/{draft['id']}").get_data(as_text=True))
    r = client.post(f"/quan-tri/lay-y-kien/{draft['id']}/{action}", data={"csrf_token": token})
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    assert not fresh(Consultations, data_dir).get(draft["id"])["trashed_at"]


# ---------------------------------------------------------------- demo
def test_seed_demo(app, data_dir):
    svc = app.extensions["trangxa"]
    seed_consultation(svc.consultations, svc.content)
    seed_consultation(svc.consultations, svc.content)  # a second call adds nothing
    drafts = fresh(Consultations, data_dir)
    items = drafts.all()
    assert len(items) == 2
    states = sorted(drafts.state(d) for d in items)
    assert states == ["closed", "open"]
    open_draft = next(d for d in items if drafts.state(d) == "open")
    closes = datetime.fromisoformat(open_draft["closes_on"]).date()
    assert 14 <= (closes - timeutil.now().date()).days <= 28
    approved = [c for c in comments_on_disk(data_dir) if c["status"] == "approved"]
    assert len(approved) >= 2
    closed = next(d for d in items if drafts.state(d) == "closed")
    for c in approved:
        assert closed["opens_on"] <= c["created_at"][:10] <= closed["closes_on"]
    page = unescaped(app.test_client().get(f"/lay-y-kien/{closed['id']}"))
    assert all(c["comment"] in page for c in approved)


def test_word_attachment_keeps_its_vietnamese_name(app, client, auth, citizen, data_dir):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    r = post_draft(client, "/quan-tri/lay-y-kien/moi", draft_values(), (buf.getvalue(), "Dự thảo quy ước.docx"))
    assert r.status_code == 302
    [draft] = fresh(Consultations, data_dir).all()
    assert draft["attachment"]["type"] == "docx"
    assert "(Word (DOCX)," in unescaped(citizen.get(f"/lay-y-kien/{draft['id']}"))
    download = citizen.get(f"/lay-y-kien/{draft['id']}/tep-dinh-kem")
    assert download.status_code == 200 and download.data == buf.getvalue()
    assert download.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o" in disposition
