"""Demo Tiếp công dân, Liên hệ and Thông cáo báo chí of the demo commune.

Dates follow the day the demo is seeded: the Chủ tịch receives citizens every
Thursday morning (as in the demo schedule), so there are sessions to come and
sessions past, over two years. DEMO PLACEHOLDERS: the departments' numbers
are the site's placeholder number with another last digit, and their e-mail
addresses plausible guesses; 113, 114 and 115 are the real national hotlines.
"""
from __future__ import annotations

from datetime import date, timedelta

from .. import timeutil
from ..contacts import Contacts
from ..content import Content
from ..people import People
from ..press import PressReleases
from ..reception import ReceptionResults, ReceptionSessions

ROOM = "Phòng tiếp công dân, trụ sở UBND xã"
CHAIR = "Chủ tịch UBND xã"

RULES = """<p>(Ban hành kèm theo Quyết định của Chủ tịch UBND xã, theo Luật Tiếp công dân năm 2013 và
Nghị định số 64/2014/NĐ-CP của Chính phủ)</p>
<h3>Điều 1. Thời gian, địa điểm tiếp công dân</h3>
<p>Chủ tịch UBND xã tiếp công dân định kỳ vào sáng thứ Năm hằng tuần tại Phòng tiếp công dân, trụ sở UBND xã.
Công chức được phân công tiếp công dân thường xuyên trong giờ hành chính các ngày làm việc. Khi có vụ việc
phức tạp, đông người, Chủ tịch UBND xã tiếp đột xuất.</p>
<h3>Điều 2. Quyền và nghĩa vụ của người đến khiếu nại, tố cáo, kiến nghị, phản ánh</h3>
<ul>
<li>Xuất trình giấy tờ tùy thân (căn cước công dân hoặc giấy tờ có ảnh); nếu được ủy quyền thì xuất trình
giấy ủy quyền hợp pháp.</li>
<li>Có thái độ đúng mực, tôn trọng người tiếp công dân; trang phục lịch sự; tuân thủ hướng dẫn của cán bộ.</li>
<li>Trình bày trung thực sự việc, cung cấp thông tin, tài liệu liên quan; ký hoặc điểm chỉ xác nhận những nội
dung đã trình bày.</li>
<li>Trường hợp nhiều người cùng khiếu nại, tố cáo, kiến nghị về một nội dung thì cử người đại diện (không quá
05 người) để trình bày.</li>
<li>Được nhận thông báo về việc thụ lý, kết quả xử lý khiếu nại, tố cáo, kiến nghị, phản ánh.</li>
</ul>
<h3>Điều 3. Những hành vi bị nghiêm cấm</h3>
<ul>
<li>Gây rối trật tự, xúc phạm, đe dọa người tiếp công dân; mang vũ khí, chất cháy nổ, chất độc hại vào nơi tiếp
công dân.</li>
<li>Lợi dụng việc khiếu nại, tố cáo để tuyên truyền chống phá, xuyên tạc, vu khống, gây thiệt hại cho cơ quan,
tổ chức, cá nhân.</li>
<li>Kích động, cưỡng ép, dụ dỗ, mua chuộc người khác tập trung đông người tại nơi tiếp công dân.</li>
</ul>
<h3>Điều 4. Trách nhiệm của người tiếp công dân</h3>
<p>Mặc trang phục chỉnh tề, đeo thẻ công chức; có thái độ đúng mực, tôn trọng công dân; lắng nghe, ghi chép
đầy đủ nội dung; hướng dẫn, giải thích để công dân thực hiện đúng quy định của pháp luật; từ chối tiếp người
say rượu, người mắc bệnh tâm thần không làm chủ được hành vi, người vi phạm nội quy.</p>"""


def _thursdays(today: date) -> tuple[list[date], list[date]]:
    """Return the next four Thursdays (today included) and every third Thursday of the past 66 weeks."""
    first = today + timedelta(days=(3 - today.weekday()) % 7)
    upcoming = [first + timedelta(weeks=n) for n in range(4)]
    past = [first - timedelta(weeks=n) for n in range(3, 67, 3)]
    return upcoming, past


