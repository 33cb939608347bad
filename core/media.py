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
