"""Uploaded video (MP4, WebM) and sound (MP3, M4A): type decided by the bytes, stored under random names.

As with documents, the name a person gave the file decides nothing: an HTML page or
a PDF renamed ``.mp4`` is refused. MP4 and M4A are ISO base media files (an
``ftyp`` box first, its brand telling sound from video); WebM is an EBML header
whose DocType is ``webm``; MP3 starts with an ID3v2 tag or an MPEG audio frame.
"""
from __future__ import annotations

import io
import re
import secrets
import struct
from pathlib import Path

from .errors import ValidationError
from .store import UPLOAD_DIR, Store
from .uploads import size_label

MEDIA_TYPES = {  # extension -> (MIME type, label shown to people)
    "mp4": ("video/mp4", "MP4"),
    "webm": ("video/webm", "WebM"),
    "mp3": ("audio/mpeg", "MP3"),
    "m4a": ("audio/mp4", "M4A"),
}
VIDEO_TYPES = frozenset({"mp4", "webm"})
AUDIO_TYPES = frozenset({"mp3", "m4a"})
MAX_VIDEO_BYTES = 200 * 1024 * 1024
MAX_AUDIO_BYTES = 50 * 1024 * 1024
_MEDIA_NAME = re.compile(r"^[a-f0-9]{32}\.(mp4|webm|mp3|m4a)$")
# ftyp brands of sound-only MPEG-4 files; every other brand is taken as video.
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "})
_WRONG_VIDEO = "Chỉ nhận tệp video MP4 hoặc WebM; nội dung tệp này không đúng loại đó."
_WRONG_AUDIO = "Chỉ nhận tệp âm thanh MP3 hoặc M4A; nội dung tệp này không đúng loại đó."


def safe_media_name(name: str) -> str | None:
    """Return ``name`` if it is one of our random media names, else None (no path tricks)."""
    return name if _MEDIA_NAME.match(name or "") else None


def _ftyp_brand(data: bytes) -> bytes | None:
    """Return the major brand of an ISO base media file (MP4, M4A), or None when it does not start with ``ftyp``."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    size = struct.unpack(">I", data[:4])[0]
    if size < 16 or size > 4096:
        return None
    return data[8:12]


def _is_webm(data: bytes) -> bool:
    """Return whether ``data`` starts with an EBML header whose DocType is ``webm``."""
    return data.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82\x84webm" in data[:64]


def _mp3_frame_at(data: bytes, at: int) -> bool:
    """Return whether an MPEG audio layer III frame header starts at ``at``."""
    if at + 4 > len(data):
        return False
    b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
    return (data[at] == 0xFF and b1 & 0xE0 == 0xE0 and (b1 >> 3) & 3 != 1 and (b1 >> 1) & 3 == 1
            and b2 >> 4 not in (0, 15) and (b2 >> 2) & 3 != 3 and b3 & 3 != 2)


def _is_mp3(data: bytes) -> bool:
    """Return whether ``data`` is an MP3: an ID3v2 tag followed by a frame, or a frame first."""
    at = 0
    if data.startswith(b"ID3") and len(data) >= 10:
        sizes = data[6:10]
        if any(b & 0x80 for b in sizes):
            return False
        at = 10 + ((sizes[0] << 21) | (sizes[1] << 14) | (sizes[2] << 7) | sizes[3])
    return _mp3_frame_at(data, at)


def detect_media(data: bytes, allowed: frozenset[str], field: str, max_bytes: int) -> str:
    """Return the extension (mp4, webm, mp3, m4a) that the bytes really are, or raise ValidationError."""
    wrong = _WRONG_AUDIO if allowed <= AUDIO_TYPES else _WRONG_VIDEO
    if not data:
        raise ValidationError({field: "Tệp rỗng."})
    if len(data) > max_bytes:
        raise ValidationError({field: f"Tệp quá lớn (tối đa {size_label(max_bytes)})."})
    brand = _ftyp_brand(data)
    ext = None
    if brand is not None:
        ext = "m4a" if brand in _AUDIO_BRANDS else "mp4"
    elif _is_webm(data):
        ext = "webm"
    elif _is_mp3(data):
        ext = "mp3"
    if ext not in allowed:
        raise ValidationError({field: wrong})
    return ext


def stored_media(store: Store, info: dict | None) -> tuple[Path, dict] | None:
    """Return the path and the info (with its MIME type) of a stored sound or video file, or None when gone."""
    name = safe_media_name(info["name"]) if info else None
    path = store.file_path(f"{UPLOAD_DIR}/{name}") if name else None
    if path is None:
        return None
    return path, dict(info, mimetype=MEDIA_TYPES[info["type"]][0])


def audio_seconds(data: bytes) -> int | None:
    """Return the length of an MP3 or M4A in whole seconds, or None when it cannot be read."""
    try:
        from mutagen import File as MutagenFile

        info = MutagenFile(io.BytesIO(data))
    except Exception:  # mutagen raises its own error types per format on a broken file
        return None
    length = getattr(getattr(info, "info", None), "length", None)
    return int(round(length)) if length else None


def save_media(store: Store, data: bytes, allowed: frozenset[str], field: str, max_bytes: int) -> dict:
    """Check an uploaded video or sound by its content and store it under a random name.

    Return ``{"name", "type", "size"}``; nothing is stored when refused.
    """
    ext = detect_media(data, allowed, field, max_bytes)
    name = f"{secrets.token_hex(16)}.{ext}"
    store.save_blob(f"{UPLOAD_DIR}/{name}", data)
    return {"name": name, "type": ext, "size": len(data)}


def silent_mp3(seconds: float) -> bytes:
    """Return a valid MP3 of silence (MPEG-1 layer III, 48 kHz mono, 32 kbit/s): the demo's bulletins.

    Each frame is a header and zeroed side information: no coded values, so
    every decoder plays silence. No encoder library and no file in the repository.
    """
    header = bytes([0xFF, 0xFB, 0x14, 0xC4])  # MPEG-1 L3, no CRC, 32 kbit/s, 48 kHz, no padding, mono
    frame = header + bytes(96 - len(header))  # 144 * 32000 / 48000 = 96 bytes a frame, 1152 samples
    frames = max(1, round(seconds * 48000 / 1152))
    return frame * frames


def media_label(item: dict) -> str:
    """Return a stored file's type and size as people read them (``MP3, 1,2 MB``)."""
    return f"{MEDIA_TYPES[item['type']][1]}, {size_label(item['size'])}"
