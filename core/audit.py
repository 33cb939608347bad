"""The audit log: who did what, when and from where, in one data file per month.

Entries are written through the store under their own lock ("audit"), so a
burst of logins never waits for an editor's save. A month with very many
entries (a bot hammering the login form) is split into numbered parts so a
single write never rewrites an unbounded file.
"""
from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any
from collections.abc import Iterator

from . import timeutil
from .store import Store, StoreError

AUDIT_DIR = "audit"
LOCK = "audit"
TABLE = "events"
MAX_PER_FILE = 5000
MAX_TEXT = 300

ACTIONS: dict[str, str] = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "login_code_failed": "Sai mã xác thực hai bước",
    "login_disabled": "Đăng nhập bằng tài khoản đã khóa",
    "logout": "Đăng xuất",
    "password_change": "Đổi mật khẩu",
    "totp_enable": "Bật xác thực hai bước",
    "totp_disable": "Tắt xác thực hai bước",
    "account_create": "Tạo tài khoản",
    "role_change": "Đổi vai trò",
    "account_disable": "Khóa tài khoản",
    "account_enable": "Mở khóa tài khoản",
    "password_reset": "Đặt lại mật khẩu",
    "account_totp_reset": "Tắt xác thực hai bước của tài khoản khác",
    "article_submit": "Gửi duyệt tin bài",
    "article_approve": "Duyệt và đăng tin bài",
    "article_return": "Trả lại tin bài",
    "backup_download": "Tải bản sao lưu",
    "restore": "Khôi phục dữ liệu",
    "site_setup": "Thiết lập trang",
    "demo_remove": "Xóa dữ liệu mẫu",
    "import": "Nhập dữ liệu từ trang cũ",
    "post": "Thao tác trong trang quản trị",
    "denied": "Bị từ chối (không đủ quyền)",
}

_PART = re.compile(r"^(\d{4}-\d{2})(?:-(\d{3}))?\.json$")

log = logging.getLogger(__name__)


def _part(name: str) -> tuple[str, int] | None:
    """Return (month, part number) of an audit file name, or None for another file."""
    m = _PART.match(name.rsplit("/", 1)[-1])
    return (m.group(1), int(m.group(2) or 1)) if m else None


def _file(month: str, part: int) -> str:
    return f"{AUDIT_DIR}/{month}.json" if part == 1 else f"{AUDIT_DIR}/{month}-{part:03d}.json"


def _short(value: Any) -> str:
    return str(value if value is not None else "").replace("\n", " ").strip()[:MAX_TEXT]


class Audit:
    """Append and query audit entries."""

    def __init__(self, store: Store):
        self.store = store

    def _files(self) -> list[tuple[str, int, str]]:
        """Return (month, part, name) of every audit file, oldest first."""
        out = []
        for name in self.store.list_files(AUDIT_DIR):
            part = _part(name)
            if part:
                out.append((part[0], part[1], name))
        return sorted(out)

    def record(self, action: str, user: str = "", address: str = "", endpoint: str = "",
               item: Any = None, detail: Any = None, ok: bool = True) -> dict | None:
        """Append one entry; return it, or None when the log could not be written (never raises)."""
        entry = {
            "at": timeutil.now_iso(),
            "user": _short(user),
            "action": action if action in ACTIONS else "post",
            "endpoint": _short(endpoint),
            "item": _short(item),
            "detail": _short(detail),
            "address": _short(address),
            "ok": bool(ok),
        }
        month = entry["at"][:7]
        try:
            with self.store.locked(LOCK):
                parts = [p for m, p, _ in self._files() if m == month]
                part = max(parts, default=1)
                if len(self.store.read(_file(month, part)).get(TABLE, {})) >= MAX_PER_FILE:
                    part += 1
                with self.store.transaction(_file(month, part), lock_name=LOCK) as db:
                    db.table(TABLE).insert(entry)
        except (StoreError, OSError):
            # The action itself already happened: a log that cannot be written must not undo it.
            log.exception("audit entry not written: %s", entry)
            return None
        return entry

    def _entries_newest_first(self, start: date | None, end: date | None) -> Iterator[dict]:
        lo = start.isoformat()[:7] if start else None
        hi = end.isoformat()[:7] if end else None
        for month, _, name in reversed(self._files()):
            if (lo and month < lo) or (hi and month > hi):
                continue
            events = self.store.read(name, cache=False).get(TABLE, {})
            for key in sorted(events, key=int, reverse=True):
                yield events[key]

    def query(self, user: str | None = None, action: str | None = None, start: date | None = None,
              end: date | None = None, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
        """Return one page of entries (newest first) matching the filters, and their total."""
        lo = start.isoformat() if start else None
        hi = end.isoformat() if end else None
        matched = []
        for e in self._entries_newest_first(start, end):
            day = e.get("at", "")[:10]
            if (lo and day < lo) or (hi and day > hi):
                continue
            if user and e.get("user") != user:
                continue
            if action and e.get("action") != action:
                continue
            matched.append(e)
        first = (page - 1) * per_page
        return matched[first:first + per_page], len(matched)

    def last(self, action: str) -> dict | None:
        """Return the newest entry of ``action`` that was done (``ok``), or None."""
        for e in self._entries_newest_first(None, None):
            if e.get("action") == action and e.get("ok", True):
                return e
        return None

    def users(self) -> list[str]:
        """Return every user name that appears in the log, sorted."""
        names = set()
        for _, _, name in self._files():
            names.update(e.get("user", "") for e in self.store.read(name, cache=False).get(TABLE, {}).values())
        names.discard("")
        return sorted(names)
