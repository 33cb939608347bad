"""Nhuận bút in the panel: the period report per author, each article's royalty, the settings and the paid mark."""
from __future__ import annotations

import io
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from core import royalties as rules
from core import royalties_export, timeutil
from core.errors import NotFound
from core.errors import ValidationError
from core.report_figures import local_day
from core.vnformat import decimal_text, vn_day, vnd

from . import bp
from blueprints import svc
from .common import attach_errors, saved
from .forms import (
    BaseSalaryForm, ConfirmForm, RoyaltyAssignForm, RoyaltyItemForm, RoyaltyPayForm, RoyaltyPeriodForm,
    RoyaltyTypeForm, RoyaltyUnitForm,
)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def royalties() -> rules.Royalties:
    """Return the app's royalty data (one instance per app)."""
    ext = current_app.extensions
    if "trangxa.royalties" not in ext:
        ext["trangxa.royalties"] = rules.Royalties(svc().store)
    return ext["trangxa.royalties"]


def _default_period() -> tuple[date, date]:
    """Return this month so far: royalties are usually paid month by month."""
    today = timeutil.now().date()
    return today.replace(day=1), today


def _period_form() -> tuple[RoyaltyPeriodForm, date, date]:
    form = RoyaltyPeriodForm(request.args)
    start, end = _default_period()
    if form.validate():
        start = form.tu.data or start
        end = form.den.data or end
        if start > end:
            form.den.errors = ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."]
            start, end = _default_period()
    form.tu.data, form.den.data = start, end
    return form, start, end


def _posted_period() -> tuple[date, date]:
    """Return the period carried by a POST form's hidden ``tu`` and ``den`` (400 when missing or wrong)."""
    try:
        start, end = timeutil.parse_day(request.form.get("tu")), timeutil.parse_day(request.form.get("den"))
    except ValueError:
        abort(400)
    if start > end:
        abort(400)
    return start, end


def _back(start: date, end: date):
    return redirect(url_for("editor.royalties", tu=start.isoformat(), den=end.isoformat()))


def _type_choices(include: int | None = None) -> list[tuple[int, str]]:
    types = royalties().types(include_removed=True)
    return [(t["id"], f"{t['name']} (hệ số {t['coefficient_text']})") for t in types
            if not t.get("removed_at") or t["id"] == include]


@bp.route("/nhuan-but", endpoint="royalties")
def royalties_index():
    """Show the royalties of a period per author and per article, with exports and the paid mark."""
    form, start, end = _period_form()
    report = royalties().period_report(svc().content, start, end)
    pay = RoyaltyPayForm(formdata=None, tu=start.isoformat(), den=end.isoformat())
    assign = RoyaltyAssignForm(formdata=None, tu=start.isoformat(), den=end.isoformat())
    assign.type_id.choices = _type_choices()
    return render_template("editor/royalties/index.html", form=form, report=report, pay=pay, assign=assign,
                           payments=royalties().payments(), period_text=rules.period_text,
                           confirm=ConfirmForm())


def _period_args() -> tuple[date, date]:
    _, start, end = _period_form()
    return start, end


def _file_name(start: date, end: date, ext: str) -> str:
    return f"nhuan-but-{start.isoformat()}-den-{end.isoformat()}.{ext}"


@bp.route("/nhuan-but/tai-ve.xlsx")
def royalties_xlsx():
    """Download the period's royalties as an Excel workbook (summary per author, detail per article)."""
    start, end = _period_args()
    report = royalties().period_report(svc().content, start, end)
    if report["no_salary"]:
        flash(rules.no_salary_message(report), "error")
        return _back(start, end)
    payload = royalties_export.royalties_xlsx(report, svc().content.settings())
    return send_file(io.BytesIO(payload), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=_file_name(start, end, "xlsx"), max_age=0)


@bp.route("/nhuan-but/tai-ve.docx")
def royalties_docx():
    """Download the period's royalties as a Word payment sheet."""
    form, start, end = _period_form()
    report = royalties().period_report(svc().content, start, end)
    if report["no_salary"]:
        flash(rules.no_salary_message(report), "error")
        return _back(start, end)
    payload = royalties_export.royalties_docx(report, svc().content.settings(),
                                              day=form.ngay.data or timeutil.now().date())
    return send_file(io.BytesIO(payload), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=_file_name(start, end, "docx"), max_age=0)


