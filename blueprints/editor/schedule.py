"""Lịch công tác tuần in the editor: list, add, edit, trash, restore, and copy last week's recurring items."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from markupsafe import Markup

from core import schedule as rules
from core import timeutil

from . import bp
from blueprints import svc
from .crud import register_crud
from .forms import ConfirmForm, ScheduleForm


def _day(item: dict) -> str:
    """Return an item's day as "Thứ Hai, 05/02/2024"."""
    try:
        day = timeutil.parse_day(item["date"])
    except (KeyError, ValueError):
        return item.get("date", "")
    return f"{rules.weekday_name(day)}, {day.strftime('%d/%m/%Y')}"


def _short(text: str, length: int = 90) -> str:
    """Return ``text`` cut to ``length`` characters for a list cell."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


COLUMNS = [
    ("Ngày", _day),
    ("Buổi", lambda i: rules.SESSIONS.get(i.get("session"), "")),
    ("Giờ", lambda i: i.get("time", "")),
    ("Nội dung", lambda i: _short(i.get("content", ""))),
    ("Chủ trì", lambda i: i.get("presiding", "")),
    ("Định kỳ", lambda i: "Có" if i.get("recurring") else ""),
]

FIELDS = ("date", "session", "time", "content", "presiding", "attendees", "place", "preparing", "recurring")


def _to_form(item: dict) -> dict:
    """Return the form data of a stored item."""
    return {name: item.get(name) for name in FIELDS}


def _from_form(form: ScheduleForm, old: dict | None) -> dict:
    """Return the values to save (the core rules check them)."""
    return {name: form[name].data for name in FIELDS}


def _prepare(form: ScheduleForm) -> None:
    """Start a new item on ?ngay=YYYY-MM-DD, or today."""
    if request.method == "GET" and request.endpoint == "editor.schedule_new" and not form.date.data:
        try:
            form.date.data = timeutil.parse_day(request.args.get("ngay", "")).isoformat()
        except ValueError:
            form.date.data = timeutil.today_str()


def _public_url(item: dict) -> str | None:
    """Return the public week page that shows this item."""
    try:
        return url_for("public.schedule", tuan=rules.week_key(timeutil.parse_day(item["date"])))
    except (KeyError, ValueError):
        return None


class _ListHint:
    """The line above the schedule list, rendered per request because it holds links.

    register_crud's shared list page has one free slot, ``hint``, shown escaped
    unless it is markup; ``__html__`` makes it markup built at render time.
    """

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return render_template("editor/schedule/_list_hint.html")

    def __str__(self) -> str:
        return Markup(self.__html__()).striptags()


register_crud(
    bp, name="schedule", url="/lich-cong-tac", title="Lịch công tác tuần", item_label="mục lịch công tác",
    records=lambda: svc().schedule, form_class=ScheduleForm, columns=COLUMNS, to_form=_to_form,
    from_form=_from_form, prepare=_prepare, public_url=_public_url, hint=_ListHint(),
)


@bp.route("/lich-cong-tac/sao-chep", methods=["GET", "POST"])
def schedule_copy_recurring():
    """Show last week's recurring items; on POST copy those not yet in this week."""
    schedule = svc().schedule
    form = ConfirmForm()
    if form.validate_on_submit():
        copied = schedule.copy_recurring()
        if copied:
            flash(f"Đã sao chép {copied} mục lịch định kỳ của tuần trước sang tuần này.", "success")
        else:
            flash("Không có mục nào cần sao chép: lịch định kỳ của tuần trước đã có trong tuần này "
                  "(hoặc tuần trước không có lịch định kỳ).", "info")
        return redirect(url_for("editor.schedule_list"))
    this_week = rules.current_monday()
    plan = schedule.copy_plan(this_week)
    return render_template("editor/schedule/copy.html", form=form, plan=plan, sessions=rules.SESSIONS,
                           week=rules.week_info(this_week), day_label=_day,
                           pending=sum(1 for _, done in plan if not done))
