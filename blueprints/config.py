"""The app's settings: their defaults, and where overrides come from (data/config.py, TRANGXA_* variables)."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "DATA_DIR": None,  # default ./data, or $TRANGXA_DATA_DIR
    "SEED_DEMO": True,  # fill an empty data folder with the demo commune
    "MAX_CONTENT_LENGTH": 24 * 1024 * 1024,  # bytes in one request (uploads included)
    "MAX_FORM_MEMORY_SIZE": 12 * 1024 * 1024,  # one text field: an over-long body gets our message, not a 413
    "MAX_IMAGE_BYTES": 8 * 1024 * 1024,
    "MAX_DOCUMENT_BYTES": 15 * 1024 * 1024,  # an attached document (PDF, DOC, DOCX, XLS, XLSX)
    "MAX_VIDEO_BYTES": 200 * 1024 * 1024,  # an uploaded video (MP4, WebM); the panel's video form takes this much
    "MAX_AUDIO_BYTES": 50 * 1024 * 1024,  # a radio bulletin (MP3, M4A)
    "IMPORT_TIMEOUT": 10.0,  # seconds to wait for the old site when importing its feed and pictures
    "IMPORT_STEP_SECONDS": 15.0,  # the panel imports this long per request, then the page asks for the next step
    "IMPORT_ALLOW_PRIVATE": False,  # let an import fetch from loopback and private networks (tests, an intranet)
    "PER_PAGE": 10,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "trangxa_session",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # a form left open all day must still save
    "COUNTER_MERGE_SECONDS": 2.0,
    "TIME_ZONE": "Asia/Ho_Chi_Minh",  # a zone without daylight saving; fixed once the site has data
    "BASE_URL": "",  # e.g. https://duongquang.example.gov.vn/xa : every absolute link uses it, never the Host header
    # Werkzeug's check of the Host header: another host gets 400. TRANGXA_TRUSTED_HOSTS=a.example,.b.example
    # (a leading dot admits sub-domains). None: every host is answered.
    "TRUSTED_HOSTS": None,
    "PROXY_COUNT": 0,  # proxies in front (Passenger, nginx): only then are X-Forwarded-* headers trusted
    "QA_RATE_LIMIT": (3, 3600),  # questions (and, separately, draft comments) per address per hour
    "QA_ANSWER_WORKING_DAYS": 15,  # the answer deadline shown in the Q&A inbox
    # Dịch vụ công: the national portal, its online services and its file-status look-up (a province's own
    # portal may be set instead, e.g. TRANGXA_DVC_LOOKUP_URL=https://dichvucong.<tinh>.gov.vn/…)
    "DVC_PORTAL_URL": "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    "DVC_SUBMIT_URL": "https://dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen.html",
    "DVC_LOOKUP_URL": "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html",
}


def load_config(app: Flask, config: dict | None) -> Path:
    """Apply the defaults, data/config.py, TRANGXA_* variables and ``config`` (tests); return the data folder."""
    app.config.from_mapping(DEFAULTS)
    data_dir = (config or {}).get("DATA_DIR") or os.environ.get("TRANGXA_DATA_DIR") or str(ROOT / "data")
    data_dir = Path(data_dir).resolve()
    app.instance_path = str(data_dir)
    app.config.from_pyfile(str(data_dir / "config.py"), silent=True)
    app.config.from_prefixed_env("TRANGXA")
    if config:
        app.config.update(config)
    app.config["DATA_DIR"] = str(data_dir)
    app.config["TRUSTED_HOSTS"] = _host_list(app.config.get("TRUSTED_HOSTS"))
    return data_dir


def _host_list(value) -> list[str] | None:
    """Return TRUSTED_HOSTS as a list ("a.example, b.example" from the environment is a comma list)."""
    if value is None:
        return None
    names = value.split(",") if isinstance(value, str) else list(value)
    return [str(n).strip().lower() for n in names if str(n).strip()] or None
