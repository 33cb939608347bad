"""Văn bản (document register): list, create, edit, trash and restore documents; the list of document types."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from core import documents as rules
from core.store import StoreFull
from core.errors import NotFound, ValidationError
from core.uploads import save_document, size_label

from . import bp
from blueprints import svc
from .common import attach_errors, max_document_bytes
from .crud import register_crud
from .forms import ConfirmForm, DocumentForm, DocumentTypeForm, document_values


def _prepare(form: DocumentForm) -> None:
    """Fill the type choices, the default issuer and the note about the current file."""
    docs = svc().documents
    item = None
    item_id = (request.view_args or {}).get("item_id")
    if item_id is not None:
        try:
            item = docs.get(item_id)
        except NotFound:
            abort(404)
    choices = [(0, "— Chọn loại văn bản —")] + [(t["id"], t["name"]) for t in docs.types()]
    if item and item.get("type_id") not in {c[0] for c in choices}:
        choices.append((item["type_id"], item["type_name"]))
    form.type_id.choices = choices
    if item is None and request.method == "GET" and not form.issuer.data:
        form.issuer.data = rules.default_issuer(svc().content.settings())
    limit = f"tối đa {size_label(max_document_bytes())}"
    att = item.get("attachment") if item else None
    if att:
        form.attachment.description = (
            f"Tệp hiện tại: {att['original']} ({item['attachment_label']}). Để trống để giữ tệp này; "
            f"chọn tệp mới (PDF, DOC, DOCX, XLS, XLSX, {limit}) để thay thế.")
    else:
        form.attachment.description = f"PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX), {limit}."


def _to_form(item: dict) -> dict:
    return dict(
        {k: item.get(k, "") for k in ("number", "issuer", "signer", "summary", "field", "category")},
        type_id=item.get("type_id"), issued_on=item.get("issued_vn", ""), effective_on=item.get("effective_vn", ""),
    )


def _from_form(form: DocumentForm, old: dict | None) -> dict:
    """Return the values to save; store the new file only now that the whole form is valid."""
    values = document_values(form)
    if form.upload is not None:
        values["attachment"] = save_document(svc().store, form.upload, form.attachment.data.filename,
                                             max_document_bytes())
    else:
        values["attachment"] = old.get("attachment") if old else None
    return values


class _TypesHint:
    """The list's hint: a link to the types screen, built at render time (url_for needs a request)."""

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return Markup("Các loại văn bản (Quyết định, Thông báo, Kế hoạch …) được sửa tại "
                      '<a href="{}">Loại văn bản</a>.').format(url_for("editor.document_types"))


register_crud(
    bp,
    name="documents",
    url="/van-ban",
    title="Văn bản",
    item_label="văn bản",
    records=lambda: svc().documents,
    form_class=DocumentForm,
    columns=[
        ("Số ký hiệu", lambda d: d["number"]),
        ("Loại", lambda d: d["type_name"]),
        ("Chuyên mục", lambda d: d["category_name"]),
        ("Ngày ban hành", lambda d: d["issued_vn"]),
        ("Trích yếu", lambda d: d["summary"] if len(d["summary"]) <= 120 else d["summary"][:117] + "…"),
        ("Tệp đính kèm", lambda d: d["attachment"]["original"] if d.get("attachment") else "—"),
    ],
    to_form=_to_form,
    from_form=_from_form,
    prepare=_prepare,
    public_url=lambda d: url_for("public.document", id=d["id"], slug=d["slug"]),
    hint=_TypesHint(),
)


# ------------------------------------------------------------------ types
def _types_page(add_form: DocumentTypeForm | None = None, failed: tuple[int, DocumentTypeForm] | None = None):
    docs = svc().documents
    usage = docs.type_usage()
    rows = []
    for t in docs.types():
        form = failed[1] if failed and failed[0] == t["id"] else DocumentTypeForm(prefix=f"loai{t['id']}",
                                                                                  formdata=None)
        if not (failed and failed[0] == t["id"]):
            form.name.data = t["name"]
        form.name.label.text = f"Tên mới cho loại “{t['name']}”"
        rows.append({"type": t, "count": usage.get(t["id"], 0), "form": form})
    return render_template("editor/documents/types.html", rows=rows, add_form=add_form or DocumentTypeForm(),
                           confirm=ConfirmForm())


@bp.route("/van-ban/loai", methods=["GET", "POST"])
def document_types():
    """List the document types and add a new one."""
    form = DocumentTypeForm()
    if form.validate_on_submit():
        try:
            kind = svc().documents.add_type(form.name.data)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "name")
        else:
            flash(f"Đã thêm loại văn bản “{kind['name']}”.", "success")
            return redirect(url_for("editor.document_types"))
    return _types_page(add_form=form)


@bp.route("/van-ban/loai/<int:type_id>", methods=["POST"])
def document_type_rename(type_id: int):
    """Rename a document type."""
    form = DocumentTypeForm(prefix=f"loai{type_id}")
    try:
        old = next(t for t in svc().documents.types() if t["id"] == type_id)
    except StopIteration:
        abort(404)
    if form.validate_on_submit():
        try:
            kind = svc().documents.rename_type(type_id, form.name.data)
        except NotFound:
            abort(404)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "name")
        else:
            flash(f"Đã đổi tên loại “{old['name']}” thành “{kind['name']}”.", "success")
            return redirect(url_for("editor.document_types"))
    return _types_page(failed=(type_id, form))


@bp.route("/van-ban/loai/<int:type_id>/xoa", methods=["POST"])
def document_type_remove(type_id: int):
    """Remove a document type that no document uses."""
    try:
        svc().documents.remove_type(type_id)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        flash(exc.errors["name"], "error")
    else:
        flash("Đã xóa loại văn bản.", "success")
    return redirect(url_for("editor.document_types"))
