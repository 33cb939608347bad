"""Sections: add, rename, reorder, hide."""
from flask import abort, flash, redirect, render_template, request, url_for

from core.errors import NotFound

from . import bp
from blueprints import svc
from .common import saved
from .forms import ConfirmForm, SectionForm


def _parent_choices(exclude: int | None = None):
    content = svc().content
    return [(0, "(Chuyên mục gốc)")] + [
        (s["id"], s["name"]) for s in content.sections(include_hidden=True)
        if not s.get("parent_id") and s["id"] != exclude
    ]


def _values(form: SectionForm) -> dict:
    return {"name": form.name.data, "slug": form.slug.data, "parent_id": form.parent_id.data or None,
            "kind": form.kind.data}


@bp.route("/chuyen-muc", methods=["GET", "POST"])
def sections():
    """List sections and add a new one."""
    form = SectionForm()
    form.parent_id.choices = _parent_choices()
    if form.validate_on_submit() and saved(form, "name", svc().content.save_section, _values(form)):
        flash("Đã thêm chuyên mục.", "success")
        return redirect(url_for("editor.sections"))
    content = svc().content
    return render_template("editor/sections.html", form=form, sections=content.sections(include_hidden=True),
                           counts=content.counts_by_section(), confirm=ConfirmForm())


@bp.route("/chuyen-muc/<int:section_id>", methods=["GET", "POST"])
def section_edit(section_id: int):
    """Rename a section (its old address keeps working) or move it under another."""
    content = svc().content
    try:
        sec = content.section(section_id)
    except NotFound:
        abort(404)
    form = SectionForm()
    form.parent_id.choices = _parent_choices(exclude=section_id)
    if request.method == "GET":
        form.process(data={"name": sec["name"], "slug": sec["slug"], "parent_id": sec.get("parent_id") or 0,
                           "kind": sec.get("kind", "articles")})
    if form.validate_on_submit() and saved(form, "name", content.save_section, _values(form), section_id):
        flash("Đã lưu chuyên mục.", "success")
        return redirect(url_for("editor.sections"))
    return render_template("editor/section_form.html", form=form, section=sec)


@bp.route("/chuyen-muc/<int:section_id>/<action>", methods=["POST"])
def section_action(section_id: int, action: str):
    """Move a section up or down, hide it or show it again."""
    content = svc().content
    try:
        if action == "len":
            content.move_section(section_id, -1)
        elif action == "xuong":
            content.move_section(section_id, 1)
        elif action in ("an", "hien"):
            content.set_section_hidden(section_id, action == "an")
        else:
            abort(404)
    except NotFound:
        abort(404)
    flash("Đã cập nhật chuyên mục.", "success")
    return redirect(url_for("editor.sections"))


