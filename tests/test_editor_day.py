"""The editor's day: the buttons that set an article's status, the words after a save, the panel grouped by task,
the dashboard's work of the day and statistics that draw right."""
from __future__ import annotations

import re

import pytest

from conftest import PASSWORD, fresh, section_id
from core.content import Content
from test_roles import CONTRIBUTOR, EDITOR, article_data, login, post_form

ROOT_CSS = "static/css/editor.css"


def _flash(html: str) -> str:
    m = re.search(r'<div class="flashes"[^>]*>(.*?)</div>', html, re.S)
    return m.group(1) if m else ""


def _by_title(data_dir, title: str) -> dict | None:
    content = fresh(Content, data_dir)
    for a in content.editor_articles(page=1, per_page=100)[0]:
        if a["title"] == title:
            return content.article(a["id"])
    return None


@pytest.fixture
def board(app, auth, content):
    """Create a contributor and an editor next to the admin of ``auth``."""
    accounts = app.extensions["trangxa"].accounts
    accounts.create_user(CONTRIBUTOR, PASSWORD, "Cộng Tác Viên", role="contributor")
    accounts.create_user(EDITOR, PASSWORD, "Biên Tập Viên Hai", role="editor")
    return app


# ---------------------------------------------------------------- the action bar
def test_editor_form_has_the_action_bar_with_publish_first(board):
    html = login(board, EDITOR).get("/quan-tri/tin-bai/moi").get_data(as_text=True)
    bar = html[html.index('class="action-bar"'):]
    bar = bar[:bar.index("</div>")]
    assert re.search(r'name="workflow" value="publish" class="btn btn--primary">Đăng bài<', bar)
    assert ">Lưu nháp<" in bar and ">Gửi duyệt<" in bar
    assert bar.index("Đăng bài") < bar.index("Lưu nháp") < bar.index("Gửi duyệt")
    # The status field is still there, folded away under "Tùy chọn khác".
    assert '<details class="more-options">' in html and 'id="status"' in html


def test_contributor_sees_send_for_review_not_publish(board):
    html = login(board, CONTRIBUTOR).get("/quan-tri/tin-bai/moi").get_data(as_text=True)
    bar = html[html.index('class="action-bar"'):]
    bar = bar[:bar.index("</div>")]
    assert "Gửi duyệt" in bar and "Lưu nháp" in bar
    assert "Đăng bài" not in bar and 'value="publish"' not in html


def test_action_bar_is_sticky_at_the_bottom():
    css = open(ROOT_CSS, encoding="utf-8").read()
    rule = re.search(r"\.action-bar \{([^}]*)\}", css).group(1)
    assert "position: sticky" in rule and "bottom: 0" in rule


def test_publish_button_publishes_and_says_when_with_the_public_link(board, content, data_dir, set_now):
    set_now(2026, 12, 1, 9, 12)
    c = login(board, EDITOR)
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(
        content, title="Họp dân về đường liên thôn", status="draft", workflow="publish",
        publish_at="2026-12-01T09:12"))
    assert r.status_code == 302
    stored = _by_title(data_dir, "Họp dân về đường liên thôn")
    assert stored["status"] == "published" and stored["approved_by"] == EDITOR
    flash = _flash(c.get(r.headers["Location"]).get_data(as_text=True))
    assert "Đã đăng lúc 09:12 – " in flash
    link = re.search(r'<a href="([^"]+)"[^>]*>xem trên trang', flash).group(1)
    slug = content.section(section_id(content, "Chuyển đổi số"))["slug"]
    assert link == f"/{slug}/{stored['slug']}"
    assert board.test_client().get(link).status_code == 200


def test_each_button_says_what_happened(board, content, data_dir, set_now):
    set_now(2026, 12, 1, 9, 12)
    c = login(board, EDITOR)
    cases = [
        ("draft", {"status": "published"}, "draft", "Đã lưu nháp lúc 09:12"),
        ("submit", {}, "pending", "Đã gửi duyệt lúc 09:12"),
        ("publish", {"publish_at": "2026-12-03T07:30"}, "published", "Đã hẹn đăng lúc 07:30 ngày 03/12/2026."),
    ]
    for n, (button, extra, status, words) in enumerate(cases):
        title = f"Tin thử nút {n}"
        r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, title=title, workflow=button, **extra))
        assert r.status_code == 302, button
        assert _by_title(data_dir, title)["status"] == status, button
        flash = _flash(c.get(r.headers["Location"]).get_data(as_text=True))
        assert words in flash, (button, flash)
        assert "<a " not in flash  # nothing public to link to yet