SUBJECTS = (
    "Tiếp công dân định kỳ",
    "Tiếp công dân định kỳ; kiến nghị về cấp giấy chứng nhận quyền sử dụng đất",
    "Tiếp công dân định kỳ; phản ánh về vệ sinh môi trường, thu gom rác thải tại các thôn",
    "Tiếp công dân định kỳ; kiến nghị về chế độ chính sách người có công, bảo trợ xã hội",
)


def _quarters(today: date, count: int = 5) -> list[tuple[str, date, date]]:
    """Return the last ``count`` whole quarters before ``today``: (name, first day, last day), latest first."""
    out = []
    year, quarter = today.year, (today.month - 1) // 3  # the quarter before the current one (0 = last year's IV)
    for _ in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - timedelta(days=1)
        out.append((f"Quý {('I', 'II', 'III', 'IV')[quarter - 1]} năm {year}", start, end))
        quarter -= 1
    return out


def seed_reception(sessions: ReceptionSessions, results: ReceptionResults, people: People) -> int:
    """Add the demo reception sessions, rules and quarterly results (skipped if any exist); return how many."""
    if sessions.all() or sessions.all(trashed=True) or results.all() or results.all(trashed=True):
        return 0
    today = date.fromisoformat(timeutil.today_str())
    vice = next((p for p in people.all() if p.get("name") == "Vũ Quang Sáng"), None)
    upcoming, past = _thursdays(today)
    count = 0
    for n, day in enumerate(sorted(past + upcoming)):
        # The Phó Chủ tịch stands in for the Chủ tịch one week in four.
        receiver = {"person_id": vice["id"]} if vice and n % 4 == 3 else {"receiver": CHAIR}
        sessions.save(dict(receiver, day=day.isoformat(), time="07:30", end_time="11:00", place=ROOM,
                           content=SUBJECTS[n % len(SUBJECTS)]))
        count += 1
    sessions.save_rules(RULES)
    figures = ((14, 12, 6, 5, 4, 1), (11, 10, 4, 4, 3, 1), (17, 15, 7, 6, 6, 0), (9, 9, 3, 3, 3, 0),
               (12, 11, 5, 4, 4, 0))
    periods = _quarters(today, len(figures))
    for (name, start, end), (visits, persons, petitions, cases, resolved, pending) in zip(periods, figures,
                                                                                          strict=True):
        results.save({"name": name, "start": start.isoformat(), "end": end.isoformat(), "visits": visits,
                      "people": persons, "petitions": petitions, "cases": cases, "resolved": resolved,
                      "pending": pending,
                      "note": "Chủ yếu về đất đai, môi trường và chính sách xã hội." if pending else ""})
        count += 1
    return count


def seed_contacts(contacts: Contacts, content: Content) -> int:
    """Add the demo hotlines and departments (skipped if any exist); return how many."""
    if contacts.all() or contacts.all(trashed=True):
        return 0
    settings = content.settings()
    phone = settings.get("phone") or "0221 3 000 000"
    email = settings.get("email") or ""
    rows = (
        {"name": "Đường dây nóng UBND xã", "phone": phone[:-1] + "9", "hours": "24/24 giờ", "hotline": True},
        {"name": "Công an (báo tin tội phạm, gây rối trật tự)", "phone": "113", "hours": "24/24 giờ",
         "hotline": True},
        {"name": "Cứu nạn, cứu hộ, phòng cháy chữa cháy", "phone": "114", "hours": "24/24 giờ", "hotline": True},
        {"name": "Cấp cứu y tế", "phone": "115", "hours": "24/24 giờ", "hotline": True},
        {"name": "Văn phòng UBND xã", "person": "Công chức Văn phòng - Thống kê", "phone": phone, "email": email,
         "hours": "Giờ hành chính các ngày làm việc"},
        {"name": "Bộ phận Một cửa (tiếp nhận và trả kết quả thủ tục hành chính)", "phone": phone[:-1] + "1",
         "email": email.replace("ubnd", "motcua", 1) if email else "",
         "hours": "Sáng 7:30–11:30, chiều 13:30–17:00, thứ Hai đến thứ Sáu"},
        {"name": "Công an xã", "phone": phone[:-1] + "2", "hours": "24/24 giờ"},
        {"name": "Trực ban UBND xã (ngoài giờ hành chính, ngày nghỉ)", "phone": phone[:-1] + "3",
         "hours": "Ngoài giờ hành chính, thứ Bảy, Chủ nhật và ngày lễ"},
        {"name": "Trạm Y tế xã", "phone": phone[:-1] + "4", "hours": "24/24 giờ"},
    )
    for order, row in enumerate(rows, start=1):
        contacts.save(dict(row, order=order))
    return len(rows)


