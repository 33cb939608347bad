"""When a save is refused because someone saved first: both versions as readable text, and the choices.

*Giữ bản của tôi* saves the form again over the newer version (which is kept in the history);
*Dùng bản đã lưu* opens the saved version and keeps what was typed as a version in the history;
each part of the saved version can be copied into the form. Nothing is lost in any choice.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from core import timeutil
from core.errors import NotFound
from core.revisions import Revisions
from core.sanitize import clean_html
from core.textdiff import compare_versions

from . import bp
from blueprints import svc

ARTICLE_PARTS = {"title": "Tiêu đề", "summary": "Tóm tắt", "body": "Nội dung"}
PAGE_PARTS = {"title": "Tiêu đề", "body": "Nội dung"}
KEPT = ("Đã mở bản đã lưu. Nội dung vừa gõ không mất: nó được giữ trong “Lịch sử phiên bản” "
        "(phiên bản lưu lúc {time}).")


def conflict_versions(saved: dict, form, parts: dict[str, str]) -> list[dict]:
    """Return each part of the form and of the saved version side by side, the differences marked."""
    mine = {name: form[name].data or "" for name in parts}
    return [dict(v, mine_value=mine[v["field"]], saved_value=saved.get(v["field"]) or "")
            for v in compare_versions(mine, saved, parts)]


def _keep_typed(kind: str, item_id: int, current: dict, parts: dict[str, str]) -> str:
    """Keep the typed parts (from the posted form) as a version of the item; return its time as shown."""
    typed = {name: str(request.form.get(name, "") or "")[:200_000] for name in parts}
    if "body" in typed:
        typed["body"] = clean_html(typed["body"])
    now = timeutil.now_iso()
    Revisions(svc().store).record(kind, item_id, dict(current, **typed, updated_at=now,
                                                      updated_by=current_user.username), current_user.username)
    return timeutil.parse_iso(now).strftime("%H:%M, %d/%m/%Y")


@bp.route("/tin-bai/<int:article_id>/dung-ban-da-luu", methods=["POST"])
def article_keep_saved(article_id: int):
    """Drop the form for the saved version of an article, keeping what was typed in its history."""
    try:
        current = svc().content.article(article_id)
    except NotFound:
        abort(404)
    flash(KEPT.format(time=_keep_typed("article", article_id, current, ARTICLE_PARTS)), "success")
    return redirect(url_for("editor.article_edit", article_id=article_id))


@bp.route("/trang-gioi-thieu/<int:page_id>/dung-ban-da-luu", methods=["POST"])
def page_keep_saved(page_id: int):
    """Drop the form for the saved version of an intro page, keeping what was typed in its history."""
    try:
        current = svc().content.page(page_id)
    except NotFound:
        abort(404)
    flash(KEPT.format(time=_keep_typed("page", page_id, current, PAGE_PARTS)), "success")
    return redirect(url_for("editor.page_edit", page_id=page_id))
