"""Tiếp công dân (sessions, results per period, the rules) and Liên hệ (hotlines, departments) in the panel."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from markupsafe import Markup

from core.errors import ValidationError
from core.reception import receiver_of
from core.store import StoreFull

from . import bp
from blueprints import svc
from .common import attach_errors
from .crud import register_crud
from .reception_forms import ContactForm, ReceptionForm, ReceptionResultForm, ReceptionRulesForm


class _ReceptionHint:
    """The list's hint: links to the results and the rules, built at render time (url_for needs a request)."""

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return Markup('Lịch tiếp hiện trên trang <a href="{}">Tiếp công dân</a>, buổi sắp tới trước. '
                      'Sửa thêm: <a href="{}">Kết quả tiếp công dân</a> · <a href="{}">Nội quy tiếp công dân</a> · '
                      '<a href="{}">Liên hệ, đường dây nóng</a>.').format(
            url_for("public.reception"), url_for("editor.reception_results_list"), url_for("editor.reception_rules"),
            url_for("editor.contacts_list"))


# ------------------------------------------------------------------ sessions
def _prepare_session(form: ReceptionForm) -> None:
    """Offer the people of the register (and “none”) as receivers."""
    people = svc().people.all()
    form.person_id.choices = [(0, "— Không chọn (nhập họ tên bên dưới) —")] + [
        (p["id"], f"{p['name']} – {p.get('title', '')}".rstrip(" –")) for p in people]


def _session_values(form: ReceptionForm, old: dict | None) -> dict:
    return {name: form[name].data for name in
            ("day", "time", "end_time", "person_id", "receiver", "receiver_title", "place", "content", "note")}


def _session_to_form(item: dict) -> dict:
    return {k: item.get(k) for k in
            ("day", "time", "end_time", "person_id", "receiver", "receiver_title", "place", "content", "note")}


def _when(item: dict) -> str:
    """Return "07:30 – 11:00, Thứ Năm, 03/12/2026" (time first, as every date and time of the site)."""
    hours = item["time"] + (f" – {item['end_time']}" if item.get("end_time") else "")
    return f"{hours}, {item['weekday']}, {item['day_vn']}"


def _receiver(item: dict) -> str:
    name, title = receiver_of(item, svc().people)
    return f"{name} ({title})" if title else name


register_crud(
    bp, name="reception", url="/tiep-cong-dan", title="Lịch tiếp công dân", item_label="buổi tiếp công dân",
    records=lambda: svc().reception, form_class=ReceptionForm,
    columns=[("Thời gian", _when), ("Người tiếp", _receiver), ("Địa điểm", lambda s: s["place"])],
    to_form=_session_to_form, from_form=_session_values, prepare=_prepare_session,
    public_url=lambda s: url_for("public.reception"), hint=_ReceptionHint(),
)

# ------------------------------------------------------------------ results
_COUNTS = ("visits", "people", "petitions", "cases", "resolved", "pending")


def _result_values(form: ReceptionResultForm, old: dict | None) -> dict:
    return {name: form[name].data for name in ("name", "start", "end", "note", *_COUNTS)}


def _result_to_form(item: dict) -> dict:
    return {k: item.get(k) for k in ("name", "start", "end", "note", *_COUNTS)}


register_crud(
    bp, name="reception_results", url="/tiep-cong-dan/ket-qua", title="Kết quả tiếp công dân",
    item_label="kết quả tiếp công dân", records=lambda: svc().reception_results, form_class=ReceptionResultForm,
    columns=[("Kỳ", lambda r: r["name"]), ("Thời gian", lambda r: f"{r['start_vn']} – {r['end_vn']}"),
             ("Số lượt tiếp", lambda r: r["visits"]), ("Số vụ việc", lambda r: r["cases"]),
             ("Đã giải quyết", lambda r: r["resolved"])],
    to_form=_result_to_form, from_form=_result_values,
    public_url=lambda r: url_for("public.reception") + "#ket-qua",
    hint="Mỗi kỳ (quý, 6 tháng, năm) một dòng; hiện ở cuối trang Tiếp công dân, kỳ gần nhất trước.",
)


# ------------------------------------------------------------------ rules
@bp.route("/tiep-cong-dan/noi-quy", methods=["GET", "POST"])
def reception_rules():
    """Edit the rules of reception (nội quy tiếp công dân), cleaned on save."""
    form = ReceptionRulesForm()
    rules = svc().reception.rules()
    if form.validate_on_submit():
        try:
            svc().reception.save_rules(form.body.data)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "body")
        else:
            flash("Đã lưu nội quy tiếp công dân.", "success")
            return redirect(url_for("editor.reception_rules"))
    elif not form.is_submitted():
        form.body.data = rules["body"]
    return render_template("editor/reception/rules.html", form=form, rules=rules)


# ------------------------------------------------------------------ contacts
def _contact_values(form: ContactForm, old: dict | None) -> dict:
    return {name: form[name].data for name in ("name", "person", "phone", "email", "hours", "hotline", "order")}


register_crud(
    bp, name="contacts", url="/lien-he", title="Liên hệ", item_label="số liên hệ",
    records=lambda: svc().contacts, form_class=ContactForm,
    columns=[("Bộ phận", lambda c: c["name"]), ("Điện thoại", lambda c: c.get("phone") or "—"),
             ("Thư điện tử", lambda c: c.get("email") or "—"),
             ("Đường dây nóng", lambda c: "Có" if c.get("hotline") else ""), ("Thứ tự", lambda c: c.get("order", 0))],
    to_form=lambda c: {k: c.get(k) for k in ("name", "person", "phone", "email", "hours", "hotline", "order")},
    from_form=_contact_values, public_url=lambda c: url_for("public.contacts"),
    hint="Hiện trên trang Liên hệ (liên kết ở chân trang): đường dây nóng trước, rồi các bộ phận theo thứ tự.",
)
