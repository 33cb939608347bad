"""Tổ chức in the editor: the bodies of the organisation chart and their functions and duties."""
from __future__ import annotations

from flask import abort, request, url_for
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from blueprints import svc
from blueprints.forms import ViForm
from core import bodies as body_rules
from core.errors import NotFound

from . import bp
from .crud import register_crud

FIELDS = ("name", "key", "parent", "order", "functions", "address", "phone", "email")


# The form lives here, not in forms.py, which is at the size limit of a module.
class BodyForm(ViForm):
    """One body of the organisation chart (Đảng ủy, HĐND, UBND, UBMTTQ, a mass organisation …)."""

    name = StringField("Tên tổ chức", validators=[DataRequired("Vui lòng nhập tên tổ chức."),
                                                  Length(max=body_rules.MAX_NAME)],
                       description="Ví dụ: Hội Người cao tuổi xã.")
    key = StringField("Mã", validators=[Optional(), Length(max=40)],
                      description="Để trống: tạo tự động từ tên. Không đổi được sau khi lưu.")
    parent = SelectField("Trực thuộc", choices=[], validate_choice=False,
                         description="Các đoàn thể chính trị – xã hội trực thuộc Ủy ban MTTQ xã.")
    order = IntegerField("Thứ tự hiển thị", validators=[Optional()], description="Số nhỏ đứng trước (1, 2, 3 …).")
    functions = TextAreaField("Chức năng, nhiệm vụ, quyền hạn", validators=[Optional()])
    address = StringField("Địa chỉ", validators=[Optional(), Length(max=300)])
    phone = StringField("Điện thoại", validators=[Optional(), Length(max=40)], render_kw={"type": "tel"})
    email = StringField("Thư điện tử", validators=[Optional(), Length(max=200)], render_kw={"type": "email"})


def _prepare(form: BodyForm) -> None:
    """Offer the top-level bodies as parents (not the body itself)."""
    own = ""
    item_id = (request.view_args or {}).get("item_id")
    if item_id is not None:
        try:
            own = svc().bodies.get(item_id)["key"]
        except NotFound:
            abort(404)
    form.parent.choices = [("", "Không trực thuộc tổ chức nào")] + [
        (b["key"], b["name"]) for b in svc().bodies.tree() if b["key"] != own]
    if item_id is not None:
        form.key.render_kw = {"readonly": True}


def _to_form(body: dict) -> dict:
    """Return the form data of a stored body."""
    return {name: body.get(name) for name in FIELDS}


def _from_form(form: BodyForm, old: dict | None) -> dict:
    """Return the values to save (core cleans the functions' HTML)."""
    values = {name: form[name].data for name in FIELDS}
    if old is not None:
        values["key"] = old["key"]
    return values


register_crud(
    bp, name="bodies", url="/to-chuc", title="Tổ chức bộ máy", item_label="tổ chức",
    records=lambda: svc().bodies, form_class=BodyForm,
    columns=[
        ("Tên tổ chức", lambda b: b["name"]),
        ("Trực thuộc", lambda b: svc().bodies.label(b.get("parent", "")) or "—"),
        ("Thứ tự", lambda b: b.get("order", 0)),
        ("Số cán bộ", lambda b: sum(1 for p in svc().people.all() if p.get("organisation") == b["key"])),
    ],
    to_form=_to_form, from_form=_from_form, prepare=_prepare,
    public_url=lambda b: url_for("public.functions", _anchor=b["key"].replace("_", "-")),
    hint=("Đảng ủy, HĐND, UBND, Ủy ban MTTQ và các đoàn thể: tên, chức năng, nhiệm vụ và thứ tự trên sơ đồ tổ chức. "
          "Chuyển một tổ chức vào thùng rác sẽ ẩn cả những cán bộ thuộc tổ chức đó khỏi trang."),
    template_form="editor/bodies/form.html",
)
