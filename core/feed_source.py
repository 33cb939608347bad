"""Reading the site a commune already has: an RSS 2.0 or Atom feed (feedparser) or a WordPress export (WXR).

Every source is first parsed by defusedxml, which refuses entity declarations
(the "billion laughs") and external references before anything is expanded;
WXR is then read from that tree, feeds by feedparser (lenient with the
malformed feeds old portals publish). The result is a list of plain items:
nothing here stores anything or fetches anything.
"""
from __future__ import annotations

import hashlib
import io
import re
from calendar import timegm
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from . import timeutil
from .errors import ValidationError
from .text import excerpt

MAX_SOURCE_BYTES = 40 * 1024 * 1024  # a whole feed or export file: a large WordPress export fits, a 50 MB item does not
MAX_SUMMARY_CHARS = 1000
KIND_RSS, KIND_ATOM, KIND_WXR = "rss", "atom", "wxr"
KIND_LABELS = {KIND_RSS: "RSS", KIND_ATOM: "Atom", KIND_WXR: "tệp xuất WordPress (WXR)"}

_TOO_LARGE = f"Nguồn dữ liệu quá lớn (tối đa {MAX_SOURCE_BYTES // (1024 * 1024)} MB)."
_EMPTY = "Nguồn dữ liệu rỗng: vui lòng chọn lại tệp hoặc kiểm tra địa chỉ."
_ENTITIES = ("Tệp có khai báo thực thể XML (DTD/ENTITY) hoặc tham chiếu ra ngoài: kiểu tệp này có thể làm treo máy "
             "chủ (“billion laughs”) nên bị từ chối. Hãy xuất lại tệp từ trang cũ.")
_NOT_A_FEED = "Không đọc được nguồn dữ liệu: đây không phải RSS 2.0, Atom hay tệp xuất WordPress (WXR)."
_BROKEN_WXR = "Tệp xuất WordPress bị lỗi cấu trúc XML ({detail}): hãy xuất lại tệp từ trang cũ."

# WordPress post types and what people call them, for the report of what was left out.
WXR_TYPES = {"page": "trang (page)", "attachment": "tệp đính kèm (attachment)", "nav_menu_item": "mục menu",
             "revision": "bản sửa đổi (revision)"}
WXR_PUBLISHED = ("publish", "future")  # "future": scheduled on the old site, so scheduled here too
# WordPress shortcodes whose brackets would show as text; what they wrap (a picture and its caption) is kept.
_SHORTCODES = re.compile(r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|playlist)\b[^\]]{0,2000}\]", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.I)
_BLOCK_START = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|table|blockquote|pre|figure|hr|iframe|!--)[\s>/]", re.I)


@dataclass
class FeedItem:
    """One post of the old site, as read: its HTML not cleaned yet, its pictures not fetched yet."""

    key: str  # what makes it the same item on a second run: guid, else link, else a hash of it
    link: str  # its address on the old site (kept as the article's source), "" when it has none
    title: str
    published: str | None  # stored ISO time, None when the source gives no usable date
    author: str
    summary: str  # plain text, "" when the source has none apart from the body
    body: str  # HTML as the old site had it
    categories: list[str] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)  # enclosures: the first becomes the cover
    skip: str = ""  # why it is left out whatever happens (a draft on the old site …)


@dataclass
class Feed:
    """What a source holds: its kind, title, items and the count of entries that are no posts."""

    kind: str
    title: str
    base: str  # the old site's address, for relative links
    items: list[FeedItem]
    ignored: dict[str, int] = field(default_factory=dict)  # label -> count (WordPress pages, attachments …)

    def categories(self) -> dict[str, int]:
        """Return the categories the items name, with how many items name each, most used first."""
        counts: dict[str, int] = {}
        for item in self.items:
            for name in item.categories:
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def refuse(message: str) -> ValidationError:
    """Return the error a refused source raises (shown next to the file or address field)."""
    return ValidationError({"source": message})


def plain(text: str, limit: int) -> str:
    """Return text that may hold HTML (a title, an author) as plain text: tags and scripts gone, spaces collapsed.

    Entities are decoded between two passes, so an escaped tag (``&lt;script&gt;``) goes too.
    """
    for _ in range(2):
        text = _TAG.sub(" ", _SCRIPT.sub(" ", text or ""))
        text = unescape(text)
    return " ".join(text.split())[:limit].strip()


