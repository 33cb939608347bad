"""Intro pages (Giới thiệu): list, create, edit."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.errors import Conflict, NotFound, ValidationError
from core.store import StoreFull

from . import bp
from blueprints import svc
from .common import attach_errors
from .conflicts import PAGE_PARTS, conflict_versions
from .forms import PageForm


@bp.route("/trang-gioi-thieu")
def pages():
    """List the intro pages."""
    return render_template("editor/pages.html", pages=svc().content.pages(include_hidden=True))


@bp.route("/trang-gioi-thieu/moi", methods=["GET", "POST"])
@bp.route("/trang-gioi-thieu/<int:page_id>", methods=["GET", "POST"])
def page_edit(page_id: int | None = None):
    """Create or edit an intro page."""
    content = svc().content
    page = None
    if page_id is not None:
        try:
            page = content.page(page_id)
        except NotFound:
            abort(404)
    form = PageForm()
    if request.method == "GET" and page:
        form.process(data={"title": page["title"], "slug": page["slug"], "body": page["body"],
                           "hidden": page.get("hidden", False), "base_version": page.get("version", 1)})
    conflict = None
    if form.validate_on_submit():
        raw = (form.base_version.data or "").strip()
        expected = int(raw) if raw.isascii() and raw.isdigit() else None
        try:
            saved = content.save_page({"title": form.title.data, "slug": form.slug.data,
                                       "body": form.body.data, "hidden": form.hidden.data}, page_id,
                                      expected_version=expected, by=current_user.username)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "title")
        except Conflict as exc:
            conflict = exc.current  # nothing written; both texts on screen, saving again replaces it
            form.base_version.data = str(conflict.get("version", 1))
        else:
            flash("Đã lưu trang.", "success")
            return redirect(url_for("editor.page_edit", page_id=saved["id"]))
    versions = conflict_versions(conflict, form, PAGE_PARTS) if conflict else []
    return render_template("editor/page_form.html", form=form, page=page, conflict=conflict, versions=versions)
