"""Cán bộ in the editor: the people shown on the organisation, spokesperson and editorial board pages."""
from __future__ import annotations

from flask import abort, current_app, request, url_for

from core import people as rules
from core.errors import NotFound, ValidationError
from core.uploads import save_image

from . import bp
from blueprints import svc
from .crud import register_crud
from .forms import PersonForm

FIELDS = ("name", "title", "organisation", "duties", "biography", "phone", "email", "order", "spokesperson",
          "board_role")

COLUMNS = [
    ("Họ và tên", lambda p: p.get("name", "")),
    ("Chức vụ", lambda p: p.get("title", "")),
    ("Tổ chức", lambda p: svc().people.body_name(p)),
    ("Thứ tự", lambda p: p.get("order", 0)),
    ("Ban Biên tập", lambda p: rules.BOARD_ROLES.get(p.get("board_role"), "")),
    ("Phát ngôn", lambda p: "Người phát ngôn" if p.get("spokesperson") else ""),
]


def _prepare(form: PersonForm) -> None:
    """Offer the live bodies (and the person's own, should it be in the trash)."""
    current = ""
    item_id = (request.view_args or {}).get("item_id")
    if item_id is not None:
        try:
            current = svc().people.get(item_id).get("organisation", "")
        except NotFound:
            abort(404)
    form.organisation.choices = [("", "— Chọn tổ chức —")] + svc().bodies.choices(current)


def _to_form(person: dict) -> dict:
    """Return the form data of a stored person."""
    return {name: person.get(name) for name in FIELDS}


def _from_form(form: PersonForm, old: dict | None) -> dict:
    """Return the values to save; an uploaded photo is stored only once every other field is valid."""
    values = {name: form[name].data for name in FIELDS}
    upload = form.photo.data
    has_upload = bool(upload and getattr(upload, "filename", ""))
    values["photo"] = "" if form.remove_photo.data or old is None else old.get("photo", "")
    if has_upload:
        try:
            svc().people.validate(dict(values, photo=""), old["id"] if old else None)
        except ValidationError as exc:
            exc.errors.setdefault("photo", "Ảnh chưa được lưu vì biểu mẫu còn lỗi: vui lòng chọn lại ảnh.")
            raise
        values["photo"] = save_image(svc().store, upload.read(), "photo", current_app.config["MAX_IMAGE_BYTES"])
    return values


def _public_url(person: dict) -> str:
    """Return the public page that shows this person."""
    return url_for("public.person", id=person["id"], slug=person.get("slug", ""))


register_crud(
    bp, name="people", url="/can-bo", title="Cán bộ, công chức", item_label="cán bộ",
    records=lambda: svc().people, form_class=PersonForm, columns=COLUMNS, to_form=_to_form,
    from_form=_from_form, prepare=_prepare, public_url=_public_url,
    hint="Người được xếp theo tổ chức, rồi theo thứ tự hiển thị. Người trong thùng rác không hiện trên trang.",
    template_form="editor/people/form.html",
)
