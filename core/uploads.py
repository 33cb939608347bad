"""Uploaded files: images (type decided by content with Pillow, re-encoded, stored under random names) and documents.

Every image is stored in web sizes: ``<hex>.<ext>`` (the "large" file, at most
1600 px), ``<hex>-800.<ext>`` (medium) and ``<hex>-320.<ext>`` (thumbnail);
a size is only made when the image is wider than it (never upscaled).
"""
from __future__ import annotations

import io
import re
import secrets
import threading
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from urllib.parse import urlsplit

import olefile
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ValidationError
from .store import UPLOAD_DIR, Store

MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
# Pillow itself refuses (DecompressionBombError) anything over twice this and warns above it;
# save_image refuses anything above it explicitly, before any pixel is decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_SIDE = 1600  # stored images are resized to fit web pages (the "large" size)
WEB_WIDTHS = (320, 800)  # thumbnail, medium: <hex>-320.<ext>, <hex>-800.<ext>
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}  # what we store and serve
_NAME = re.compile(r"^([a-f0-9]{32})(?:-(320|800))?\.(jpg|png|webp)$")
_MAIN_NAME = re.compile(r"^[a-f0-9]{32}\.(jpg|png|webp)$")
_NOT_IMAGE = "Tệp không phải là ảnh hợp lệ (JPEG, PNG, GIF)."
_TOO_MANY_PIXELS = (f"Ảnh có kích thước điểm ảnh quá lớn (tối đa {MAX_PIXELS:,} điểm ảnh): vui lòng thu nhỏ ảnh "
                    "rồi tải lên lại.".replace(",", "."))


def safe_upload_name(name: str) -> str | None:
    """Return ``name`` if it is one of our random image names (any web size), else None (no path tricks)."""
    return name if _NAME.match(name or "") else None


def upload_path(store: Store, name: str) -> Path | None:
    """Return the checked path of stored upload ``name`` (an image in any web size), or None if there is none."""
    safe = safe_upload_name(name)
    return store.file_path(f"{UPLOAD_DIR}/{safe}") if safe else None


def is_main_image_name(name: str) -> bool:
    """Return whether ``name`` is the large (main) file of a stored image, not one of its smaller sizes."""
    return bool(_MAIN_NAME.match(name or ""))


def upload_mimetype(name: str) -> str:
    """Return the Content-Type of a stored image name (the type we encoded it in)."""
    return IMAGE_TYPES[name.rsplit(".", 1)[-1]]


def variant_name(name: str, width: int) -> str:
    """Return the stored name of the ``width`` px wide size of image ``name``."""
    stem, ext = name.rsplit(".", 1)
    return f"{stem}-{width}.{ext}"


@dataclass
class PreparedImage:
    """A checked, re-encoded image held in memory: nothing is stored yet."""

    ext: str
    width: int
    height: int
    large: bytes
    variants: dict[int, bytes] = dc_field(default_factory=dict)  # width -> encoded bytes

    @property
    def mimetype(self) -> str:
        """Return the Content-Type of the stored files."""
        return IMAGE_TYPES[self.ext]


def _encode(img: Image.Image, ext: str) -> bytes:
    out = io.BytesIO()
    if ext == "png":
        img.save(out, "PNG", optimize=True)
    else:
        img.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _to_srgb(img: Image.Image) -> Image.Image:
    """Return ``img`` with its embedded colour profile applied (sRGB), so the profile itself can be dropped."""
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in ("RGB", "RGBA", "CMYK"):
        return img
    try:
        from PIL import ImageCms

        return ImageCms.profileToProfile(img, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                         ImageCms.createProfile("sRGB"),
                                         outputMode="RGBA" if img.mode == "RGBA" else "RGB")
    except Exception:  # a broken or odd profile: keep the pixels as they are (ImageCms raises several types)
        return img


def _web_sizes(img: Image.Image, ext: str) -> dict[int, bytes]:
    """Return the smaller web sizes of a large image, encoded (only those narrower than it)."""
    sizes = {}
    for width in WEB_WIDTHS:
        if img.width > width:
            height = max(1, round(img.height * width / img.width))
            sizes[width] = _encode(img.resize((width, height), Image.Resampling.LANCZOS), ext)
    return sizes


