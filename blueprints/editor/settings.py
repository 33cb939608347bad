"""Site settings: commune name, place, contacts, responsible person, start date, emblem and header picture."""
from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for

from core.store import StoreFull
from core.errors import ValidationError
from core.site_settings import DEFAULT_SETTINGS, IMAGE_SETTINGS
from core.uploads import save_image

from . import bp
from blueprints import svc
from .common import attach_errors
from .forms import SettingsForm


def form_data(settings: dict) -> dict:
    """Return settings as a form shows them (the start date as a date)."""
    data = dict(settings)
    try:
        data["site_start"] = date.fromisoformat(data["site_start"]) if data.get("site_start") else None
    except ValueError:
        data["site_start"] = None
    return data


def text_values(form, keys) -> dict:
    """Return the text settings a form holds (the start date as ISO text)."""
    values = {k: form[k].data or "" for k in keys if k in form and k not in IMAGE_SETTINGS}
    values["site_start"] = form.site_start.data.isoformat() if form.site_start.data else ""
    return values


def image_values(form, current: dict) -> dict:
    """Return the emblem and header picture the form asks for: a new upload (checked, re-encoded and stored
    in web sizes), none when its removal is ticked, else the current one. Raise ValidationError per field."""
    out = {}
    for key in IMAGE_SETTINGS:
        upload = form[key].data
        remove = form._fields.get(f"remove_{key}")
        if upload and getattr(upload, "filename", ""):
            out[key] = save_image(svc().store, upload.read(), key, current_app.config["MAX_IMAGE_BYTES"])
        elif remove is not None and remove.data:
            out[key] = ""
        else:
            out[key] = current.get(key, "")
    return out


@bp.route("/cai-dat", methods=["GET", "POST"])
def settings():
    """Show and save the site settings."""
    content = svc().content
    form = SettingsForm()
    if request.method == "GET":
        form.process(data=form_data(content.settings()))
    if form.validate_on_submit():
        values = text_values(form, DEFAULT_SETTINGS)
        try:
            content.check_settings(values)  # every other field first: no stored picture for a refused form
            values.update(image_values(form, content.settings()))
            content.save_settings(values)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "commune_name")
        else:
            flash("Đã lưu cài đặt.", "success")
            return redirect(url_for("editor.settings"))
    return render_template("editor/settings.html", form=form, current=content.settings())
