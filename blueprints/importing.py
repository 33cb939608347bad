"""What an import runs with, from the app's settings: shared by the panel (Nhập dữ liệu) and `flask import`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from core.fetch import FetchRules


def import_runtime(app: Flask, image_url: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Return the fetch rules, the picture size limit and how bodies address stored pictures.

    Without ``image_url`` (the command line has no request), pictures are addressed under BASE_URL's path.
    """
    if image_url is None:
        prefix = urlsplit(app.config.get("BASE_URL") or "").path.rstrip("/")

        def image_url(name: str) -> str:
            return f"{prefix}/tep/{name}"

    rules = FetchRules(timeout=float(app.config["IMPORT_TIMEOUT"]),
                       allow_private=bool(app.config["IMPORT_ALLOW_PRIVATE"]))
    return {"rules": rules, "max_image_bytes": int(app.config["MAX_IMAGE_BYTES"]), "image_url": image_url}
