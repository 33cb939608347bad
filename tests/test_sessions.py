"""Sessions end for real: a copied session cookie is refused after logout, a password change, turning on two-step
login, a role change, a lock or a reset, because each bumps the account's session version on the server."""
from __future__ import annotations

import binascii
import io
import json
import os
import re
import shutil
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest

from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, run_at_once
from core.accounts import Accounts, TotpUnreadable
from core.store import BackupError, Store, restore_backup, write_backup

COOKIE = "trangxa_session"


def login(app, username: str = "bientap", password: str = PASSWORD):
    """Return a new client logged in as ``username`` through the real form."""
    client = app.test_client()
    r = AuthActions(app, client).login(username, password)
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/"
    return client


def stolen(app, client):
    """Return another browser holding a copy of ``client``'s session cookie (what a thief or a replay keeps)."""
    copy = app.test_client()
    copy.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert opens_panel(copy)
    return copy


def opens_panel(client) -> bool:
    r = client.get("/quan-tri/")
    if r.status_code == 200:
        return True
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    return False


def post_form(client, url: str, data: dict, page: str | None = None):
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def accounts(app):
    return app.extensions["trangxa"].accounts


def test_cookie_replayed_after_logout_is_refused(app, client, auth):
    copy = stolen(app, client)
    elsewhere = login(app)  # the same account on another computer
    r = auth.logout()
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert not opens_panel(client)
    assert not opens_panel(copy)  # the copy of the cookie taken before the logout
    assert not opens_panel(elsewhere)  # logging out ends every session of the account
    assert opens_panel(login(app))  # logging in again works


def test_cookie_replayed_after_a_password_change_is_refused(app, client, auth):
    copy = stolen(app, client)
    r = post_form(client, "/doi-mat-khau", {"current_password": PASSWORD, "new_password": "mat-khau-moi-456",
                                            "confirm": "mat-khau-moi-456"})
    assert r.status_code == 302
    assert opens_panel(client)  # the session that changed it goes on
    assert not opens_panel(copy)


def test_cookie_replayed_after_turning_on_two_step_login_is_refused(app, client, auth, data_dir):
    copy = stolen(app, client)
    page = client.get("/quan-tri/xac-thuc-hai-buoc").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    r = client.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page),
                                                       "code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302
    assert Accounts(Store(data_dir)).by_username("bientap").get("totp_secret")
    assert opens_panel(client)
    assert not opens_panel(copy)  # a session opened with the password alone

    # Turning it off again (with the password) also ends the other sessions.
    copy = stolen(app, client)
    r = post_form(client, "/quan-tri/xac-thuc-hai-buoc", {"password": PASSWORD})
    assert r.status_code == 302 and not Accounts(Store(data_dir)).by_username("bientap").get("totp_secret")
    assert opens_panel(client)
    assert not opens_panel(copy)


@pytest.mark.parametrize("action, data", [
    ("vai-tro", {"role": "contributor"}),
    ("mat-khau", {"new_password": "mat-khau-dat-lai-1"}),
    ("khoa", {}),
])
def test_cookie_replayed_after_an_admin_changes_the_account_is_refused(app, client, auth, accounts, action, data):
    other = accounts.create_user("bientapvien", PASSWORD, role="editor")
    theirs = login(app, "bientapvien")
    copy = stolen(app, theirs)
    r = post_form(client, f"/quan-tri/tai-khoan/{other['id']}/{action}", data,
                  page=f"/quan-tri/tai-khoan/{other['id']}")
    assert r.status_code == 302
    assert not opens_panel(theirs)
    assert not opens_panel(copy)
    assert opens_panel(client)  # the admin's own session is untouched