def seed_press(press: PressReleases, content: Content) -> int:
    """Add three demo press releases of the spokesperson (skipped if any exist); return how many."""
    if press.all() or press.all(trashed=True):
        return 0
    commune = content.settings().get("commune_name") or "Dương Quang"
    today = date.fromisoformat(timeutil.today_str())
    releases = (
        (120, "01/TCBC-UBND", "Kết quả thực hiện cải cách hành chính và chuyển đổi số trên địa bàn xã",
         "UBND xã thông tin kết quả giải quyết thủ tục hành chính và tỷ lệ hồ sơ trực tuyến.",
         f"<p>Thời gian qua, Bộ phận Một cửa UBND xã {commune} đã tiếp nhận và giải quyết hồ sơ "
         "thủ tục hành chính đúng hạn, không có hồ sơ quá hạn. Tỷ lệ hồ sơ nộp trực tuyến qua Cổng Dịch vụ công "
         "quốc gia tiếp tục tăng; người dân được hướng dẫn tạo tài khoản định danh điện tử mức 2.</p>"
         "<p>Thời gian tới, UBND xã tiếp tục duy trì tiếp công dân định kỳ sáng thứ Năm hằng tuần, công khai "
         "thủ tục hành chính tại Bộ phận Một cửa và trên Trang thông tin điện tử của xã.</p>"),
        (45, "02/TCBC-UBND", "Thông tin về việc tạm dừng cấp nước sinh hoạt để sửa chữa đường ống",
         "Thời gian tạm dừng, khu vực ảnh hưởng và số điện thoại liên hệ.",
         "<p>Để sửa chữa, thay thế đoạn đường ống cấp nước bị hư hỏng, đơn vị cấp nước tạm dừng cấp nước sinh "
         "hoạt tại một số thôn trong thời gian khoảng 8 giờ. UBND xã đề nghị các hộ gia đình chủ động dự trữ "
         "nước; mọi thông tin phản ánh xin liên hệ đường dây nóng của UBND xã.</p>"),
        (10, "03/TCBC-UBND", f"Kết quả kỳ họp thường lệ của HĐND xã {commune}",
         "Các nghị quyết được thông qua và những vấn đề cử tri quan tâm.",
         f"<p>Kỳ họp thường lệ của HĐND xã {commune} đã xem xét báo cáo tình hình kinh tế – xã hội, dự toán "
         "ngân sách năm sau và thông qua các nghị quyết quan trọng. Các ý kiến, kiến nghị của cử tri về giao "
         "thông nông thôn, vệ sinh môi trường và cấp giấy chứng nhận quyền sử dụng đất đã được trả lời tại "
         "kỳ họp.</p>"),
    )
    for days_ago, number, title, summary, body in releases:
        press.save({"title": title, "number": number, "issued_on": (today - timedelta(days=days_ago)).isoformat(),
                    "summary": summary, "body": body})
    return len(releases)
