"""Bản tin phát thanh in the panel: the commune radio's bulletins (MP3/M4A, duration, transcript)."""
from __future__ import annotations

from datetime import date

from flask import current_app, request, url_for
from flask_login import current_user

from blueprints import svc
from core.media_files import AUDIO_TYPES, MAX_AUDIO_BYTES, audio_seconds, save_media
from core.radio import duration_words, show_duration

from . import bp
from .av_forms import RadioForm
from .crud import register_crud

FIELDS = ("title", "aired_on", "transcript", "seconds")
SLACK = 1024 * 1024  # the form's other fields (the transcript) around the file


def max_audio_bytes() -> int:
    """Return the largest bulletin upload the settings allow (MAX_AUDIO_BYTES, 50 MB by default)."""
    return int(current_app.config.get("MAX_AUDIO_BYTES") or MAX_AUDIO_BYTES)


@bp.url_value_preprocessor
def _radio_request_limit(endpoint: str | None, values: dict | None) -> None:
    """Let a logged-in editor's bulletin in (larger than a form); set before the CSRF check reads the body."""
    if endpoint in ("editor.radio_new", "editor.radio_edit") and current_user.is_authenticated:
        request.max_content_length = max(max_audio_bytes() + SLACK, current_app.config["MAX_CONTENT_LENGTH"])


def _from_form(form: RadioForm, old: dict | None) -> dict:
    """Return the values to save; the file is stored only once every other field is valid (no orphan file).

    An empty duration is read from the file (mutagen); a typed one wins.
    """
    values = {name: form[name].data for name in FIELDS}
    values["audio"] = old.get("audio") if old else None
    upload = form.audio.data
    if upload and getattr(upload, "filename", ""):
        svc().radio.validate(dict(values, audio={"name": "0" * 32 + ".mp3", "type": "mp3", "size": 1}))
        limit = max_audio_bytes()
        data = upload.read(limit + 1)
        values["audio"] = save_media(svc().store, data, AUDIO_TYPES, "audio", limit)
        if not (values["seconds"] or "").strip():
            values["seconds"] = audio_seconds(data)
    elif not (values["seconds"] or "").strip() and old:
        values["seconds"] = old.get("seconds")
    return values


def _to_form(item: dict) -> dict:
    data = {name: item.get(name) or "" for name in FIELDS}
    data["aired_on"] = date.fromisoformat(item["aired_on"]).isoformat() if item.get("aired_on") else ""
    data["seconds"] = show_duration(item.get("seconds"))
    return data


register_crud(
    bp, name="radio", url="/phat-thanh", title="Bản tin phát thanh", item_label="bản tin phát thanh",
    records=lambda: svc().radio, form_class=RadioForm,
    columns=[("Tiêu đề", lambda r: r["title"]), ("Ngày phát", lambda r: r["aired_vn"]),
             ("Thời lượng", lambda r: duration_words(r.get("seconds")) or "—")],
    to_form=_to_form, from_form=_from_form,
    public_url=lambda r: url_for("public.radio_item", id=r["id"], slug=r["slug"]),
    hint=("Bản tin của đài truyền thanh xã (MP3 hoặc M4A) kèm nội dung bằng chữ; mỗi bản tin cũng có trong "
          "kênh podcast /phat-thanh/podcast.xml để nghe bằng ứng dụng trên điện thoại."),
)
