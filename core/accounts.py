"""Editor accounts and their roles, login throttling, two-step codes (TOTP) and the first-run setup link."""
from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
from datetime import datetime

from tinydb.table import Document
from werkzeug.security import check_password_hash, generate_password_hash

from . import timeutil
from .errors import ValidationError
from .secretbox import SecretBox, is_sealed
from .security import Limiter, address_key
from .store import Store

ACCOUNTS_FILE = "accounts.json"
LOCK = "accounts"
THROTTLE_FILE = "login_limits.json"  # failures by account and address, as salted hashes (core.security)
THROTTLE_LOCK = "login_limits"
MAX_FAILURES = 5  # of one account from one address: then that pair waits
ADDRESS_FAILURES = 20  # from one address, whatever the accounts (one office behind one address keeps working)
BASE_WAIT = 30  # seconds after the 5th failure, doubled at each further failure
MAX_WAIT = 3600
MIN_PASSWORD = 8
SETUP_TOKEN_SECONDS = 7 * 24 * 3600
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

ROLE_ADMIN = "admin"
ROLE_EDITOR = "editor"
ROLE_CONTRIBUTOR = "contributor"
ROLE_VIEWER = "viewer"  # the province console's department staff: they look, change nothing
# Highest first: the order of the role select. A commune's roles; the province console has its own set.
ROLES = {ROLE_ADMIN: "Quản trị", ROLE_EDITOR: "Biên tập", ROLE_CONTRIBUTOR: "Cộng tác viên"}
CONSOLE_ROLES = {ROLE_ADMIN: "Quản trị tỉnh", ROLE_VIEWER: "Theo dõi"}
ROLE_RANK = {ROLE_VIEWER: 0, ROLE_CONTRIBUTOR: 1, ROLE_EDITOR: 2, ROLE_ADMIN: 3}
ROLE_HELP = {
    ROLE_ADMIN: "Quản lý tài khoản, cài đặt, sao lưu, nhật ký và mọi nội dung.",
    ROLE_EDITOR: "Sửa và đăng mọi nội dung, duyệt bài của cộng tác viên.",
    ROLE_CONTRIBUTOR: "Viết tin bài và gửi duyệt; không tự đăng được.",
}
TOTP_DIGITS = 6
TOTP_INTERVAL = 30
TOTP_WINDOW = 1  # codes of the step before and after are accepted too (clocks drift)
LAST_ADMIN_MESSAGE = "Không thể thực hiện: đây là tài khoản quản trị cuối cùng còn hoạt động."
SETUP_SPENT_MESSAGE = "Liên kết thiết lập không hợp lệ hoặc đã được sử dụng."


def role_of(user: dict | None, roles: dict[str, str] = ROLES) -> str:
    """Return the role of an account record among ``roles``; accounts from before roles existed are admins."""
    role = (user or {}).get("role")
    if role is None:
        return ROLE_ADMIN
    return role if role in roles else min(roles, key=ROLE_RANK.__getitem__)  # unknown: the least rights


def has_role(user: dict | None, minimum: str) -> bool:
    """Return whether ``user``'s role is at least ``minimum``."""
    return ROLE_RANK[role_of(user)] >= ROLE_RANK[minimum]


class Throttled(Exception):
    """Too many failed logins: ``until`` is the epoch second when trying is allowed again."""

    def __init__(self, until: float):
        self.until = until
        super().__init__(until)

    def message(self) -> str:
        """Return the Vietnamese message saying when to retry."""
        wait = max(1, math.ceil((self.until - timeutil.now().timestamp()) / 60))
        at = datetime.fromtimestamp(self.until, timeutil.TZ)
        return (f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} phút "
                f"(lúc {at.strftime('%H:%M')}).")


