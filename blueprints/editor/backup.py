"""Backup and restore of the whole data folder from the panel."""
from __future__ import annotations

import io

from flask import current_app, flash, g, redirect, render_template, request, send_file, url_for

from core import timeutil
from core.store import BackupError, StoreError, write_backup

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
        upload = form.archive.data
        g.audit_item = upload.filename or ""  # the audit entry (permissions._audit_post) names the file and its hash
        try:
            # Werkzeug keeps the upload in memory or a temporary file: a seekable stream, as zipfile needs.
            restored = svc().restore(upload.stream)
        except BackupError as exc:
            g.audit_detail = f"SHA-256 {exc.sha256}; {exc.message}"
            form.archive.errors.append(exc.message + " Dữ liệu hiện tại không thay đổi.")
        except StoreError as exc:  # a swap that could neither finish nor be undone: the message says what to do
            current_app.logger.error("restore failed half-way: %s", exc)
            form.archive.errors.append(str(exc))
        else:
            g.audit_detail = f"SHA-256 {restored.sha256}"
            current_app.logger.warning("data restored from a backup; safety copy in %s", restored.safety)
            flash(f"Đã khôi phục {restored.files} tệp dữ liệu từ bản sao lưu. Dữ liệu trước khi khôi phục được giữ "
                  f"trong thư mục {restored.safety.relative_to(svc().store.root)}.", "success")
            return redirect(url_for("editor.backup"))
    return render_template("editor/backup.html", form=BackupForm(), restore_form=form)
