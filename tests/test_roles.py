"""The editorial board: roles and the permission policy, the approval queue, accounts, the audit log, TOTP."""
from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest

from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, field_error, fill_rule, fresh, section_id
from core.accounts import LAST_ADMIN_MESSAGE, Accounts
from core.audit import Audit
from core.content import Content
from core.store import Store

CONTRIBUTOR = "congtac"
EDITOR = "bientapvien"
ADMIN = "bientap"  # created by the auth fixture

# What a contributor may use without any condition on an item. Every other panel URL must answer 403 to a
# contributor: the item-level ones too, since the article they name (id 1) belongs to someone else.
CONTRIBUTOR_OPEN = {"editor.dashboard", "editor.articles", "editor.article_new", "editor.totp_setup",
                    "editor.guide", "editor.guide_task_page", "editor.guide_print"}
CONTRIBUTOR_MEDIA_CLOSED = ("delete", "restore", "import")
ADMIN_ONLY_PREFIXES = ("editor.account", "editor.settings", "editor.backup", "editor.audit_log")


def _contributor_open(endpoint: str, url: str) -> bool:
    if endpoint in CONTRIBUTOR_OPEN:
        return True
    if endpoint == "editor.article_preview" and "/1/" not in url:
        return True  # the preview of a new, unsaved article (with an id it is item-level: refused below)
    return endpoint.startswith("editor.media") and not any(w in endpoint for w in CONTRIBUTOR_MEDIA_CLOSED)


def _panel_urls() -> dict[str, list[tuple[str, str]]]:
    """Return (endpoint, URL) of every GET and every POST rule under /quan-tri, read from a real app's url_map."""
    with tempfile.TemporaryDirectory() as folder:
        application = create_app({"DATA_DIR": folder, "SEED_DEMO": False, "TESTING": True})
        rules = [r for r in application.url_map.iter_rules() if r.rule.startswith("/quan-tri")]
    out: dict[str, list[tuple[str, str]]] = {"GET": [], "POST": []}
    for method in out:
        out[method] = sorted({(r.endpoint, fill_rule(r.rule)) for r in rules if method in r.methods})
    return out


PANEL = _panel_urls()
CONTRIBUTOR_DENIED = [(m, ep, url) for m in ("GET", "POST") for ep, url in PANEL[m] if not _contributor_open(ep, url)]
EDITOR_DENIED = [(m, ep, url) for m in ("GET", "POST") for ep, url in PANEL[m] if ep.startswith(ADMIN_ONLY_PREFIXES)]


# ---------------------------------------------------------------- helpers
def accounts_of(data_dir: Path) -> Accounts:
    """Return the accounts as stored on disk (a fresh reader, no shared cache)."""
    return Accounts(Store(data_dir))


def login(app, username: str, password: str = PASSWORD, client=None):
    """Return a new client logged in as ``username`` (through the real form)."""
    client = client or app.test_client()
    r = AuthActions(app, client).login(username, password)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return client


def post_form(client, url: str, data: dict, page: str | None = None):
    """Post ``data`` to ``url`` with the CSRF token of ``page`` (default: the URL itself)."""
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def article_data(content, **overrides) -> dict:
    data = {"title": "Bài của cộng tác viên", "section_id": str(section_id(content, "Chuyển đổi số")),
            "summary": "", "body": "<p>Nội dung bài viết.</p>", "cover_alt": "", "status": "draft",
            "publish_at": "", "author": "Cộng Tác Viên", "pin_until": "", "base_version": ""}
    data.update(overrides)
    return data


def new_article(client, content, **overrides) -> int:
    r = post_form(client, "/quan-tri/tin-bai/moi", article_data(content, **overrides))
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    return int(urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1])


def data_files(data_dir: Path) -> dict[str, bytes]:
    """Return the bytes of every data file but the audit log and the view counters (which keep recording)."""
    out = {}
    for p in sorted(data_dir.rglob("*")):
        rel = p.relative_to(data_dir)
        if (p.is_file() and not any(part.startswith(".") for part in rel.parts)
                and rel.parts[0] not in ("audit", "counters", "backups")):
            out[rel.as_posix()] = p.read_bytes()
    return out


