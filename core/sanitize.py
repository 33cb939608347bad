"""The one function that cleans HTML typed by the editor, once, on save.

nh3 (the Rust ammonia parser) enforces the allow-lists below; style attributes are filtered
with tinycss2, which keeps the declarations as typed (nh3's own filter rewrites them and drops
upper-case names); a last pass over nh3's canonical output sizes the pictures.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
import tinycss2

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "div", "span", "blockquote", "pre", "code",
    "h2", "h3", "h4", "h5", "h6",
    "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "mark",
    "ul", "ol", "li",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "iframe",
})

# Attributes each tag may keep ("*": every tag); their values are checked by _attr_value.
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"title", "style"}),
    "a": frozenset({"href", "target", "rel"}),
    "img": frozenset({"src", "width", "height", "alt", "loading"}),
    "td": frozenset({"colspan", "rowspan", "scope"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start", "type"}),
    "iframe": frozenset({"src", "width", "height", "allowfullscreen", "title"}),
}

# Elements removed together with everything inside them (the others lose their tags, not their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "noscript", "template"})

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


def _frame_src_ok(value: str) -> bool:
    """Return whether an iframe's address (entities already decoded) is a player on an allowed host.

    The host must be read the same by Python and by every browser: no backslash (a browser reads "\\" as "/"),
    no space or control character (a browser drops tabs and newlines), no user part, port or percent sign.
    """
    value = value.strip()
    if "\\" in value or any(ord(c) <= 32 or ord(c) == 127 for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    netloc = parts.netloc
    if parts.scheme.lower() != "https" or not netloc.isascii() or any(c in netloc for c in "@%:[]"):
        return False
    return netloc.lower() in IFRAME_HOSTS


def _clean_css(style: str) -> str:
    """Return the declarations of ``style`` whose property is in ALLOWED_CSS, as the editor wrote them."""
    kept: list = []
    for token in tinycss2.parse_declaration_list(style):
        allowed = token.type == "declaration" and token.lower_name in ALLOWED_CSS
        # One space or comment between kept declarations; at-rules and parse errors are dropped.
        gap = token.type in ("comment", "whitespace") and bool(kept) and kept[-1].type != token.type
        if allowed or gap:
            kept.append(token)
    return tinycss2.serialize(kept).strip() if kept else ""


def _attr_ok(tag: str, name: str, value: str) -> bool:
    if name == "title":
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
            digits = value.strip()
            return digits.isascii() and digits.isdigit() and int(digits) >= 16  # a real size, not a 0×0 hiding trick
        return name in ("alt", "loading")
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "scope")
    if tag == "ol":
        return name in ("start", "type")
    if tag == "iframe":
        if name == "src":
            return _frame_src_ok(value)
        return name in ("width", "height", "allowfullscreen", "title")
    return False


def _attr_value(tag: str, name: str, value: str) -> str | None:
    """Return the value an allowed attribute keeps, or None to drop it (nh3's attribute_filter)."""
    if name == "style":
        return _clean_css(value)
    return value if _attr_ok(tag, name, value) else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attr_value,
    url_schemes=set(ALLOWED_PROTOCOLS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    strip_comments=True,
    link_rel=None,  # an editor's own rel is kept as typed
)

# nh3's output is canonical: every attribute is name="value" with " escaped, and text holds no "<",
# so these match whole tags only (an "<img" inside an attribute value is never taken for one).
_IMG = re.compile(r'<img((?: [^\s="<>/]+="[^"]*")*)>')
# An iframe's content is raw text up to the first "</iframe" (never markup, never shown): it holds no "</iframe>".
_IFRAME = re.compile(r'<iframe((?: [^\s="<>/]+="[^"]*")*)>.*?</iframe>', re.S)
_ATTR = re.compile(r' ([^\s="<>/]+)="([^"]*)"')


def _sized_img(match: re.Match, image_size: Callable[[str], tuple[int, int] | None] | None) -> str:
    """Return a picture with loading="lazy" and, when the site knows the file, its real width and height.

    Width and height let the browser reserve the picture's space before it arrives (no jumping text);
    a width the editor chose keeps its height in proportion.
    """
    attrs = {name: unescape(value) for name, value in _ATTR.findall(match.group(1))}
    src = attrs.get("src", "")
    if not src.strip():
        return ""  # its address was refused (or never given): an empty box, not a picture
    added = {}
    if "loading" not in attrs:
        added["loading"] = "lazy"
    size = image_size(src) if image_size else None
    width, height = attrs.get("width"), attrs.get("height")
    if size and not (width and height):
        if width:
            added["height"] = str(max(1, round(int(width) * size[1] / size[0])))
        elif height:
            added["width"] = str(max(1, round(int(height) * size[0] / size[1])))
        else:
            added["width"], added["height"] = str(size[0]), str(size[1])
    return "<img" + match.group(1) + "".join(f' {name}="{value}"' for name, value in added.items()) + ">"


def _frame(match: re.Match) -> str:
    """Return an iframe without its content, or nothing when its address was refused."""
    attrs = match.group(1)
    return f"<iframe{attrs}></iframe>" if any(name == "src" for name, _ in _ATTR.findall(attrs)) else ""


class _OpenFrames(HTMLParser):
    """Find the iframes never closed, each by where its start tag ends."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._lines = [0]
        for line in html.split("\n")[:-1]:
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.open: list[int] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            line, column = self.getpos()
            self.open.append(self._lines[line - 1] + column + len(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # "<iframe/>" opens an iframe all the same

    def handle_endtag(self, tag):
        if tag == "iframe" and self.open:
            self.open.pop()


def _close_frames(html: str) -> str:
    """Return ``html`` with every iframe left open closed right after its start tag.

    An HTML parser reads all that follows an unclosed iframe as its (never shown) content: the rest of
    the article would vanish with it.
    """
    if "<iframe" not in html.lower():
        return html
    ends = _OpenFrames(html).open
    for end in reversed(ends):
        html = html[:end] + "</iframe>" + html[end:]
    return html


def clean_html(html: str, image_size: Callable[[str], tuple[int, int] | None] | None = None) -> str:
    """Return ``html`` with everything outside the allow-lists removed and its pictures sized and lazy.

    ``image_size`` returns the real ``(width, height)`` of a picture from its ``src`` (None when unknown).
    """
    cleaned = _CLEANER.clean(_close_frames(html or ""))
    # Iframes first: their content is raw text, which the picture pass must not read as markup.
    cleaned = _IFRAME.sub(_frame, cleaned)
    return _IMG.sub(lambda m: _sized_img(m, image_size), cleaned)


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


def image_sources(html: str) -> list[str]:
    """Return the ``src`` of every picture of an HTML fragment, in order."""
    return _images(html).sources


def map_images(cleaned: str, change: Callable[[dict[str, str]], dict[str, str] | None]) -> str:
    """Return a cleaned fragment whose pictures carry the attributes ``change(attrs)`` returns (None drops one).

    The fragment must come from clean_html (canonical tags), and the result is cleaned again when saved.
    """
    def one(match: re.Match) -> str:
        attrs = change({name: unescape(value) for name, value in _ATTR.findall(match.group(1))})
        if attrs is None:
            return ""
        return "<img" + "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attrs.items()) + ">"

    return _IMG.sub(one, cleaned)


def pictures(cleaned: str) -> list[dict[str, str]]:
    """Return the attributes of every picture of a cleaned fragment, in order."""
    if "<img" not in (cleaned or ""):
        return []
    return [{name: unescape(value) for name, value in _ATTR.findall(m.group(1))} for m in _IMG.finditer(cleaned)]


def responsive_pictures(cleaned: str, srcset_of: Callable[[str], str], sizes: str) -> str:
    """Return a cleaned fragment whose pictures of this site carry ``srcset`` (from ``srcset_of(src)``) and
    ``sizes``, so a phone loads the 320 or 800 px copy; other pictures are left as they are."""
    if "<img" not in (cleaned or ""):
        return cleaned

    def one(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        if "srcset" in attrs:
            return match.group(0)
        value = srcset_of(unescape(attrs.get("src", "")))
        if not value:
            return match.group(0)
        return f'<img{match.group(1)} srcset="{escape(value, quote=True)}" sizes="{escape(sizes, quote=True)}">'

    return _IMG.sub(one, cleaned)


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
