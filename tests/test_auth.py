"""Accounts and access control: login wall, CSRF, safe ``next``, throttling, CLI, setup link, password change."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, fill_rule, run_at_once
from core.accounts import ADDRESS_FAILURES, Accounts, Throttled
from core.content import Content
from core.store import Store


def _editor_rules() -> tuple[list[str], list[str]]:
    """Return the concrete GET and POST URLs of every rule under /quan-tri, read from a real app's url_map."""
    with tempfile.TemporaryDirectory() as folder:
        application = create_app({"DATA_DIR": folder, "SEED_DEMO": False, "TESTING": True})
        rules = [r for r in application.url_map.iter_rules() if r.rule.startswith("/quan-tri")]
    get_urls = sorted({fill_rule(r.rule) for r in rules if "GET" in r.methods})
    post_urls = sorted({fill_rule(r.rule) for r in rules if "POST" in r.methods})
    return get_urls, post_urls


EDITOR_GET_URLS, EDITOR_POST_URLS = _editor_rules()


def test_editor_rules_were_found():
    # Guard against an empty parametrization silently testing nothing.
    assert "/quan-tri/" in EDITOR_GET_URLS
    assert "/quan-tri/tin-bai/moi" in EDITOR_GET_URLS
    assert "/quan-tri/tin-bai/1" in EDITOR_GET_URLS
    assert "/quan-tri/chuyen-muc/1/len" in EDITOR_POST_URLS
    assert len(EDITOR_GET_URLS) >= 10


def _login(client, username: str, password: str, next_url: str | None = None, address: str = "127.0.0.1"):
    """Post the login form (token from the page) from ``address`` with ``next`` passed exactly as given."""
    query = {"next": next_url} if next_url is not None else {}
    env = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/dang-nhap", query_string=query, environ_base=env).get_data(as_text=True))
    return client.post("/dang-nhap", query_string=query, environ_base=env,
                       data={"username": username, "password": password, "csrf_token": token})


def _logged_in(client) -> bool:
    r = client.get("/quan-tri/")
    if r.status_code == 200:
        assert "Tổng quan" in r.get_data(as_text=True)
        return True
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    return False


def _data_snapshot(data_dir: Path) -> dict[str, bytes]:
    """Return the bytes of every content file (site settings, sections, articles)."""
    files = [data_dir / "site.json", *sorted((data_dir / "articles").glob("*.json"))]
    return {str(p): p.read_bytes() for p in files if p.exists()}


# ---------------------------------------------------------------- login wall
@pytest.mark.parametrize("url", EDITOR_GET_URLS)
def test_editor_get_urls_redirect_to_login_when_logged_out(client, url):
    r = client.get(url)
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert location.path == "/dang-nhap"
    assert parse_qs(location.query)["next"] == [url]
    # The page behind the wall is not rendered for a logged-out visitor.
    assert "Tổng quan" not in r.get_data(as_text=True)


@pytest.mark.parametrize("url", EDITOR_POST_URLS)
def test_editor_post_urls_with_token_redirect_to_login_when_logged_out(client, content, data_dir, url):
    content.save_article({"title": "Bài một", "section_id": 1, "status": "published", "body": "<p>x</p>"})
    before = _data_snapshot(data_dir)
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "title": "Bị chặn", "name": "Bị chặn"})
    assert r.status_code == 302
    assert urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert _data_snapshot(data_dir) == before


@pytest.mark.parametrize("url", EDITOR_POST_URLS + ["/dang-xuat"])
def test_post_without_csrf_token_is_refused(client, auth, content, data_dir, url):
    content.save_article({"title": "Bài một", "section_id": 1, "status": "published", "body": "<p>x</p>"})
    before = _data_snapshot(data_dir)
    r = client.post(url, data={"title": "Không có mã", "name": "Không có mã", "url": "https://a.vn"})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Phiên làm việc đã hết hạn" in body
    assert "thiếu mã bảo vệ" in body
    assert _data_snapshot(data_dir) == before
    # Still logged in: /dang-xuat without a token did not log out.
    assert _logged_in(client)