class TotpUnreadable(Exception):
    """The account's two-step secret was sealed under another secret key (data restored without data/secret_key)."""

    message = ("Không đọc được khóa xác thực hai bước của tài khoản này: dữ liệu đã được khôi phục mà không kèm "
               "tệp secret_key. Hãy nhờ quản trị viên tắt xác thực hai bước của tài khoản (hoặc dùng lệnh "
               "flask --app app disable-totp TÊN-ĐĂNG-NHẬP), rồi bật lại.")


class AccountDisabled(Exception):
    """The password is right but an administrator has disabled the account."""

    message = "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị trang."


class Accounts:
    """User records with werkzeug password hashes, stored in accounts.json; ``roles`` are those they may have
    (a commune's ROLES, or the province console's CONSOLE_ROLES)."""

    def __init__(self, store: Store, roles: dict[str, str] = ROLES):
        self.store = store
        self.roles = roles
        self.throttle = Limiter(store, "login", file=THROTTLE_FILE, lock=THROTTLE_LOCK)

    def _data(self) -> dict:
        return self.store.read(ACCOUNTS_FILE)

    def users(self) -> list[dict]:
        """Return every account (with ids and roles), oldest first."""
        users = sorted(self._data().get("users", {}).items(), key=lambda kv: int(kv[0]))
        return [_account(u, k, self.roles) for k, u in users]

    def has_users(self) -> bool:
        """Return whether at least one account exists."""
        return bool(self._data().get("users"))

    def get(self, user_id: int | str) -> dict | None:
        """Return the account with ``user_id`` or None."""
        doc = self._data().get("users", {}).get(str(user_id))
        return _account(doc, user_id, self.roles) if doc else None

    def by_username(self, username: str) -> dict | None:
        """Return the account named ``username`` (case-insensitive) or None."""
        wanted = (username or "").strip().lower()
        for u in self.users():
            if u["username"] == wanted:
                return u
        return None

    @staticmethod
    def check_new_password(password: str) -> str | None:
        """Return a Vietnamese message if ``password`` is too weak, else None."""
        if len(password or "") < MIN_PASSWORD:
            return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
        if len(password) > 200:
            return "Mật khẩu quá dài (tối đa 200 ký tự)."
        return None

    def create_user(self, username: str, password: str, display_name: str = "", role: str = ROLE_ADMIN) -> dict:
        """Create an account; raise ValidationError on a bad name, a taken name, a weak password or a bad role."""
        doc = self._new_account(username, password, display_name, role)
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            uid = _insert_account(db.table("users"), doc)
        return dict(doc, id=uid)

    def _new_account(self, username: str, password: str, display_name: str, role: str) -> dict:
        """Return the record of a new account (its password hashed, outside any lock), or raise ValidationError."""
        username = (username or "").strip().lower()
        errors = {}
        if role not in self.roles:
            errors["role"] = "Vai trò không hợp lệ."
        if not USERNAME_RE.match(username):
            errors["username"] = "Tên đăng nhập gồm 2–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang."
        elif self.by_username(username):
            errors["username"] = "Tên đăng nhập đã có người dùng."
        problem = self.check_new_password(password)
        if problem:
            errors["password"] = problem
        if errors:
            raise ValidationError(errors)
        return {
            "username": username,
            "display_name": (display_name or username).strip()[:120],
            "password_hash": generate_password_hash(password),
            "role": role,
            "created_at": timeutil.now_iso(),
            "session_version": 1,
        }

    def set_password(self, user_id: int, password: str) -> None:
        """Replace an account's password (and end its other sessions)."""
        problem = self.check_new_password(password)
        if problem:
            raise ValidationError({"new_password": problem})
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is None:
                raise ValidationError({"new_password": "Tài khoản không tồn tại."})
            table.update({"password_hash": generate_password_hash(password),
                          "session_version": _next_version(doc)}, doc_ids=[int(user_id)])

    def end_sessions(self, user_id: int) -> None:
        """End every session of an account (logout): a session of an older version is refused on its next request."""
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is not None:
                table.update({"session_version": _next_version(doc)}, doc_ids=[int(user_id)])

    # ------------------------------------------------------------ roles
    def display_names(self) -> dict[str, str]:
        """Return username -> display name for every account."""
        return {u["username"]: u.get("display_name") or u["username"] for u in self.users()}

    def _active_admins(self, table) -> list[int]:
        return [d.doc_id for d in table.all()
                if role_of(d, self.roles) == ROLE_ADMIN and not d.get("disabled")]

    def set_role(self, user_id: int, role: str) -> str:
        """Give an account another role and return the old one; the last active admin stays admin."""
        if role not in self.roles:
            raise ValidationError({"role": "Vai trò không hợp lệ."})
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is None:
                raise ValidationError({"role": "Tài khoản không tồn tại."})
            old = role_of(doc, self.roles)
            if old == role:
                return old
            if old == ROLE_ADMIN and self._active_admins(table) == [int(user_id)]:
                raise ValidationError({"role": LAST_ADMIN_MESSAGE})
            # A new role ends the account's sessions: it logs in again with its new rights.
            table.update({"role": role, "session_version": _next_version(doc)}, doc_ids=[int(user_id)])
        return old

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        """Disable (ending its sessions) or enable an account; the last active admin cannot be disabled."""
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is None:
                raise ValidationError({"disabled": "Tài khoản không tồn tại."})
            if bool(doc.get("disabled")) == bool(disabled):
                return
            if disabled and self._active_admins(table) == [int(user_id)]:
                raise ValidationError({"disabled": LAST_ADMIN_MESSAGE})
            table.update({"disabled": bool(disabled), "session_version": _next_version(doc)},
                         doc_ids=[int(user_id)])

    # ------------------------------------------------------------ two-step login (TOTP)
    @staticmethod
    def new_totp_secret() -> str:
        """Return a new random base32 secret for an authenticator app."""
        import pyotp

        return pyotp.random_base32()

    @staticmethod
    def totp_uri(secret: str, username: str, issuer: str) -> str:
        """Return the otpauth:// address an authenticator app reads from the QR code."""
        import pyotp

        return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL).provisioning_uri(
            name=username, issuer_name=issuer or "TrangXa")

    @staticmethod
    def totp_step(secret: str, code: str, at: float | None = None) -> int | None:
        """Return the time step whose code is ``code`` (within the drift window), or None."""
        import pyotp

        code = re.sub(r"\s+", "", code or "")
        if not (len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()):
            return None
        totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
        now = time.time() if at is None else at
        step = int(now) // TOTP_INTERVAL  # the step pyotp's at() counts from
        found = None
        for offset in range(-TOTP_WINDOW, TOTP_WINDOW + 1):
            # Every candidate is compared (no early exit) so timing says nothing about which matched.
            if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
                found = step + offset
        return found

    def enable_totp(self, user_id: int, secret: str, code: str) -> bool:
        """Turn on two-step login with ``secret`` once ``code`` proves the app has it; return success.

        Every session opened with the password alone ends (the caller re-issues its own).
        """
        step = self.totp_step(secret, code)
        if step is None:
            return False
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is None:
                return False
            table.update({"totp_secret": self._totp_box().seal(secret, _totp_context(user_id)),
                          "totp_last_step": step, "totp_enabled_at": timeutil.now_iso(),
                          "session_version": _next_version(doc)}, doc_ids=[int(user_id)])
        return True

    def disable_totp(self, user_id: int) -> None:
        """Turn off two-step login for an account (a lost phone), ending its sessions."""
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            doc = table.get(doc_id=int(user_id))
            if doc is None or not doc.get("totp_secret"):
                return

            def drop(d: dict) -> None:
                for key in ("totp_secret", "totp_last_step", "totp_enabled_at"):
                    d.pop(key, None)
                d["session_version"] = _next_version(d)

            table.update(drop, doc_ids=[int(user_id)])

    def verify_totp(self, user_id: int, code: str, address: str) -> bool:
        """Check the second-step code of an account, throttled like the password.

        A code is used once: a step already accepted (or older) is refused, so a
        code seen over someone's shoulder cannot be replayed. Raises TotpUnreadable when the
        secret was sealed under another secret key.
        """
        user = self.get(user_id)
        if user is None or not user.get("totp_secret"):
            return False
        secret = self._open_totp(user)
        keys = self._attempt(user["username"], address)
        step = self.totp_step(secret, code)
        if step is not None:
            with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
                table = db.table("users")
                doc = table.get(doc_id=int(user_id))
                if doc is not None and step > int(doc.get("totp_last_step", -1)):
                    table.update({"totp_last_step": step}, doc_ids=[int(user_id)])
                else:
                    step = None
        if step is None:
            return False  # counted as a failure by _attempt
        self._succeeded(keys)
        return True

    def _totp_box(self) -> SecretBox:
        """Return the box two-step secrets are sealed in: its key is derived from data/secret_key."""
        return SecretBox(self.store.secret(), "totp")

    def _open_totp(self, user: dict) -> str:
        """Return an account's two-step secret in clear; raise TotpUnreadable when another key sealed it."""
        value = user["totp_secret"]
        if not is_sealed(value):
            self.seal_totp_secrets()  # stored in clear by an older version (or an old backup restored)
            return value
        secret = self._totp_box().open(value, _totp_context(user["id"]))
        if secret is None:
            raise TotpUnreadable()
        return secret

    def seal_totp_secrets(self) -> int:
        """Seal the two-step secrets older versions stored in clear, and drop the backups that hold them.

        Return how many were sealed (run when the site opens, and on reading one in clear).
        """
        if not any(u.get("totp_secret") and not is_sealed(u["totp_secret"]) for u in self.users()):
            return 0
        box = self._totp_box()
        sealed = 0
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            table = db.table("users")
            for doc in table.all():
                value = doc.get("totp_secret")
                if value and not is_sealed(value):
                    table.update({"totp_secret": box.seal(value, _totp_context(doc.doc_id))}, doc_ids=[doc.doc_id])
                    sealed += 1
        if sealed:
            self.store.drop_backups(ACCOUNTS_FILE, lock_name=LOCK)
        return sealed

    # ------------------------------------------------------------ login
    def check_throttle(self, username: str, address: str) -> None:
        """Raise Throttled when logins to ``username`` from ``address`` must still wait (see _throttle_keys)."""
        until = self.throttle.wait_until(_throttle_keys(username, address))
        if until > timeutil.now().timestamp():
            raise Throttled(until)

    def authenticate(self, username: str, password: str, address: str) -> dict | None:
        """Return the account when the password is right; record failures and throttle.

        Raises Throttled before checking anything while a wait is running, and
        AccountDisabled for the right password of a disabled account.
        """
        self._drop_old_throttle()
        keys = self._attempt(username, address)
        user = self.by_username(username)
        if user and check_password_hash(user["password_hash"], password or ""):
            self._succeeded(keys)
            if user.get("disabled"):
                raise AccountDisabled()
            return user
        if not user:
            # Spend the same time as a real check so names cannot be probed by timing.
            check_password_hash(_DUMMY_HASH, password or "")
        return None  # counted as a failure by _attempt

    def confirm_password(self, user_id: int, password: str, address: str) -> bool:
        """Return whether ``password`` is the account's own, asked again before a sensitive change.

        Throttled like the login (it raises Throttled while a wait is running), so a session
        left open cannot be used to guess the password.
        """
        user = self.get(user_id)
        if user is None:
            return False
        try:
            return self.authenticate(user["username"], password, address) is not None
        except AccountDisabled:
            return False

    def _attempt(self, username: str, address: str) -> dict[str, int]:
        """Count a login attempt as failed until it succeeds, or raise Throttled; return its throttle keys.

        Counted before the password is checked, in one locked write: attempts made at once
        never get more than the allowed number of checks between them.
        """
        keys = _throttle_keys(username, address)
        until = self.throttle.attempt(keys, wait=BASE_WAIT, longest=MAX_WAIT)
        if until:
            raise Throttled(until)
        return keys

    def _succeeded(self, keys: dict[str, int]) -> None:
        """Clear the failures of the account from this address; the address gets back the attempt it used."""
        pair, address = keys  # in the order of _throttle_keys
        self.throttle.release([address], forget=[pair])

    def _drop_old_throttle(self) -> None:
        # Before core.security, failures were kept in accounts.json under unsalted hashes: drop
        # them once (a wait running at the upgrade ends). Not before the first account: the file
        # would be left empty, which the store refuses to write.
        data = self._data()
        if "throttle" in data and data.get("users"):
            with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
                db.drop_table("throttle")

    # ------------------------------------------------------------ setup link
    def new_setup_token(self) -> str:
        """Create (replacing any other) the one-time token for the first-run setup link."""
        token = secrets.token_urlsafe(24)
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            db.table("setup").upsert(Document(
                {"token_hash": _sha(token), "created": time.time()}, doc_id=1))
        return token

    def setup_token_valid(self, token: str) -> bool:
        """Return whether ``token`` is the live setup token and no account exists yet."""
        data = self._data()
        return not data.get("users") and _live_setup_token(data.get("setup", {}).get("1"), token)

    def use_setup_token(self, token: str, username: str, password: str, display_name: str) -> dict:
        """Create the first admin account with the setup token, which then stops working.

        The token is checked and spent under the accounts lock, in the same write as the
        account: of several people posting the link at once, one gets the account.
        """
        if not self.setup_token_valid(token):
            raise ValidationError({"token": SETUP_SPENT_MESSAGE})
        doc = self._new_account(username, password, display_name, ROLE_ADMIN)
        with self.store.transaction(ACCOUNTS_FILE, lock_name=LOCK) as db:
            users = db.table("users")
            if len(users) or not _live_setup_token(db.table("setup").get(doc_id=1), token):
                raise ValidationError({"token": SETUP_SPENT_MESSAGE})
            uid = _insert_account(users, doc)
            db.table("setup").truncate()
        return dict(doc, id=uid)