def test_contributor_cannot_publish_with_a_forged_button(board, content, data_dir):
    c = login(board, CONTRIBUTOR)
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, title="Bài giả nút đăng", workflow="publish"))
    assert r.status_code == 200
    assert "Cộng tác viên không tự đăng được tin bài" in r.get_data(as_text=True)
    assert _by_title(data_dir, "Bài giả nút đăng") is None
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, title="Bài gửi duyệt", workflow="submit"))
    assert r.status_code == 302 and _by_title(data_dir, "Bài gửi duyệt")["status"] == "pending"


def test_plain_form_without_javascript_still_saves(board, content, data_dir):
    """The hidden first button (Enter) and "Lưu" send no workflow: the status field decides."""
    c = login(board, EDITOR)
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, title="Lưu không JavaScript",
                                                          body="<p>Đoạn đầu.</p>", status="published"))
    assert r.status_code == 302
    stored = _by_title(data_dir, "Lưu không JavaScript")
    assert stored["status"] == "published" and stored["summary"] == "Đoạn đầu."
    r = post_form(c, f"/quan-tri/tin-bai/{stored['id']}", article_data(
        content, title="Lưu không JavaScript", status="published", base_version=str(stored["version"])))
    assert r.status_code == 302
    assert "Đã lưu thay đổi lúc" in _flash(c.get(r.headers["Location"]).get_data(as_text=True))


# ---------------------------------------------------------------- the panel grouped by task
def _nav_groups(html: str) -> dict[str, list[str]]:
    nav = re.search(r'<nav class="panel-nav".*?</nav>', html, re.S).group(0)
    groups = {}
    pattern = r'<span class="panel-nav__label"[^>]*>([^<]+)</span>\s*<ul[^>]*>(.*?)</ul>'
    for label, body in re.findall(pattern, nav, re.S):
        groups[label] = re.findall(r"<a [^>]*>([^<]+)</a>", body)
    return groups


def test_every_panel_feature_is_placed_in_a_group():
    from blueprints import EDITOR_FEATURES
    from blueprints.editor.panel_menu import FIXED_ENTRIES, PANEL_GROUPS, placed_endpoints

    placed = placed_endpoints()
    assert [ep for ep, _ in EDITOR_FEATURES if ep not in placed] == []
    assert set(FIXED_ENTRIES) <= placed
    assert [g.label for g in PANEL_GROUPS] == ["Nội dung", "Công khai", "Tương tác", "Báo cáo", "Hệ thống"]
    every = [e for g in PANEL_GROUPS for e in g.entries]
    assert len(every) == len(set(every)), "an entry in two groups"


def test_unknown_endpoints_are_skipped_and_unplaced_features_kept(app, monkeypatch):
    from blueprints.editor import panel_menu

    monkeypatch.setattr(panel_menu, "PANEL_GROUPS", (
        panel_menu.PanelGroup("Nội dung", ("editor.articles", "editor.khong_co_trang_nay")),))
    with app.test_request_context("/quan-tri/"):
        groups = panel_menu.panel_groups("editor.dashboard", allowed=lambda ep: True)
    assert groups[0] == {"label": "Nội dung", "entries": [
        {"label": "Tin bài", "url": "/quan-tri/tin-bai", "endpoint": "editor.articles", "current": False}]}
    assert groups[-1]["label"] == panel_menu.LEFTOVER_LABEL  # nothing disappears from the menu
    assert "editor.stats" in [e["endpoint"] for e in groups[-1]["entries"]]


def test_each_role_sees_only_its_groups(board, client):
    admin = _nav_groups(client.get("/quan-tri/").get_data(as_text=True))
    assert list(admin) == ["Nội dung", "Công khai", "Tương tác", "Báo cáo", "Hệ thống"]
    assert {"Tin bài", "Trang giới thiệu", "Văn bản", "Lịch công tác", "Thư viện"} <= set(admin["Nội dung"])
    assert admin["Công khai"] == ["Công khai ngân sách"]
    assert {"Hỏi đáp", "Lấy ý kiến"} <= set(admin["Tương tác"])
    assert admin["Báo cáo"] == ["Báo cáo", "Nhuận bút", "Thống kê"]
    assert admin["Hệ thống"][:4] == ["Tài khoản", "Cài đặt", "Sao lưu", "Nhật ký"]

    editor = _nav_groups(login(board, EDITOR).get("/quan-tri/").get_data(as_text=True))
    assert editor["Nội dung"] == admin["Nội dung"] and editor["Báo cáo"] == admin["Báo cáo"]
    assert not {"Tài khoản", "Cài đặt", "Sao lưu", "Nhật ký"} & set(editor.get("Hệ thống", []))

    contributor = _nav_groups(login(board, CONTRIBUTOR).get("/quan-tri/").get_data(as_text=True))
    assert contributor == {"Nội dung": ["Tin bài", "Viết bài mới", "Thư viện"]}