def test_post_with_wrong_csrf_token_is_refused(client, auth, data_dir):
    before = _data_snapshot(data_dir)
    r = client.post("/quan-tri/chuyen-muc", data={"csrf_token": "gia-mao", "name": "Giả mạo", "parent_id": "0",
                                                  "kind": "articles"})
    assert r.status_code == 400
    assert _data_snapshot(data_dir) == before
    assert "Giả mạo" not in [s["name"] for s in Content(Store(data_dir)).sections(include_hidden=True)]


def test_logout_with_token_ends_the_session(client, auth):
    r = auth.logout()
    assert r.status_code == 302
    assert urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert not _logged_in(client)


# ---------------------------------------------------------------- next=
@pytest.mark.parametrize("target", [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "https:/evil.example",
    " //evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
])
def test_login_does_not_follow_next_off_site(app, client, target):
    AuthActions(app, client).create()
    r = _login(client, "bientap", PASSWORD, next_url=target)
    assert r.status_code == 302
    location = r.headers["Location"]
    parts = urlsplit(location)
    assert parts.netloc == ""  # a path on this site, never a host
    assert not location.startswith("//") and "\\" not in location
    assert "evil" not in location and "javascript" not in location
    assert parts.path == "/quan-tri/"
    assert _logged_in(client)


def test_login_follows_a_safe_next(app, client):
    AuthActions(app, client).create()
    r = _login(client, "bientap", PASSWORD, next_url="/quan-tri/tin-bai?thung_rac=1")
    assert r.status_code == 302
    assert r.headers["Location"] == "/quan-tri/tin-bai?thung_rac=1"


def test_login_page_when_logged_in_does_not_follow_evil_next(client, auth):
    r = client.get("/dang-nhap", query_string={"next": "//evil.example"})
    assert r.status_code == 302
    assert "evil" not in r.headers["Location"]
    assert urlsplit(r.headers["Location"]).path == "/quan-tri/"


def test_login_redirect_round_trip(app, client):
    """The next= given by the login wall brings the editor back to the page asked for."""
    AuthActions(app, client).create()
    wall = client.get("/quan-tri/cai-dat")
    next_url = parse_qs(urlsplit(wall.headers["Location"]).query)["next"][0]
    r = _login(client, "bientap", PASSWORD, next_url=next_url)
    assert r.headers["Location"] == "/quan-tri/cai-dat"
    assert "Cài đặt trang" in client.get("/quan-tri/cai-dat").get_data(as_text=True)


# ---------------------------------------------------------------- passwords and throttling
def test_wrong_password_shows_vietnamese_error(app, client):
    AuthActions(app, client).create()
    r = _login(client, "bientap", "sai-mat-khau")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    # The message sits next to the password field, and the typed name is kept.
    assert re.search(r'id="password-loi"[^>]*>Tên đăng nhập hoặc mật khẩu không đúng\.', html)
    assert 'value="bientap"' in html
    assert not _logged_in(client)


def test_unknown_user_shows_the_same_error(app, client):
    r = _login(client, "khongco", "bat-ky-mat-khau")
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)
    assert not _logged_in(client)


def test_empty_login_form_shows_vietnamese_field_errors(client):
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    html = client.post("/dang-nhap", data={"csrf_token": token, "username": "", "password": ""}).get_data(as_text=True)
    assert "Vui lòng nhập tên đăng nhập." in html
    assert "Vui lòng nhập mật khẩu." in html


def test_sixth_attempt_is_throttled_even_with_right_password(app, client, data_dir):
    AuthActions(app, client).create()
    for _ in range(5):
        r = _login(client, "bientap", "sai-mat-khau")
        assert r.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)
    r = _login(client, "bientap", PASSWORD)
    assert r.status_code == 429
    html = r.get_data(as_text=True)
    assert "thử lại sau" in html
    assert "Đăng nhập sai quá nhiều lần" in html
    assert not _logged_in(client)
    # The throttle is stored in the data folder (shared by every worker), not in process memory.
    with pytest.raises(Throttled):
        Accounts(Store(data_dir)).check_throttle("bientap", "127.0.0.1")


