"""Revisions of articles and intro pages: list, compare with the current version, restore."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from core.errors import NotFound, ValidationError
from core.revisions import Revisions, compare

from . import bp
from blueprints import svc
from .forms import ConfirmForm

KINDS = {"tin-bai": ("article", "tin bài", "editor.article_edit", "article_id"),
         "trang-gioi-thieu": ("page", "trang", "editor.page_edit", "page_id")}


def _item(kind: str, item_id: int) -> tuple[str, dict]:
    if kind not in KINDS:
        abort(404)
    content = svc().content
    try:
        item = content.article(item_id) if KINDS[kind][0] == "article" else content.page(item_id)
    except NotFound:
        abort(404)
    return KINDS[kind][0], item


@bp.route("/<any('tin-bai', 'trang-gioi-thieu'):kind>/<int:item_id>/phien-ban")
def revisions(kind: str, item_id: int):
    """List the kept versions of an article or page, newest first."""
    name, item = _item(kind, item_id)
    revs = Revisions(svc().store).list(name, item_id)
    return render_template("editor/revisions.html", kind=kind, label=KINDS[kind][1], item=item, revisions=revs,
                           edit_url=url_for(KINDS[kind][2], **{KINDS[kind][3]: item_id}), confirm=ConfirmForm())


@bp.route("/<any('tin-bai', 'trang-gioi-thieu'):kind>/<int:item_id>/phien-ban/<int:rev_id>")
def revision_compare(kind: str, item_id: int, rev_id: int):
    """Show what differs between a kept version and the current one."""
    name, item = _item(kind, item_id)
    try:
        rev = Revisions(svc().store).get(name, item_id, rev_id)
    except NotFound:
        abort(404)
    return render_template("editor/revision_compare.html", kind=kind, label=KINDS[kind][1], item=item, rev=rev,
                           diffs=compare(rev["data"], item), confirm=ConfirmForm(),
                           edit_url=url_for(KINDS[kind][2], **{KINDS[kind][3]: item_id}))


@bp.route("/<any('tin-bai', 'trang-gioi-thieu'):kind>/<int:item_id>/phien-ban/<int:rev_id>/khoi-phuc",
          methods=["POST"])
def revision_restore(kind: str, item_id: int, rev_id: int):
    """Make a kept version current again (the current one is kept as a version too)."""
    name, _ = _item(kind, item_id)
    try:
        svc().content.restore_revision(name, item_id, rev_id, by=current_user.username)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        # E.g. its address is now used by another page, or its section no longer takes articles.
        flash("Không khôi phục được phiên bản này: " + " ".join(exc.errors.values()) +
              " Hãy mở trang sửa và chỉnh tay theo phiên bản cũ.", "error")
        return redirect(url_for("editor.revision_compare", kind=kind, item_id=item_id, rev_id=rev_id))
    flash("Đã khôi phục phiên bản cũ. Phiên bản trước đó vẫn được giữ trong lịch sử.", "success")
    return redirect(url_for(KINDS[kind][2], **{KINDS[kind][3]: item_id}))
