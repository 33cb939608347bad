"""Video in the panel: an uploaded MP4/WebM with its poster picture, or a YouTube address."""
from __future__ import annotations

from datetime import date

from flask import current_app, request, url_for
from flask_login import current_user

from blueprints import svc
from core.media_files import MAX_VIDEO_BYTES, VIDEO_TYPES, detect_media, save_media
from core.uploads import prepare_image, store_image

from . import bp
from .av_forms import VideoForm
from .crud import register_crud

FIELDS = ("title", "shown_on", "description", "youtube")
SLACK = 1024 * 1024  # the form's other fields around the file


def max_video_bytes() -> int:
    """Return the largest video upload the settings allow (MAX_VIDEO_BYTES, 200 MB by default)."""
    return int(current_app.config.get("MAX_VIDEO_BYTES") or MAX_VIDEO_BYTES)


@bp.url_value_preprocessor
def _video_request_limit(endpoint: str | None, values: dict | None) -> None:
    """Let a logged-in editor's video in (larger than a form); set before the CSRF check reads the body."""
    if endpoint in ("editor.videos_new", "editor.videos_edit") and current_user.is_authenticated:
        request.max_content_length = max_video_bytes() + SLACK


def _from_form(form: VideoForm, old: dict | None) -> dict:
    """Return the values to save; files are stored only once every other field is valid (no orphan file)."""
    values = {name: form[name].data for name in FIELDS}
    values["file"] = old.get("file") if old else None
    values["poster"] = old.get("poster") if old else None
    upload, poster = form.file.data, form.poster.data
    new_file = bool(upload and getattr(upload, "filename", ""))
    new_poster = bool(poster and getattr(poster, "filename", ""))
    if values["youtube"] and not new_file:
        values["file"] = None  # switched to YouTube: the old upload is no longer shown
    probe = dict(values)
    if new_file:
        probe["file"] = {"name": "0" * 32 + ".mp4", "type": "mp4", "size": 1}
    if new_poster:
        probe["poster"] = "0" * 32 + ".jpg"
    svc().videos.validate(probe)
    # Both files are checked in memory before either is stored: a refused video leaves no poster behind.
    limit = max_video_bytes()
    data = upload.read(limit + 1) if new_file else b""
    if new_file:
        detect_media(data, VIDEO_TYPES, "file", limit)
    if new_poster:
        image_limit = current_app.config["MAX_IMAGE_BYTES"]
        prepared = prepare_image(poster.read(image_limit + 1), "poster", image_limit)
        values["poster"] = store_image(svc().store, prepared)["name"]
    if new_file:
        values["file"] = save_media(svc().store, data, VIDEO_TYPES, "file", limit)
    return values


def _to_form(item: dict) -> dict:
    data = {name: item.get(name) or "" for name in FIELDS}
    data["shown_on"] = date.fromisoformat(item["shown_on"]).isoformat() if item.get("shown_on") else ""
    if item.get("youtube"):
        data["youtube"] = item["watch_url"]
    return data


def _source(item: dict) -> str:
    if item.get("youtube"):
        return "YouTube"
    return item["file_label"] if item.get("file") else "—"


register_crud(
    bp, name="videos", url="/video", title="Video", item_label="video",
    records=lambda: svc().videos, form_class=VideoForm,
    columns=[("Tiêu đề", lambda r: r["title"]), ("Ngày đăng", lambda r: r["shown_vn"]), ("Nguồn", _source)],
    to_form=_to_form, from_form=_from_form,
    public_url=lambda r: url_for("public.video_item", id=r["id"], slug=r["slug"]),
    hint=("Video tải lên (MP4, WebM, kèm ảnh đại diện) hoặc địa chỉ YouTube. Trang chỉ tải trình phát YouTube "
          "khi người xem bấm nút, nên không gửi gì cho YouTube trước đó."),
)
