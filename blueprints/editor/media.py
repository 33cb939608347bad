"""Thư viện (media library): list, upload, describe, delete and restore files; JSON for the rich-text editor."""
from __future__ import annotations

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from blueprints import csrf
from core.library import KIND_DOCUMENT, KIND_IMAGE, KINDS, InUse, Library, find_usage, item_label
from core.sanitize import responsive_pictures
from core.uploads import image_info, site_picture_name, variant_name
from core.store import StoreFull
from core.errors import NotFound, ValidationError
from core.store import StoreError

from . import bp
from blueprints.args import page_arg, page_or_none
from blueprints import svc
from .common import attach_errors, max_document_bytes
from .forms import ConfirmForm, MediaEditForm, MediaUploadForm

PER_PAGE = 30
JSON_PER_PAGE = 40
KIND_ARGS = {"anh": KIND_IMAGE, "van-ban": KIND_DOCUMENT}  # ?loai= in the list URL
USAGE_KINDS = {  # what uses a file -> (label, edit endpoint, its id argument)
    "article": ("Tin bài", "editor.article_edit", "article_id"),
    "page": ("Trang giới thiệu", "editor.page_edit", "page_id"),
    "banner": ("Pa-nô tuyên truyền", "editor.banners_edit", "item_id"),
    "person": ("Cán bộ", "editor.people_edit", "item_id"),
    "draft": ("Dự thảo lấy ý kiến", "editor.consultation_edit", "item_id"),
    "album": ("Tin ảnh", "editor.albums_edit", "item_id"),
}


# ------------------------------------------------------------------ template helpers
def srcset(name: str | None) -> str:
    """Return the ``srcset`` of a stored image: each web size with its width (``/tep/x-320.jpg 320w, …``)."""
    info = image_info(svc().store, name) if name else None
    if info is None:
        return ""
    return ", ".join(f"{url_for('public.upload', name=n)} {w}w" for w, n in info["sizes"])


def image_size(name: str | None) -> dict | None:
    """Return ``{"width", "height"}`` of a stored image (for the img attributes), or None."""
    info = image_info(svc().store, name) if name else None
    return {"width": info["width"], "height": info["height"]} if info else None


# The width a body picture takes: the article column on a wide screen, the screen less its margins on a phone.
BODY_SIZES = "(min-width: 1140px) 788px, (min-width: 900px) calc(100vw - 352px), calc(100vw - 24px)"


def smallest(name: str | None) -> dict | None:
    """Return ``{"name", "width", "height"}`` of the smallest stored copy of an image (its 320 px thumbnail
    when there is one), or None when the file cannot be read."""
    info = image_info(svc().store, name) if name else None
    if info is None:
        return None
    width, small = info["sizes"][0]
    return {"name": small, "width": width, "height": max(1, round(info["height"] * width / info["width"]))}


def body_pictures(html: str) -> Markup:
    """Return a cleaned body whose pictures of this site carry srcset/sizes (a phone loads a small copy)."""
    return Markup(responsive_pictures(str(html or ""), lambda src: srcset(site_picture_name(src)), BODY_SIZES))


@bp.record_once
def _install(state) -> None:
    """Give the templates the ``srcset`` / ``image_size`` / ``smallest`` / ``body_pictures`` filters."""
    state.app.add_template_filter(srcset, "srcset")
    state.app.add_template_filter(image_size, "image_size")
    state.app.add_template_filter(smallest, "smallest")
    state.app.add_template_filter(body_pictures, "body_pictures")


def thumb_name(item: dict) -> str:
    """Return the stored name of an image's thumbnail (the image itself when it is that small)."""
    return variant_name(item["name"], 320) if 320 in (item.get("sizes") or []) else item["name"]


def _library() -> Library:
    return svc().library


def _limits() -> dict:
    return {"max_image_bytes": int(current_app.config["MAX_IMAGE_BYTES"]),
            "max_document_bytes": max_document_bytes()}


def _read(upload) -> bytes:
    """Read an uploaded file, one byte past the largest limit (so "too large" is still detected)."""
    limit = max(_limits().values())
    return upload.stream.read(limit + 1)


def _usages(name: str) -> list[dict]:
    """Return what uses a stored file, each with its label and the link to its edit page."""
    s = svc()
    found = find_usage(name, s.content, s.banners, s.people, s.consultations, s.albums)
    views = current_app.view_functions
    for use in found:
        label, endpoint, arg = USAGE_KINDS[use["kind"]]
        use["label"] = label
        use["url"] = url_for(endpoint, **{arg: use["id"]}) if endpoint in views else None
    return found


