"""Demo people: the commune's Ban Biên tập, as the report names it."""
from __future__ import annotations

from ..content import Content
from ..errors import ValidationError
from ..people import People

# The editorial board named in the commune's report (Quyết định 19/QĐ-UBND ngày 23/6/2023).
DEMO_BOARD = (
    ("Vũ Quang Sáng", "Phó Chủ tịch UBND xã", "truong_ban", True),
    ("Kiều Thị Phượng", "Công chức Văn hóa - Xã hội", "pho_truong_ban", False),
    ("Kiều Xuân Thu", "Công chức Văn phòng - Thống kê", "thanh_vien", False),
    ("Nguyễn Công Đạt", "Trưởng Đài truyền thanh xã", "thanh_vien", False),
)


def seed_people(people: People, content: Content) -> int:
    """Fill an empty register with the commune's Ban Biên tập (also listed under UBND); return how many.

    No personal phone numbers are invented: the spokesperson gets the site's
    own contact from the settings, the others none.
    """
    if people.all() or people.all(trashed=True):
        return 0  # never seed over an existing register
    settings = content.settings()
    count = 0
    for order, (name, title, role, spokesperson) in enumerate(DEMO_BOARD, start=1):
        values = {"name": name, "title": title, "organisation": "ubnd", "order": order, "board_role": role,
                  "spokesperson": spokesperson}
        contact = {"phone": settings.get("phone", ""), "email": settings.get("email", "")} if spokesperson else {}
        try:
            people.save(dict(values, **contact))
        except ValidationError:  # a site contact our rules refuse: leave it for the editor
            people.save(values)
        count += 1
    return count
