"""Demo schedule: plausible engagements of the leaders for last week and this week."""
from __future__ import annotations

from datetime import date, timedelta

from ..schedule import Schedule, current_monday

CHAIR = "Chủ tịch UBND xã"
VICE = "Ông Vũ Quang Sáng, Phó Chủ tịch UBND xã"
LEADERS = "Lãnh đạo UBND xã; công chức chuyên môn"
MEETING_ROOM = "Phòng họp UBND xã"
OFFICE = "Văn phòng - Thống kê"

# (day of the week from 0 = Monday, session, time, content, presiding, attendees, place, preparing):
# every week, so last week's are copied into this week as the editor's "copy" button does.
RECURRING = (
    (0, "sang", "07:30", "Giao ban UBND xã", CHAIR, LEADERS, MEETING_ROOM, OFFICE),
    (3, "sang", "07:30", "Tiếp công dân định kỳ", CHAIR,
     "Công chức Tư pháp - Hộ tịch; công chức Địa chính - Xây dựng", "Phòng tiếp công dân UBND xã",
     "Công chức Tư pháp - Hộ tịch"),
)

# (weeks before this one, then as above): once.
ONE_OFF = (
    (1, 1, "sang", "08:00", "Kiểm tra công tác vệ sinh môi trường tại các thôn", VICE,
     "Công chức Địa chính - Xây dựng; Trưởng các thôn", "Các thôn", "Công chức Địa chính - Xây dựng"),
    (1, 2, "chieu", "14:00", "Họp Ban Biên tập Trang thông tin điện tử xã", VICE,
     "Thành viên Ban Biên tập", MEETING_ROOM, "Công chức Văn hóa - Xã hội"),
    (1, 4, "chieu", "", "Làm việc tại trụ sở, giải quyết công việc thường xuyên", CHAIR, "",
     "Trụ sở UBND xã", ""),
    (0, 1, "sang", "08:00", "Dự hội nghị trực tuyến về chuyển đổi số", VICE,
     "Công chức Văn phòng - Thống kê; Trưởng Đài truyền thanh xã", MEETING_ROOM, OFFICE),
    (0, 2, "chieu", "14:00", "Kiểm tra tiến độ các công trình xây dựng trên địa bàn xã", CHAIR,
     "Công chức Địa chính - Xây dựng", "Các thôn", "Công chức Địa chính - Xây dựng"),
    (0, 4, "chieu", "14:00", "Họp UBND xã đánh giá kết quả công tác tháng", CHAIR,
     "Thành viên UBND xã; công chức chuyên môn", "Hội trường UBND xã", OFFICE),
)


def _item(day: date, session: str, time: str, content: str, presiding: str, attendees: str, place: str,
          preparing: str, recurring: bool = False) -> dict:
    """Return the editor's form values of one schedule item."""
    return {"date": day.isoformat(), "session": session, "time": time, "content": content,
            "presiding": presiding, "attendees": attendees, "place": place, "preparing": preparing,
            "recurring": recurring}


def seed_schedule(schedule: Schedule) -> int:
    """Fill an empty schedule with last week's and this week's plausible items; return how many."""
    if schedule.all() or schedule.all(trashed=True):
        return 0  # never seed over an existing schedule
    this_week = current_monday()
    last_week = this_week - timedelta(days=7)
    count = 0
    for offset, *row in RECURRING:
        schedule.save(_item(last_week + timedelta(days=offset), *row, recurring=True))
        # One item at a time, so each copy gets the id right after its source's.
        count += 1 + schedule.copy_recurring(this_week)
    for weeks_ago, offset, *row in ONE_OFF:
        monday = this_week - timedelta(weeks=weeks_ago)
        schedule.save(_item(monday + timedelta(days=offset), *row))
        count += 1
    return count