def probe_image(data: bytes) -> str | None:
    """Return Pillow's name for the format of ``data`` (``"PNG"`` …), or None when it is no image at all.

    Only the header is read; a decompression bomb is reported as an image
    (``"BOMB"``) so that the caller refuses it with the right message.
    """
    try:
        with Image.open(io.BytesIO(data)) as probe:
            return probe.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "BOMB"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, TypeError, EOFError):
        return None


def prepare_image(data: bytes, field: str = "cover", max_bytes: int = 8 * 1024 * 1024) -> PreparedImage:
    """Check and re-encode an uploaded image in memory, in every web size; raise ValidationError.

    The type comes from the bytes, never from the file name; metadata (EXIF)
    is dropped by re-encoding (after turning the picture upright); images
    larger than MAX_PIXELS are refused before any pixel is decoded.
    """
    if not data:
        raise ValidationError({field: "Tệp ảnh rỗng (0 byte): vui lòng chọn lại ảnh."})
    if len(data) > max_bytes:
        raise ValidationError({field: f"Ảnh quá lớn (tối đa {size_label(max_bytes)})."})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
        if fmt not in ALLOWED_FORMATS:
            raise ValidationError({field: "Chỉ nhận ảnh JPEG, PNG hoặc GIF."})
        if width * height > MAX_PIXELS:
            raise ValidationError({field: _TOO_MANY_PIXELS})
        with Image.open(io.BytesIO(data)) as img:
            if fmt == "JPEG":
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode a big photo at a reduced scale: less memory
            img.load()
            img = ImageOps.exif_transpose(img)  # phones store "rotate me" in EXIF, which is dropped below
            has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
            # Photos (JPEG, WebP) stay JPEG; graphics (PNG, GIF: banners, text, flat colours) and
            # transparent pictures become PNG. Nothing of the original file is copied.
            ext = "png" if fmt in ("PNG", "GIF") or has_alpha else "jpg"
            img = _to_srgb(img).convert("RGBA" if has_alpha else "RGB")
            img.info = {}  # EXIF, XMP, ICC profile, comments: none of the original metadata is written
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            prepared = PreparedImage(ext, img.width, img.height, _encode(img, ext), _web_sizes(img, ext))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError({field: _TOO_MANY_PIXELS}) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, TypeError, EOFError):
        raise ValidationError({field: _NOT_IMAGE}) from None
    return prepared


def store_image(store: Store, prepared: PreparedImage) -> dict:
    """Write a prepared image in its web sizes under a new random name; return what was stored.

    The smaller sizes are written first, so a large file that exists always has them.
    """
    name = f"{secrets.token_hex(16)}.{prepared.ext}"
    for width, payload in sorted(prepared.variants.items()):
        store.save_blob(f"{UPLOAD_DIR}/{variant_name(name, width)}", payload)
    store.save_blob(f"{UPLOAD_DIR}/{name}", prepared.large)
    return {"name": name, "ext": prepared.ext, "type": prepared.mimetype, "width": prepared.width,
            "height": prepared.height, "size": len(prepared.large), "sizes": sorted(prepared.variants)}


def save_image(store: Store, data: bytes, field: str = "cover", max_bytes: int = 8 * 1024 * 1024) -> str:
    """Check, re-encode and store an uploaded image in its web sizes; return the large file's name."""
    return store_image(store, prepare_image(data, field, max_bytes))["name"]


def add_web_sizes(store: Store, name: str) -> list[int]:
    """Write the missing smaller sizes of an image stored before they existed; return the widths written."""
    if not is_main_image_name(name):
        return []
    written = []
    try:
        with store.open_file(f"{UPLOAD_DIR}/{name}") as fh, Image.open(fh) as img:
            missing = [w for w in WEB_WIDTHS if img.width > w
                       and store.stat(f"{UPLOAD_DIR}/{variant_name(name, w)}") is None]
            if not missing:
                return []
            img.load()
            ext = name.rsplit(".", 1)[1]
            ext = "png" if ext == "png" else "jpg"
            img = img.convert("RGBA" if ext == "png" and img.mode in ("RGBA", "LA", "P", "PA") else "RGB")
            for width, payload in _web_sizes(img, ext).items():
                if width in missing:
                    store.save_blob(f"{UPLOAD_DIR}/{variant_name(name, width)}", payload)
                    written.append(width)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return written
    _INFO.pop((str(store.root), name), None)
    return written