def test_failures_from_one_address_do_not_lock_the_owner_out(app, client, data_dir):
    """Five wrong passwords from address A hold back A on that account, not the owner at address B."""
    AuthActions(app, client).create()
    for _ in range(5):
        assert _login(client, "bientap", "sai-mat-khau", address="203.0.113.66").status_code == 200
    assert _login(client, "bientap", PASSWORD, address="203.0.113.66").status_code == 429
    owner = app.test_client()
    r = _login(owner, "bientap", PASSWORD, address="198.51.100.20")
    assert r.status_code == 302 and _logged_in(owner)
    # The owner's success does not free the guesser: A still waits, even with the right password.
    r = _login(app.test_client(), "bientap", PASSWORD, address="203.0.113.66")
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.get_data(as_text=True)
    with pytest.raises(Throttled):
        Accounts(Store(data_dir)).check_throttle("bientap", "203.0.113.66")
    Accounts(Store(data_dir)).check_throttle("bientap", "198.51.100.20")


def test_throttle_also_holds_back_the_address(app, client):
    """An address trying many names is held back for every name, after ADDRESS_FAILURES failures."""
    actions = AuthActions(app, client)
    actions.create()
    actions.create("nguoikhac")
    # One person's mistakes hold back that account only: the office behind the same address goes on.
    for _ in range(5):
        _login(client, "bientap", "sai-mat-khau")
    assert _login(client, "nguoikhac", PASSWORD).status_code == 302
    client.post("/dang-xuat", data={"csrf_token": csrf_from(client.get("/quan-tri/").get_data(as_text=True))})
    for n in range(ADDRESS_FAILURES - 5):
        assert _login(client, f"ten-doan-{n}", "sai-mat-khau").status_code == 200
    r = _login(client, "nguoikhac", PASSWORD)
    assert r.status_code == 429
    assert "thử lại sau" in r.get_data(as_text=True)
    assert _login(client, "nguoikhac", PASSWORD, address="198.51.100.21").status_code == 302


def _wrong_password_in_process(data_dir: str, barrier, out: str) -> None:
    """In a worker process of its own: wait for the others, then try a wrong password once."""
    accounts = Accounts(Store(data_dir))
    barrier.wait(60)
    try:
        result = "sai" if accounts.authenticate("bientap", "sai-mat-khau", "203.0.113.77") is None else "vao"
    except Throttled:
        result = "cho"
    Path(out).write_text(result, encoding="utf-8")


def test_wrong_passwords_tried_at_once_never_pass_the_limit(app, data_dir):
    """Eight processes guessing at the same moment get five password checks between them, no more."""
    AuthActions(app, app.test_client()).create()
    results = sorted(run_at_once(_wrong_password_in_process, [(str(data_dir),)] * 8, data_dir.parent / "guesses"))
    assert results == ["cho"] * 3 + ["sai"] * 5


def test_four_failures_then_right_password_logs_in_and_resets(app, client, data_dir):
    AuthActions(app, client).create()
    for _ in range(4):
        _login(client, "bientap", "sai-mat-khau")
    r = _login(client, "bientap", PASSWORD)
    assert r.status_code == 302
    assert _logged_in(client)
    client.post("/dang-xuat", data={"csrf_token": csrf_from(client.get("/quan-tri/").get_data(as_text=True))})
    # The counter was reset by the success: four more failures still do not lock the account.
    for _ in range(4):
        assert _login(client, "bientap", "sai-mat-khau").status_code == 200
    assert _login(client, "bientap", PASSWORD).status_code == 302


# ---------------------------------------------------------------- session cookie
def test_session_cookie_flags(app, client):
    AuthActions(app, client).create()
    r = _login(client, "bientap", PASSWORD)
    assert r.status_code == 302
    cookies = [c for c in r.headers.getlist("Set-Cookie") if c.startswith("trangxa_session=")]
    assert cookies, r.headers
    flags = [part.strip().lower() for part in cookies[-1].split(";")]
    assert "httponly" in flags
    assert "samesite=lax" in flags


