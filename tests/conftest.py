"""Shared fixtures: the real app on a real data folder in tmp_path, a client, an auth helper; page helpers."""
from __future__ import annotations

import html as htmllib
import multiprocessing
import os
import random
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from core import timeutil  # noqa: E402
from core.store import Store  # noqa: E402

PASSWORD = "mat-khau-thu-nghiem"
_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


_ARG = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def fill_rule(rule: str) -> str:
    """Return a concrete URL for a rule: int arguments become 1, any(...) its first choice, other strings "len"."""
    def value(m: re.Match) -> str:
        if m.group(1) == "int":
            return "1"
        if m.group(1) == "any":
            return m.group(2).split(",")[0].strip().strip("'\"")
        return "len"
    return _ARG.sub(value, rule)


OUR_SCRIPT = re.compile(r'<script src="(?:/[\w-]+)*/static/js/site\.js\?v=\d+"></script>')


def foreign_scripts(html: str) -> list[str]:
    """Return every <script> tag of a page except our own site.js (no inline script, nothing else)."""
    return re.findall(r"<script\b[^>]*>", OUR_SCRIPT.sub("", html), re.I)


def unmarked(html: str) -> str:
    """Return a page without the <mark> tags that highlight matched words on search results."""
    return re.sub(r"</?mark>", "", html)


def csrf_from(html: str) -> str:
    """Return the first CSRF token found in a page."""
    match = _TOKEN.search(html)
    assert match, "no csrf_token in page"
    return match.group(1)


def text(response) -> str:
    """Return a response's body as sent (HTML entities left as they are)."""
    return response.get_data(as_text=True)


def unescaped(response) -> str:
    """Return a response's body with its HTML entities decoded."""
    return htmllib.unescape(response.get_data(as_text=True))


def field_error(html: str, field: str) -> str | None:
    """Return the error text shown next to form field ``field`` (its ``<id>-loi`` paragraph), or None."""
    m = re.search(rf'<p class="field__error" id="{re.escape(field)}-loi" role="alert">(.*?)</p>', html, re.S)
    return htmllib.unescape(m.group(1)) if m else None


