"""Hướng dẫn sử dụng: one page per task with the panel's own pictures, a "?" link from each panel page, the whole
guide on one printable page. (The pictures are taken, and each step's control checked, by tests/e2e/test_guide.py.)"""
from __future__ import annotations

from pathlib import Path

from blueprints.editor.guide import picture_name
from blueprints.editor.guide_steps import TASKS, task_for
from conftest import AuthActions

STATIC = Path(__file__).resolve().parents[1] / "static"
WANTED = {"dang-tin-co-anh", "dang-van-ban", "lich-cong-tac", "tra-loi-cau-hoi", "lay-y-kien", "bao-cao-dinh-ky",
          "nhuan-but", "sao-luu", "them-tai-khoan"}


def test_the_guide_covers_the_board_s_tasks_on_real_pages_with_their_pictures(app):
    assert {t.slug for t in TASKS} == WANTED
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for task in TASKS:
        assert task.steps, task.slug
        for number, step in enumerate(task.steps, 1):
            assert step.endpoint in endpoints, (task.slug, step.endpoint)
            assert (STATIC / picture_name(task, number)).is_file(), picture_name(task, number)


def test_each_panel_page_links_to_its_task(app, client, auth):
    assert task_for("editor.documents_new").slug == "dang-van-ban"
    assert task_for("editor.article_edit").slug == "dang-tin-co-anh"
    assert task_for("editor.settings") is None
    page = client.get("/quan-tri/van-ban").get_data(as_text=True)
    assert 'href="/quan-tri/huong-dan/dang-van-ban"' in page and "Hướng dẫn: Đăng văn bản" in page
    assert 'href="/quan-tri/huong-dan"' in page  # the header's link to the whole guide


def test_a_contributor_reads_the_guide_and_prints_it_whole(app, client):
    actions = AuthActions(app, client)
    app.extensions["trangxa"].accounts.create_user("ctv", "Cong-tac-vien-2026!", "Cộng tác viên", role="contributor")
    assert actions.login("ctv", "Cong-tac-vien-2026!").status_code == 302
    index = client.get("/quan-tri/huong-dan")
    assert index.status_code == 200 and "Đăng tin có ảnh" in index.get_data(as_text=True)
    task = client.get("/quan-tri/huong-dan/dang-tin-co-anh").get_data(as_text=True)
    assert task.count('<li class="guide-step">') == len(TASKS[0].steps)
    assert '<img src="/static/guide/dang-tin-co-anh-1.png' in task and 'alt="Ảnh màn hình: ' in task
    whole = client.get("/quan-tri/huong-dan/in").get_data(as_text=True)
    positions = [whole.index(f'id="hd-{t.slug}"') for t in TASKS]
    assert positions == sorted(positions)
    assert client.get("/quan-tri/huong-dan/khong-co").status_code == 404
