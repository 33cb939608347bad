"""Demo people: the commune's Ban Biên tập, as the report names it, and the leaders of each body of the chart."""
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

# What the board members do at the UBND, and a few lines of biography (plausible, for the demo).
BOARD_DETAILS = {
    "Vũ Quang Sáng": (
        "Phụ trách lĩnh vực văn hóa – xã hội, giáo dục, y tế, thông tin – truyền thông và chuyển đổi số; "
        "Trưởng Ban Biên tập trang thông tin điện tử xã.",
        "Sinh năm 1978, quê quán xã Dương Quang. Trình độ chuyên môn: Cử nhân Quản lý văn hóa; lý luận chính "
        "trị: Trung cấp.\nNguyên công chức Văn hóa – Xã hội xã (2005 – 2015); Phó Chủ tịch UBND xã từ năm 2016."),
    "Kiều Thị Phượng": (
        "Tham mưu công tác văn hóa, thông tin, thể dục thể thao, gia đình; biên tập tin bài của trang.",
        "Sinh năm 1986. Trình độ chuyên môn: Cử nhân Văn hóa học. Công chức Văn hóa – Xã hội xã từ năm 2012."),
}

# (body key, name, position, order, duties, biography): the leaders of the other bodies of the demo commune.
DEMO_LEADERS = (
    ("dang_uy", "Phạm Văn Thắng", "Bí thư Đảng ủy xã", 1,
     "Phụ trách chung công tác của Đảng ủy; trực tiếp phụ trách công tác tổ chức, cán bộ, nội chính.",
     "Sinh năm 1970, quê quán xã Dương Quang. Trình độ chuyên môn: Kỹ sư Nông nghiệp; lý luận chính trị: Cao "
     "cấp.\nNguyên Chủ tịch UBND xã (2010 – 2020); Bí thư Đảng ủy xã từ tháng 10/2020."),
    ("dang_uy", "Đỗ Thị Hằng", "Phó Bí thư Thường trực Đảng ủy xã", 2,
     "Giúp Bí thư điều hành công việc hằng ngày của Đảng ủy; phụ trách công tác tuyên giáo, dân vận, kiểm tra.",
     "Sinh năm 1979. Trình độ chuyên môn: Cử nhân Luật; lý luận chính trị: Cao cấp."),
    ("hdnd", "Lê Đình Toản", "Chủ tịch HĐND xã", 1,
     "Điều hành hoạt động của HĐND xã; chủ tọa các kỳ họp; chỉ đạo công tác giám sát, tiếp xúc cử tri.",
     "Sinh năm 1968. Trình độ chuyên môn: Cử nhân Kinh tế; lý luận chính trị: Cao cấp.\nĐại biểu HĐND xã "
     "ba nhiệm kỳ."),
    ("hdnd", "Nguyễn Thị Lan", "Phó Chủ tịch HĐND xã", 2,
     "Giúp Chủ tịch HĐND điều hòa, phối hợp hoạt động của các Ban HĐND; tổng hợp ý kiến, kiến nghị cử tri.",
     "Sinh năm 1982. Trình độ chuyên môn: Cử nhân Hành chính."),
    ("ubnd", "Trần Văn Khải", "Chủ tịch UBND xã", 0,
     "Lãnh đạo, điều hành chung các hoạt động của UBND xã; trực tiếp phụ trách tài chính – ngân sách, đất đai, "
     "quốc phòng – an ninh, cải cách hành chính.",
     "Sinh năm 1975, quê quán xã Dương Quang. Trình độ chuyên môn: Thạc sĩ Quản lý kinh tế; lý luận chính trị: "
     "Cao cấp.\nNguyên Phó Chủ tịch UBND xã (2015 – 2020); Chủ tịch UBND xã từ năm 2021."),
    ("mttq", "Nguyễn Văn Bình", "Chủ tịch Ủy ban MTTQ Việt Nam xã", 1,
     "Phụ trách chung công tác Mặt trận; chủ trì giám sát, phản biện xã hội và cuộc vận động “Toàn dân đoàn kết "
     "xây dựng nông thôn mới, đô thị văn minh”.",
     "Sinh năm 1971. Lý luận chính trị: Trung cấp. Chủ tịch Ủy ban MTTQ Việt Nam xã từ năm 2019."),
    ("hoi_lhpn", "Vũ Thị Thu Hà", "Chủ tịch Hội Liên hiệp Phụ nữ xã", 1,
     "Phụ trách chung công tác Hội; phong trào “Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình "
     "hạnh phúc”.", "Sinh năm 1985. Trình độ chuyên môn: Cử nhân Công tác xã hội."),
    ("doan_tn", "Đào Văn Tuấn", "Bí thư Đoàn Thanh niên xã", 1,
     "Phụ trách công tác Đoàn, Đội; tổ công nghệ số cộng đồng hướng dẫn người dân dùng dịch vụ công trực tuyến.",
     "Sinh năm 1996. Trình độ chuyên môn: Kỹ sư Công nghệ thông tin."),
    ("hoi_nong_dan", "Nguyễn Văn Sơn", "Chủ tịch Hội Nông dân xã", 1,
     "Phụ trách chung công tác Hội; phong trào nông dân sản xuất, kinh doanh giỏi; quỹ hỗ trợ nông dân.",
     "Sinh năm 1969. Trình độ chuyên môn: Trung cấp Nông nghiệp."),
    ("hoi_ccb", "Đặng Văn Hòa", "Chủ tịch Hội Cựu chiến binh xã", 1,
     "Phụ trách chung công tác Hội; giáo dục truyền thống, tham gia giữ gìn an ninh trật tự ở thôn.",
     "Sinh năm 1960. Nhập ngũ năm 1978, phục viên năm 1990."),
)
DEMO_PEOPLE_COUNT = len(DEMO_BOARD) + len(DEMO_LEADERS)


def seed_people(people: People, content: Content) -> int:
    """Fill an empty register with the commune's Ban Biên tập (under UBND) and each body's leaders; return how many.

    No personal phone numbers are invented: the spokesperson gets the site's
    own contact from the settings, the others none.
    """
    if people.all() or people.all(trashed=True):
        return 0  # never seed over an existing register
    settings = content.settings()
    count = 0
    for order, (name, title, role, spokesperson) in enumerate(DEMO_BOARD, start=1):
        duties, biography = BOARD_DETAILS.get(name, ("", ""))
        values = {"name": name, "title": title, "organisation": "ubnd", "order": order, "board_role": role,
                  "spokesperson": spokesperson, "duties": duties, "biography": biography}
        contact = {"phone": settings.get("phone", ""), "email": settings.get("email", "")} if spokesperson else {}
        try:
            people.save(dict(values, **contact))
        except ValidationError:  # a site contact our rules refuse: leave it for the editor
            people.save(values)
        count += 1
    for body, name, title, order, duties, biography in DEMO_LEADERS:
        people.save({"name": name, "title": title, "organisation": body, "order": order, "duties": duties,
                     "biography": biography})
        count += 1
    return count