@bp.route("/nhuan-but/da-chi", methods=["POST"])
def royalties_pay():
    """Mark the period's payable royalties as paid: those articles are left out of every later payment."""
    form = RoyaltyPayForm()
    start, end = _posted_period()
    if not form.validate_on_submit():
        flash("Ngày chi trả không hợp lệ (nhập ngày/tháng/năm).", "error")
        return _back(start, end)
    try:
        payment = royalties().mark_paid(svc().content, start, end, by=current_user.username,
                                        note=form.note.data or "", paid_on=form.paid_on.data)
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return _back(start, end)
    flash(f"Đã đánh dấu đã chi trả {len(payment['article_ids'])} tin bài, tổng {vnd(payment['total'])}.",
          "success")
    return _back(start, end)


@bp.route("/nhuan-but/da-chi/<int:payment_id>/huy", methods=["POST"])
def royalties_unpay(payment_id: int):
    """Take back a "paid" mark entered by mistake (the record is kept, marked cancelled)."""
    try:
        payment = royalties().cancel_payment(payment_id, by=current_user.username)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("editor.royalties"))
    flash(f"Đã hủy đánh dấu đã chi trả của kỳ {rules.period_text(payment)}.", "success")
    return _back(date.fromisoformat(payment["start"]), date.fromisoformat(payment["end"]))


@bp.route("/nhuan-but/gan-mac-dinh", methods=["POST"])
def royalties_assign():
    """Give the period's articles without a royalty a type and the authors of their byline."""
    start, end = _posted_period()
    form = RoyaltyAssignForm()
    form.type_id.choices = _type_choices()
    if form.validate_on_submit():
        try:
            n = royalties().assign_defaults(svc().content, start, end, form.type_id.data, by=current_user.username)
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
        else:
            flash(f"Đã định mức nhuận bút cho {n} tin bài. Tin bài không ghi tác giả cần được định mức riêng.",
                  "success")
    return _back(start, end)


# ------------------------------------------------------------------ one article
def _item_data(meta: dict, item: dict | None) -> dict:
    if item is None:
        types = royalties().types()
        names = rules.parse_authors(meta.get("author", ""))
        shares = rules.equal_shares(len(names))
        authors = [{"name": n, "share": decimal_text(s) if len(names) > 1 else "100"}
                   for n, s in zip(names, shares, strict=True)]
        return {"type_id": types[0]["id"] if types else 0, "coefficient": "", "authors": authors, "note": ""}
    return {"type_id": item["type_id"], "coefficient": item["coefficient_text"],
            "authors": [{"name": a["name"], "share": a["share_text"]} for a in item["authors"]],
            "note": item.get("note", "")}


@bp.route("/nhuan-but/tin-bai/<int:article_id>", methods=["GET", "POST"])
def royalties_article(article_id: int):
    """Set an article's work type, coefficient and authors with their shares."""
    content = svc().content
    try:
        meta = content.article_meta(article_id)
    except NotFound:
        abort(404)
    item = royalties().item(article_id)
    form = RoyaltyItemForm()
    form.type_id.choices = _type_choices(include=item["type_id"] if item else None)
    if request.method == "GET":
        data = _item_data(meta, item)
        form.process(data=data)
        form.type_id.choices = _type_choices(include=item["type_id"] if item else None)
    if form.validate_on_submit():
        values = {"type_id": form.type_id.data, "coefficient": form.coefficient.data or "",
                  "authors": [{"name": row.form.name.data or "", "share": row.form.share.data or ""}
                              for row in form.authors], "note": form.note.data or ""}
        try:
            royalties().save_item(content, article_id, values, by=current_user.username)
        except ValidationError as exc:
            attach_errors(form, exc, "type_id")
        else:
            flash("Đã lưu nhuận bút của tin bài.", "success")
            return redirect(url_for("editor.royalties_article", article_id=article_id,
                                    tu=request.args.get("tu"), den=request.args.get("den")))
    paid = royalties().paid_index().get(article_id)
    day = date.fromisoformat(local_day(meta["publish_at"]))
    base = royalties().base_salary_on(day)
    back = url_for("editor.royalties", tu=request.args.get("tu"), den=request.args.get("den"))
    section = content.sections_by_id().get(meta["section_id"], {}).get("name", "")
    return render_template("editor/royalties/article.html", form=form, meta=meta, item=item, paid=paid,
                           day_vn=vn_day(day), base=base, unit_percent=royalties().unit_percent(),
                           section=section, back=back, period_text=rules.period_text, vnd=vnd,
                           decimal_text=decimal_text)


