"""Who may open which panel page: the least role each editor endpoint needs, checked for every request.

The policy, in one place:

* contributor (Cộng tác viên): the dashboard, the article list (their own articles
  only), writing a new article, editing / trashing / restoring their own articles
  that are not published, the history (revisions) of their own articles but not
  restoring one, previewing (their own unpublished article, or a new one), the
  media library (list, upload, describe, the editor's JSON endpoints) but not
  deleting / restoring / bulk-importing, their two-step login setup (and,
  outside the panel, changing their password);
* editor (Biên tập): every other panel page, including the approval queue;
* admin (Quản trị): accounts, settings and the first-run setup, removing the demo, backup and restore,
  the audit log.

An editor endpoint not named here needs the editor role, so a page added later
is closed to contributors until someone decides otherwise.
"""
from __future__ import annotations

from flask import g, render_template, request
from flask_login import current_user

from blueprints import audit_event as audit
from core.accounts import (
    ROLE_ADMIN,
    ROLE_CONTRIBUTOR,
    ROLE_EDITOR,
    ROLES,
    has_role,
    role_of,
)
from core.articles import STATUS_PUBLISHED
from core.errors import NotFound

from . import bp
from blueprints import svc

DEFAULT_ROLE = ROLE_EDITOR

ENDPOINT_ROLES: dict[str, str] = {
    "editor.dashboard": ROLE_CONTRIBUTOR,
    "editor.articles": ROLE_CONTRIBUTOR,
    "editor.article_new": ROLE_CONTRIBUTOR,
    "editor.article_edit": ROLE_CONTRIBUTOR,
    "editor.article_trash": ROLE_CONTRIBUTOR,
    "editor.article_restore": ROLE_CONTRIBUTOR,
    "editor.article_preview": ROLE_CONTRIBUTOR,
    "editor.revisions": ROLE_CONTRIBUTOR,
    "editor.revision_compare": ROLE_CONTRIBUTOR,
    "editor.article_keep_saved": ROLE_CONTRIBUTOR,
    "editor.guide": ROLE_CONTRIBUTOR, "editor.guide_task_page": ROLE_CONTRIBUTOR,
    "editor.guide_print": ROLE_CONTRIBUTOR,  # their own unpublished article, as for editing it
    "editor.totp_setup": ROLE_CONTRIBUTOR,
    "editor.revision_restore": ROLE_EDITOR,  # an old version may be a published one
    "editor.approval_queue": ROLE_EDITOR,
    "editor.approval_approve": ROLE_EDITOR,
    "editor.approval_return": ROLE_EDITOR,
    "editor.settings": ROLE_ADMIN,
    "editor.site_setup": ROLE_ADMIN,
    "editor.demo_remove": ROLE_ADMIN,
    "editor.audit_log": ROLE_ADMIN,
}
# Whole areas, by endpoint name prefix (checked after the exact names above).
PREFIX_ROLES: list[tuple[str, str]] = [
    ("editor.account", ROLE_ADMIN),  # accounts, account_new, account_edit, account_role, …
    ("editor.backup", ROLE_ADMIN),   # backup, backup_download, backup_restore
]
MEDIA_PREFIX = "editor.media"
# Deleting a shared file (and bringing it back from the trash), or importing every image of the site
# into the library at once, is for editors; uploading, choosing and describing files is for everyone.
MEDIA_EDITOR_WORDS = ("delete", "remove", "trash", "restore", "import")

# Contributors' item rules: the article named in the URL must be theirs (and, for
# changes, not yet published). Revisions name the article by kind + item_id.
OWN_ARTICLE_ANY_STATUS = {"editor.revisions", "editor.revision_compare"}

FORBIDDEN_TITLE = "Không có quyền truy cập"