def _in_use_message(item: dict, usages: list[dict]) -> Markup:
    """Return the refusal message: what uses the file, titles linked to their edit pages."""
    shown = []
    for use in usages[:10]:
        title = escape(use["title"] or "(không có tiêu đề)")
        link = Markup('<a href="{}">{}</a>').format(use["url"], title) if use["url"] else title
        note = " (đang trong thùng rác)" if use["trashed"] else ""
        shown.append(Markup("{} “{}”{}").format(use["label"], link, note))
    more = f"; và {len(usages) - 10} mục khác" if len(usages) > 10 else ""
    return Markup("Không xóa được “{}” vì tệp đang được dùng ở: {}{}. Hãy bỏ tệp khỏi các mục này trước.").format(
        item["original"], Markup("; ").join(shown), more)


# ------------------------------------------------------------------ screens
@bp.route("/thu-vien")
def media_list():
    """List library files with thumbnails: search by name or description, filter by kind, trash."""
    q = request.args.get("q", "").strip()[:200]
    kind_arg = request.args.get("loai", "")
    kind = KIND_ARGS.get(kind_arg)
    trashed = request.args.get("thung_rac") == "1"
    page = page_arg()
    items, total = _library().search(q, kind, trashed, page, PER_PAGE)
    if page > 1 and not items:
        abort(404)
    return render_template(
        "editor/media/list.html", items=items, total=total, page=page, per_page=PER_PAGE, q=q,
        kind_arg=kind_arg if kind else "", trashed=trashed, kinds=KINDS, item_label=item_label,
        thumb_name=thumb_name, unregistered=0 if trashed else len(_library().unregistered_images()),
        confirm=ConfirmForm(),
    )


@bp.route("/thu-vien/tai-len", methods=["GET", "POST"])
def media_upload():
    """Upload files to the library: every file is checked before any is stored."""
    form = MediaUploadForm()
    if form.validate_on_submit():
        uploads = [f for f in (form.files.data or []) if f and getattr(f, "filename", "")]
        if not uploads:
            form.files.errors.append("Vui lòng chọn tệp.")
        prepared, problems = [], False
        for upload in uploads:
            try:
                prepared.append(_library().prepare(_read(upload), upload.filename, form.alt.data or "",
                                                   field="files", **_limits()))
            except ValidationError as exc:
                problems = True
                errors = dict(exc.errors)
                if len(uploads) > 1 and "files" in errors:
                    errors["files"] = f"{upload.filename}: {errors['files']}"
                if "alt" in errors and form.alt.errors:
                    errors.pop("alt")  # said once is enough
                attach_errors(form, ValidationError(errors), "files")
        if uploads and not problems:
            saved = [_library().add(p, current_user.username) for p in prepared]
            if len(saved) == 1:
                flash(f"Đã tải lên “{saved[0]['original']}”.", "success")
                return redirect(url_for("editor.media_edit", item_id=saved[0]["id"]))
            flash(f"Đã tải lên {len(saved)} tệp.", "success")
            return redirect(url_for("editor.media_list"))
        if prepared and problems:
            form.files.errors.append("Chưa lưu tệp nào vì còn tệp bị lỗi: vui lòng chọn lại các tệp.")
    return render_template("editor/media/upload.html", form=form)


@bp.route("/thu-vien/<int:item_id>", methods=["GET", "POST"])
def media_edit(item_id: int):
    """Show one library file (sizes, addresses, where it is used) and edit its description."""
    try:
        item = _library().get(item_id)
    except NotFound:
        abort(404)
    form = MediaEditForm()
    if item["kind"] != KIND_IMAGE:
        form.alt.label.text = "Mô tả"
    if request.method == "GET":
        form.alt.data = item.get("alt", "")
    if form.validate_on_submit():
        try:
            _library().set_alt(item_id, form.alt.data or "")
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "alt")
        else:
            flash("Đã lưu mô tả.", "success")
            return redirect(url_for("editor.media_edit", item_id=item_id))
    sizes = []
    if item["kind"] == KIND_IMAGE:
        sizes = [(w, variant_name(item["name"], w)) for w in item.get("sizes", [])]
        sizes.append((item.get("width"), item["name"]))
    return render_template("editor/media/edit.html", item=item, form=form, sizes=sizes, kinds=KINDS,
                           item_label=item_label, usages=_usages(item["name"]), confirm=ConfirmForm())