def field_errors_of(response) -> list[str]:
    """Return every field error message of a page, as sent."""
    return re.findall(r'class="field__error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)


def post_button(client, action: str, page: str = "/quan-tri/"):
    """Press a small POST button: post to ``action`` with the CSRF token of ``page``."""
    return client.post(action, data={"csrf_token": csrf_from(client.get(page).get_data(as_text=True))})


def fresh(service: type, data_dir: Path | str):
    """Return ``service`` built on a new Store of ``data_dir``: it reads the files from scratch (no app caches)."""
    return service(Store(data_dir))


def uploads(data_dir: Path) -> list[str]:
    """Return the names of the files in the uploads folder, sorted."""
    folder = data_dir / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ------------------------------------------------------------------ the clock
@contextmanager
def frozen_clock() -> Iterator[Callable[..., datetime]]:
    """Yield ``set_now(datetime)`` or ``set_now(y, m, d, H, M)`` (local time) for timeutil.now(); restore on exit."""
    saved = timeutil._now_override

    def set_now(*when) -> datetime:
        at = when[0] if len(when) == 1 and isinstance(when[0], datetime) else datetime(*when, tzinfo=timeutil.TZ)
        timeutil._now_override = at
        return at

    try:
        yield set_now
    finally:
        timeutil._now_override = saved


@pytest.fixture
def set_now() -> Iterator[Callable[..., datetime]]:
    """Return ``set_now(...)`` of frozen_clock(): the clock stops where a test puts it, for that test only."""
    with frozen_clock() as setter:
        yield setter


# ------------------------------------------------------------------ randomness
@pytest.fixture
def rng() -> random.Random:
    """Return a seeded Random; the seed is printed (shown on failure), and TRANGXA_TEST_SEED=<seed> repeats it."""
    seed = int(os.environ.get("TRANGXA_TEST_SEED") or random.SystemRandom().randrange(2**32))
    print(f"random seed {seed}: TRANGXA_TEST_SEED={seed} repeats this run")
    return random.Random(seed)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Return an empty data folder."""
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    """Return the (not yet made) SITES_DIR of a province: one folder per commune."""
    return tmp_path / "cac-xa"


@pytest.fixture
def app(data_dir: Path):
    """Return the app on an empty data folder with a minimal site (settings, two sections)."""
    application = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True,
                              "COUNTER_MERGE_SECONDS": 0.0})
    content = application.extensions["trangxa"].content
    content.save_settings({"commune_name": "Dương Quang", "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG",
                           "site_title": "Trang thông tin điện tử xã Dương Quang"})
    news = content.save_section({"name": "Tin tức – Sự kiện"})
    content.save_section({"name": "Hoạt động của xã", "parent_id": news["id"]})
    content.save_section({"name": "Chuyển đổi số"})
    content.save_section({"name": "Giới thiệu", "kind": "pages"})
    return application


@pytest.fixture
def demo_app(data_dir: Path):
    """Return the app seeded with the demo commune (as on a first start)."""
    return create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})


@pytest.fixture
def client(app):
    """Return a test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner of ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def content(app):
    """Return the app's Content service."""
    return app.extensions["trangxa"].content


def section_id(content, name: str) -> int:
    """Return the id of the section called ``name``."""
    return next(s["id"] for s in content.sections(include_hidden=True) if s["name"] == name)


class AuthActions:
    """Log in and out through the real forms (with their CSRF tokens)."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def create(self, username: str = "bientap", password: str = PASSWORD) -> dict:
        return self.app.extensions["trangxa"].accounts.create_user(username, password, "Biên Tập Viên")

    def login(self, username: str = "bientap", password: str = PASSWORD, next_url: str | None = None):
        url = "/dang-nhap" + (f"?next={next_url}" if next_url else "")
        token = csrf_from(self.client.get(url).get_data(as_text=True))
        return self.client.post(url, data={"username": username, "password": password, "csrf_token": token})

    def token(self, url: str = "/quan-tri/") -> str:
        return csrf_from(self.client.get(url).get_data(as_text=True))

    def logout(self):
        return self.client.post("/dang-xuat", data={"csrf_token": self.token()})


@pytest.fixture
def auth(app, client) -> AuthActions:
    """Return the auth helper with an account created and logged in."""
    actions = AuthActions(app, client)
    actions.create()
    response = actions.login()
    assert response.status_code == 302
    return actions


# ------------------------------------------------------------------ CI: nothing is skipped
def in_ci() -> bool:
    """Return whether the tests run in CI (the CI variable set, as .ci/run does)."""
    return os.environ.get("CI", "") not in ("", "0", "false")


def _fail_if_skipped_in_ci(report) -> None:
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, which CI does not allow: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``CI`` set, as .ci/run does), turn a skipped test into a failure: a missing tool must not pass."""
    report = yield
    _fail_if_skipped_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """In CI, turn a module skipped at import (pytest.importorskip, allow_module_level) into a failure, too."""
    report = yield
    _fail_if_skipped_in_ci(report)
    return report


def run_at_once(target: Callable, arg_lists: list[tuple], folder: Path, timeout: float = 180) -> list[str]:
    """Run ``target(*args, barrier, out)`` in one spawned process per entry of ``arg_lists``, all released by one
    barrier at the same moment; assert every process ended cleanly and return what each wrote to its ``out``."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(arg_lists))
    folder.mkdir(parents=True, exist_ok=True)
    outs = [folder / f"process-{n}.out" for n in range(len(arg_lists))]
    procs = [ctx.Process(target=target, args=(*args, barrier, str(out))) for args, out in zip(arg_lists, outs,
                                                                                               strict=True)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout)
        if p.is_alive():
            p.kill()
    assert [p.exitcode for p in procs] == [0] * len(procs), "a process died or hung"
    return [out.read_text(encoding="utf-8") for out in outs]