# Facts about stored images for srcset/width/height, read from the file headers once per process.
# A stored file never changes; an entry whose smaller sizes are missing is re-checked after a minute
# (they may be added by add_web_sizes).
_INFO: dict[tuple[str, str], tuple[float, dict]] = {}  # (data folder, name) -> (valid until, info)
_INFO_LOCK = threading.Lock()
_INFO_MAX = 4096
_INFO_RECHECK = 60.0


def image_info(store: Store, name: str) -> dict | None:
    """Return ``{"width", "height", "sizes": [(width, name), …]}`` of a stored image (smallest first), or None."""
    if not is_main_image_name(name):
        return None
    key = (str(store.root), name)
    now = time.monotonic()
    hit = _INFO.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    try:
        with store.open_file(f"{UPLOAD_DIR}/{name}") as fh, Image.open(fh) as img:
            width, height = img.size
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    sizes, complete = [], True
    for w in WEB_WIDTHS:
        if width > w:
            if store.stat(f"{UPLOAD_DIR}/{variant_name(name, w)}") is not None:
                sizes.append((w, variant_name(name, w)))
            else:
                complete = False
    sizes.append((width, name))
    info = {"width": width, "height": height, "sizes": sizes}
    with _INFO_LOCK:
        if len(_INFO) >= _INFO_MAX:
            _INFO.clear()
        _INFO[key] = (float("inf") if complete else now + _INFO_RECHECK, info)
    return info


_UPLOAD_PATH = re.compile(r"(?:^|/)tep/([a-f0-9]{32})(?:-(320|800))?\.(jpg|png|webp)$")


def site_picture_name(src: str) -> str | None:
    """Return the stored image an ``<img src>`` on this site names ("/tep/<hex>-320.jpg" -> "<hex>.jpg"), or None."""
    try:
        parts = urlsplit(src or "")
    except ValueError:
        return None
    match = _UPLOAD_PATH.search(parts.path)
    if parts.scheme or parts.netloc or match is None:
        return None
    stem, _, ext = match.groups()
    return f"{stem}.{ext}"


def upload_size(store: Store, src: str) -> tuple[int, int] | None:
    """Return the real ``(width, height)`` of the stored image an ``<img src>`` on this site names, or None."""
    try:
        parts = urlsplit(src or "")
    except ValueError:
        return None
    match = _UPLOAD_PATH.search(parts.path)
    if parts.scheme or parts.netloc or match is None:
        return None  # another site's picture: its size is not ours to know
    stem, width, ext = match.groups()
    info = image_info(store, f"{stem}.{ext}")
    if info is None:
        return None
    if width is None or int(width) >= info["width"]:
        return info["width"], info["height"]
    w = int(width)  # a smaller web size, made by _web_sizes with the same rounding
    return w, max(1, round(info["height"] * w / info["width"]))




# ------------------------------------------------------------------ documents (văn bản)