# ------------------------------------------------------------------ settings
def _settings_page(type_forms: dict | None = None, new_type: RoyaltyTypeForm | None = None,
                   salary: BaseSalaryForm | None = None, unit: RoyaltyUnitForm | None = None, status: int = 200):
    r = royalties()
    types = r.types()
    forms = {}
    for t in types:
        forms[t["id"]] = (type_forms or {}).get(t["id"]) or RoyaltyTypeForm(
            formdata=None, prefix=f"t{t['id']}", name=t["name"], coefficient=t["coefficient_text"])
    salaries = [dict(s, amount_text=vnd(s["amount"]), effective_vn=vn_day(date.fromisoformat(
        s["effective_from"]))) for s in r.salaries()]
    return render_template(
        "editor/royalties/settings.html", types=types, type_forms=forms, salaries=salaries,
        new_type=new_type or RoyaltyTypeForm(formdata=None, prefix="moi"),
        salary=salary or BaseSalaryForm(formdata=None),
        unit=unit or RoyaltyUnitForm(formdata=None, unit_percent=decimal_text(r.unit_percent())),
        unit_percent=r.unit_percent(), decimal_text=decimal_text, confirm=ConfirmForm(),
        sections=_section_rows()), status


def _section_rows() -> list[dict]:
    rules_by_id = royalties().section_rules(svc().content)
    return [dict(s, paid=rules_by_id.get(s["id"], True)) for s in svc().content.sections(include_hidden=True)]


@bp.route("/nhuan-but/cau-hinh/chuyen-muc/<int:section_id>", methods=["POST"])
def royalties_section_rule(section_id: int):
    """Set whether a section's articles earn royalties."""
    try:
        royalties().set_section_rule(svc().content, section_id, request.form.get("tinh") == "1")
    except NotFound:
        abort(404)
    flash("Đã lưu cách tính nhuận bút của chuyên mục.", "success")
    return redirect(url_for("editor.royalties_settings"))


@bp.route("/nhuan-but/cau-hinh")
def royalties_settings():
    """Show the work types with their default coefficients, the base salaries and the unit."""
    return _settings_page()


@bp.route("/nhuan-but/cau-hinh/don-vi", methods=["POST"])
def royalties_unit():
    """Change the percentage of the base salary that makes one unit."""
    form = RoyaltyUnitForm()
    if form.validate_on_submit() and saved(form, "unit_percent", royalties().set_unit_percent, form.unit_percent.data):
        flash("Đã lưu giá trị một đơn vị nhuận bút.", "success")
        return redirect(url_for("editor.royalties_settings"))
    return _settings_page(unit=form)


@bp.route("/nhuan-but/cau-hinh/the-loai", methods=["POST"])
def royalties_type_add():
    """Add a work type with its default coefficient."""
    form = RoyaltyTypeForm(prefix="moi")
    if form.validate_on_submit() and saved(form, "name", royalties().add_type, form.name.data, form.coefficient.data):
        flash("Đã thêm thể loại.", "success")
        return redirect(url_for("editor.royalties_settings"))
    return _settings_page(new_type=form)


@bp.route("/nhuan-but/cau-hinh/the-loai/<int:type_id>", methods=["POST"])
def royalties_type_edit(type_id: int):
    """Rename a work type or change its default coefficient."""
    if type_id not in {t["id"] for t in royalties().types()}:
        abort(404)
    form = RoyaltyTypeForm(prefix=f"t{type_id}")
    if form.validate_on_submit() and saved(form, "name", royalties().update_type, type_id, form.name.data,
                                           form.coefficient.data):
        flash("Đã lưu thể loại. Các tin bài đã định mức giữ nguyên hệ số của mình.", "success")
        return redirect(url_for("editor.royalties_settings"))
    return _settings_page(type_forms={type_id: form})


@bp.route("/nhuan-but/cau-hinh/the-loai/<int:type_id>/xoa", methods=["POST"])
def royalties_type_remove(type_id: int):
    """Take a work type off the list (articles that use it keep it)."""
    try:
        royalties().remove_type(type_id)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
    else:
        flash("Đã bỏ thể loại khỏi danh sách.", "success")
    return redirect(url_for("editor.royalties_settings"))


@bp.route("/nhuan-but/cau-hinh/luong", methods=["POST"])
def royalties_salary_add():
    """Add a base salary and the day it takes effect."""
    form = BaseSalaryForm()
    if form.validate_on_submit() and saved(form, "amount", royalties().add_salary, form.amount.data,
                                           form.effective_from.data, form.source.data):
        flash("Đã thêm mức lương cơ sở.", "success")
        return redirect(url_for("editor.royalties_settings"))
    return _settings_page(salary=form)


@bp.route("/nhuan-but/cau-hinh/luong/<int:salary_id>/xoa", methods=["POST"])
def royalties_salary_remove(salary_id: int):
    """Remove a base salary entry."""
    try:
        royalties().remove_salary(salary_id)
    except NotFound:
        abort(404)
    flash("Đã xóa mức lương cơ sở.", "success")
    return redirect(url_for("editor.royalties_settings"))