def _account(doc: dict, user_id: int | str, roles: dict[str, str]) -> dict:
    """Return a stored account with its id and its role (migrated on read: no role means admin)."""
    return dict(doc, id=int(user_id), role=role_of(doc, roles))


def _insert_account(table, doc: dict) -> int:
    """Store a new account record in the users table (the caller holds the lock); refuse a taken name."""
    if any(u["username"] == doc["username"] for u in table.all()):
        raise ValidationError({"username": "Tên đăng nhập đã có người dùng."})
    return table.insert(doc)


def _live_setup_token(doc: dict | None, token: str) -> bool:
    """Return whether the stored setup token ``doc`` is ``token`` and has not expired."""
    return bool(doc) and bool(token) and secrets.compare_digest(doc["token_hash"], _sha(token)) \
        and time.time() - doc.get("created", 0) < SETUP_TOKEN_SECONDS


def _totp_context(user_id: int | str) -> str:
    """Return what an account's sealed two-step secret is bound to: that account, so it cannot be moved."""
    return f"totp|{int(user_id)}"


def _next_version(doc: dict) -> int:
    """Return the session version that ends every session of ``doc`` opened so far."""
    return int(doc.get("session_version", 1)) + 1


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _throttle_keys(username: str, address: str) -> dict[str, int]:
    """Return what a login attempt is counted under, with the failures each allows before a wait.

    The account with the address (not the account alone: failures from elsewhere must not lock
    its owner out), and the address itself (address_key), for a guesser trying many names.
    """
    where = address_key(address)
    return {f"p:{(username or '').strip().lower()}|{where}": MAX_FAILURES, f"a:{where}": ADDRESS_FAILURES}


_DUMMY_HASH = generate_password_hash("not-a-real-password")
