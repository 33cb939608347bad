"""Backup and restore of the whole data folder from the panel."""
from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for

from core import timeutil
from core.store import BackupError, restore_backup, write_backup

from . import bp
from blueprints import svc
from .forms import BackupForm, RestoreForm

RESTORE_MAX_BYTES = 1024 ** 3


@bp.route("/sao-luu", methods=["GET"])
def backup():
    """Show the backup download and the restore form."""
    return render_template("editor/backup.html", form=BackupForm(), restore_form=RestoreForm())


@bp.route("/sao-luu/tai-ve", methods=["POST"])
def backup_download():
    """Send a zip of the whole data folder (the secret key only when asked)."""
    form = BackupForm()
    if not form.validate_on_submit():
        flash("Yêu cầu không hợp lệ, vui lòng thử lại.", "error")
        return redirect(url_for("editor.backup"))
    buf = io.BytesIO()
    write_backup(svc().store, buf, include_secret=bool(form.include_secret.data))
    buf.seek(0)
    name = f"trangxa-sao-luu-{timeutil.now().strftime('%Y%m%d-%H%M')}.zip"
    return send_file(buf, mimetype="application/zip", as_attachment=True, download_name=name, max_age=0)


@bp.route("/sao-luu/khoi-phuc", methods=["POST"])
def backup_restore():
    """Check an uploaded backup zip, keep a safety copy of the current data, then swap it in."""
    request.max_content_length = RESTORE_MAX_BYTES  # a backup with photos is larger than a form
    form = RestoreForm()
    if form.validate_on_submit():
        try:
            # Werkzeug keeps the upload in memory or a temporary file: a seekable stream, as zipfile needs.
            safety = restore_backup(svc().store, form.archive.data.stream)
        except BackupError as exc:
            form.archive.errors.append(exc.message + " Dữ liệu hiện tại không thay đổi.")
        else:
            svc().accounts.seal_totp_secrets()  # a backup from an older version holds them in clear
            current_app.logger.warning("data restored from a backup; safety copy in %s", safety)
            flash("Đã khôi phục dữ liệu từ bản sao lưu. Dữ liệu trước khi khôi phục được giữ trong thư mục "
                  f"{safety.relative_to(svc().store.root)}.", "success")
            return redirect(url_for("editor.backup"))
    return render_template("editor/backup.html", form=BackupForm(), restore_form=form)
