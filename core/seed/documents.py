"""Demo documents: the register of the commune's report, each with a small placeholder PDF."""
from __future__ import annotations

import textwrap
import unicodedata

from ..content import Content
from ..documents import Documents, default_issuer, show_day
from ..uploads import save_document


def seed_documents(documents: Documents, content: Content) -> None:
    """Add the demo documents with small PDF attachments (skipped if the register is not empty).

    Numbers, dates and subjects of the first three come from the commune's
    report of 10/11/2023; the others are plausible examples, two for each
    chuyên mục (planning, projects and procurement, new countryside). Every
    attachment is a placeholder that the commune replaces with the signed text.
    """
    if documents.all() or documents.all(trashed=True):
        return
    settings = content.settings()
    commune = settings.get("commune_name") or "Dương Quang"
    issuer = default_issuer(settings) or f"UBND xã {commune}"
    type_ids = {t["name"]: t["id"] for t in documents.types()}
    for item in demo_documents(commune):
        kind = item["type"]
        if kind not in type_ids:
            type_ids[kind] = documents.add_type(kind)["id"]
        title = f"{kind} số {item['number']} ngày {show_day(item['issued_on'])}"
        pdf = demo_pdf(title, item["summary"], issuer)
        attachment = save_document(documents.store, pdf, f"{kind} {item['number'].replace('/', '-')}.pdf")
        documents.save({
            "type_id": type_ids[kind], "number": item["number"], "issued_on": item["issued_on"],
            "effective_on": item.get("effective_on", ""), "issuer": issuer, "signer": "",
            "summary": item["summary"], "field": item["field"], "attachment": attachment,
            "category": item.get("category", ""),
        })


def demo_documents(commune: str) -> list[dict]:
    """Return the demo register: three documents named in the report, the others plausible."""
    site = f"Trang thông tin điện tử xã {commune}"
    return [
        {"type": "Quyết định", "number": "19/QĐ-UBND", "issued_on": "2023-06-23", "effective_on": "2023-06-23",
         "summary": f"Về việc thành lập Ban Biên tập {site}", "field": "Thông tin – Truyền thông"},
        {"type": "Quyết định", "number": "20/QĐ-UBND", "issued_on": "2023-06-23", "effective_on": "2023-06-23",
         "summary": f"Về việc ban hành Quy chế hoạt động của Ban Biên tập {site}",
         "field": "Thông tin – Truyền thông"},
        {"type": "Thông báo", "number": "88/TB-UBND", "issued_on": "2023-06-27",
         "summary": f"Về việc cung cấp tin bài cho {site}", "field": "Thông tin – Truyền thông"},
        {"type": "Kế hoạch", "number": "12/KH-UBND", "issued_on": "2024-01-15",
         "summary": f"Kế hoạch cải cách hành chính năm 2024 trên địa bàn xã {commune}",
         "field": "Cải cách hành chính"},
        {"type": "Kế hoạch", "number": "25/KH-UBND", "issued_on": "2024-03-05",
         "summary": f"Kế hoạch chuyển đổi số xã {commune} năm 2024", "field": "Chuyển đổi số"},
        {"type": "Báo cáo", "number": "96/BC-UBND", "issued_on": "2024-06-20",
         "summary": "Báo cáo kết quả thực hiện công tác cải cách hành chính và chuyển đổi số 6 tháng đầu năm 2024",
         "field": "Cải cách hành chính"},
        {"type": "Kế hoạch", "number": "05/KH-UBND", "issued_on": "2024-01-08", "category": "quy-hoach-ke-hoach",
         "summary": f"Kế hoạch phát triển kinh tế – xã hội xã {commune} năm 2024",
         "field": "Kế hoạch – Đầu tư"},
        {"type": "Quyết định", "number": "142/QĐ-UBND", "issued_on": "2024-04-12", "effective_on": "2024-04-12",
         "category": "quy-hoach-ke-hoach",
         "summary": f"Về việc công bố công khai kế hoạch sử dụng đất năm 2024 của xã {commune}",
         "field": "Đất đai – Quy hoạch"},
        {"type": "Quyết định", "number": "178/QĐ-UBND", "issued_on": "2024-05-20", "effective_on": "2024-05-20",
         "category": "du-an-dau-thau",
         "summary": ("Về việc phê duyệt kết quả lựa chọn nhà thầu gói thầu xây lắp: Cứng hóa đường giao thông "
                     "nông thôn thôn Thái Lạc, tuyến từ nhà văn hóa thôn đến đê tả sông Luộc"),
         "field": "Đầu tư xây dựng"},
        {"type": "Thông báo", "number": "64/TB-UBND", "issued_on": "2024-07-02", "category": "du-an-dau-thau",
         "summary": ("Công khai kế hoạch lựa chọn nhà thầu mua sắm trang thiết bị Bộ phận Tiếp nhận và Trả kết "
                     "quả xã năm 2024"),
         "field": "Mua sắm công"},
        {"type": "Kế hoạch", "number": "31/KH-UBND", "issued_on": "2024-03-18", "category": "nong-thon-moi",
         "summary": f"Kế hoạch xây dựng xã {commune} đạt chuẩn nông thôn mới nâng cao giai đoạn 2024 – 2025",
         "field": "Nông thôn mới"},
        {"type": "Báo cáo", "number": "118/BC-UBND", "issued_on": "2024-07-15", "category": "nong-thon-moi",
         "summary": ("Báo cáo kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới 6 tháng "
                     "đầu năm 2024"),
         "field": "Nông thôn mới"},
    ]


def _pdf_text(text: str) -> bytes:
    """Return ``text`` as a PDF string literal body, without diacritics.

    The 14 standard PDF fonts have no Vietnamese letters, so the page shows the
    text unaccented; the document title (in the file's metadata) keeps them.
    """
    out = []
    for ch in text.replace("đ", "d").replace("Đ", "D").replace("–", "-"):
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isascii() else "?")
    raw = "".join(out).encode("ascii")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def demo_pdf(title: str, summary: str, issuer: str) -> bytes:
    """Return a small valid one-page PDF showing a demo document's title (a placeholder)."""
    lines = [(16, title)] + [(12, line) for line in textwrap.wrap(summary, 80)[:4]] + [
        (11, issuer), (10, "Ban mau de trinh bay - xa se thay bang van ban chinh thuc.")]
    stream = [b"BT", b"72 770 Td"]
    for n, (size, text) in enumerate(lines):
        if n:
            stream.append(b"0 -24 Td")
        stream.append(b"/F1 %d Tf (%s) Tj" % (size, _pdf_text(text)))
    stream.append(b"ET")
    body = b"\n".join(stream)
    title_hex = ("FEFF" + title.encode("utf-16-be").hex().upper()).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title <%s> /Producer (TrangXa) >>" % title_hex,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    return bytes(out)