def test_the_current_page_is_marked_in_its_group(client, auth):
    html = client.get("/quan-tri/thong-ke").get_data(as_text=True)
    assert re.search(r'<a href="/quan-tri/thong-ke" aria-current="page">Thống kê</a>', html)
    nav = re.search(r'<nav class="panel-nav".*?</nav>', html, re.S).group(0)
    assert nav.count('aria-current="page"') == 1


# ---------------------------------------------------------------- the day's work on the dashboard
def test_dashboard_shows_the_days_work(board, client, content, set_now):
    from core.qa import TOPICS, deadline

    s = board.extensions["trangxa"]
    working_days = board.config["QA_ANSWER_WORKING_DAYS"]
    ask = {"name": "Nguyễn Văn An", "topic": next(iter(TOPICS)),
           "question": "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở?"}
    set_now(2026, 10, 1, 8, 0)
    s.questions.submit(ask, "10.9.0.1")  # long overdue
    set_now(2026, 11, 27, 8, 0)
    due = deadline(s.questions.submit(ask, "10.9.0.2")["created_at"], working_days)
    set_now(due.year, due.month, due.day - 1 if due.day > 1 else due.day, 9, 0)  # one day before its deadline
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Tin hẹn giờ sáng mai", "section_id": sid, "status": "published",
                          "publish_at": "2027-01-05T07:00:00+07:00"}, by=EDITOR)
    writer = login(board, CONTRIBUTOR)
    assert post_form(writer, "/quan-tri/tin-bai/moi", article_data(content, workflow="submit")).status_code == 302

    html = client.get("/quan-tri/").get_data(as_text=True)
    work = html[html.index('id="viec-hom-nay"'):html.index('<div class="cards">')]
    assert "1 tin bài chờ duyệt" in work
    assert "1 câu quá hạn trả lời" in work and "1 câu sắp đến hạn" in work
    assert "Tin hẹn giờ sáng mai" in work and "07:00, 05/01/2027" in work
    assert "dữ liệu mẫu" not in work  # a site never seeded: nothing to say about demo data
    assert "Chưa tải bản sao lưu nào." in work and "Sao lưu ngay" in work

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/quan-tri/sao-luu").get_data(as_text=True))
    assert client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token.group(1)}).status_code == 200
    work = client.get("/quan-tri/").get_data(as_text=True)
    assert "Bản sao lưu gần nhất: hôm nay" in work and "Sao lưu ngay" not in work

    # A contributor sees no queue, no questions, no backup.
    mine = login(board, CONTRIBUTOR).get("/quan-tri/").get_data(as_text=True)
    assert "chờ duyệt" not in mine[mine.index('id="viec-hom-nay"'):mine.index('<div class="cards">')]
    assert "sao lưu" not in mine.lower()[mine.index('id="viec-hom-nay"'):]


# ---------------------------------------------------------------- statistics that draw right
def _hit(app, n: int = 1, article_id=None, address: str = "10.1.1.1") -> None:
    counters = app.extensions["trangxa"].counters
    for i in range(n):
        counters.record_hit(f"{address}{i}", "Mozilla/5.0 (Windows NT 10.0) Firefox/115.0", article_id)
    counters.merge()


def _svg(html: str) -> str:
    return re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0)


def test_one_day_of_data_draws_a_chart_of_normal_size(client, auth, set_now):
    set_now(2026, 12, 1, 10, 0)
    _hit(client.application, 3)
    svg = _svg(client.get("/quan-tri/thong-ke").get_data(as_text=True))
    width, height = (float(x) for x in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups())
    assert height <= 240 and width <= 760
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 30 and max(heights) == 160 and heights.count(0) == 29  # the one bar fills the plot
    assert "01/12/2026" in svg  # labels carry the year


