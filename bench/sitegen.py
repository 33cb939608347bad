"""Build a realistic large site in a data folder, fast, through the store (for benchmarks).

Articles over all sections and ten years, 500 documents in the register,
and a year of daily visit counts.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from tinydb.table import Document

from core import timeutil
from core.articles import ARTICLE_DIR, SHARD_SIZE, search_fields, shard_name
from core.content import Content
from core.sections import KIND_ARTICLES
from core.counters import COUNTERS_FILE, LOCK as COUNTERS_LOCK
from core.documents import Documents
from core.schema import SCHEMA_VERSION, write_version
from core.seed.content import seed_content
from core.store import Store
from core.text import slugify

WORDS = (
    "xã hội nhân dân ủy ban hội nghị triển khai kế hoạch công tác chuyển đổi số cải cách hành chính "
    "thông báo tuyên truyền pháp luật đoàn thể thanh niên phụ nữ nông dân cựu chiến binh mặt trận tổ quốc "
    "kinh tế văn hóa giáo dục y tế môi trường nông thôn mới an ninh trật tự phòng chống thiên tai dịch bệnh "
    "đất đai xây dựng giao thông thủy lợi sản xuất nông nghiệp chăn nuôi trồng trọt dịch vụ công trực tuyến "
    "hồ sơ thủ tục người dân doanh nghiệp cán bộ công chức lãnh đạo chủ tịch phó chủ tịch đảng ủy hội đồng "
    "kiểm tra giám sát tổng kết năm quý tháng tuần thôn khu dân cư gia đình học sinh trường học lễ hội di tích "
    "lịch sử du lịch truyền thống đại đoàn kết toàn dân tiếp công dân giải quyết kiến nghị phản ánh"
).split()
RARE_WORD = "khinhkhicau"  # appears in exactly one article: the "rare word" search


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def make_article(rng: random.Random, aid: int, section_id: int, when: datetime, rare: bool = False) -> dict:
    """Return one stored article record with a ~3 KB body."""
    title = _sentence(rng, rng.randint(8, 14)).rstrip(".")
    if rare:
        title += " " + RARE_WORD
    paragraphs = []
    size = 0
    while size < 3000:
        p = " ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(3))
        paragraphs.append(f"<p>{p}</p>")
        size += len(p) + 7
    iso = timeutil.to_iso(when)
    doc = {
        "title": title, "summary": _sentence(rng, 30), "body": "".join(paragraphs),
        "author": rng.choice(["Kiều Thị Phượng", "Nguyễn Công Đạt", "Kiều Xuân Thu"]),
        "status": "published", "section_id": section_id, "publish_at": iso,
        "cover": None, "cover_alt": "", "pinned": False,
        "slug": f"{slugify(title)}-{aid}", "old_slugs": [],
        "created_at": iso, "updated_at": iso, "trashed_at": None,
    }
    doc["search"] = list(search_fields(doc))
    return doc


def build_site(data_dir: str, articles: int, seed: int = 1) -> dict:
    """Create the demo commune plus ``articles`` generated articles and a year of visit counts."""
    rng = random.Random(seed)
    store = Store(data_dir)
    content = Content(store)
    seed_content(content)
    sections = [s["id"] for s in content.sections() if s["kind"] == KIND_ARTICLES]
    start_id = content.index().max_id + 1
    now = timeutil.now()
    span = 10 * 365 * 24 * 3600
    rare_id = start_id + articles // 2
    shards: dict[str, list[tuple[int, dict]]] = {}
    for aid in range(start_id, start_id + articles):
        when = now - timedelta(seconds=rng.randint(3600, span))
        shards.setdefault(shard_name(aid), []).append(
            (aid, make_article(rng, aid, rng.choice(sections), when, rare=aid == rare_id)))
    for name, docs in shards.items():
        with store.transaction(name) as db:
            table = db.table("articles")
            for aid, doc in docs:
                table.upsert(Document(doc, doc_id=aid))
    documents = Documents(store)
    documents.save({"type_id": 1, "number": "1/QĐ-UBND", "issued_on": "2016-01-04", "issuer": "UBND xã",
                    "summary": "Văn bản mẫu"})  # writes the default types
    type_ids = [t["id"] for t in documents.types()]
    with store.transaction(Documents.FILE) as db:
        table = db.table(Documents.TABLE)
        for i in range(2, 501):
            day = (now - timedelta(days=rng.randint(0, 3650))).strftime("%Y-%m-%d")
            doc = documents.validate({
                "type_id": rng.choice(type_ids), "number": f"{i}/{rng.choice(['QĐ', 'TB', 'KH', 'BC'])}-UBND",
                "issued_on": day, "issuer": "UBND xã Dương Quang", "signer": "Vũ Quang Sáng",
                "summary": _sentence(rng, 18), "field": rng.choice(["Hành chính", "Đất đai", "Văn hóa"]),
            })
            table.insert(dict(doc, created_at=day + "T08:00:00+07:00", updated_at=day + "T08:00:00+07:00",
                              trashed_at=None))
    with store.transaction(COUNTERS_FILE, lock_name=COUNTERS_LOCK) as db:
        days = db.table("days")
        total = 0
        for back in range(365):
            day = (now - timedelta(days=back)).strftime("%Y-%m-%d")
            visits = rng.randint(30, 90)
            total += visits
            days.upsert(Document({"day": day, "visits": visits, "hits": visits * 3}, doc_id=int(day.replace("-", ""))))
        db.table("state").upsert(Document({"offsets": {}, "total_visits": total, "total_hits": total * 3}, doc_id=1))
    write_version(store, SCHEMA_VERSION)
    return {"rare_id": rare_id, "first_id": start_id, "shards": len(shards), "articles_dir": ARTICLE_DIR,
            "shard_size": SHARD_SIZE}