def test_resetting_your_own_two_step_login_keeps_this_session_only(app, client, auth, accounts):
    me = accounts.by_username("bientap")
    secret = accounts.new_totp_secret()
    assert accounts.enable_totp(me["id"], secret, pyotp.TOTP(secret).now())
    assert not opens_panel(client)  # turned on from elsewhere: this password-only session ended
    browser = app.test_client()
    r = AuthActions(app, browser).login()
    assert urlsplit(r.headers["Location"]).path == "/dang-nhap/ma-xac-thuc"
    # The code of the next step: the current one was used to turn it on, and a used code is refused.
    r = post_form(browser, "/dang-nhap/ma-xac-thuc", {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert r.status_code == 302 and opens_panel(browser)
    copy = stolen(app, browser)
    r = post_form(browser, f"/quan-tri/tai-khoan/{me['id']}/tat-xac-thuc", {}, page=f"/quan-tri/tai-khoan/{me['id']}")
    assert r.status_code == 302 and not accounts.get(me["id"]).get("totp_secret")
    assert opens_panel(browser)
    assert not opens_panel(copy)


# ---------------------------------------------------------------- the setup link, used at once by several
def _post_setup_link(data_dir: str, token: str, n: int, barrier, out: str) -> None:
    """In a worker process of its own: open the setup link, wait for the others, then post it."""
    from app import create_app

    application = create_app({"DATA_DIR": data_dir, "SEED_DEMO": False, "TESTING": True})
    client = application.test_client()
    page = client.get(f"/thiet-lap/{token}")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "display_name": f"Quản trị {n}",
            "username": f"quantri{n}", "password": "mat-khau-quan-tri", "confirm": "mat-khau-quan-tri"}
    barrier.wait(60)
    r = client.post(f"/thiet-lap/{token}", data=data)
    Path(out).write_text(f"{r.status_code} {urlsplit(r.headers.get('Location', '')).path}", encoding="utf-8")


def test_a_setup_link_posted_by_four_processes_at_once_creates_one_admin(app, data_dir):
    token = app.extensions["trangxa"].accounts.new_setup_token()
    answers = sorted(run_at_once(_post_setup_link, [(str(data_dir), token, n) for n in range(4)],
                                 data_dir.parent / "setup-posts"))
    users = Accounts(Store(data_dir)).users()
    assert len(users) == 1 and users[0]["role"] == "admin", users
    # The one who got it is taken to the setup page; the others are sent to the login page, told the link was used.
    assert answers == ["302 /dang-nhap"] * 3 + ["302 /quan-tri/thiet-lap-trang"]
    assert app.test_client().get(f"/thiet-lap/{token}").status_code == 404


# ---------------------------------------------------------------- secrets at rest
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_accounts_and_the_secret_key_are_created_mode_600(app, data_dir, accounts):
    old_umask = os.umask(0o022)
    try:
        assert _mode(data_dir / "secret_key") == 0o600
        accounts.create_user("bientap", PASSWORD)
        assert _mode(data_dir / "accounts.json") == 0o600
        accounts.create_user("bientapvien", PASSWORD)  # a second write: the first version becomes .bak1
        assert _mode(data_dir / ".accounts.json.bak1") == 0o600
        assert _mode(data_dir / "site.json") == 0o644  # other files keep the usual mode
        # A restore unpacks the zip's files afresh: accounts.json is private again (the key is never restored).
        buf = io.BytesIO()
        write_backup(Store(data_dir), buf, include_secret=False)
        restore_backup(Store(data_dir), buf)
        assert _mode(data_dir / "accounts.json") == 0o600 and _mode(data_dir / "secret_key") == 0o600
    finally:
        os.umask(old_umask)


def _enable_totp_in_browser(client) -> str:
    page = client.get("/quan-tri/xac-thuc-hai-buoc").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    r = client.post("/quan-tri/xac-thuc-hai-buoc", data={"csrf_token": csrf_from(page),
                                                       "code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302
    return secret


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _usable_secrets(path: Path, secret: str) -> list[str]:
    """Return the strings of data file ``path`` that pyotp accepts as a secret giving ``secret``'s codes."""
    found = []
    for s in _strings(json.loads(path.read_text(encoding="utf-8"))):
        try:
            same = all(pyotp.TOTP(s).at(t) == pyotp.TOTP(secret).at(t) for t in (0, 10**9, time.time()))
        except (ValueError, TypeError, binascii.Error):
            continue
        if same:
            found.append(s)
    return found


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)  # the current one was used to turn it on


def test_accounts_json_holds_no_usable_two_step_secret(app, client, auth, data_dir):
    secret = _enable_totp_in_browser(client)
    raw = (data_dir / "accounts.json").read_text(encoding="utf-8")
    assert secret not in raw and secret.lower() not in raw
    assert _usable_secrets(data_dir / "accounts.json", secret) == []
    # With the key (data/secret_key) the site still checks codes, in any process.
    uid = Accounts(Store(data_dir)).by_username("bientap")["id"]
    assert Accounts(Store(data_dir)).verify_totp(uid, _next_code(secret), "203.0.113.5")


def test_a_backup_restored_without_the_secret_key_cannot_check_codes(app, client, auth, data_dir, tmp_path):
    secret = _enable_totp_in_browser(client)
    without, with_key = io.BytesIO(), io.BytesIO()
    write_backup(Store(data_dir), without, include_secret=False)
    write_backup(Store(data_dir), with_key, include_secret=True)

    elsewhere = tmp_path / "may-khac"
    elsewhere.mkdir()
    other = create_app({"DATA_DIR": str(elsewhere), "SEED_DEMO": False, "TESTING": True})  # its own secret_key
    restore_backup(Store(elsewhere), without)
    accounts = Accounts(Store(elsewhere))
    uid = accounts.by_username("bientap")["id"]
    with pytest.raises(TotpUnreadable):
        accounts.verify_totp(uid, _next_code(secret), "203.0.113.5")
    # Through the login form: the password is right, the right code is not enough, and the page says why.
    browser = other.test_client()
    assert urlsplit(AuthActions(other, browser).login().headers["Location"]).path == "/dang-nhap/ma-xac-thuc"
    r = post_form(browser, "/dang-nhap/ma-xac-thuc", {"code": _next_code(secret)})
    assert r.status_code == 200 and "không kèm tệp secret_key" in r.get_data(as_text=True)
    assert not opens_panel(browser)
    # The way back: an administrator turns it off from the command line; the password alone works again.
    result = other.test_cli_runner().invoke(args=["disable-totp", "bientap"])
    assert result.exit_code == 0, result.output
    assert opens_panel(login(other))

    # A restore never brings a key (a backup that carries one is refused); with the key copied by hand, as
    # README says for moving a site, the restored second factors work.
    again = tmp_path / "may-khac-2"
    again.mkdir()
    shutil.copy2(data_dir / "secret_key", again / "secret_key")
    create_app({"DATA_DIR": str(again), "SEED_DEMO": False, "TESTING": True})
    with pytest.raises(BackupError):
        restore_backup(Store(again), with_key)
    restore_backup(Store(again), without)
    assert Accounts(Store(again)).verify_totp(uid, _next_code(secret), "203.0.113.5")


def test_secrets_stored_in_clear_by_an_older_version_are_sealed_on_start(app, auth, data_dir, accounts):
    secret = accounts.new_totp_secret()
    uid = accounts.by_username("bientap")["id"]
    # What an older version wrote: the secret in clear, kept in the rotating backups too.
    with Store(data_dir).transaction("accounts.json", lock_name="accounts") as db:
        db.table("users").update({"totp_secret": secret, "totp_last_step": 0}, doc_ids=[uid])
    accounts.create_user("bientapvien", PASSWORD)
    assert secret in (data_dir / ".accounts.json.bak1").read_text(encoding="utf-8")

    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})  # the next start
    for path in [data_dir / "accounts.json", *data_dir.glob(".accounts.json.bak*")]:
        assert secret not in path.read_text(encoding="utf-8"), path
        assert _usable_secrets(path, secret) == []
    assert Accounts(Store(data_dir)).verify_totp(uid, pyotp.TOTP(secret).now(), "203.0.113.5")