def test_ranges_of_7_30_365_days_with_their_own_most_read(client, auth, content, set_now):
    app = client.application
    a1, a2 = (content.save_article({"title": t, "section_id": section_id(content, "Chuyển đổi số"),
                                    "status": "published"}, by="bientap")["id"]
              for t in ("Tin được đọc tháng trước", "Tin được đọc tuần này"))
    set_now(2026, 11, 10, 9, 0)
    _hit(app, 5, a1, "10.2.2.")
    set_now(2026, 12, 1, 9, 0)
    _hit(app, 2, a2, "10.3.3.")
    pages = {days: client.get(f"/quan-tri/thong-ke?khoang={days}").get_data(as_text=True) for days in (7, 30, 365)}
    for days, html in pages.items():
        assert len(re.findall(r"<rect ", _svg(html))) == days
        assert f'href="/quan-tri/thong-ke?khoang={days}" aria-current="page"' in html
        assert f"{days} ngày gần nhất" in html
    week = pages[7][pages[7].index('id="doc-nhieu"'):]
    assert "Tin được đọc tuần này" in week and "Tin được đọc tháng trước" not in week
    month = pages[30][pages[30].index('id="doc-nhieu"'):]
    assert month.index("Tin được đọc tháng trước") < month.index("Tin được đọc tuần này")  # 5 views before 2
    ticks = re.findall(r"<text [^>]*>([^<]+)</text>", _svg(pages[365]))
    assert 2 <= len(ticks) <= 8 and all(re.fullmatch(r"\d\d/\d\d/\d{4}", t) for t in ticks)
    assert ticks[-1] == "01/12/2026" and ticks[0].endswith("/2025")
    assert client.get("/quan-tri/thong-ke?khoang=9999").status_code == 200  # an unknown range: the default


def test_figures_download_as_csv_for_excel(client, auth, content, set_now):
    set_now(2026, 12, 1, 9, 0)
    aid = content.save_article({"title": "=HYPERLINK(\"http://x\") Tin về đường làng", "section_id":
                                section_id(content, "Chuyển đổi số"), "status": "published"}, by="bientap")["id"]
    _hit(client.application, 4, aid)
    r = client.get("/quan-tri/thong-ke/so-lieu.csv?khoang=7")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'attachment; filename="thong-ke-7-ngay-den-2026-12-01.csv"' == r.headers["Content-Disposition"]
    assert r.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the Vietnamese right
    lines = r.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Ngày,Lượt truy cập,Lượt xem trang"
    assert lines[1] == "25/11/2026,0,0" and lines[7] == "01/12/2026,4,4" and len([x for x in lines if x]) == 10
    assert lines[-1].startswith("\"'=HYPERLINK(") and lines[-1].endswith(",Chuyển đổi số,4")  # never a formula
    assert 'href="/quan-tri/thong-ke/so-lieu.csv?khoang=30"' in client.get("/quan-tri/thong-ke").get_data(as_text=True)


def test_views_per_day_read_old_journal_lines_and_forget_removed_articles(app, set_now):
    counters = app.extensions["trangxa"].counters
    set_now(2026, 12, 1, 9, 0)
    counters.journal.append("v 7")  # a line written before views carried their day: counted on the merge's day
    counters.record_hit("10.4.4.4", "Mozilla/5.0", 8)
    counters.merge()
    assert counters.views_between("2026-12-01", "2026-12-01") == {7: 1, 8: 1}
    assert counters.views_between("2026-11-01", "2026-11-30") == {}
    counters.forget_articles([7])
    assert counters.views_between("2026-12-01", "2026-12-01") == {8: 1}


def test_dashboard_names_the_demo_data_left(demo_app):
    from conftest import AuthActions

    client = demo_app.test_client()
    actions = AuthActions(demo_app, client)
    actions.create()
    actions.login()
    html = client.get("/quan-tri/").get_data(as_text=True)
    work = html[html.index('id="viec-hom-nay"'):html.index('<div class="cards">')]
    assert "Dữ liệu mẫu còn lại:" in work and "tin bài" in work


# ---------------------------------------------------------------- the cover from the library
def test_the_cover_is_chosen_from_the_library_without_a_second_upload(board, content, data_dir):
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(out, "JPEG")
    picture = board.extensions["trangxa"].library.add_upload(out.getvalue(), "le-ra-quan.jpg",
                                                             alt="Lễ ra quân làm đường")
    c = login(board, EDITOR)
    form = c.get("/quan-tri/tin-bai/moi").get_data(as_text=True)
    assert f'<option value="{picture["name"]}">Lễ ra quân làm đường</option>' in form
    uploads_before = sorted(p.name for p in (data_dir / "uploads").iterdir())
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(
        content, title="Ra quân làm đường", status="draft", workflow="draft", cover_pick=picture["name"]))
    assert r.status_code == 302
    stored = _by_title(data_dir, "Ra quân làm đường")
    assert stored["cover"] == picture["name"] and stored["cover_alt"] == "Lễ ra quân làm đường"
    assert sorted(p.name for p in (data_dir / "uploads").iterdir()) == uploads_before  # nothing uploaded again
    # Only the library's pictures can be chosen.
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(
        content, title="Ảnh lạ", status="draft", workflow="draft", cover_pick="../../secret_key"))
    assert r.status_code == 200 and _by_title(data_dir, "Ảnh lạ") is None
