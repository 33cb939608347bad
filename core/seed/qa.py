"""Demo hỏi đáp: three answered, published questions and one waiting for an answer."""
from __future__ import annotations

from datetime import timedelta

from .. import timeutil
from ..qa import STATUS_ANSWERED, STATUS_RECEIVED, Questions, new_code

# (asked, answered: days ago; name, topic, question, answer)
ANSWERED = (
    (40, 33, "Nguyễn Văn Hùng", "Hành chính – tư pháp",
     "Tôi muốn xin trích lục bản sao giấy khai sinh cho con thì cần mang theo giấy tờ gì và làm ở đâu?",
     ("Chào ông Hùng, ông có thể yêu cầu cấp bản sao trích lục khai sinh tại bộ phận Một cửa của UBND xã "
      "trong giờ hành chính, hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia. Khi đến, ông mang theo "
      "giấy tờ tùy thân (căn cước) để đối chiếu. Nếu nộp trực tiếp, bản sao được cấp ngay trong ngày.")),
    (30, 20, "Trần Thị Mai", "Đất đai – xây dựng",
     "Gia đình tôi muốn sửa lại mái nhà cấp bốn trên đất ở của mình thì có phải xin giấy phép xây dựng không?",
     ("Chào bà Mai, việc sửa chữa, cải tạo không làm thay đổi kết cấu chịu lực, công năng sử dụng và "
      "kiến trúc mặt ngoài của nhà ở riêng lẻ thì được miễn giấy phép xây dựng. Trường hợp thay đổi kết cấu "
      "hoặc nâng tầng, bà vui lòng liên hệ công chức Địa chính – Xây dựng của xã để được hướng dẫn cụ thể.")),
    (18, 9, "Lê Văn Bình", "Chính sách xã hội",
     ("Bố tôi năm nay tròn 80 tuổi, chưa hưởng lương hưu. Gia đình cần làm thủ tục gì để bố tôi được "
      "hưởng trợ cấp xã hội hằng tháng?"),
     ("Chào ông Bình, người từ đủ 80 tuổi không có lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng thuộc "
      "diện hưởng trợ cấp xã hội hằng tháng. Gia đình nộp tờ khai theo mẫu tại bộ phận Một cửa của UBND xã; "
      "công chức Văn hóa – Xã hội sẽ hướng dẫn và trình Chủ tịch UBND xã xem xét theo quy định.")),
)

# (asked: days ago; name, topic, question)
WAITING = (2, "Phạm Thị Hoa", "Y tế – giáo dục",
           "Năm nay con tôi vào lớp 1, xin hỏi thời gian tuyển sinh của trường tiểu học xã là khi nào?")


def seed_questions(questions: Questions) -> None:
    """Add three answered, published questions and one waiting for an answer (empty file only).

    They are stored as is, dated days and weeks ago, as if asked and answered then.
    """
    if questions.all() or questions.all(trashed=True):
        return
    now = timeutil.now()
    docs = []
    for asked, answered, name, topic, question, answer in ANSWERED:
        asked_at = timeutil.to_iso((now - timedelta(days=asked)).replace(hour=9, minute=15, second=0))
        answered_at = timeutil.to_iso((now - timedelta(days=answered)).replace(hour=15, minute=30, second=0))
        docs.append({
            "name": name, "phone": "", "email": "", "topic": topic, "question": question,
            "code": new_code(), "status": STATUS_ANSWERED, "answer": answer, "question_public": "",
            "answered_at": answered_at, "published": True,
            "created_at": asked_at, "updated_at": answered_at, "trashed_at": None,
        })
    asked, name, topic, question = WAITING
    asked_at = timeutil.to_iso((now - timedelta(days=asked)).replace(hour=10, minute=5, second=0))
    docs.append({
        "name": name, "phone": "", "email": "", "topic": topic, "question": question,
        "code": new_code(), "status": STATUS_RECEIVED, "answer": "", "question_public": "",
        "answered_at": None, "published": False,
        "created_at": asked_at, "updated_at": asked_at, "trashed_at": None,
    })
    questions.insert_as_is(docs)
