"""The media library: every image and document uploaded through it, with its alt text.

Files are checked by their content (core.uploads), stored under random names in
the uploads folder and recorded in ``media.json``. Deleting moves a record to
the trash and leaves its files on disk, so it can be restored; it is refused
while an article, an intro page, a banner, a person or a draft uses the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from collections.abc import Iterable

import olefile

from . import timeutil
from .articles import ARTICLE_DIR
from .errors import NotFound, ValidationError
from .uploads import (
    DOCUMENT_TYPES, IMAGE_TYPES, LIBRARY_TYPES, MAX_DOCUMENT_BYTES, UPLOAD_DIR, PreparedImage, add_web_sizes,
    clean_file_name, detect_document, image_info, is_main_image_name, prepare_image, probe_image,
    safe_document_name, size_label, store_image,
)
from .records import Records
from .text import query_words, search_text

__all__ = ["Library", "InUse", "PreparedUpload", "find_usage", "KINDS", "NotFound", "ValidationError"]

KIND_IMAGE = "image"
KIND_DOCUMENT = "document"
KINDS = {KIND_IMAGE: "Ảnh", KIND_DOCUMENT: "Văn bản"}
MAX_ALT = 300
MAX_IMAGE_BYTES = 8 * 1024 * 1024

_SVG = ("Không nhận ảnh vẽ dạng mã: loại tệp này có thể chứa mã chạy được trên trang. "
        "Vui lòng lưu ảnh dưới dạng PNG hoặc JPEG rồi tải lên lại.")
_MARKUP = ("Không nhận tệp trang web, tệp dữ liệu dạng mã hay mã chương trình. "
           "Chỉ nhận ảnh (JPEG, PNG, GIF) và văn bản (PDF, DOC, DOCX, XLS, XLSX, ODT); "
           "loại tệp được xác định theo nội dung, không theo tên tệp.")
_UNKNOWN = ("Không nhận loại tệp này. Chỉ nhận ảnh (JPEG, PNG, GIF) và văn bản (PDF, DOC, DOCX, XLS, "
            "XLSX, ODT); loại tệp được xác định theo nội dung, không theo tên tệp.")
_EMPTY = "Tệp rỗng (0 byte): vui lòng chọn lại tệp."
_ALT_MISSING = "Vui lòng nhập mô tả ảnh (cho người khiếm thị)."
_IMAGES_ONLY = ("Ở đây chỉ chèn được ảnh (JPEG, PNG, GIF). Văn bản (PDF, Word …) hãy tải lên "
                "tại trang Thư viện rồi chèn liên kết.")


class InUse(Exception):
    """A file cannot be deleted: ``usages`` lists what uses it (see find_usage)."""

    def __init__(self, usages: list[dict]):
        self.usages = usages
        super().__init__(f"used by {len(usages)} item(s)")


@dataclass
class PreparedUpload:
    """An upload checked in memory: an image re-encoded in its web sizes, or a document's bytes."""

    kind: str
    original: str
    alt: str
    image: PreparedImage | None = None
    data: bytes = b""
    ext: str = ""


