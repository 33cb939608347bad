"""What a shared link shows: the default share card, its description for the <head>, and each page's canonical URL."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import abort, request, send_file, url_for

from blueprints import svc
from core.share_card import CARD_DIR, CARD_SIZE, card_path

from . import bp

_CARD_NAME = re.compile(r"^[0-9a-f]{32}\.png$")
# Query arguments that never change what a page shows: trackers added by social networks, the rating's answer,
# the login form's way back.
_NOT_CANONICAL = ("utm_", "fbclid", "gclid", "zarsrc", "danh_gia", "next")


@bp.route("/anh-chia-se/<name>")
def share_card(name: str):
    """Serve a drawn share card by its name; each name is drawn once, so it is cached for a year."""
    path = svc().store.file_path(f"{CARD_DIR}/{name}") if _CARD_NAME.match(name) else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/png", conditional=True, etag=True, max_age=365 * 24 * 3600)
    response.cache_control.immutable = True
    return response


@bp.app_template_global()
def share_picture() -> dict | None:
    """Return the default share card of the site as it is now (absolute URL, size), or None while it is not drawn."""
    path = card_path(svc().store, svc().content.settings())
    if path is None:
        return None
    return {"url": url_for("public.share_card", name=path.name, _external=True),
            "width": CARD_SIZE[0], "height": CARD_SIZE[1], "type": "image/png"}


@bp.app_template_global()
def canonical_url() -> str | None:
    """Return the page's own absolute URL without trackers (and without ?trang=1), or None on an error page."""
    if request.endpoint is None or request.url_rule is None:
        return None
    args = sorted((k, v) for k, v in request.args.items(multi=True)
                  if v and not k.startswith(_NOT_CANONICAL) and not (k == "trang" and v == "1"))
    return url_for(request.endpoint, **(request.view_args or {}), _external=True) + (
        "?" + urlencode(args) if args else "")
