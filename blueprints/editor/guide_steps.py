"""The user guide (Hướng dẫn sử dụng) as data: one task per page, each step on a real panel page.

Each step names the panel page it happens on and the button, link or field the editor uses there, by its
role and visible name, exactly as a screen reader announces it. The browser test (tests/e2e/test_guide.py)
opens every step's page, fails when that control is not there, and takes the step's picture, so the guide
and its pictures follow the panel.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One thing to do: ``text`` on ``endpoint`` (with ``values``), using the control ``role`` named ``name``."""

    text: str
    endpoint: str
    role: str  # "link", "button", "textbox", "combobox", "checkbox"
    name: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """A task of the editorial board's day, with the panel pages whose "?" link leads to it."""

    slug: str
    title: str
    intro: str
    steps: tuple[Step, ...]
    pages: tuple[str, ...] = ()  # editor endpoints (or prefixes ending with "_") that link here


TASKS: tuple[Task, ...] = (
    Task("dang-tin-co-anh", "Đăng tin có ảnh",
         "Viết một tin bài, chèn ảnh chụp từ máy tính và đăng lên trang.",
         (Step("Từ trang Tổng quan, bấm “Viết tin bài”.", "editor.dashboard", "link", "Viết tin bài"),
          Step("Gõ tiêu đề của tin.", "editor.article_new", "textbox", "Tiêu đề"),
          Step("Chọn chuyên mục sẽ đăng tin.", "editor.article_new", "combobox", "Chuyên mục"),
          Step("Gõ nội dung. Muốn chèn ảnh chụp, bấm “Chèn ảnh từ máy tính”, chọn ảnh trong máy, điền mô tả ảnh "
               "rồi bấm “Tải lên và chèn vào bài”.", "editor.article_new", "button", "Chèn ảnh từ máy tính"),
          Step("Bấm “Đăng bài” ở thanh nút cuối màn hình: tin được đăng ngay. (Cộng tác viên bấm “Gửi duyệt” để "
               "Ban Biên tập duyệt.)", "editor.article_new", "button", "Đăng bài")),
         ("editor.article_", "editor.articles")),
    Task("dang-van-ban", "Đăng văn bản",
         "Đưa một văn bản (quyết định, kế hoạch, thông báo …) lên mục Văn bản, kèm tệp PDF hoặc Word.",
         (Step("Mở mục Văn bản rồi bấm “Thêm văn bản”.", "editor.documents_list", "link", "Thêm văn bản"),
          Step("Điền số ký hiệu, ngày ban hành, trích yếu; chọn loại văn bản.", "editor.documents_new",
               "textbox", "Số ký hiệu"),
          Step("Chọn tệp văn bản trong máy rồi bấm Lưu.", "editor.documents_new", "button", "Lưu")),
         ("editor.documents_", "editor.document_")),
    Task("lich-cong-tac", "Lịch công tác",
         "Đưa lịch làm việc trong tuần của lãnh đạo xã lên trang.",
         (Step("Mở mục Lịch công tác rồi bấm “Thêm mục lịch công tác”.", "editor.schedule_list", "link",
               "Thêm mục lịch công tác"),
          Step("Điền ngày, buổi, giờ, nội dung, người chủ trì, địa điểm rồi bấm Lưu.", "editor.schedule_new",
               "button", "Lưu")),
         ("editor.schedule_",)),
    Task("tra-loi-cau-hoi", "Trả lời câu hỏi",
         "Trả lời câu hỏi người dân gửi qua mục Hỏi đáp, trong thời hạn.",
         (Step("Mở mục Hỏi đáp: câu hỏi sắp đến hạn ở trên cùng. Bấm “Trả lời” ở câu hỏi cần trả lời.",
               "editor.qa_inbox", "link", "Trả lời"),),
         ("editor.qa_",)),
    Task("lay-y-kien", "Lấy ý kiến dự thảo",
         "Đăng một dự thảo để người dân góp ý trong một khoảng thời gian.",
         (Step("Mở mục Lấy ý kiến rồi bấm “Thêm dự thảo”.", "editor.consultation_list", "link", "Thêm dự thảo"),
          Step("Điền tên dự thảo, thời gian lấy ý kiến, nội dung, tệp kèm theo rồi bấm Lưu.",
               "editor.consultation_new", "button", "Lưu")),
         ("editor.consultation_",)),
    Task("bao-cao-dinh-ky", "Báo cáo định kỳ",
         "Soạn báo cáo kết quả hoạt động Trang thông tin điện tử gửi cấp trên: số liệu tự tính, tải về Word.",
         (Step("Mở mục Báo cáo, chọn kỳ báo cáo (từ ngày, đến ngày).", "editor.report", "textbox", "Từ ngày"),
          Step("Bấm “Soạn báo cáo cho kỳ này”: trang tạo sẵn bản nháp từ số liệu và cài đặt.", "editor.report",
               "button", "Soạn báo cáo cho kỳ này")),
         ("editor.report",)),
    Task("nhuan-but", "Nhuận bút",
         "Lập bảng nhuận bút tin, bài của một kỳ theo Nghị định 18/2014/NĐ-CP.",
         (Step("Mở mục Nhuận bút, chọn kỳ (từ ngày, đến ngày) rồi bấm “Xem”.", "editor.royalties", "button", "Xem"),
          Step("Tải bảng tổng hợp để kế toán kiểm tra.", "editor.royalties", "link",
               "Tải bảng tổng hợp Excel (.xlsx)")),
         ("editor.royalties",)),
    Task("sao-luu", "Sao lưu và khôi phục",
         "Tải một bản sao toàn bộ dữ liệu về máy; khi cần, khôi phục lại từ tệp đó.",
         (Step("Mở mục Sao lưu rồi bấm “Tải bản sao lưu (.zip)”. Cất tệp ở nơi an toàn (ổ USB, máy khác).",
               "editor.backup", "button", "Tải bản sao lưu (.zip)"),
          Step("Khi cần khôi phục: chọn tệp sao lưu rồi bấm “Khôi phục”.", "editor.backup", "button",
               "Khôi phục")),
         ("editor.backup",)),
    Task("them-tai-khoan", "Thêm tài khoản",
         "Tạo tài khoản cho một thành viên Ban Biên tập, với vai trò phù hợp.",
         (Step("Mở mục Tài khoản rồi bấm “Tạo tài khoản”.", "editor.accounts", "link", "Tạo tài khoản"),
          Step("Điền họ tên, tên đăng nhập, chọn vai trò, đặt mật khẩu ban đầu rồi bấm “Tạo tài khoản”.",
               "editor.account_new", "button", "Tạo tài khoản")),
         ("editor.account",)),
)
BY_SLUG = {t.slug: t for t in TASKS}


def task_for(endpoint: str | None) -> Task | None:
    """Return the guide's task for a panel page (by endpoint, or the longest prefix that names it)."""
    endpoint = endpoint or ""
    best, length = None, 0
    for task in TASKS:
        for page in task.pages:
            if (endpoint == page or (page.endswith("_") and endpoint.startswith(page))) and len(page) > length:
                best, length = task, len(page)
    return best
