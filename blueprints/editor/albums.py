"""Tin ảnh in the panel: albums of library pictures, each with its caption, ordered, one the cover."""
from __future__ import annotations

from datetime import date

from flask import current_app, request, url_for
from flask_login import current_user

from core.errors import NotFound, ValidationError
from core.library import KIND_IMAGE

from . import bp
from blueprints import svc
from .album_forms import AlbumForm
from .crud import register_crud
from .media import thumb_name

CHOICES = 60  # library pictures offered to add, newest first


def _rows(old: dict | None) -> list[dict]:
    """Return the album's picture rows as sent (kept order numbers applied, removed ones left out)."""
    names = request.form.getlist("pic_name")
    captions = request.form.getlist("pic_caption")
    orders = request.form.getlist("pic_order")
    removed = set(request.form.getlist("pic_remove"))
    rows = []
    for n, name in enumerate(names):
        if name in removed:
            continue
        try:
            order = float(orders[n]) if n < len(orders) and orders[n].strip() else n + 1
        except ValueError:
            order = n + 1
        rows.append((order, n, {"name": name, "caption": captions[n] if n < len(captions) else ""}))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _from_form(form: AlbumForm, old: dict | None) -> dict:
    """Return the values to save; new files go into the library only once every other field is valid."""
    albums, library = svc().albums, svc().library
    pictures = _rows(old)
    known = {p["name"] for p in pictures}
    for name in request.form.getlist("add"):
        if name not in known:
            try:
                record = library.by_name(name)
            except NotFound:  # reported by the album's rules
                record = {"alt": ""}
            pictures.append({"name": name, "caption": record.get("alt", "")})
            known.add(name)
    values = {"title": form.title.data, "taken_on": form.taken_on.data, "description": form.description.data,
              "pictures": pictures, "cover": request.form.get("cover", "")}
    uploads = [f for f in (form.uploads.data or []) if f and getattr(f, "filename", "")]
    if not uploads:
        return values
    caption = (form.upload_caption.data or "").strip()
    limit = int(current_app.config["MAX_IMAGE_BYTES"])
    prepared, errors = [], {}
    for upload in uploads:
        try:
            prepared.append(library.prepare(upload.read(limit + 1), upload.filename, caption, images_only=True,
                                            max_image_bytes=limit, field="uploads"))
        except ValidationError as exc:
            for key, message in exc.errors.items():
                key = "upload_caption" if key == "alt" else "uploads"
                errors.setdefault(key, f"{upload.filename}: {message}" if key == "uploads" else message)
    try:
        albums.validate(values)
    except ValidationError as exc:
        # Pictures about to be uploaded make an empty album valid; anything else is said now.
        errors.update({k: v for k, v in exc.errors.items() if not (k == "pictures" and not pictures)})
    if errors:
        raise ValidationError(errors)
    for item in prepared:
        record = library.add(item, current_user.username)
        values["pictures"].append({"name": record["name"], "caption": caption})
    return values


def _to_form(item: dict) -> dict:
    data = {k: item.get(k, "") for k in ("title", "description")}
    data["taken_on"] = date.fromisoformat(item["taken_on"]).isoformat() if item.get("taken_on") else ""
    return data


@bp.app_template_global()
def album_choices(album: dict | None) -> list[dict]:
    """Return the newest library pictures not yet in ``album``, each with its thumbnail's name."""
    if request.blueprint != "editor":
        return []
    taken = {p["name"] for p in (album or {}).get("pictures") or []}
    items, _ = svc().library.search("", KIND_IMAGE, page=1, per_page=CHOICES + len(taken))
    return [dict(i, thumb=thumb_name(i)) for i in items if i["name"] not in taken][:CHOICES]


register_crud(
    bp, name="albums", url="/tin-anh", title="Tin ảnh", item_label="album ảnh",
    records=lambda: svc().albums, form_class=AlbumForm,
    columns=[("Tên album", lambda r: r["title"]), ("Ngày", lambda r: r["taken_vn"]),
             ("Số ảnh", lambda r: len(r.get("pictures") or []))],
    to_form=_to_form, from_form=_from_form,
    public_url=lambda r: url_for("public.album", id=r["id"], slug=r["slug"]),
    hint="Album ảnh hiện ở trang Tin ảnh và trên trang chủ; ảnh lấy từ Thư viện, mỗi ảnh cần chú thích.",
    template_form="editor/albums/form.html",
)
