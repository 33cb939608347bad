"""Dashboard: the day's work (to approve, questions due, scheduled items, demo data, last backup), counts per
section, latest items, today's visits."""
from datetime import date

from flask import current_app, render_template
from flask_login import current_user

from . import bp
from blueprints import svc
from core import timeutil
from core.demo import demo_counts, describe
from core.qa import due_soon
from core.site_setup import needs_setup
from .permissions import can, is_contributor

BACKUP_OLD_DAYS = 7  # a backup older than this is flagged on the dashboard
SCHEDULED_SHOWN = 5


@bp.route("/")
def dashboard():
    """Show counts per section, the latest edited items and today's visits."""
    s = svc()
    s.counters.catch_up()  # the panel shows exact, current figures (as last merged while the disk is full)
    counts = s.content.counts_by_section()
    owner = current_user.username if is_contributor() else None  # a contributor sees their own articles
    latest, _ = s.content.editor_articles(page=1, per_page=8, created_by=owner)
    drafts = s.content.editor_articles(status="draft", per_page=1, created_by=owner)[1]
    pending = len(s.content.pending_articles())
    upcoming, scheduled = s.content.editor_articles(status="scheduled", per_page=SCHEDULED_SHOWN, created_by=owner)
    working_days = current_app.config["QA_ANSWER_WORKING_DAYS"]
    unanswered = [q for q in s.questions.inbox(working_days=working_days) if q["status"] != "answered"]
    overdue = sum(1 for q in unanswered if q["overdue"])
    today = timeutil.now().date()
    soon = sum(1 for q in unanswered if due_soon(q, today))
    pending_comments = sum(s.consultations.comments.pending_counts().values())
    budget_due = s.budget.overdue_this_year(timeutil.now().date())
    return render_template(
        "editor/dashboard.html", counts=counts, unanswered=len(unanswered), overdue=overdue,
        pending_comments=pending_comments, sections=s.content.sections(include_hidden=True),
        latest=latest, stats=s.counters.summary(), drafts=drafts, scheduled=scheduled,
        sections_by_id=s.content.sections_by_id(), pending=pending,
        demo=describe(demo_counts(s.store)), setup_needed=needs_setup(s.content), budget_due=budget_due,
        soon=soon, upcoming=upcoming, backup=_last_backup(s, today) if can("editor.backup") else None,
    )


def _last_backup(s, today: date) -> dict:
    """Return the last backup taken (from the panel or the command line): when, how many days ago, whether old."""
    entry = s.audit.last("backup_download")
    if entry is None:
        return {"at": None, "days": None, "old": True}
    days = (today - timeutil.parse_iso(entry["at"]).date()).days
    return {"at": entry["at"], "days": days, "old": days > BACKUP_OLD_DAYS}