def web_address(value: str, base: str = "") -> str:
    """Return ``value`` as an absolute http(s) address (resolved against ``base``), or "" when it is none."""
    value = (value or "").strip()
    if not value or any(ord(c) < 32 for c in value) or "\\" in value:
        return ""
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    return absolute if parts.scheme in ("http", "https") and parts.netloc else ""


def _iso(moment: datetime | None) -> str | None:
    if moment is None or not timeutil.MIN_YEAR <= moment.year <= timeutil.MAX_YEAR:
        return None
    return timeutil.to_iso(moment)


def _item_key(guid: str, link: str, title: str, body: str) -> str:
    guid = (guid or "").strip()
    if guid or link:
        return (guid or link)[:1000]
    return "sha1:" + hashlib.sha1(f"{title}\n{body}".encode("utf-8", "replace")).hexdigest()


def xml_tree(data: bytes) -> tuple[Element | None, str]:
    """Return the parsed tree of ``data`` (None and where it breaks when it is no well-formed XML).

    Entity declarations and external references raise ValidationError before anything is expanded.
    """
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True), ""
    except DefusedXmlException:
        raise refuse(_ENTITIES) from None
    except ParseError as exc:
        return None, f"dòng {exc.position[0]}"


def parse_source(data: bytes, address: str = "") -> Feed:
    """Return the items of an RSS 2.0 or Atom feed or a WordPress export; raise ValidationError when refused.

    ``address`` is where the bytes came from (relative links resolve against it).
    """
    if len(data) > MAX_SOURCE_BYTES:
        raise refuse(_TOO_LARGE)
    if not data.strip():
        raise refuse(_EMPTY)
    root, broken_at = xml_tree(data)
    if root is not None and _is_wxr(root):
        return _parse_wxr(root)
    if root is None and b"wordpress.org/export/" in data[:20000]:
        raise refuse(_BROKEN_WXR.format(detail=broken_at))
    return _parse_feed(data, address)


# ------------------------------------------------------------------ RSS and Atom
def _parse_feed(data: bytes, address: str) -> Feed:
    # A stream, never bytes: feedparser would take bytes that name a file for its name and read that file.
    import feedparser  # only when importing: a worker serving pages never holds it

    headers = {"content-location": address} if address else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=True)
    version = parsed.get("version") or ""
    if not version or (parsed.get("bozo") and not parsed.entries):
        raise refuse(_NOT_A_FEED)
    kind = KIND_ATOM if version.startswith("atom") else KIND_RSS
    base = web_address(parsed.feed.get("link", "")) or web_address(address)
    return Feed(kind, plain(parsed.feed.get("title", ""), 300), base, [_feed_item(e, base) for e in parsed.entries])


def _when(entry) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            try:
                return _iso(datetime.fromtimestamp(timegm(value), UTC))
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _feed_item(entry, base: str) -> FeedItem:
    link = web_address(entry.get("link", ""), base)
    contents = entry.get("content") or []
    described = entry.get("summary", "") or ""
    body = contents[0].get("value", "") if contents else described
    summary = plain(described, MAX_SUMMARY_CHARS * 2) if contents and described.strip() != body.strip() else ""
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author", "")
    categories = [plain(t.get("term") or t.get("label") or "", 200) for t in entry.get("tags") or []]
    pictures = [e.get("href", "") for e in entry.get("enclosures") or [] if str(e.get("type", "")).startswith("image/")]
    pictures += [m.get("url", "") for m in entry.get("media_content") or []
                 if m.get("medium") == "image" or str(m.get("type", "")).startswith("image/")]
    title = plain(entry.get("title", ""), 1000)
    return FeedItem(
        key=_item_key(entry.get("id", ""), link, title, body), link=link, title=title, published=_when(entry),
        author=plain(author, 200), summary=excerpt(summary, MAX_SUMMARY_CHARS), body=body,
        categories=[c for c in dict.fromkeys(categories) if c],
        pictures=[p for p in dict.fromkeys(web_address(p, link or base) for p in pictures) if p],
    )


