"""Uploaded images: type decided by content (Pillow), re-encoded, stored under random names."""
from __future__ import annotations

import io
import re
import secrets

from PIL import Image, UnidentifiedImageError

from .content import ValidationError
from .store import Store

UPLOAD_DIR = "uploads"
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 1600  # stored images are resized to fit web pages
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_NAME = re.compile(r"^[a-f0-9]{32}\.(jpg|png|webp)$")


def safe_upload_name(name: str) -> str | None:
    """Return ``name`` if it is one of our random upload names, else None (no path tricks)."""
    return name if _NAME.match(name or "") else None


def save_image(store: Store, data: bytes, field: str = "cover", max_bytes: int = 8 * 1024 * 1024) -> str:
    """Check, re-encode and store an uploaded image; return its stored name.

    The type comes from the bytes, never from the file name; metadata (EXIF)
    is dropped by re-encoding; images larger than MAX_PIXELS are refused.
    """
    if not data:
        raise ValidationError({field: "Tệp ảnh rỗng."})
    if len(data) > max_bytes:
        raise ValidationError({field: f"Ảnh quá lớn (tối đa {max_bytes // (1024 * 1024)} MB)."})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
        if fmt not in ALLOWED_FORMATS:
            raise ValidationError({field: "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."})
        if width * height > MAX_PIXELS:
            raise ValidationError({field: "Ảnh có kích thước điểm ảnh quá lớn."})
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            # Photos (JPEG, WebP) stay JPEG; graphics (PNG, GIF: banners, text, flat colours) stay PNG.
            lossless = fmt in ("PNG", "GIF")
            img = img.convert("RGBA" if lossless and img.mode in ("RGBA", "LA", "P", "PA") else "RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if lossless:
                img.save(out, "PNG", optimize=True)
                ext = "png"
            else:
                img.save(out, "JPEG", quality=85, optimize=True, progressive=True)
                ext = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError({field: "Tệp không phải là ảnh hợp lệ (JPEG, PNG, WebP, GIF)."}) from None
    name = f"{secrets.token_hex(16)}.{ext}"
    store.save_blob(f"{UPLOAD_DIR}/{name}", out.getvalue())
    return name


# ------------------------------------------------------------------ documents (văn bản)
# (Imported here so that this block stays a self-contained addition to the module.)
import struct  # noqa: E402
import unicodedata  # noqa: E402
import zipfile  # noqa: E402

# Attachments of the document register. As with images, the type is decided by the
# bytes, never by the name: a page named .pdf must never be served as a PDF.
DOCUMENT_TYPES = {  # extension -> (MIME type, label shown to people)
    "pdf": ("application/pdf", "PDF"),
    "doc": ("application/msword", "Word (DOC)"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    "xls": ("application/vnd.ms-excel", "Excel (XLS)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
}
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000  # a real DOCX/XLSX has tens of parts
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # refuse zip bombs by their declared size
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_DOCUMENT_NAME = re.compile(r"^[a-f0-9]{32}\.(pdf|docx?|xlsx?)$")
_BAD_NAME_CHARS = re.compile(r'[<>:"/\\|?*]+')
_WRONG_TYPE = "Chỉ nhận tệp PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX); nội dung tệp này không đúng loại đó."


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


def _ole2_streams(data: bytes) -> set[str]:
    """Return the entry names of an OLE2 compound file (raise ValueError when it is malformed)."""
    if len(data) < 512:
        raise ValueError("short header")
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << shift
    last_regular = 0xFFFFFFFA

    def sector(n: int) -> bytes:
        chunk = data[(n + 1) * size:(n + 2) * size]
        if len(chunk) != size:
            raise ValueError("sector out of range")
        return chunk

    def u32s(chunk: bytes) -> tuple[int, ...]:
        return struct.unpack(f"<{len(chunk) // 4}I", chunk)

    fat_sectors = [n for n in u32s(data[76:512]) if n < last_regular]
    difat, hops = int.from_bytes(data[68:72], "little"), 0
    while difat < last_regular:
        hops += 1
        if hops > 1000:
            raise ValueError("DIFAT loop")
        entries = u32s(sector(difat))
        fat_sectors += [n for n in entries[:-1] if n < last_regular]
        difat = entries[-1]
    fat: list[int] = []
    for n in fat_sectors[:4096]:
        fat.extend(u32s(sector(n)))
    names: set[str] = set()
    current, seen = int.from_bytes(data[48:52], "little"), set()
    while current < last_regular:
        if current in seen or current >= len(fat) or len(seen) > 10_000:
            raise ValueError("broken directory chain")
        seen.add(current)
        chunk = sector(current)
        for off in range(0, size, 128):
            entry = chunk[off:off + 128]
            length, kind = int.from_bytes(entry[64:66], "little"), entry[66]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(entry[:length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names


def detect_document(data: bytes, field: str = "attachment", max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Return the extension (pdf, doc, docx, xls, xlsx) that the bytes really are, or raise ValidationError.

    PDF starts with ``%PDF-``; DOC and XLS are OLE2 files holding a Word or
    Excel stream; DOCX and XLSX are ZIP packages holding their main part.
    Macro-enabled packages and zip bombs are refused.
    """
    if not data:
        raise ValidationError({field: "Tệp rỗng."})
    if len(data) > max_bytes:
        raise ValidationError({field: f"Tệp quá lớn (tối đa {size_label(max_bytes)})."})
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_OLE2_MAGIC):
        try:
            streams = _ole2_streams(data)
        except (ValueError, struct.error):
            raise ValidationError({field: "Tệp Word/Excel bị hỏng, không đọc được."}) from None
        if "WordDocument" in streams:
            return "doc"
        if "Workbook" in streams or "Book" in streams:
            return "xls"
        raise ValidationError({field: _WRONG_TYPE})
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                members = package.infolist()
                if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                    raise ValidationError({field: "Tệp nén bất thường (quá nhiều hoặc quá lớn khi giải nén)."})
                names = {m.filename for m in members}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise ValidationError({field: "Tệp Word/Excel bị hỏng, không đọc được."}) from None
        if "[Content_Types].xml" in names:
            if any(n.endswith("vbaProject.bin") for n in names):
                raise ValidationError({field: "Không nhận tệp có chứa macro; vui lòng lưu lại dạng DOCX/XLSX thường hoặc PDF."})
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    raise ValidationError({field: _WRONG_TYPE})


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
                  field: str = "attachment") -> dict:
    """Check an uploaded document by its content and store it under a random name.

    Return ``{"name", "original", "type", "size"}``: the stored name (random,
    with the detected extension), the sanitised original name for downloads,
    the detected type and the size in bytes. Nothing is stored when refused.
    """
    ext = detect_document(data, field, max_bytes)
    name = f"{secrets.token_hex(16)}.{ext}"
    store.save_blob(f"{UPLOAD_DIR}/{name}", data)
    return {"name": name, "original": clean_file_name(filename, ext), "type": ext, "size": len(data)}
