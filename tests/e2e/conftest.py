"""Browser fixtures: the demo site served by waitress on a free port, Debian's Chromium via Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from conftest import in_ci

CHROMIUM = os.environ.get("TRANGXA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if in_ci():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run must install it (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Serve the demo site with waitress on 127.0.0.1 and a free port; yield its base URL."""
    from waitress.server import create_server

    from app import create_app

    data = tmp_path_factory.mktemp("e2e-data")
    app = create_app({"DATA_DIR": str(data), "SEED_DEMO": True})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", app
    server.close()


@pytest.fixture(scope="module")
def browser():
    """Launch Debian's Chromium headless through Playwright."""
    path = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def artifacts() -> Path:
    """Return the git-ignored folder for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