@pytest.fixture
def board(app, auth, content):
    """Create a contributor and an editor next to the admin of ``auth`` (logged in on ``client``)."""
    accounts = app.extensions["trangxa"].accounts
    accounts.create_user(CONTRIBUTOR, PASSWORD, "Cộng Tác Viên", role="contributor")
    accounts.create_user(EDITOR, PASSWORD, "Biên Tập Viên Hai", role="editor")
    return app


# ---------------------------------------------------------------- roles on accounts
def test_accounts_without_a_role_are_admins(data_dir, app, client):
    accounts = app.extensions["trangxa"].accounts
    user = accounts.create_user("cu", PASSWORD)
    with app.extensions["trangxa"].store.transaction("accounts.json", lock_name="accounts") as db:
        db.table("users").update(lambda d: d.pop("role"), doc_ids=[user["id"]])
    assert "role" not in (data_dir / "accounts.json").read_text(encoding="utf-8")
    assert accounts_of(data_dir).get(user["id"])["role"] == "admin"
    c = login(app, "cu")
    assert c.get("/quan-tri/tai-khoan").status_code == 200


def test_cli_create_user_with_a_role(app, runner, data_dir):
    result = runner.invoke(args=["create-user", "dautien", "--role", "contributor"], input="mat-khau-moi-123\n")
    assert result.exit_code == 1 and "tài khoản đầu tiên phải có vai trò quản trị" in result.output
    assert not accounts_of(data_dir).has_users()
    result = runner.invoke(args=["create-user", "dautien"], input="mat-khau-moi-123\n")
    assert result.exit_code == 0 and accounts_of(data_dir).by_username("dautien")["role"] == "admin"
    result = runner.invoke(args=["create-user", "ctv", "--role", "contributor"], input="mat-khau-moi-123\n")
    assert result.exit_code == 0, result.output
    assert accounts_of(data_dir).by_username("ctv")["role"] == "contributor"
    result = runner.invoke(args=["create-user", "ai", "--role", "sep"], input="mat-khau-moi-123\n")
    assert result.exit_code != 0 and accounts_of(data_dir).by_username("ai") is None


# ---------------------------------------------------------------- the policy, over every panel URL
def test_policy_lists_were_found():
    endpoints = {ep for _, ep, _ in CONTRIBUTOR_DENIED}
    assert {"editor.settings", "editor.accounts", "editor.audit_log", "editor.approval_queue", "editor.sections",
            "editor.article_edit", "editor.revision_restore", "editor.backup_download"} <= endpoints
    assert len(CONTRIBUTOR_DENIED) >= 60
    assert {ep for _, ep, _ in EDITOR_DENIED} >= {"editor.accounts", "editor.account_role", "editor.settings",
                                                  "editor.backup", "editor.backup_restore", "editor.audit_log"}


