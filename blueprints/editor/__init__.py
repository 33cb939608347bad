"""The editor panel under /quan-tri: every URL requires a logged-in editor."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("editor", __name__, url_prefix="/quan-tri")


@bp.before_request
@login_required
def _require_login():
    """Send anyone not logged in to the login page (with a safe ``next``)."""
    return None


from . import (  # noqa: E402,F401
    articles, backup, banners, consultation, dashboard, documents, links, pages, people, qa, revisions, schedule, sections,
    settings,
    stats,
)
