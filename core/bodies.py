"""Rules for the commune's bodies (Đảng ủy, HĐND, UBND, UBMTTQ and the mass organisations): the organisation chart.

One file, ``bodies.json``. Each body has a key (what a person's
``organisation`` holds, and the anchor of its section on the public pages), a
name, an optional parent (the mass organisations sit under the UBMTTQ: one
level only), its order, its functions and duties (chức năng, nhiệm vụ, quyền
hạn: rich text cleaned once on save by core.sanitize) and its contacts.

Until the editor changes anything, the default bodies below are used with ids
1..N and are written out, with the same ids, on the first write: a site that
never opened the panel's list still has its organisation. They are the
commune's own start, never demo content. A body in the trash hides its people
from the public pages; its key stays taken, so restoring it brings them back.
"""
from __future__ import annotations

import re
from typing import Any

from tinydb.table import Document

from .errors import ValidationError
from .records import Records, text_field
from .sanitize import clean_html
from .text import slugify

ORG_BOARD = "ban_bien_tap"  # the site's editorial board: its people are listed by their board role

MAX_NAME = 200
MAX_FUNCTIONS = 30_000
MAX_ORDER = 100_000
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}\Z")
_PHONE_CHARS = re.compile(r"^[0-9 .()+-]+\Z")


def _p(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


# (key, name, parent key, functions): summaries of the laws that set each body's tasks, for the commune to adapt.
DEFAULT_BODIES: tuple[tuple[str, str, str, str], ...] = (
    ("dang_uy", "Đảng ủy xã", "", (
        "<p>Đảng ủy xã là cơ quan lãnh đạo của Đảng bộ xã giữa hai kỳ đại hội, lãnh đạo toàn diện hệ thống "
        "chính trị ở xã theo Điều lệ Đảng Cộng sản Việt Nam.</p>" + _p(
            "Lãnh đạo thực hiện nghị quyết của Đảng, chính sách, pháp luật của Nhà nước trên địa bàn xã.",
            "Quyết định chủ trương, nhiệm vụ, giải pháp phát triển kinh tế – xã hội, bảo đảm quốc phòng, an ninh.",
            "Lãnh đạo công tác tổ chức, cán bộ, xây dựng Đảng bộ, chính quyền, Mặt trận và các đoàn thể vững mạnh.",
            "Kiểm tra, giám sát việc thực hiện nghị quyết của Đảng bộ và các chi bộ trực thuộc."))),
    ("hdnd", "Hội đồng nhân dân xã", "", (
        "<p>Hội đồng nhân dân xã là cơ quan quyền lực nhà nước ở địa phương, đại diện cho ý chí, nguyện vọng và "
        "quyền làm chủ của Nhân dân, do Nhân dân địa phương bầu ra (Luật Tổ chức chính quyền địa phương).</p>" + _p(
            "Ban hành nghị quyết về những vấn đề thuộc nhiệm vụ, quyền hạn của xã.",
            "Quyết định dự toán thu, chi ngân sách xã; phê chuẩn quyết toán ngân sách xã.",
            "Bầu, miễn nhiệm, bãi nhiệm Chủ tịch, Phó Chủ tịch HĐND, Chủ tịch, Phó Chủ tịch và Ủy viên UBND xã.",
            "Giám sát việc tuân theo Hiến pháp, pháp luật và việc thực hiện nghị quyết của HĐND xã."))),
    ("ubnd", "Ủy ban nhân dân xã", "", (
        "<p>Ủy ban nhân dân xã do Hội đồng nhân dân xã bầu, là cơ quan chấp hành của HĐND, cơ quan hành chính "
        "nhà nước ở địa phương, chịu trách nhiệm trước Nhân dân, HĐND xã và cơ quan hành chính nhà nước cấp "
        "trên. Chủ tịch UBND xã lãnh đạo, điều hành công việc của UBND.</p>" + _p(
            "Xây dựng, trình HĐND xã quyết định các nội dung thuộc thẩm quyền và tổ chức thực hiện nghị quyết.",
            "Tổ chức thực hiện ngân sách xã; quản lý đất đai, xây dựng, trật tự đô thị và nông thôn.",
            "Giải quyết thủ tục hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo theo thẩm quyền.",
            "Bảo đảm quốc phòng, an ninh, trật tự, an toàn xã hội; phát triển văn hóa, giáo dục, y tế."))),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "", (
        "<p>Mặt trận Tổ quốc Việt Nam xã là tổ chức liên minh chính trị, liên hiệp tự nguyện của các tổ chức "
        "chính trị – xã hội và cá nhân tiêu biểu trên địa bàn (Luật Mặt trận Tổ quốc Việt Nam).</p>" + _p(
            "Tập hợp, xây dựng khối đại đoàn kết toàn dân tộc; đại diện, bảo vệ quyền và lợi ích hợp pháp của Nhân "
            "dân.",
            "Giám sát và phản biện xã hội; tham gia xây dựng Đảng, chính quyền.",
            "Chủ trì phối hợp các đoàn thể vận động Nhân dân thực hiện các cuộc vận động, phong trào thi đua.",
            "Tập hợp ý kiến, kiến nghị của cử tri và Nhân dân để phản ánh với Đảng ủy, HĐND, UBND xã."))),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ xã", "mttq", (
        "<p>Hội Liên hiệp Phụ nữ xã đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp, chính đáng của phụ "
        "nữ; vận động phụ nữ thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước.</p>" + _p(
            "Tuyên truyền, giáo dục, vận động hội viên phụ nữ xây dựng gia đình no ấm, bình đẳng, tiến bộ, "
            "hạnh phúc.",
            "Hỗ trợ phụ nữ phát triển kinh tế, giảm nghèo bền vững; thực hiện bình đẳng giới."))),
    ("doan_tn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "mttq", (
        "<p>Đoàn Thanh niên xã tập hợp, đoàn kết, giáo dục thanh niên, là lực lượng xung kích trong các "
        "phong trào của địa phương.</p>" + _p(
            "Tổ chức phong trào thanh niên tình nguyện, khởi nghiệp, chuyển đổi số ở cơ sở.",
            "Phụ trách Đội Thiếu niên Tiền phong Hồ Chí Minh; chăm lo, bảo vệ quyền lợi của thanh thiếu nhi."))),
    ("hoi_nong_dan", "Hội Nông dân xã", "mttq", (
        "<p>Hội Nông dân xã đại diện giai cấp nông dân, chăm lo, bảo vệ quyền và lợi ích hợp pháp của nông "
        "dân.</p>" + _p(
            "Vận động hội viên thi đua sản xuất, kinh doanh giỏi, tham gia xây dựng nông thôn mới.",
            "Hỗ trợ nông dân vốn, kỹ thuật, liên kết tiêu thụ nông sản."))),
    ("hoi_ccb", "Hội Cựu chiến binh xã", "mttq", (
        "<p>Hội Cựu chiến binh xã đoàn kết, tập hợp cựu chiến binh, giữ gìn và phát huy bản chất, truyền thống "
        "Bộ đội Cụ Hồ.</p>" + _p(
            "Tham gia bảo vệ Đảng, chính quyền, giữ gìn an ninh chính trị, trật tự an toàn xã hội ở cơ sở.",
            "Giáo dục truyền thống cách mạng cho thế hệ trẻ; giúp nhau phát triển kinh tế."))),
    (ORG_BOARD, "Ban Biên tập trang thông tin điện tử", "", (
        "<p>Ban Biên tập do Chủ tịch UBND xã thành lập, giúp UBND xã quản lý, cung cấp và cập nhật thông tin "
        "trên trang thông tin điện tử của xã.</p>" + _p(
            "Tiếp nhận, biên tập, duyệt và đăng tin bài, văn bản theo quy chế hoạt động của Ban.",
            "Bảo đảm thông tin chính xác, kịp thời, đúng quy định của pháp luật."))),
)