def required_role(endpoint: str | None) -> str:
    """Return the least role that may use an editor ``endpoint``."""
    endpoint = endpoint or ""
    if endpoint in ENDPOINT_ROLES:
        return ENDPOINT_ROLES[endpoint]
    for prefix, role in PREFIX_ROLES:
        if endpoint.startswith(prefix):
            return role
    if endpoint.startswith(MEDIA_PREFIX):
        return ROLE_EDITOR if any(w in endpoint for w in MEDIA_EDITOR_WORDS) else ROLE_CONTRIBUTOR
    return DEFAULT_ROLE


def _own_article(article_id, username: str, unpublished: bool) -> bool:
    try:
        meta = svc().content.article_meta(int(article_id))
    except (NotFound, TypeError, ValueError):
        return False
    if meta.get("created_by") != username:
        return False
    return not (unpublished and meta["status"] == STATUS_PUBLISHED)


def allowed(user: dict | None, endpoint: str | None, view_args: dict | None = None) -> bool:
    """Return whether account ``user`` may use ``endpoint`` with these URL arguments."""
    if user is None or not has_role(user, required_role(endpoint)):
        return False
    if role_of(user) != ROLE_CONTRIBUTOR:
        return True
    args = view_args or {}
    if endpoint in OWN_ARTICLE_ANY_STATUS:
        return args.get("kind") == "tin-bai" and _own_article(args.get("item_id"), user["username"], False)
    if "article_id" in args:
        return _own_article(args["article_id"], user["username"], True)
    return True


def _user_doc() -> dict | None:
    return current_user.doc if current_user.is_authenticated else None


def can(endpoint: str, **view_args) -> bool:
    """Return whether the logged-in account may use ``endpoint`` (for menus and buttons)."""
    return allowed(_user_doc(), endpoint, view_args)


def is_contributor() -> bool:
    """Return whether the logged-in account is a contributor."""
    return current_user.is_authenticated and role_of(current_user.doc) == ROLE_CONTRIBUTOR


@bp.before_request
def _check_role():
    """Refuse, with a Vietnamese 403 page, what the logged-in account's role may not do."""
    # Registered after the login check: an anonymous visitor was already sent to the login page.
    user = _user_doc()
    if allowed(user, request.endpoint, request.view_args):
        g.editor_allowed = True  # the audit records POSTs that got this far
        return None
    if request.method == "POST":
        audit("denied", item=_item_text(), ok=False)
    return render_template("editor/forbidden.html", title=FORBIDDEN_TITLE,
                           role_label=ROLES[role_of(user)]), 403


def _item_text() -> str:
    """Return the item a request is about, from its URL arguments (``article_id=3``)."""
    args = request.view_args or {}
    return " ".join(f"{k}={v}" for k, v in sorted(args.items()))


# POSTs that change nothing (a preview renders the form's text, stores nothing).
NOT_AUDITED = frozenset({"editor.article_preview"})

ENDPOINT_ACTIONS = {
    "editor.backup_download": "backup_download",
    "editor.backup_restore": "restore",
}


@bp.after_request
def _audit_post(response):
    """Record every editor POST that was allowed and did not end in an error."""
    if (request.method == "POST" and g.get("editor_allowed") and response.status_code < 400
            and request.endpoint not in NOT_AUDITED):
        # A form shown again (200, HTML) means nothing was done: recorded, marked as not done.
        ok = response.status_code < 300 and response.mimetype != "text/html" or 300 <= response.status_code < 400
        action = g.get("audit_action") or ENDPOINT_ACTIONS.get(request.endpoint or "", "post")
        audit(action, item=g.get("audit_item") or _item_text(), detail=g.get("audit_detail", ""), ok=ok)
    return response


def current_role_label() -> str:
    """Return the Vietnamese name of the logged-in account's role."""
    return ROLES[role_of(_user_doc())] if current_user.is_authenticated else ""


def account_name(username: str | None) -> str:
    """Return the display name of an account (its username if it has none or is gone)."""
    if not username:
        return ""
    return svc().accounts.display_names().get(username, username)


@bp.app_context_processor
def _permission_helpers():
    return {"can": can, "is_contributor": is_contributor, "current_role_label": current_role_label,
            "account_name": account_name}
