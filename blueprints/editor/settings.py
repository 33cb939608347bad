"""Site settings: commune name, contacts, responsible person, start date."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for

from core.errors import ValidationError
from core.site_settings import DEFAULT_SETTINGS

from . import bp
from blueprints import svc
from .common import attach_errors
from .forms import SettingsForm


@bp.route("/cai-dat", methods=["GET", "POST"])
def settings():
    """Show and save the site settings."""
    content = svc().content
    form = SettingsForm()
    if request.method == "GET":
        data = dict(content.settings())
        try:
            data["site_start"] = date.fromisoformat(data["site_start"]) if data.get("site_start") else None
        except ValueError:
            data["site_start"] = None
        form.process(data=data)
    if form.validate_on_submit():
        values = {k: form[k].data for k in DEFAULT_SETTINGS if k in form}
        values["site_start"] = form.site_start.data.isoformat() if form.site_start.data else ""
        try:
            content.save_settings(values)
        except ValidationError as exc:
            attach_errors(form, exc, "commune_name")
        else:
            flash("Đã lưu cài đặt.", "success")
            return redirect(url_for("editor.settings"))
    return render_template("editor/settings.html", form=form)