# Attachments of the document register. As with images, the type is decided by the
# bytes, never by the name: a page named .pdf must never be served as a PDF.
DOCUMENT_TYPES = {  # extension -> (MIME type, label shown to people)
    "pdf": ("application/pdf", "PDF"),
    "doc": ("application/msword", "Word (DOC)"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    "xls": ("application/vnd.ms-excel", "Excel (XLS)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument (ODT)"),
}
# The document register and drafts take these; the media library takes ODT as well.
REGISTER_TYPES = frozenset({"pdf", "doc", "docx", "xls", "xlsx"})
LIBRARY_TYPES = frozenset(DOCUMENT_TYPES)
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000  # a real DOCX/XLSX has tens of parts
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # refuse zip bombs by their declared size
_DOCUMENT_NAME = re.compile(r"^[a-f0-9]{32}\.(pdf|docx?|xlsx?|odt)$")
_BAD_NAME_CHARS = re.compile(r'[<>:"/\\|?*]+')
_WRONG_TYPE = "Chỉ nhận tệp PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX); nội dung tệp này không đúng loại đó."
_WRONG_TYPE_ODT = ("Chỉ nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX) hoặc OpenDocument (ODT); "
                   "nội dung tệp này không đúng loại đó.")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def size_label(size: int) -> str:
    """Return a byte count as people read it (``850 byte``, ``12 KB``, ``1,5 MB``)."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    mb = size / (1024 * 1024)
    return (f"{mb:.0f}" if mb >= 10 or mb == int(mb) else f"{mb:.1f}".replace(".", ",")) + " MB"


def safe_document_name(name: str) -> str | None:
    """Return ``name`` if it is one of our random attachment names, else None (no path tricks)."""
    return name if _DOCUMENT_NAME.match(name or "") else None


def detect_document(data: bytes, field: str = "attachment", max_bytes: int = MAX_DOCUMENT_BYTES,
                    allowed: frozenset[str] = REGISTER_TYPES) -> str:
    """Return the extension (pdf, doc, docx, xls, xlsx, odt) that the bytes really are, or raise ValidationError.

    PDF starts with ``%PDF-``; DOC and XLS are OLE2 files holding a Word or
    Excel stream; DOCX and XLSX are ZIP packages holding their main part; ODT
    is a ZIP whose ``mimetype`` member names OpenDocument text. Macro-enabled
    packages and zip bombs are refused; so is a type not in ``allowed``.
    """
    ext = _detect_document(data, field, max_bytes, _WRONG_TYPE_ODT if "odt" in allowed else _WRONG_TYPE)
    if ext not in allowed:
        raise ValidationError({field: _WRONG_TYPE_ODT if "odt" in allowed else _WRONG_TYPE})
    return ext


def _detect_document(data: bytes, field: str, max_bytes: int, wrong_type: str) -> str:
    if not data:
        raise ValidationError({field: "Tệp rỗng."})
    if len(data) > max_bytes:
        raise ValidationError({field: f"Tệp quá lớn (tối đa {size_label(max_bytes)})."})
    if data.startswith(b"%PDF-"):
        return "pdf"
    if olefile.isOleFile(data=data):
        try:
            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                is_doc = ole.exists("WordDocument")
                is_xls = ole.exists("Workbook") or ole.exists("Book")
        except Exception:  # olefile raises several types (OSError, IndexError, struct.error …) on a broken file
            raise ValidationError({field: "Tệp Word/Excel bị hỏng, không đọc được."}) from None
        if is_doc:
            return "doc"
        if is_xls:
            return "xls"
        raise ValidationError({field: wrong_type})
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                members = package.infolist()
                if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                    raise ValidationError({field: "Tệp nén bất thường (quá nhiều hoặc quá lớn khi giải nén)."})
                names = {m.filename for m in members}
                odt = ("mimetype" in names and package.getinfo("mimetype").file_size < 100
                       and package.read("mimetype").strip() == ODT_MIMETYPE)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, KeyError):
            raise ValidationError({field: "Tệp Word/Excel bị hỏng, không đọc được."}) from None
        if odt and "content.xml" in names:
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise ValidationError({field: "Không nhận tệp có chứa macro; vui lòng lưu lại dạng ODT thường "
                                              "hoặc PDF."})
            return "odt"
        if "[Content_Types].xml" in names:
            if any(n.endswith("vbaProject.bin") for n in names):
                raise ValidationError({field: "Không nhận tệp có chứa macro; vui lòng lưu lại dạng DOCX/XLSX "
                                              "thường hoặc PDF."})
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    raise ValidationError({field: wrong_type})


def clean_file_name(name: str, ext: str) -> str:
    """Return a safe download name for an upload: base name only, no control or reserved characters,
    with the extension of the detected type."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    # Control and format characters (e.g. U+202E, which shows "fdp.exe" as "exe.pdf") become spaces.
    name = "".join(" " if unicodedata.category(c).startswith("C") else c for c in name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(_BAD_NAME_CHARS.sub(" ", stem).split()).strip(" .")[:120].strip(" .")
    return f"{stem or 'van-ban'}.{ext}"


def save_document(store: Store, data: bytes, filename: str, max_bytes: int = MAX_DOCUMENT_BYTES,
                  field: str = "attachment", allowed: frozenset[str] = REGISTER_TYPES) -> dict:
    """Check an uploaded document by its content and store it under a random name.

    Return ``{"name", "original", "type", "size"}``: the stored name (random,
    with the detected extension), the sanitised original name for downloads,
    the detected type and the size in bytes. Nothing is stored when refused.
    """
    ext = detect_document(data, field, max_bytes, allowed)
    name = f"{secrets.token_hex(16)}.{ext}"
    store.save_blob(f"{UPLOAD_DIR}/{name}", data)
    return {"name": name, "original": clean_file_name(filename, ext), "type": ext, "size": len(data)}
