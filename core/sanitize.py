"""The one function that cleans HTML typed by the editor, once, on save."""
from __future__ import annotations

import re
from functools import partial
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import urlsplit

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "div", "span", "blockquote", "pre", "code",
    "h2", "h3", "h4", "h5", "h6",
    "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "mark",
    "ul", "ol", "li",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "iframe",
})

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Hosts whose embedded players may appear in an article (video of a meeting, a map).
IFRAME_HOSTS = frozenset({
    "www.youtube.com", "youtube.com", "www.youtube-nocookie.com",
    "www.google.com", "maps.google.com",
    "www.facebook.com",
})

# Only presentational properties that cannot hide, shrink, move or overlay content
# (no colours: white or transparent text hides it; no sizes: width 0 hides it).
ALLOWED_CSS = frozenset({
    "text-align", "font-weight", "font-style", "text-decoration", "vertical-align", "text-indent",
})

_CSS = CSSSanitizer(allowed_css_properties=ALLOWED_CSS)


def _url_ok(value: str, *, relative_ok: bool = True) -> bool:
    value = (value or "").strip()
    if "\\" in value or any(ord(c) < 32 for c in value):
        return False  # browsers read "/\\host" as another site
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in ALLOWED_PROTOCOLS
    return relative_ok and not value.startswith("//")


def _attr_filter(tag: str, name: str, value: str) -> bool:
    if name in ("title", "style"):
        return True
    if tag == "a":
        if name == "href":
            return _url_ok(value)
        return name in ("target", "rel")
    if tag == "img":
        if name == "src":
            parts = urlsplit(value.strip())
            if "\\" in value:
                return False
            return (not parts.scheme and not value.strip().startswith("//")) or parts.scheme in ("http", "https")
        if name in ("width", "height"):
            return value.strip().isdigit() and int(value) >= 16  # a real size, not a 0×0 hiding trick
        return name in ("alt", "loading")
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "scope")
    if tag == "ol":
        return name in ("start", "type")
    if tag == "iframe":
        if name == "src":
            parts = urlsplit(value.strip())
            return parts.scheme == "https" and (parts.hostname or "") in IFRAME_HOSTS
        return name in ("width", "height", "allowfullscreen", "title")
    return False


_SCRIPT_BLOCK = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")


class _ImageSizes(Filter):
    """Give every picture loading="lazy" and, when the site knows the file, its real width and height.

    Width and height let the browser reserve the picture's space before it arrives (no jumping text);
    a width the editor chose keeps its height in proportion.
    """

    def __init__(self, source, image_size: Callable[[str], tuple[int, int] | None] | None = None):
        super().__init__(source)
        self.image_size = image_size

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "img":
                attrs = token["data"]
                if not (attrs.get((None, "src")) or "").strip():
                    continue  # its address was refused (or never given): an empty box, not a picture
                attrs.setdefault((None, "loading"), "lazy")
                size = self.image_size(attrs.get((None, "src"), "")) if self.image_size else None
                width, height = attrs.get((None, "width")), attrs.get((None, "height"))
                if size and not (width and height):
                    if width:
                        attrs[(None, "height")] = str(max(1, round(int(width) * size[1] / size[0])))
                    elif height:
                        attrs[(None, "width")] = str(max(1, round(int(height) * size[0] / size[1])))
                    else:
                        attrs[(None, "width")], attrs[(None, "height")] = str(size[0]), str(size[1])
            yield token


def clean_html(html: str, image_size: Callable[[str], tuple[int, int] | None] | None = None) -> str:
    """Return ``html`` with everything outside the allow-lists removed and its pictures sized and lazy.

    ``image_size`` returns the real ``(width, height)`` of a picture from its ``src`` (None when unknown).
    """
    # Drop script/style blocks with their text; bleach then enforces the allow-lists.
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_attr_filter,
        protocols=ALLOWED_PROTOCOLS,
        css_sanitizer=_CSS,
        strip=True,
        strip_comments=True,
        filters=[partial(_ImageSizes, image_size=image_size)],
    )
    cleaned = cleaner.clean(_SCRIPT_BLOCK.sub("", html or ""))
    return _EMPTY_IFRAME.sub("", cleaned)  # an iframe whose src was refused


class _Images(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []
        self.missing: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            src = (values.get("src") or "").strip()
            if src:
                self.sources.append(src)
                if not (values.get("alt") or "").strip():
                    self.missing.append(src)

    handle_startendtag = handle_starttag


def _images(html: str) -> _Images:
    parser = _Images()
    parser.feed(html or "")
    parser.close()
    return parser


def images_without_alt(html: str) -> list[str]:
    """Return the ``src`` of every picture of a cleaned fragment that has no description (alt text)."""
    return _images(html).missing


def missing_alt_message(sources: list[str]) -> str:
    """Return the Vietnamese message for pictures without a description, naming them by file."""
    names = ", ".join(f"“{s.rsplit('/', 1)[-1][:60]}”" for s in sources[:5]) + ("…" if len(sources) > 5 else "")
    return (f"Có {len(sources)} ảnh trong nội dung chưa có mô tả cho người khiếm thị ({names}). "
            "Nhấn vào ảnh trong khung soạn thảo, chọn biểu tượng sửa ảnh và điền ô “Mô tả ảnh”.")


def picture_problem(raw: str, cleaned: str) -> str | None:
    """Return why the pictures of a body cannot be saved as typed, in Vietnamese, or None.

    A picture the cleaner had to drop (pasted straight into the text as ``data:``, or from a
    refused address) would vanish without a word; a picture without a description cannot be
    read by a screen reader. Either way the editor is told, and nothing is saved.
    """
    kept = set(_images(cleaned).sources)
    dropped = [s for s in _images(raw).sources if s not in kept]
    if dropped:
        names = ", ".join(f"“{s[:40]}…”" if len(s) > 40 else f"“{s}”" for s in dropped[:3])
        return (f"Có {len(dropped)} ảnh không lưu được ({names}): ảnh dán thẳng vào nội dung hoặc lấy từ địa chỉ "
                "không hợp lệ. Hãy tải ảnh lên Thư viện ảnh rồi chèn vào bằng nút “Chèn ảnh từ thư viện”.")
    missing = _images(cleaned).missing
    return missing_alt_message(missing) if missing else None
