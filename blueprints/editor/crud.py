"""List, create, edit, trash and restore views for a core.records collection, registered once per type."""
from __future__ import annotations

from typing import Any
from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.errors import NotFound, ValidationError
from core.records import Records
from core.revisions import compare
from core.store import StoreFull

from blueprints.args import page_arg
from .common import attach_errors
from .forms import ConfirmForm

PER_PAGE = 30


def register_crud(
    bp: Blueprint,
    *,
    name: str,
    url: str,
    title: str,
    item_label: str,
    records: Callable[[], Records],
    form_class: type,
    columns: list[tuple[str, Callable[[dict], Any]]],
    to_form: Callable[[dict], dict],
    from_form: Callable[[Any, dict | None], dict],
    prepare: Callable[[Any], None] | None = None,
    public_url: Callable[[dict], str | None] | None = None,
    hint: str = "",
    template_form: str = "editor/records/form.html",
    template_list: str = "editor/records/list.html",
) -> None:
    """Register ``{name}_list/_new/_edit/_trash/_restore`` under ``url`` for one record type.

    ``from_form(form, old)`` turns a valid form into values for ``records().save``
    (it may store an upload and may raise ValidationError); ``to_form(item)`` fills
    the form for editing; ``prepare(form)`` sets dynamic choices.
    """

    def list_view():
        trashed = request.args.get("thung_rac") == "1"
        items = records().all(trashed=trashed)
        page = page_arg()
        total = len(items)
        items = items[(page - 1) * PER_PAGE: page * PER_PAGE]
        if page > 1 and not items:
            abort(404)
        return render_template(template_list, title=title, item_label=item_label, name=name,
                               items=items, columns=columns, trashed=trashed, page=page, total=total,
                               per_page=PER_PAGE, public_url=public_url, hint=hint, confirm=ConfirmForm())

    def form_view(item_id: int | None = None):
        item = None
        if item_id is not None:
            try:
                item = records().get(item_id)
            except NotFound:
                abort(404)
        form = form_class()
        if prepare:
            prepare(form)
        if request.method == "GET" and item is not None:
            form.process(data=to_form(item))
            if prepare:
                prepare(form)
        if form.validate_on_submit():
            try:
                saved = records().save(from_form(form, item), item_id, by=current_user.username)
            except (ValidationError, StoreFull) as exc:
                attach_errors(form, exc, next(iter(form._fields)))
            else:
                flash(f"Đã lưu {item_label}.", "success")
                return redirect(url_for(f"editor.{name}_edit", item_id=saved["id"]))
        return render_template(template_form, title=title, item_label=item_label, name=name, form=form,
                               item=item, public_url=public_url, keeps_versions=bool(records().KIND),
                               confirm=ConfirmForm())

    def trash_view(item_id: int):
        try:
            records().trash(item_id)
        except NotFound:
            abort(404)
        flash(f"Đã chuyển {item_label} vào thùng rác.", "success")
        return redirect(url_for(f"editor.{name}_list"))

    def restore_view(item_id: int):
        try:
            records().restore(item_id)
        except NotFound:
            abort(404)
        flash(f"Đã khôi phục {item_label}.", "success")
        return redirect(url_for(f"editor.{name}_list", thung_rac=1))

    def _kept(item_id: int) -> tuple[Records, dict]:
        service = records()
        if not service.KIND:
            abort(404)
        try:
            return service, service.get(item_id)
        except NotFound:
            abort(404)

    def revisions_view(item_id: int):
        service, item = _kept(item_id)
        return render_template("editor/records/revisions.html", title=title, item_label=item_label, name=name,
                               item=item, revisions=service.revisions(item_id), confirm=ConfirmForm())

    def revision_compare_view(item_id: int, rev_id: int):
        service, item = _kept(item_id)
        rev = next((r for r in service.revisions(item_id) if r["id"] == rev_id), None)
        if rev is None:
            abort(404)
        labels = {f.name: str(f.label.text) for f in form_class()}
        fields = tuple(k for k in labels if k in rev["data"] or k in item)
        return render_template("editor/records/revision_compare.html", title=title, item_label=item_label,
                               name=name, item=item, rev=rev, diffs=compare(rev["data"], item, fields, labels),
                               confirm=ConfirmForm())

    def revision_restore_view(item_id: int, rev_id: int):
        service, _ = _kept(item_id)
        try:
            service.restore_revision(item_id, rev_id, by=current_user.username)
        except NotFound:
            abort(404)
        flash("Đã khôi phục phiên bản cũ. Phiên bản trước đó vẫn được giữ trong lịch sử.", "success")
        return redirect(url_for(f"editor.{name}_edit", item_id=item_id))

    list_view.__doc__ = f"List {name} (or those in the trash)."
    form_view.__doc__ = f"Create or edit one {name} item."
    trash_view.__doc__ = f"Move one {name} item to the trash."
    restore_view.__doc__ = f"Restore one {name} item from the trash."
    bp.add_url_rule(url, f"{name}_list", list_view)
    bp.add_url_rule(f"{url}/moi", f"{name}_new", form_view, methods=["GET", "POST"])
    bp.add_url_rule(f"{url}/<int:item_id>", f"{name}_edit", form_view, methods=["GET", "POST"])
    bp.add_url_rule(f"{url}/<int:item_id>/xoa", f"{name}_trash", trash_view, methods=["POST"])
    bp.add_url_rule(f"{url}/<int:item_id>/khoi-phuc", f"{name}_restore", restore_view, methods=["POST"])
    revisions_view.__doc__ = f"List the kept versions of one {name} item."
    revision_compare_view.__doc__ = f"Show what differs between a kept version of one {name} item and the current one."
    revision_restore_view.__doc__ = f"Make a kept version of one {name} item current again."
    bp.add_url_rule(f"{url}/<int:item_id>/phien-ban", f"{name}_revisions", revisions_view)
    bp.add_url_rule(f"{url}/<int:item_id>/phien-ban/<int:rev_id>", f"{name}_revision_compare",
                    revision_compare_view)
    bp.add_url_rule(f"{url}/<int:item_id>/phien-ban/<int:rev_id>/khoi-phuc", f"{name}_revision_restore",
                    revision_restore_view, methods=["POST"])
