"""Hướng dẫn sử dụng: the guide's pages in the panel, one per task, and the whole guide on one printable page.

The steps are data (guide_steps.py); their pictures are taken from the real panel by the browser test
(tests/e2e/test_guide.py) and kept under static/guide/ (a step without its picture shows its words alone).
"""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template, request, url_for

from . import bp
from .guide_steps import BY_SLUG, TASKS, Task, task_for

PICTURES = "guide"  # under static/


def picture_name(task: Task, number: int) -> str:
    """Return the static file name of a step's picture ("guide/dang-tin-co-anh-1.png")."""
    return f"{PICTURES}/{task.slug}-{number}.png"


def _pictures(task: Task) -> list[str | None]:
    folder = Path(current_app.static_folder or "")
    return [url_for("static", filename=picture_name(task, n)) if (folder / picture_name(task, n)).is_file()
            else None for n in range(1, len(task.steps) + 1)]


@bp.app_template_global()
def guide_task() -> Task | None:
    """Return the guide's task for the panel page being shown (for its "?" link)."""
    return task_for(request.endpoint)


@bp.route("/huong-dan")
def guide():
    """List the guide's tasks."""
    return render_template("editor/guide/index.html", tasks=TASKS)


@bp.route("/huong-dan/in")
def guide_print():
    """Show the whole guide on one page, to print for the board's training session."""
    return render_template("editor/guide/print.html", tasks=[(t, _pictures(t)) for t in TASKS])


@bp.route("/huong-dan/<slug>")
def guide_task_page(slug: str):
    """Show one task of the guide, step by step with the panel's own pictures."""
    task = BY_SLUG.get(slug)
    if task is None:
        abort(404)
    return render_template("editor/guide/task.html", task=task, pictures=_pictures(task))
