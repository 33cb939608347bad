"""What the blueprints share to read a request and answer with a file: the page number and downloads."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import abort, request, send_file

MAX_PAGE = 100_000


def page_or_none() -> int | None:
    """Return ?trang=N (1 to MAX_PAGE, 1 when absent), or None for anything else."""
    raw = request.args.get("trang", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PAGE else None


def page_arg() -> int:
    """Return ?trang=N (1 to MAX_PAGE, 1 when absent), or abort with 404 for anything else."""
    page = page_or_none()
    if page is None:
        abort(404)
    return page


def content_disposition(filename: str) -> str:
    """Return an attachment header with an ASCII fallback name and the real name (RFC 6266).

    Werkzeug's ``download_name`` drops "đ" from the fallback ("Quyết định" becomes
    "Quyet inh"): old browsers and download managers get "Quyet dinh" here.
    """
    fallback = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    fallback = "".join(c for c in fallback.encode("ascii", "ignore").decode("ascii")
                       if c.isprintable() and c not in '"\\;').strip(" .") or "tep"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def send_download(path, mimetype: str, filename: str, max_age: int | None = 3600):
    """Send a stored file as a download under ``filename``, with its real type and never sniffed."""
    response = send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=max_age)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