@bp.route("/thu-vien/<int:item_id>/xoa", methods=["POST"])
def media_delete(item_id: int):
    """Move a file to the trash, refused while an article, page or banner uses it."""
    try:
        item = _library().get_live(item_id)
        _library().trash_unused(item_id, _usages(item["name"]))
    except NotFound:
        abort(404)
    except InUse as exc:
        flash(_in_use_message(item, exc.usages), "error")
        return redirect(url_for("editor.media_edit", item_id=item_id))
    flash(f"Đã chuyển “{item['original']}” vào thùng rác; tệp vẫn được giữ và có thể khôi phục.", "success")
    return redirect(url_for("editor.media_list"))


@bp.route("/thu-vien/<int:item_id>/khoi-phuc", methods=["POST"])
def media_restore(item_id: int):
    """Bring a file back from the trash."""
    try:
        item = _library().get(item_id)
        _library().restore(item_id)
    except NotFound:
        abort(404)
    flash(f"Đã khôi phục “{item['original']}”.", "success")
    return redirect(url_for("editor.media_list", thung_rac=1))


@bp.route("/thu-vien/nhap-anh-da-co", methods=["POST"])
def media_import():
    """Bring images uploaded through other forms (covers, banners, portraits) into the library."""
    s = svc()
    alt_for: dict[str, str] = {}
    for meta in s.content.index().meta.values():
        if meta.get("cover") and meta.get("cover_alt"):
            alt_for.setdefault(meta["cover"], meta["cover_alt"])
    for banner in s.banners.all() + s.banners.all(trashed=True):
        if banner.get("image") and banner.get("alt"):
            alt_for.setdefault(banner["image"], banner["alt"])
    for person in s.people.all() + s.people.all(trashed=True):
        if person.get("photo"):
            alt_for.setdefault(person["photo"], person.get("name", ""))
    count = _library().import_existing(alt_for, current_user.username)
    flash(f"Đã đưa {count} ảnh vào thư viện." if count else "Không có ảnh nào cần đưa vào thư viện.", "success")
    return redirect(url_for("editor.media_list"))


# ------------------------------------------------------------------ JSON for the rich-text editor
def _json_item(item: dict) -> dict:
    """Return the JSON shape of a library image."""
    name = item["name"]
    return {"id": item["id"], "name": name, "url": url_for("public.upload", name=name),
            "thumb": url_for("public.upload", name=thumb_name(item)), "alt": item.get("alt", ""),
            "width": item.get("width", 0), "height": item.get("height", 0)}


def _json(payload: dict, status: int = 200):
    """Return a JSON response with Vietnamese letters as they are (not \\u escapes), never cached."""
    response = current_app.response_class(json.dumps(payload, ensure_ascii=False), status=status,
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _json_error(message: str, status: int = 400):
    return _json({"error": message}, status)


@bp.route("/thu-vien/anh.json")
def media_images_json():
    """Return one page (40) of library images, newest first, matching ?q= words (for the image picker)."""
    page = page_or_none()
    if page is None:
        return _json_error("Số trang không hợp lệ.")
    items, total = _library().search(request.args.get("q", "")[:200], KIND_IMAGE, False, page, JSON_PER_PAGE)
    return _json({"items": [_json_item(i) for i in items], "total": total})


@bp.route("/thu-vien/tai-len.json", methods=["POST"])
@csrf.exempt  # checked below, so that a missing token answers JSON like every other error here
def media_upload_json():
    """Upload one image (fields ``file``, ``alt``) for the rich-text editor; answer JSON, never HTML."""
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            try:
                csrf.protect()
            except CSRFError:
                return _json_error("Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ; vui lòng tải lại trang "
                                   "rồi thử lại.")
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return _json_error("Vui lòng chọn ảnh.")
        try:
            prepared = _library().prepare(_read(upload), upload.filename, request.form.get("alt", ""),
                                          images_only=True, field="file", **_limits())
        except ValidationError as exc:
            return _json_error(" ".join(exc.errors.values()))
        item = _library().add(prepared, current_user.username)
    except RequestEntityTooLarge:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _json_error(f"Dữ liệu gửi lên quá lớn (tối đa {limit} MB).")
    except StoreError:
        current_app.logger.exception("media upload failed")
        return _json_error("Không lưu được ảnh lúc này; vui lòng thử lại sau ít phút.", 503)
    return _json({"item": _json_item(item)}, 201)