def _sniff_markup(data: bytes) -> str | None:
    """Return a refusal message when the bytes are SVG, HTML, XML or a script (what browsers would run)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n\x0b\x0c").lower()
    if b"<svg" in data[:4096].lower():
        return _SVG
    if head.startswith(b"<"):
        return _MARKUP
    return None


def _looks_like_image(data: bytes) -> bool:
    """Return whether the bytes start like a JPEG, PNG, GIF or WebP (so a broken one is called a broken image)."""
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _alt(values: dict, errors: dict, required: bool) -> str:
    alt = " ".join(str(values.get("alt", "") or "").split())
    if required and not alt:
        errors["alt"] = _ALT_MISSING
    elif len(alt) > MAX_ALT:
        errors["alt"] = f"Mô tả ảnh tối đa {MAX_ALT} ký tự."
    return alt


class Library(Records):
    """Uploaded images and documents, newest first; trashed records keep their files."""

    FILE = "media.json"

    def sort_key(self, item: dict) -> Any:
        """Order records by upload time, newest first."""
        return (item.get("uploaded_at") or item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Index the records by stored name and fold their names and alt text for search."""
        self._by_name = {}
        for item in items:
            item["_text"] = search_text(item.get("original", ""), item.get("alt", ""))
            self._by_name[item["name"]] = item

    # ---------------------------------------------------------------- reads
    def by_name(self, name: str) -> dict:
        """Return the record of a stored file name (trashed or not), or raise NotFound."""
        self._load()
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise NotFound(name) from None

    def search(self, query: str = "", kind: str | None = None, trashed: bool = False, page: int = 1,
               per_page: int = 30) -> tuple[list[dict], int]:
        """Return one page of records whose name or alt text has every word of ``query`` (diacritics optional)."""
        words = [f" {w}" for w in query_words(query or "")[:12]]
        hits = [i for i in self.all(trashed) if (kind is None or i["kind"] == kind)
                and all(w in i["_text"] for w in words)]
        start = (max(1, page) - 1) * per_page
        return hits[start:start + per_page], len(hits)

    def document_file(self, name: str) -> tuple[str, dict]:
        """Return the path and record of a live library document to download, or raise NotFound."""
        if safe_document_name(name) is None:
            raise NotFound(name)
        item = self.by_name(name)
        if item["kind"] != KIND_DOCUMENT or item.get("trashed_at"):
            raise NotFound(name)
        path = self.store.file_path(f"{UPLOAD_DIR}/{name}")
        if path is None:
            raise NotFound(name)
        return str(path), item

    # ---------------------------------------------------------------- uploads
    def prepare(self, data: bytes, filename: str, alt: str = "", *, max_image_bytes: int = MAX_IMAGE_BYTES,
                max_document_bytes: int = MAX_DOCUMENT_BYTES, images_only: bool = False,
                field: str = "file") -> PreparedUpload:
        """Check an upload by its content and re-encode an image, in memory; raise ValidationError.

        Images (JPEG, PNG, WebP, GIF) need alt text; documents are PDF, DOC,
        DOCX, XLS, XLSX or ODT; SVG, HTML, scripts and anything else are refused.
        """
        errors: dict[str, str] = {}
        if not data:
            raise ValidationError({field: _EMPTY})
        # Images are re-encoded and documents only ever downloaded, so a polyglot of either is harmless;
        # anything else that looks like markup gets a message saying why it is refused.
        if probe_image(data) is not None or _looks_like_image(data):
            alt_text = _alt({"alt": alt}, errors, required=True)
            try:
                image = prepare_image(data, field, max_image_bytes)
            except ValidationError as exc:
                errors.update(exc.errors)
                raise ValidationError(errors) from None
            if errors:
                raise ValidationError(errors)
            return PreparedUpload(KIND_IMAGE, clean_file_name(filename or "anh", image.ext), alt_text,
                                  image=image, ext=image.ext)
        if data.startswith((b"%PDF-", b"PK\x03\x04")) or olefile.isOleFile(data=data):
            if images_only:
                raise ValidationError({field: _IMAGES_ONLY})
            alt_text = _alt({"alt": alt}, errors, required=False)
            ext = detect_document(data, field, max_document_bytes, LIBRARY_TYPES)
            if errors:
                raise ValidationError(errors)
            return PreparedUpload(KIND_DOCUMENT, clean_file_name(filename, ext), alt_text, data=data, ext=ext)
        raise ValidationError({field: _sniff_markup(data) or _UNKNOWN})

    def add(self, prepared: PreparedUpload, by: str = "") -> dict:
        """Store a prepared upload's files under a new random name and record it; return the record."""
        if prepared.kind == KIND_IMAGE:
            saved = store_image(self.store, prepared.image)
            values = {"name": saved["name"], "kind": KIND_IMAGE, "ext": saved["ext"], "type": saved["type"],
                      "size": saved["size"], "width": saved["width"], "height": saved["height"],
                      "sizes": saved["sizes"]}
        else:
            import secrets

            name = f"{secrets.token_hex(16)}.{prepared.ext}"
            self.store.save_blob(f"{UPLOAD_DIR}/{name}", prepared.data)
            values = {"name": name, "kind": KIND_DOCUMENT, "ext": prepared.ext,
                      "type": DOCUMENT_TYPES[prepared.ext][0], "size": len(prepared.data)}
        values.update(original=prepared.original, alt=prepared.alt, uploaded_at=timeutil.now_iso(),
                      uploaded_by=by)
        return self.save(values)

    def add_upload(self, data: bytes, filename: str, alt: str = "", by: str = "", **limits: Any) -> dict:
        """Check and store one upload (see ``prepare``); return its record."""
        return self.add(self.prepare(data, filename, alt, **limits), by)

    # ---------------------------------------------------------------- writes
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the fields to store: on a new record all of them, on an edit only the alt text."""
        errors: dict[str, str] = {}
        kind = self.get(item_id)["kind"] if item_id is not None else values.get("kind")
        if kind not in KINDS:
            raise ValidationError({"file": "Loại tệp không hợp lệ."})
        alt = _alt(values, errors, required=kind == KIND_IMAGE and not values.get("imported"))
        if errors:
            raise ValidationError(errors)
        if item_id is not None:
            return {"alt": alt}
        keep = ("name", "kind", "ext", "type", "size", "width", "height", "sizes", "original", "uploaded_at",
                "uploaded_by")
        return dict({k: values[k] for k in keep if k in values}, alt=alt)

    def set_alt(self, item_id: int, alt: str) -> dict:
        """Change the alt text (description) of a record."""
        return self.save({"alt": alt}, item_id)

    def trash_unused(self, item_id: int, usages: list[dict]) -> None:
        """Move a record to the trash unless something uses its file (raise InUse listing what)."""
        self.get_live(item_id)
        if usages:
            raise InUse(usages)
        self.trash(item_id)

    def unregistered_images(self) -> list[str]:
        """Return the stored images (large files) that the library does not list, oldest first.

        Covers, banners and portraits uploaded through their own forms before or
        beside the library are found here, so they can be brought in.
        """
        self._load()
        found = []
        for name in self.store.list_dir(UPLOAD_DIR):
            if is_main_image_name(name) and name not in self._by_name:
                st = self.store.stat(f"{UPLOAD_DIR}/{name}")
                if st is not None:
                    found.append((st.st_mtime, name))
        return [name for _, name in sorted(found)]

    def import_existing(self, alt_for: dict[str, str] | None = None, by: str = "") -> int:
        """Record the unregistered images (adding their missing web sizes); return how many.

        ``alt_for`` maps a file name to the description already given where it
        is used (an article's cover text, a banner's alt text).
        """
        names = self.unregistered_images()
        if not names:
            return 0
        alt_for = alt_for or {}
        docs = []
        for name in names:
            add_web_sizes(self.store, name)
            info = image_info(self.store, name)
            if info is None:
                continue
            st = self.store.stat(f"{UPLOAD_DIR}/{name}")
            if st is None:
                continue
            ext = name.rsplit(".", 1)[1]
            stamp = timeutil.to_iso(datetime.fromtimestamp(st.st_mtime, timeutil.TZ))
            docs.append(self.validate({
                "name": name, "kind": KIND_IMAGE, "ext": ext, "type": IMAGE_TYPES[ext],
                "size": st.st_size, "width": info["width"], "height": info["height"],
                "sizes": [w for w, n in info["sizes"] if n != name], "original": name,
                "alt": alt_for.get(name, "")[:MAX_ALT], "uploaded_at": stamp, "uploaded_by": by, "imported": True,
            }))
        now = timeutil.now_iso()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            known = {d.get("name") for d in table.all()}
            fresh = [dict(d, created_at=now, updated_at=now, trashed_at=None) for d in docs if d["name"] not in known]
            table.insert_multiple(fresh)
        return len(fresh)


def item_label(item: dict) -> str:
    """Return a short description of a record for lists: kind, size and dimensions."""
    if item["kind"] == KIND_IMAGE:
        kind = {"jpg": "JPEG", "png": "PNG", "webp": "nén cho web"}.get(item["ext"], item["ext"].upper())
        return f"Ảnh {kind}, {item.get('width', 0)} × {item.get('height', 0)}, {size_label(item['size'])}"
    return f"{DOCUMENT_TYPES[item['ext']][1]}, {size_label(item['size'])}"


# ------------------------------------------------------------------ usage
def _token(name: str) -> str:
    return name.split(".", 1)[0].split("-", 1)[0]  # the random part: every size and URL of the file has it


def find_usage(name: str, content, banners=None, people=None, drafts=None, albums=None) -> list[dict]:
    """Return what uses stored file ``name``: ``[{"kind", "id", "title", "trashed"}]``.

    Article covers and bodies (trashed articles too: they can be restored),
    intro pages, banners, portraits, draft bodies and albums are searched for the
    file's random part, which every web size and URL of it contains.
    """
    token = _token(name)
    found: list[dict] = []
    store = content.store
    for shard in store.list_files(ARTICLE_DIR):
        for doc_id, doc in store.read(shard, cache=False).get("articles", {}).items():
            if token in str(doc.get("cover") or "") or token in str(doc.get("body") or ""):
                found.append({"kind": "article", "id": int(doc_id), "title": doc.get("title", ""),
                              "trashed": bool(doc.get("trashed_at"))})
    for page in content.pages(include_hidden=True):
        if token in str(page.get("body") or ""):
            found.append({"kind": "page", "id": page["id"], "title": page["title"], "trashed": False})

    def records(collection, kind: str, fields: Iterable[str], title: str) -> None:
        if collection is None:
            return
        for trashed in (False, True):
            for item in collection.all(trashed=trashed):
                if any(token in str(item.get(f) or "") for f in fields):
                    found.append({"kind": kind, "id": item["id"], "title": item.get(title, ""), "trashed": trashed})

    records(banners, "banner", ("image",), "title")
    records(people, "person", ("photo",), "name")
    records(drafts, "draft", ("body",), "title")
    records(albums, "album", ("pictures",), "title")
    return found
