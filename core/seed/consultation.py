"""Demo lấy ý kiến: one draft open for comments and one closed, with two approved comments."""
from __future__ import annotations

from datetime import timedelta

from .. import timeutil
from ..consultation import COMMENT_APPROVED, Consultations
from ..content import Content


def seed_consultation(drafts: Consultations, content: Content) -> None:
    """Add one open draft (closing in about three weeks) and one closed one with approved comments."""
    if drafts.all() or drafts.all(trashed=True):
        return
    now = timeutil.now()
    today = now.date()
    commune = "Dương Quang"
    try:
        commune = content.settings().get("commune_name") or commune
    except Exception:  # the seed must not fail on a half-built site
        pass

    def at(days_ago: int, hour: int = 9) -> str:
        return timeutil.to_iso((now - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0,
                                                                         microsecond=0))

    samples = [
        (3, {
            "title": f"Dự thảo Quy ước thôn văn hóa, nếp sống văn minh xã {commune} (sửa đổi)",
            "summary": "UBND xã lấy ý kiến nhân dân về dự thảo Quy ước sửa đổi: việc cưới, việc tang, "
                       "giữ gìn vệ sinh môi trường, an ninh trật tự ở khu dân cư.",
            "body": "<h2>Chương I. Quy định chung</h2>"
                    "<p>Quy ước này quy định những việc nên làm, việc không được làm của người dân trong xã "
                    "nhằm xây dựng nếp sống văn minh, gia đình văn hóa, khu dân cư an toàn.</p>"
                    "<h2>Chương II. Việc cưới, việc tang</h2>"
                    "<p>Tổ chức việc cưới, việc tang trang trọng, tiết kiệm, không phô trương; không sử dụng "
                    "loa công suất lớn sau 22 giờ.</p>"
                    "<h2>Chương III. Vệ sinh môi trường</h2>"
                    "<p>Mỗi hộ gia đình phân loại rác tại nguồn, đổ rác đúng giờ, đúng nơi quy định.</p>",
            "opens_on": (today - timedelta(days=3)).isoformat(),
            "closes_on": (today + timedelta(days=21)).isoformat(),
        }),
        (76, {
            "title": "Dự thảo Kế hoạch chuyển đổi số của xã",
            "summary": "Lấy ý kiến về các nhiệm vụ chuyển đổi số: dịch vụ công trực tuyến, thanh toán không "
                       "dùng tiền mặt, tổ công nghệ số cộng đồng.",
            "body": "<h2>I. Mục tiêu</h2><p>Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dịch "
                    "vụ công trực tuyến; đa số hộ gia đình biết sử dụng dịch vụ công và thanh toán trực "
                    "tuyến.</p><h2>II. Nhiệm vụ</h2><p>Kiện toàn tổ công nghệ số cộng đồng ở các thôn; hướng "
                    "dẫn người dân cài đặt và sử dụng ứng dụng định danh điện tử.</p>",
            "opens_on": (today - timedelta(days=75)).isoformat(),
            "closes_on": (today - timedelta(days=45)).isoformat(),
        }),
    ]
    ids = drafts.insert_as_is([
        dict(drafts.validate(values), created_at=at(days_ago, 8), updated_at=at(days_ago, 8), trashed_at=None)
        for days_ago, values in samples])
    comments = (
        (70, "Nguyễn Văn Thắng", "Đề nghị bổ sung nhiệm vụ hướng dẫn người cao tuổi sử dụng điện thoại thông "
                                 "minh, vì nhiều cụ chưa biết cài ứng dụng."),
        (60, "Đỗ Thị Lan", "Nhất trí với dự thảo. Mong xã lắp thêm điểm phát wifi miễn phí ở nhà văn hóa thôn."),
    )
    drafts.comments.insert_as_is([
        dict(drafts.comments.validate({"draft_id": ids[1], "name": name, "comment": text}),
             status=COMMENT_APPROVED, created_at=at(days_ago, 20), updated_at=at(days_ago - 1, 10), trashed_at=None)
        for days_ago, name, text in comments])