def test_session_cookie_is_secure_over_https(app):
    client = app.test_client()
    AuthActions(app, client).create()
    token = csrf_from(client.get("/dang-nhap", base_url="https://localhost").get_data(as_text=True))
    # Over HTTPS Flask-WTF also checks that the Referer is this site.
    r = client.post("/dang-nhap", base_url="https://localhost", headers={"Referer": "https://localhost/dang-nhap"},
                    data={"username": "bientap", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    cookie = [c for c in r.headers.getlist("Set-Cookie") if c.startswith("trangxa_session=")][-1]
    assert "secure" in [p.strip().lower() for p in cookie.split(";")]


# ---------------------------------------------------------------- accounts
def test_cli_create_user_creates_an_account_that_can_log_in(app, runner, client, data_dir):
    result = runner.invoke(args=["create-user", "nguoimoi"], input="mat-khau-moi-123\n")
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản 'nguoimoi'" in result.output
    stored = Accounts(Store(data_dir)).by_username("nguoimoi")
    assert stored is not None
    assert "mat-khau-moi-123" not in (data_dir / "accounts.json").read_text(encoding="utf-8")
    r = _login(client, "nguoimoi", "mat-khau-moi-123")
    assert r.status_code == 302
    assert _logged_in(client)


def test_cli_create_user_refuses_a_short_password(runner, data_dir):
    result = runner.invoke(args=["create-user", "nguoimoi"], input="ngan\n")
    assert result.exit_code == 1
    assert "Lỗi:" in result.output
    assert Accounts(Store(data_dir)).by_username("nguoimoi") is None


def test_cli_create_user_refuses_a_taken_name(auth, runner):
    result = runner.invoke(args=["create-user", "bientap"], input="mat-khau-moi-123\n")
    assert result.exit_code == 1
    assert "Tên đăng nhập đã có người dùng." in result.output


def test_fresh_data_folder_has_no_account_and_no_default_password(client, data_dir):
    assert not Accounts(Store(data_dir)).has_users()
    page = client.get("/dang-nhap").get_data(as_text=True)
    assert "Trang chưa có tài khoản quản trị" in page
    for username, password in [("admin", "admin"), ("admin", "admin123"), ("quantri", "quantri")]:
        r = _login(client, username, password)
        assert r.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)
    assert not _logged_in(client)
    assert not Accounts(Store(data_dir)).has_users()


def test_setup_link_creates_the_first_admin_once(app, client, data_dir):
    token = app.extensions["trangxa"].accounts.new_setup_token()
    url = f"/thiet-lap/{token}"
    r = client.get(url)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Tạo tài khoản quản trị đầu tiên" in page
    r = client.post(url, data={"csrf_token": csrf_from(page), "display_name": "Nguyễn Văn Quản",
                               "username": "quantri", "password": "mat-khau-quan-tri", "confirm": "mat-khau-quan-tri"})
    assert r.status_code == 302
    assert urlsplit(r.headers["Location"]).path == "/quan-tri/thiet-lap-trang"  # on to the site's setup
    assert _logged_in(client)
    user = Accounts(Store(data_dir)).by_username("quantri")
    assert user is not None and user["role"] == "admin" and user["display_name"] == "Nguyễn Văn Quản"
    # The link is spent: a second visit (or a second post) finds nothing.
    assert client.get(url).status_code == 404
    other = app.test_client()
    assert other.get(url).status_code == 404
    other_token = csrf_from(other.get("/dang-nhap").get_data(as_text=True))
    assert other.post(url, data={"csrf_token": other_token, "username": "khac", "password": "mat-khau-khac-1",
                                 "confirm": "mat-khau-khac-1", "display_name": "Khác"}).status_code == 404
    assert [u["username"] for u in Accounts(Store(data_dir)).users()] == ["quantri"]
    # The new admin can log in again with the chosen password.
    fresh = app.test_client()
    assert _login(fresh, "quantri", "mat-khau-quan-tri").status_code == 302


def test_setup_link_form_errors_keep_the_link_alive(app, client, data_dir):
    token = app.extensions["trangxa"].accounts.new_setup_token()
    url = f"/thiet-lap/{token}"
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": csrf_from(page), "display_name": "A", "username": "quantri",
                               "password": "mat-khau-1", "confirm": "mat-khau-2"})
    assert r.status_code == 200
    assert "Hai lần nhập mật khẩu không khớp." in r.get_data(as_text=True)
    assert not Accounts(Store(data_dir)).has_users()
    assert client.get(url).status_code == 200


