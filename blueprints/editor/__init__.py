"""The editor panel under /quan-tri: every URL requires a logged-in account whose role allows it."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("editor", __name__, url_prefix="/quan-tri")


@bp.before_request
@login_required
def _require_login():
    """Send anyone not logged in to the login page (with a safe ``next``)."""
    return None


# Then what the account's role may do (and the audit of every POST): registered second, so it runs second.
from . import permissions  # noqa: E402,F401
from . import accounts, approval, audit_log, totp  # noqa: E402,F401

from . import (  # noqa: E402,F401
    articles, backup, banners, consultation, dashboard, documents, links, media, pages, people, preview, qa, revisions,
    schedule,
    sections,
    settings,
    site_setup,
    stats,
)
from . import importer, report, royalties  # noqa: E402,F401
from . import bodies  # noqa: E402,F401
from . import press, reception  # noqa: E402,F401
from . import budget  # noqa: E402,F401
from . import procedures  # noqa: E402,F401
from . import conflicts  # noqa: E402,F401
from . import guide  # noqa: E402,F401
from . import radio, videos  # noqa: E402,F401
from . import albums  # noqa: E402,F401
from . import panel_menu  # noqa: E402,F401
