"""Thông cáo báo chí in the panel: the spokesperson's press releases (rich-text body, optional file)."""
from __future__ import annotations

from datetime import date

from flask import url_for

from core.uploads import save_document

from . import bp
from blueprints import svc
from .common import max_document_bytes
from .crud import register_crud
from .reception_forms import PressForm

FIELDS = ("title", "number", "issued_on", "summary", "body")


def _from_form(form: PressForm, old: dict | None) -> dict:
    """Return the values to save; the file is stored only once every other field is valid (no orphan file)."""
    values = {name: form[name].data for name in FIELDS}
    values["attachment"] = old.get("attachment") if old else None
    upload = form.attachment.data
    if upload and getattr(upload, "filename", ""):
        svc().press.validate(dict(values, attachment=None))
        data = upload.read(max_document_bytes() + 1)
        values["attachment"] = save_document(svc().store, data, upload.filename, max_document_bytes())
    return values


def _to_form(item: dict) -> dict:
    data = {name: item.get(name, "") for name in FIELDS}
    data["issued_on"] = date.fromisoformat(item["issued_on"]).isoformat() if item.get("issued_on") else ""
    return data


register_crud(
    bp, name="press", url="/thong-cao-bao-chi", title="Thông cáo báo chí", item_label="thông cáo báo chí",
    records=lambda: svc().press, form_class=PressForm,
    columns=[("Tiêu đề", lambda r: r["title"]), ("Số", lambda r: r.get("number") or "—"),
             ("Ngày phát hành", lambda r: r["issued_vn"]),
             ("Tệp đính kèm", lambda r: r["attachment"]["original"] if r.get("attachment") else "—")],
    to_form=_to_form, from_form=_from_form,
    public_url=lambda r: url_for("public.press_item", id=r["id"], slug=r["slug"]),
    hint=("Thông cáo của người phát ngôn: hiện ở trang Thông cáo báo chí, và 5 thông cáo mới nhất "
          "ở trang Người phát ngôn."),
    template_form="editor/press/form.html",
)
