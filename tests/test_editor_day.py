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