@pytest.mark.parametrize("method, endpoint, url", CONTRIBUTOR_DENIED)
def test_contributor_is_refused_everywhere_else(board, content, data_dir, method, endpoint, url):
    # Article 1 exists, published, written by the admin: item-level pages are refused too, never a 404.
    content.save_article({"title": "Bài của ban biên tập", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published", "body": "<p>x</p>"}, by=ADMIN)
    content.save_article({"title": "Bài của ban biên tập (sửa)", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published", "body": "<p>y</p>"}, 1, by=ADMIN)  # revision 1 exists
    c = login(board, CONTRIBUTOR)
    before = data_files(data_dir)
    if method == "GET":
        r = c.get(url)
    else:
        token = csrf_from(c.get("/quan-tri/").get_data(as_text=True))
        r = c.post(url, data={"csrf_token": token, "title": "Chen ngang", "name": "Chen ngang", "role": "admin",
                              "status": "published", "new_password": "mat-khau-chen-ngang"})
    assert r.status_code == 403, (endpoint, r.status_code)
    html = r.get_data(as_text=True)
    assert "Không có quyền truy cập" in html and "Cộng tác viên" in html
    assert data_files(data_dir) == before


@pytest.mark.parametrize("method, endpoint, url", EDITOR_DENIED)
def test_editor_cannot_reach_admin_screens(board, data_dir, method, endpoint, url):
    c = login(board, EDITOR)
    before = data_files(data_dir)
    if method == "GET":
        r = c.get(url)
    else:
        token = csrf_from(c.get("/quan-tri/").get_data(as_text=True))
        r = c.post(url, data={"csrf_token": token, "role": "admin", "commune_name": "Chen ngang",
                              "agency_name": "X", "site_title": "X", "new_password": "mat-khau-chen-ngang"})
    assert r.status_code == 403, (endpoint, r.status_code)
    assert "Biên tập" in r.get_data(as_text=True)
    assert data_files(data_dir) == before


def test_editor_reaches_the_queue_and_the_content_screens(board):
    c = login(board, EDITOR)
    for url in ("/quan-tri/duyet-bai", "/quan-tri/chuyen-muc", "/quan-tri/tin-bai", "/quan-tri/lien-ket"):
        assert c.get(url).status_code == 200, url
    menu = c.get("/quan-tri/").get_data(as_text=True)
    assert "Duyệt tin bài" in menu and "/quan-tri/tai-khoan" not in menu and "/quan-tri/cai-dat" not in menu


def test_contributor_menu_shows_only_what_they_may_open(board):
    c = login(board, CONTRIBUTOR)
    html = c.get("/quan-tri/").get_data(as_text=True)
    assert "Viết bài mới" in html and "(Cộng tác viên)" in html
    for hidden in ("/quan-tri/chuyen-muc", "/quan-tri/cai-dat", "/quan-tri/duyet-bai", "/quan-tri/tai-khoan",
                   "/quan-tri/hoi-dap", "/quan-tri/sao-luu"):
        assert f'href="{hidden}"' not in html, hidden


# ---------------------------------------------------------------- contributors cannot publish
def test_contributor_cannot_publish_a_new_article(board, content, data_dir):
    c = login(board, CONTRIBUTOR)
    form = c.get("/quan-tri/tin-bai/moi").get_data(as_text=True)
    assert 'value="published"' not in form  # not offered…
    assert "Gửi duyệt" in form
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, status="published"))
    assert r.status_code == 200  # …and refused when forged
    html = r.get_data(as_text=True)
    assert "Cộng tác viên không tự đăng được tin bài" in field_error(html, "status")
    assert 'value="Bài của cộng tác viên"' in html  # what was typed comes back
    assert fresh(Content, data_dir).index().meta == {}
    r = post_form(c, "/quan-tri/tin-bai/moi", article_data(content, workflow="approve"))
    assert r.status_code == 200 and fresh(Content, data_dir).index().meta == {}


def test_contributor_cannot_publish_their_draft(board, content, data_dir):
    c = login(board, CONTRIBUTOR)
    aid = new_article(c, content)
    before = fresh(Content, data_dir).article(aid)
    assert before["status"] == "draft" and before["created_by"] == CONTRIBUTOR
    r = post_form(c, f"/quan-tri/tin-bai/{aid}", article_data(content, status="published", title="Đổi tên",
                                                              base_version=str(before["version"])))
    assert r.status_code == 200
    assert "Cộng tác viên không tự đăng được tin bài" in field_error(r.get_data(as_text=True), "status")
    after = fresh(Content, data_dir).article(aid)
    assert after == before
    assert c.get(f"/{section_slug(content)}/{before['slug']}").status_code == 404


def section_slug(content) -> str:
    return content.section(section_id(content, "Chuyển đổi số"))["slug"]


def test_contributor_sees_and_edits_only_their_own_unpublished_articles(board, content, data_dir):
    content.save_article({"title": "Bài nháp của biên tập viên", "section_id": section_id(content, "Chuyển đổi số")},
                         by=EDITOR)
    c = login(board, CONTRIBUTOR)
    mine = new_article(c, content, title="Bài nháp của tôi")
    listing = c.get("/quan-tri/tin-bai").get_data(as_text=True)
    assert "Bài nháp của tôi" in listing and "Bài nháp của biên tập viên" not in listing
    assert c.get(f"/quan-tri/tin-bai/{mine}").status_code == 200
    assert c.get(f"/quan-tri/tin-bai/{mine}/phien-ban").status_code == 200
    assert c.get("/quan-tri/tin-bai/1").status_code == 403  # the editor's draft
    # Their own draft may go to the trash and come back.
    token = csrf_from(c.get("/quan-tri/").get_data(as_text=True))
    assert c.post(f"/quan-tri/tin-bai/{mine}/xoa", data={"csrf_token": token}).status_code == 302
    assert fresh(Content, data_dir).article(mine)["trashed_at"]
    assert c.post(f"/quan-tri/tin-bai/{mine}/khoi-phuc", data={"csrf_token": token}).status_code == 302
    assert not fresh(Content, data_dir).article(mine)["trashed_at"]


# ---------------------------------------------------------------- the approval queue
def test_submit_queue_approve_publish(board, content, data_dir):
    writer = login(board, CONTRIBUTOR)
    aid = new_article(writer, content, title="Ra quân vệ sinh môi trường", workflow="submit")
    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "pending" and stored["submitted_by"] == CONTRIBUTOR and stored["submitted_at"]
    public_url = f"/{section_slug(content)}/{stored['slug']}"
    assert board.test_client().get(public_url).status_code == 404  # pending is not public
    form = writer.get(f"/quan-tri/tin-bai/{aid}").get_data(as_text=True)
    assert "Bài đang chờ ban biên tập duyệt" in form

    editor = login(board, EDITOR)
    queue = editor.get("/quan-tri/duyet-bai").get_data(as_text=True)
    assert "Ra quân vệ sinh môi trường" in queue and "Cộng Tác Viên" in queue
    r = post_form(editor, f"/quan-tri/duyet-bai/{aid}/duyet", {}, page="/quan-tri/duyet-bai")
    assert r.status_code == 302
    assert "Đã duyệt và đăng" in editor.get("/quan-tri/duyet-bai").get_data(as_text=True)

    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "published"
    assert stored["approved_by"] == EDITOR and stored["approved_at"]
    assert stored["created_by"] == CONTRIBUTOR and stored["authors"] == [CONTRIBUTOR]
    page = board.test_client().get(public_url)
    assert page.status_code == 200 and "Ra quân vệ sinh môi trường" in page.get_data(as_text=True)
    assert "Ra quân vệ sinh môi trường" not in editor.get("/quan-tri/duyet-bai").get_data(as_text=True)
    # Published: the contributor can no longer change it.
    assert writer.get(f"/quan-tri/tin-bai/{aid}").status_code == 403
    # The editor's form names the author and the approver.
    form = editor.get(f"/quan-tri/tin-bai/{aid}").get_data(as_text=True)
    assert "Người tạo" in form and "Cộng Tác Viên" in form
    assert "Người duyệt" in form and "Biên Tập Viên Hai" in form


def test_return_with_a_note_then_resubmit(board, content, data_dir):
    writer = login(board, CONTRIBUTOR)
    aid = new_article(writer, content, title="Thông báo lịch tiêm chủng", workflow="submit")
    editor = login(board, EDITOR)
    r = post_form(editor, f"/quan-tri/duyet-bai/{aid}/tra-lai", {"review_note": "  "}, page="/quan-tri/duyet-bai")
    assert r.status_code == 200 and "Vui lòng nhập ghi chú cho tác giả." in r.get_data(as_text=True)
    assert fresh(Content, data_dir).article(aid)["status"] == "pending"
    note = "Bổ sung địa điểm tiêm và giờ bắt đầu."
    r = post_form(editor, f"/quan-tri/duyet-bai/{aid}/tra-lai", {"review_note": note}, page="/quan-tri/duyet-bai")
    assert r.status_code == 302
    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "draft" and stored["review_note"] == note and stored["reviewed_by"] == EDITOR
    assert not stored.get("approved_by")

    form = writer.get(f"/quan-tri/tin-bai/{aid}").get_data(as_text=True)
    assert "Ban biên tập đã trả lại bài" in form and note in form
    r = post_form(writer, f"/quan-tri/tin-bai/{aid}", article_data(
        content, title="Thông báo lịch tiêm chủng (bổ sung)", workflow="submit", base_version=str(stored["version"])))
    assert r.status_code == 302
    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "pending" and stored["review_note"] is None
    assert stored["title"] == "Thông báo lịch tiêm chủng (bổ sung)"


def test_editor_approves_from_the_article_form_with_an_edit(board, content, data_dir):
    writer = login(board, CONTRIBUTOR)
    aid = new_article(writer, content, title="Tin có lỗi chính tả", workflow="submit")
    editor = login(board, EDITOR)
    form = editor.get(f"/quan-tri/tin-bai/{aid}").get_data(as_text=True)
    assert "Lưu, duyệt và đăng" in form and "Trả lại tác giả" in form
    version = fresh(Content, data_dir).article(aid)["version"]
    r = post_form(editor, f"/quan-tri/tin-bai/{aid}", article_data(
        content, title="Tin đã sửa chính tả", status="pending", workflow="approve", base_version=str(version)))
    assert r.status_code == 302
    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "published" and stored["title"] == "Tin đã sửa chính tả"
    assert stored["approved_by"] == EDITOR and stored["authors"] == [CONTRIBUTOR, EDITOR]


def test_editor_returns_from_the_article_form(board, content, data_dir):
    writer = login(board, CONTRIBUTOR)
    aid = new_article(writer, content, workflow="submit")
    editor = login(board, EDITOR)
    version = str(fresh(Content, data_dir).article(aid)["version"])
    r = post_form(editor, f"/quan-tri/tin-bai/{aid}", article_data(content, status="pending", workflow="return",
                                                                   review_note="", base_version=version))
    assert r.status_code == 200
    assert "Vui lòng ghi rõ cần sửa gì" in field_error(r.get_data(as_text=True), "review_note")
    assert fresh(Content, data_dir).article(aid)["status"] == "pending"
    r = post_form(editor, f"/quan-tri/tin-bai/{aid}", article_data(content, status="pending", workflow="return",
                                                                   review_note="Thiếu ảnh.", base_version=version))
    assert r.status_code == 302
    stored = fresh(Content, data_dir).article(aid)
    assert stored["status"] == "draft" and stored["review_note"] == "Thiếu ảnh."


# ---------------------------------------------------------------- accounts screen
def test_admin_creates_an_account_changes_its_role_and_resets_its_password(app, auth, client, data_dir):
    page = client.get("/quan-tri/tai-khoan/moi").get_data(as_text=True)
    r = client.post("/quan-tri/tai-khoan/moi", data={"csrf_token": csrf_from(page), "display_name": "Trần Thị Mai",
                                                    "username": "mai", "role": "contributor", "password": "ngan"})
    assert r.status_code == 200 and "Mật khẩu phải có từ 8 đến 200 ký tự." in r.get_data(as_text=True)
    r = client.post("/quan-tri/tai-khoan/moi", data={"csrf_token": csrf_from(page), "display_name": "Trần Thị Mai",
                                                    "username": "mai", "role": "contributor",
                                                    "password": "mat-khau-ban-dau"})
    assert r.status_code == 302
    mai = accounts_of(data_dir).by_username("mai")
    assert mai["role"] == "contributor" and mai["display_name"] == "Trần Thị Mai"
    assert "mai" in client.get("/quan-tri/tai-khoan").get_data(as_text=True)

    session_of_mai = login(app, "mai", "mat-khau-ban-dau")
    r = post_form(client, f"/quan-tri/tai-khoan/{mai['id']}/vai-tro", {"role": "editor"},
                  page=f"/quan-tri/tai-khoan/{mai['id']}")
    assert r.status_code == 302
    assert accounts_of(data_dir).get(mai["id"])["role"] == "editor"
    # A new role ends the account's sessions.
    assert session_of_mai.get("/quan-tri/").status_code == 302

    r = post_form(client, f"/quan-tri/tai-khoan/{mai['id']}/mat-khau", {"new_password": "mat-khau-moi-cua-mai"},
                  page=f"/quan-tri/tai-khoan/{mai['id']}")
    assert r.status_code == 302
    login(app, "mai", "mat-khau-moi-cua-mai")
    assert AuthActions(app, app.test_client()).login("mai", "mat-khau-ban-dau").status_code == 200


def test_disabled_account_cannot_log_in_and_its_sessions_end(board, client, data_dir):
    writer = login(board, CONTRIBUTOR)
    uid = accounts_of(data_dir).by_username(CONTRIBUTOR)["id"]
    r = post_form(client, f"/quan-tri/tai-khoan/{uid}/khoa", {}, page=f"/quan-tri/tai-khoan/{uid}")
    assert r.status_code == 302
    assert accounts_of(data_dir).get(uid)["disabled"] is True
    assert writer.get("/quan-tri/").status_code == 302  # the open session ended
    r = AuthActions(board, board.test_client()).login(CONTRIBUTOR, PASSWORD)
    assert r.status_code == 200
    assert "Tài khoản này đã bị khóa" in field_error(r.get_data(as_text=True), "password")
    r = AuthActions(board, board.test_client()).login(CONTRIBUTOR, "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)  # nothing told without the password
    post_form(client, f"/quan-tri/tai-khoan/{uid}/khoa", {}, page=f"/quan-tri/tai-khoan/{uid}")
    assert not accounts_of(data_dir).get(uid)["disabled"]
    login(board, CONTRIBUTOR)


def test_the_last_active_admin_cannot_be_demoted_or_disabled(board, client, data_dir):
    me = accounts_of(data_dir).by_username(ADMIN)
    r = post_form(client, f"/quan-tri/tai-khoan/{me['id']}/vai-tro", {"role": "editor"},
                  page=f"/quan-tri/tai-khoan/{me['id']}")
    assert r.status_code == 200
    assert LAST_ADMIN_MESSAGE in field_error(r.get_data(as_text=True), "role")
    assert accounts_of(data_dir).get(me["id"])["role"] == "admin"
    r = post_form(client, f"/quan-tri/tai-khoan/{me['id']}/khoa", {}, page=f"/quan-tri/tai-khoan/{me['id']}")
    assert r.status_code == 302 and not accounts_of(data_dir).get(me["id"]).get("disabled")
    # Core rule, whoever asks: the only active admin stays an active admin.
    with pytest.raises(Exception, match="quản trị cuối cùng"):
        accounts_of(data_dir).set_disabled(me["id"], True)
    # With a second admin, the first may step down (and keeps a session, now as an editor).
    other = accounts_of(data_dir).by_username(EDITOR)
    post_form(client, f"/quan-tri/tai-khoan/{other['id']}/vai-tro", {"role": "admin"},
              page=f"/quan-tri/tai-khoan/{other['id']}")
    r = post_form(client, f"/quan-tri/tai-khoan/{me['id']}/vai-tro", {"role": "editor"},
                  page=f"/quan-tri/tai-khoan/{me['id']}")
    assert r.status_code == 302
    assert accounts_of(data_dir).get(me["id"])["role"] == "editor"
    assert client.get("/quan-tri/").status_code == 200
    assert client.get("/quan-tri/tai-khoan").status_code == 403


# ---------------------------------------------------------------- audit log
def test_audit_log_records_login_a_save_and_a_role_change(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True, "PROXY_COUNT": 1})
    content = app.extensions["trangxa"].content
    content.save_settings({"commune_name": "Dương Quang", "agency_name": "UBND", "site_title": "Trang xã"})
    sid = content.save_section({"name": "Chuyển đổi số"})["id"]
    accounts = app.extensions["trangxa"].accounts
    accounts.create_user(ADMIN, PASSWORD, "Quản Trị")
    ctv = accounts.create_user(CONTRIBUTOR, PASSWORD, "Cộng Tác", role="contributor")
    client = app.test_client()
    # Behind one proxy (PROXY_COUNT=1): the address is the one the proxy saw, not the proxy's own.
    client.environ_base.update({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    AuthActions(app, client).login(ADMIN, "sai-mat-khau")
    login(app, ADMIN, client=client)
    r = post_form(client, "/quan-tri/tin-bai/moi", {
        "title": "Bài được ghi nhật ký", "section_id": str(sid), "status": "published", "body": "<p>x</p>",
        "summary": "", "cover_alt": "", "publish_at": "", "author": "", "pin_until": "", "base_version": ""})
    assert r.status_code == 302
    aid = urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1]
    post_form(client, f"/quan-tri/tai-khoan/{ctv['id']}/vai-tro", {"role": "editor"},
              page=f"/quan-tri/tai-khoan/{ctv['id']}")

    entries, total = Audit(Store(data_dir)).query()
    by_action = {}
    for e in reversed(entries):
        by_action.setdefault(e["action"], e)
    assert by_action["login_failed"]["user"] == ADMIN and not by_action["login_failed"]["ok"]
    assert by_action["login"]["user"] == ADMIN and by_action["login"]["address"] == "203.0.113.9"
    save = by_action["article_approve"]
    assert (save["user"], save["endpoint"], save["item"], save["address"]) == (
        ADMIN, "editor.article_new", aid, "203.0.113.9")
    change = by_action["role_change"]
    assert (change["user"], change["item"], change["address"]) == (ADMIN, CONTRIBUTOR, "203.0.113.9")
    assert change["detail"] == "Cộng tác viên → Biên tập"
    assert all(e["at"].startswith(time.strftime("%Y-")) for e in entries)
    assert list((data_dir / "audit").glob("*.json"))

    # The admin screen filters by account, action and date.
    html = client.get("/quan-tri/nhat-ky", query_string={"nguoi": ADMIN, "hanh_dong": "role_change"}).get_data(
        as_text=True)
    assert "Đổi vai trò" in html and "Cộng tác viên → Biên tập" in html and "203.0.113.9" in html
    assert "Đăng nhập sai" not in html.split("<table", 1)[1]
    html = client.get("/quan-tri/nhat-ky", query_string={"tu": "2000-01-01", "den": "2000-01-31"}).get_data(
        as_text=True)
    assert "Không có mục nào." in html
    html = client.get("/quan-tri/nhat-ky", query_string={"tu": "31/12/2999", "den": "01/01/2000"}).get_data(
        as_text=True)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html


def test_audit_ignores_forwarded_for_without_the_proxy_setting(board, data_dir):
    c = board.test_client()
    c.environ_base.update({"REMOTE_ADDR": "192.0.2.50", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    login(board, EDITOR, client=c)
    logins = Audit(Store(data_dir)).query(user=EDITOR, action="login")[0]
    assert logins[0]["address"] == "192.0.2.50"


def test_denied_post_and_logout_are_recorded(board, data_dir):
    c = login(board, CONTRIBUTOR)
    token = csrf_from(c.get("/quan-tri/").get_data(as_text=True))
    assert c.post("/quan-tri/cai-dat", data={"csrf_token": token}).status_code == 403
    c.post("/dang-xuat", data={"csrf_token": token})
    audit = Audit(Store(data_dir))
    denied = audit.query(user=CONTRIBUTOR, action="denied")[0]
    assert denied and denied[0]["endpoint"] == "editor.settings" and not denied[0]["ok"]
    assert audit.query(user=CONTRIBUTOR, action="logout")[1] == 1


def test_audit_log_pages_and_splits_big_months(tmp_path, monkeypatch):
    import core.audit as audit_module

    monkeypatch.setattr(audit_module, "MAX_PER_FILE", 3)
    audit = Audit(Store(tmp_path))
    for i in range(7):
        audit.record("login", user=f"u{i}", address="192.0.2.1")
    assert len(list((tmp_path / "audit").glob("*.json"))) == 3
    items, total = audit.query(page=1, per_page=5)
    assert total == 7 and [e["user"] for e in items] == ["u6", "u5", "u4", "u3", "u2"]
    assert [e["user"] for e in audit.query(page=2, per_page=5)[0]] == ["u1", "u0"]


# ---------------------------------------------------------------- two-step login
def _enable_totp(client) -> str:
    page = client.get("/quan-tri/xac-thuc-hai-buoc").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    r = client.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page), "code": "000000"})
    assert r.status_code == 200 and "Mã không đúng" in r.get_data(as_text=True)
    r = client.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page),
                                                       "code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302
    return secret


def _next_code(secret: str) -> str:
    # The code of the next 30-second step: the current one was just used to enable, and a used code is refused.
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_totp_enable_then_login_needs_the_code(board, data_dir):
    c = login(board, CONTRIBUTOR)
    secret = _enable_totp(c)
    stored = accounts_of(data_dir).by_username(CONTRIBUTOR)["totp_secret"]
    assert stored.startswith("aesgcm1:") and secret not in stored  # sealed at rest (tests/test_sessions.py)
    assert "đang bật" in c.get("/quan-tri/xac-thuc-hai-buoc").get_data(as_text=True)

    other = board.test_client()
    r = AuthActions(board, other).login(CONTRIBUTOR, PASSWORD)
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap/ma-xac-thuc"
    assert other.get("/quan-tri/").status_code == 302  # not logged in yet
    page = other.get("/dang-nhap/ma-xac-thuc").get_data(as_text=True)
    assert "Xác thực hai bước" in page
    r = other.post("/dang-nhap/ma-xac-thuc", data={"csrf_token": csrf_from(page), "code": "123456"})
    assert r.status_code == 200
    assert "Mã xác thực không đúng" in field_error(r.get_data(as_text=True), "code")
    assert other.get("/quan-tri/").status_code == 302
    code = _next_code(secret)
    r = other.post("/dang-nhap/ma-xac-thuc", data={"csrf_token": csrf_from(page), "code": code})
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/"
    assert other.get("/quan-tri/").status_code == 200

    # The same code cannot be used twice.
    third = board.test_client()
    AuthActions(board, third).login(CONTRIBUTOR, PASSWORD)
    page = third.get("/dang-nhap/ma-xac-thuc").get_data(as_text=True)
    r = third.post("/dang-nhap/ma-xac-thuc", data={"csrf_token": csrf_from(page), "code": code})
    assert r.status_code == 200 and third.get("/quan-tri/").status_code == 302
    audit = Audit(Store(data_dir))
    assert audit.query(user=CONTRIBUTOR, action="totp_enable")[1] == 1
    assert audit.query(user=CONTRIBUTOR, action="login_code_failed")[1] == 2


def test_totp_code_step_is_throttled(board):
    c = login(board, EDITOR)
    _enable_totp(c)
    other = board.test_client()
    AuthActions(board, other).login(EDITOR, PASSWORD)
    page = other.get("/dang-nhap/ma-xac-thuc").get_data(as_text=True)
    for _ in range(5):
        r = other.post("/dang-nhap/ma-xac-thuc", data={"csrf_token": csrf_from(page), "code": "000000"})
        assert r.status_code == 200
    r = other.post("/dang-nhap/ma-xac-thuc", data={"csrf_token": csrf_from(page), "code": "000000"})
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.get_data(as_text=True)


def test_totp_pending_login_is_not_a_session(board):
    other = board.test_client()
    assert other.get("/dang-nhap/ma-xac-thuc").status_code == 302  # nothing pending: back to the password


def test_totp_disable_needs_the_password(board, data_dir):
    c = login(board, EDITOR)
    _enable_totp(c)
    page = c.get("/quan-tri/xac-thuc-hai-buoc").get_data(as_text=True)
    r = c.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page), "password": "sai-mat-khau"})
    assert r.status_code == 200 and "Mật khẩu không đúng." in r.get_data(as_text=True)
    assert accounts_of(data_dir).by_username(EDITOR).get("totp_secret")
    r = c.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page), "password": PASSWORD})
    assert r.status_code == 302
    assert not accounts_of(data_dir).by_username(EDITOR).get("totp_secret")
    login(board, EDITOR)  # the password alone is enough again