def _defaults() -> list[dict]:
    return [{"id": n, "key": key, "name": name, "parent": parent, "order": n, "functions": functions,
             "address": "", "phone": "", "email": "", "created_at": "", "updated_at": "", "trashed_at": None}
            for n, (key, name, parent, functions) in enumerate(DEFAULT_BODIES, 1)]


class Bodies(Records):
    """The bodies of the commune's political system, in the editor's order."""

    FILE = "bodies.json"
    KIND = "body"
    sort_reverse = False

    def sort_key(self, item: dict) -> Any:
        """Order by order number, then by id."""
        return (item.get("order", 0), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Use the default bodies while none is stored; index the bodies by key."""
        if not items:
            items.extend(_defaults())
            self._by_id.update({i["id"]: i for i in items})
        self._by_key = {i["key"]: i for i in items}

    # ---------------------------------------------------------------- reads
    def by_key(self, key: str) -> dict | None:
        """Return the body (trashed or not) that has this key, or None."""
        self._load()
        return self._by_key.get(key)

    def label(self, key: str) -> str:
        """Return the name of a body by key ("" for an unknown one)."""
        body = self.by_key(key)
        return body["name"] if body else ""

    def position(self, key: str) -> tuple[int, int]:
        """Return where a body's people come in lists (its parent's place first), unknown bodies last."""
        body = self.by_key(key)
        if body is None:
            return (MAX_ORDER + 1, 0)
        parent = self.by_key(body.get("parent", "")) if body.get("parent") else None
        top = parent or body
        return (top.get("order", 0) * 2 + (1 if parent else 0), body.get("order", 0))

    def tree(self) -> list[dict]:
        """Return the live top-level bodies, each with ``children`` (its live sub-bodies), in order."""
        live = self.all()
        keys = {b["key"] for b in live}
        top = [dict(b, children=[]) for b in live if not b.get("parent") or b["parent"] not in keys]
        by_key = {b["key"]: b for b in top}
        for b in live:
            if b.get("parent") in by_key and b["key"] not in by_key:
                by_key[b["parent"]]["children"].append(b)
        return top

    def choices(self, current: str = "") -> list[tuple[str, str]]:
        """Return (key, name) of the live bodies in chart order (sub-bodies indented), plus ``current`` if trashed."""
        out = []
        for body in self.tree():
            out.append((body["key"], body["name"]))
            out.extend((c["key"], f"– {c['name']}") for c in body["children"])
        if current and current not in {k for k, _ in out} and self.by_key(current):
            out.append((current, f"{self.label(current)} (trong thùng rác)"))
        return out

    # ---------------------------------------------------------------- rules
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned body or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        name = text_field(values, "name", "tên tổ chức", errors, required=True, max_length=MAX_NAME)
        self._load()
        old = self._by_id.get(int(item_id)) if item_id is not None else None
        key = str(values.get("key") or "").strip().lower().replace("-", "_")
        if not key and old is not None:
            key = old["key"]
        elif not key:
            key = self._free_key(name)
        if not _KEY.match(key):
            errors["key"] = "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, ví dụ hoi_nong_dan."
        elif any(b["key"] == key and (old is None or b["id"] != old["id"]) for b in self._items):
            errors["key"] = f"Mã “{key}” đã được dùng cho tổ chức khác."
        elif old is not None and key != old["key"]:
            errors["key"] = "Không đổi được mã của tổ chức đã có (cán bộ đang gắn với mã này)."
        parent = str(values.get("parent") or "").strip()
        if parent:
            target = self.by_key(parent)
            if target is None or target.get("trashed_at"):
                errors["parent"] = "Tổ chức cấp trên không hợp lệ."
            elif parent == key or target.get("parent"):
                errors["parent"] = "Chỉ chọn được tổ chức cấp trên là tổ chức không trực thuộc tổ chức nào khác."
            elif old is not None and any(b.get("parent") == old["key"] for b in self.all()):
                errors["parent"] = "Tổ chức này đang có tổ chức trực thuộc nên không thể trực thuộc tổ chức khác."
        raw_order = values.get("order")
        try:
            order = int(raw_order) if str(raw_order if raw_order is not None else "").strip() else 0
            if not -MAX_ORDER <= order <= MAX_ORDER:
                raise ValueError(order)
        except (TypeError, ValueError):
            errors["order"] = "Thứ tự phải là một số nguyên (1, 2, 3 …)."
            order = 0
        functions = clean_html(str(values.get("functions") or ""))
        if len(functions) > MAX_FUNCTIONS:
            errors["functions"] = f"Chức năng, nhiệm vụ tối đa {MAX_FUNCTIONS:,} ký tự.".replace(",", ".")
        address = text_field(values, "address", "địa chỉ", errors, max_length=300)
        phone = text_field(values, "phone", "số điện thoại", errors, max_length=40)
        if phone and (not _PHONE_CHARS.match(phone) or not 8 <= sum(c.isdigit() for c in phone) <= 15):
            errors["phone"] = "Số điện thoại không hợp lệ (chỉ gồm chữ số, dấu cách, dấu chấm; ví dụ 0221 3 000 000)."
        email = text_field(values, "email", "thư điện tử", errors, max_length=200)
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors["email"] = "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@hungyen.gov.vn)."
        if errors:
            raise ValidationError(errors)
        return {"key": key, "name": name, "parent": parent, "order": order, "functions": functions,
                "address": address, "phone": phone, "email": email}

    def _free_key(self, name: str) -> str:
        base = slugify(name, max_length=30).replace("-", "_") or "to_chuc"
        base = base if base[0].isalpha() else f"to_chuc_{base}"
        taken = {b["key"] for b in self._items}
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        return key

    # ---------------------------------------------------------------- writes
    def _store_defaults(self) -> None:
        """Write the default bodies out (ids 1..N) if the file has none yet."""
        if self.store.read(self.FILE).get(self.TABLE):
            return
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            if len(table):
                return
            for body in _defaults():
                doc_id = body.pop("id")
                table.insert(Document(body, doc_id=doc_id))

    def save(self, values: dict, item_id: int | None = None, by: str = "") -> dict:
        """Validate and store a body; return it as stored."""
        self._store_defaults()
        return super().save(values, item_id, by)

    def restore_revision(self, item_id: int, revision_id: int, by: str = "") -> dict:
        """Make a kept version of a body current again (the defaults written out first)."""
        self._store_defaults()
        return super().restore_revision(item_id, revision_id, by)

    def update_fields(self, item_id: int, changes: dict) -> dict:
        """Store a few already-checked fields of a body (trash, restore)."""
        self._store_defaults()
        return super().update_fields(item_id, changes)
