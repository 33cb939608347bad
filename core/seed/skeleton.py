"""What a commune starting empty gets: the standard sections, intro pages with headings to fill, national links.

Nothing here is demo content: it is the commune's own start, never marked as the
demo's and never removed with it. The intro pages are stored hidden, so no page of
placeholders is shown to citizens before the commune has written it.
"""
from __future__ import annotations

from ..content import Content
from ..errors import NotFound, ValidationError
from ..sections import KIND_ARTICLES, KIND_PAGES, INTRO_SLUG
from ..text import slugify

# (name, kind, explicit slug or None, sub-sections, the feature of each sub-section), in menu order.
SECTIONS: tuple[tuple[str, str, str | None, tuple[tuple[str, str | None], ...]], ...] = (
    ("Giới thiệu", KIND_PAGES, INTRO_SLUG, ()),
    ("Tin tức – Sự kiện", KIND_ARTICLES, None, (
        ("Tin trong xã", None),
        ("Văn bản chỉ đạo điều hành", "documents"),
        ("Tuyên truyền – phổ biến pháp luật", None),
        ("Hoạt động các Ban, Ngành, Đoàn thể", None),
    )),
    ("Thông báo", KIND_ARTICLES, None, ()),
    ("Cải cách hành chính", KIND_ARTICLES, None, ()),
    ("Chuyển đổi số", KIND_ARTICLES, None, ()),
)

_FILL = "<p><em>Nội dung đang được Ban Biên tập cập nhật.</em></p>"


def _skeleton(*headings: str) -> str:
    return "".join(f"<h2>{h}</h2>{_FILL}" for h in headings)


# (title, HTML body with the headings to fill), in the order of the "Giới thiệu" menu.
PAGES = (
    ("Lịch sử – Truyền thống", _skeleton("Quá trình hình thành và phát triển", "Truyền thống cách mạng",
                                         "Di tích, lễ hội và văn hóa")),
    ("Điều kiện tự nhiên", _skeleton("Vị trí địa lý và địa giới hành chính", "Diện tích và địa hình",
                                     "Khí hậu, thủy văn", "Tài nguyên")),
    ("Kinh tế – Xã hội", _skeleton("Dân số và đơn vị hành chính (thôn, tổ dân phố)", "Kinh tế",
                                   "Văn hóa – xã hội, giáo dục, y tế")),
    ("Thông tin giao dịch", _skeleton("Địa chỉ, điện thoại, thư điện tử của UBND xã",
                                      "Bộ phận Tiếp nhận và Trả kết quả", "Lịch tiếp công dân")),
)

# Real state sites every commune links to: the national public service portal, the Government's portal
# and gazette, the national database of legal documents, the Government's newspaper.
LINKS = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn"),
    ("Công báo Chính phủ", "https://congbao.chinhphu.vn"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn"),
    ("Báo Điện tử Chính phủ", "https://baochinhphu.vn"),
)


def create_skeleton(content: Content) -> dict[str, int]:
    """Add the standard sections, hidden intro pages and national links that are missing; return the counts.

    A section, page or link already there (by address) is left as it is, so running it twice adds nothing.
    """
    added = {"section": 0, "page": 0, "link": 0}

    def section(name: str, kind: str, slug: str | None, parent_id: int | None, feature: str | None) -> int | None:
        slug = slug or slugify(name, max_length=60)
        try:
            return content.section_by_slug(slug)["id"]
        except NotFound:
            pass
        try:
            made = content.save_section({"name": name, "kind": kind, "slug": slug, "parent_id": parent_id,
                                         "feature": feature})
        except ValidationError:
            return None  # the commune's own sections are arranged otherwise: leave them be
        added["section"] += 1
        return made["id"]

    for name, kind, slug, children in SECTIONS:
        parent_id = section(name, kind, slug, None, None)
        if parent_id is None:
            continue
        for child, feature in children:
            section(child, KIND_ARTICLES, None, parent_id, feature)
    slugs = {p["slug"] for p in content.pages(include_hidden=True)}
    for title, body in PAGES:
        if slugify(title, max_length=60) not in slugs:
            content.save_page({"title": title, "body": body, "hidden": True})
            added["page"] += 1
    urls = {link["url"].rstrip("/") for link in content.links()}
    for title, url in LINKS:
        if url not in urls:
            content.save_link({"title": title, "url": url})
            added["link"] += 1
    return added