# ------------------------------------------------------------------ WordPress export (WXR)
def _ns_kind(tag: str) -> tuple[str, str]:
    """Return (namespace kind, local name) of an element tag: kinds "wp", "excerpt", "content", "dc" or ""."""
    if not tag.startswith("{"):
        return "", tag
    ns, _, local = tag[1:].partition("}")
    if "wordpress.org/export/" in ns:
        return ("excerpt" if ns.rstrip("/").endswith("excerpt") else "wp"), local
    if "purl.org/rss/1.0/modules/content" in ns:
        return "content", local
    if "purl.org/dc/elements" in ns:
        return "dc", local
    return ns, local


def _fields(el: Element) -> dict[tuple[str, str], str]:
    """Return the text of an element's children by (namespace kind, local name), the first of each."""
    out: dict[tuple[str, str], str] = {}
    for child in el:
        out.setdefault(_ns_kind(child.tag), (child.text or "").strip())
    return out


def _is_wxr(root: Element) -> bool:
    channel = root.find("channel")
    return root.tag == "rss" and channel is not None and any(
        _ns_kind(child.tag) == ("wp", "wxr_version") for child in channel)


def _wp_time(value: str, utc: bool) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC if utc else timeutil.TZ)


def _rfc822(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def autop(html: str) -> str:
    """Return a WordPress body with paragraphs: the classic editor stores them as blank lines, not ``<p>``."""
    if _HAS_PARAGRAPHS.search(html):
        return html
    out = []
    for chunk in re.split(r"\n\s*\n", html.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if chunk:
            out.append(chunk if _BLOCK_START.match(chunk) else "<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _parse_wxr(root: Element) -> Feed:
    channel = root.find("channel")
    head = _fields(channel)
    base = web_address(head.get(("wp", "base_blog_url"), "") or head.get(("", "link"), ""))
    authors: dict[str, str] = {}
    attachments: dict[str, str] = {}
    for child in channel:
        if _ns_kind(child.tag) == ("wp", "author"):
            f = _fields(child)
            authors[f.get(("wp", "author_login"), "")] = f.get(("wp", "author_display_name"), "")
    posts, ignored = [], {}
    for el in channel.findall("item"):
        f = _fields(el)
        kind = f.get(("wp", "post_type"), "post")
        if kind == "attachment":
            attachments[f.get(("wp", "post_id"), "")] = f.get(("wp", "attachment_url"), "")
        if kind != "post":
            label = WXR_TYPES.get(kind, f"loại “{kind[:40]}”")
            ignored[label] = ignored.get(label, 0) + 1
        else:
            posts.append((el, f))
    items = []
    for el, f in posts:
        link = web_address(f.get(("", "link"), ""), base)
        body = autop(_SHORTCODES.sub("", f.get(("content", "encoded"), "")))
        title = plain(f.get(("", "title"), ""), 1000)
        published = (_wp_time(f.get(("wp", "post_date_gmt"), ""), True)
                     or _wp_time(f.get(("wp", "post_date"), ""), False) or _rfc822(f.get(("", "pubDate"), "")))
        login = f.get(("dc", "creator"), "")
        categories = [plain(c.text or "", 200) for c in el.findall("category") if c.get("domain") == "category"]
        meta = {}
        for pm in el:
            if _ns_kind(pm.tag) == ("wp", "postmeta"):
                pf = _fields(pm)
                meta.setdefault(pf.get(("wp", "meta_key"), ""), pf.get(("wp", "meta_value"), ""))
        cover = web_address(attachments.get(meta.get("_thumbnail_id", ""), ""), base)
        status = f.get(("wp", "status"), "publish")
        skip = "" if status in WXR_PUBLISHED else (f"Bài ở trạng thái “{status[:40]}” trên trang cũ "
                                                   "(chỉ nhập bài đã đăng).")
        items.append(FeedItem(
            key=_item_key(f.get(("", "guid"), ""), link, title, body), link=link, title=title,
            published=_iso(published), author=plain(authors.get(login) or login, 200),
            summary=excerpt(plain(f.get(("excerpt", "encoded"), ""), MAX_SUMMARY_CHARS * 2), MAX_SUMMARY_CHARS),
            body=body, categories=[c for c in dict.fromkeys(categories) if c], pictures=[cover] if cover else [],
            skip=skip,
        ))
    return Feed(KIND_WXR, plain(head.get(("", "title"), ""), 300), base, items, ignored)