def test_wrong_setup_token_is_404(app, client):
    app.extensions["trangxa"].accounts.new_setup_token()
    r = client.get("/thiet-lap/khong-dung-ma-nay")
    assert r.status_code == 404
    assert "Không tìm thấy" in r.get_data(as_text=True)
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    r = client.post("/thiet-lap/khong-dung-ma-nay", data={"csrf_token": token, "display_name": "X", "username": "xxxx",
                                                          "password": "mat-khau-xxxx", "confirm": "mat-khau-xxxx"})
    assert r.status_code == 404
    assert not app.extensions["trangxa"].accounts.has_users()


def test_setup_link_is_dead_once_an_account_exists(app, client, auth):
    token = app.extensions["trangxa"].accounts.new_setup_token()
    assert app.test_client().get(f"/thiet-lap/{token}").status_code == 404


def test_change_password(app, client, auth, data_dir):
    other = app.test_client()  # a second session of the same account, on another computer
    assert _login(other, "bientap", PASSWORD).status_code == 302
    page = client.get("/doi-mat-khau").get_data(as_text=True)
    r = client.post("/doi-mat-khau", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                           "new_password": "mat-khau-moi-456", "confirm": "mat-khau-moi-456"})
    assert r.status_code == 302
    assert urlsplit(r.headers["Location"]).path == "/quan-tri/"
    # This session stays logged in; the other one is ended.
    assert _logged_in(client)
    assert not _logged_in(other)
    auth.logout()
    r = _login(client, "bientap", PASSWORD)
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)
    assert not _logged_in(client)
    assert _login(client, "bientap", "mat-khau-moi-456").status_code == 302
    assert _logged_in(client)


def test_change_password_with_wrong_current_password_is_refused(client, auth):
    page = client.get("/doi-mat-khau").get_data(as_text=True)
    r = client.post("/doi-mat-khau", data={"csrf_token": csrf_from(page), "current_password": "khong-dung-dau",
                                           "new_password": "mat-khau-moi-456", "confirm": "mat-khau-moi-456"})
    assert r.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in r.get_data(as_text=True)
    auth.logout()
    assert _login(client, "bientap", "mat-khau-moi-456").status_code == 200
    assert _login(client, "bientap", PASSWORD).status_code == 302


def test_change_password_mismatch_and_short(client, auth):
    page = client.get("/doi-mat-khau").get_data(as_text=True)
    r = client.post("/doi-mat-khau", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                           "new_password": "ngan", "confirm": "khac"})
    html = r.get_data(as_text=True)
    assert "Mật khẩu mới phải có từ 8 đến 200 ký tự." in html
    assert "Hai lần nhập mật khẩu mới không khớp." in html


def test_proxy_headers_are_trusted_only_when_configured(data_dir):
    """Behind a proxy (PROXY_COUNT=1) citizens are told apart by X-Forwarded-For; without it the header is ignored."""
    def login_attempts(app, forwarded: list[str]) -> list[int]:
        client = app.test_client()
        codes = []
        for ip in forwarded:
            token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
            r = client.post("/dang-nhap",
                            data={"username": "khach", "password": "sai-mat-khau", "csrf_token": token},
                            headers={"X-Forwarded-For": ip, "X-Forwarded-Proto": "https"})
            codes.append(r.status_code)
        return codes

    trusting = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True, "PROXY_COUNT": 1})
    # Six different citizens behind one proxy: nobody is throttled for the others' mistakes.
    assert 429 not in login_attempts(trusting, [f"203.0.113.{i}" for i in range(6)])
    r = trusting.test_client().get("/dang-nhap", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in r.headers.get("Set-Cookie", "")  # TLS ended at the proxy: the cookie is still Secure

    other = data_dir.parent / "khac"
    other.mkdir()
    naive = create_app({"DATA_DIR": str(other), "SEED_DEMO": False, "TESTING": True})
    # Without the setting a forged header changes nothing: all six come from one address.
    assert login_attempts(naive, [f"203.0.113.{i}" for i in range(6)])[-1] == 429
