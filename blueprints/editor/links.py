"""The "Liên kết website" block: add, edit, remove."""
from flask import abort, flash, redirect, render_template, request, url_for

from core.errors import NotFound

from . import bp
from blueprints import svc
from .common import saved
from .forms import ConfirmForm, LinkForm


@bp.route("/lien-ket", methods=["GET", "POST"])
@bp.route("/lien-ket/<int:link_id>", methods=["GET", "POST"])
def links(link_id: int | None = None):
    """List the links; add one, or edit ``link_id``."""
    content = svc().content
    current = None
    if link_id is not None:
        current = next((link for link in content.links() if link["id"] == link_id), None)
        if current is None:
            abort(404)
    form = LinkForm()
    if request.method == "GET" and current:
        form.process(data={"title": current["title"], "url": current["url"]})
    values = {"title": form.title.data, "url": form.url.data}
    if form.validate_on_submit() and saved(form, "title", content.save_link, values, link_id):
        flash("Đã lưu liên kết.", "success")
        return redirect(url_for("editor.links"))
    return render_template("editor/links.html", form=form, links=content.links(), current=current,
                           confirm=ConfirmForm())


@bp.route("/lien-ket/<int:link_id>/xoa", methods=["POST"])
def link_delete(link_id: int):
    """Remove a link from the block."""
    try:
        svc().content.delete_link(link_id)
    except NotFound:
        abort(404)
    flash("Đã xóa liên kết.", "success")
    return redirect(url_for("editor.links"))
