"""Audit entries told as Vietnamese sentences: "Sửa tin bài «…»", with a link to the item when it still exists.

The log stores the endpoint and the URL arguments (what was true when it happened); the words and the title are
found when the log is read, so an entry written before a rename shows today's title and a deleted item says so.
"""
from __future__ import annotations

import re
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from core.audit import ACTIONS
from core.errors import NotFound

from blueprints import svc

# Kind of item: its noun, the service lookup and the panel page that shows it.
NOUNS = {
    "article": "tin bài", "page": "trang giới thiệu", "section": "chuyên mục", "banner": "pa-nô tuyên truyền",
    "document": "văn bản", "person": "cán bộ", "schedule": "lịch công tác", "question": "câu hỏi",
    "consultation": "dự thảo lấy ý kiến", "media": "ảnh trong thư viện", "account": "tài khoản",
    "link": "liên kết", "report": "báo cáo", "doctype": "loại văn bản", "salary": "mức lương cơ sở",
    "royalty_type": "thể loại nhuận bút", "payment": "lần chi nhuận bút", "import": "lần nhập dữ liệu",
    "body": "tổ chức",
    "reception": "buổi tiếp công dân", "reception_result": "kết quả tiếp công dân", "contact": "số liên hệ",
    "press": "thông cáo báo chí",
    "budget": "tài liệu công khai ngân sách",
    "procedure": "thủ tục hành chính",
    "video": "video", "radio": "bản tin phát thanh",
    "album": "album ảnh",
}

# endpoint -> (what was done, kind of item or "")
PHRASES: dict[str, tuple[str, str]] = {
    "editor.article_new": ("Tạo", "article"), "editor.article_edit": ("Sửa", "article"),
    "editor.article_trash": ("Chuyển vào thùng rác", "article"), "editor.article_restore": ("Khôi phục", "article"),
    "editor.approval_approve": ("Duyệt và đăng", "article"), "editor.approval_return": ("Trả lại", "article"),
    "editor.revision_restore": ("Khôi phục phiên bản cũ của", ""),
    "editor.article_keep_saved": ("Chọn bản đã lưu (giữ bản đang gõ trong lịch sử) của", "article"),
    "editor.page_keep_saved": ("Chọn bản đã lưu (giữ bản đang gõ trong lịch sử) của", "page"),
    "editor.page_edit": ("Sửa", "page"), "editor.sections": ("Thêm", "section"),
    "editor.section_edit": ("Sửa", "section"), "editor.section_action": ("Thay đổi", "section"),
    "editor.banners_new": ("Thêm", "banner"), "editor.banners_edit": ("Sửa", "banner"),
    "editor.banners_trash": ("Chuyển vào thùng rác", "banner"), "editor.banners_restore": ("Khôi phục", "banner"),
    "editor.documents_new": ("Thêm", "document"), "editor.documents_edit": ("Sửa", "document"),
    "editor.documents_trash": ("Chuyển vào thùng rác", "document"),
    "editor.documents_restore": ("Khôi phục", "document"),
    "editor.document_types": ("Thêm", "doctype"), "editor.document_type_rename": ("Đổi tên", "doctype"),
    "editor.document_type_remove": ("Xóa", "doctype"),
    "editor.people_new": ("Thêm", "person"), "editor.people_edit": ("Sửa", "person"),
    "editor.people_trash": ("Chuyển vào thùng rác", "person"), "editor.people_restore": ("Khôi phục", "person"),
    "editor.schedule_new": ("Thêm", "schedule"), "editor.schedule_edit": ("Sửa", "schedule"),
    "editor.schedule_trash": ("Chuyển vào thùng rác", "schedule"),
    "editor.schedule_restore": ("Khôi phục", "schedule"),
    "editor.schedule_copy_recurring": ("Sao chép lịch định kỳ sang tuần sau", ""),
    "editor.qa_answer": ("Trả lời", "question"), "editor.qa_publish": ("Đăng", "question"),
    "editor.qa_hide": ("Ẩn", "question"), "editor.qa_trash": ("Chuyển vào thùng rác", "question"),
    "editor.qa_restore": ("Khôi phục", "question"),
    "editor.consultation_new": ("Thêm", "consultation"), "editor.consultation_edit": ("Sửa", "consultation"),
    "editor.consultation_trash": ("Chuyển vào thùng rác", "consultation"),
    "editor.consultation_restore": ("Khôi phục", "consultation"),
    "editor.consultation_comment_approve": ("Duyệt một ý kiến góp ý cho", "consultation"),
    "editor.consultation_comment_hide": ("Ẩn một ý kiến góp ý cho", "consultation"),
    "editor.media_upload": ("Tải ảnh lên thư viện", ""), "editor.media_upload_json": ("Tải ảnh lên thư viện", ""),
    "editor.media_import": ("Đưa ảnh đã có vào thư viện", ""), "editor.media_edit": ("Sửa", "media"),
    "editor.media_delete": ("Xóa", "media"), "editor.media_restore": ("Khôi phục", "media"),
    "editor.links": ("Lưu", "link"), "editor.link_delete": ("Xóa", "link"),
    "editor.settings": ("Sửa cài đặt của trang", ""), "editor.site_setup": ("Thiết lập trang", ""),
    "editor.demo_remove": ("Xóa dữ liệu mẫu", ""),
    "editor.account_new": ("Tạo", "account"), "editor.account_password": ("Đặt lại mật khẩu của", "account"),
    "editor.account_role": ("Đổi vai trò của", "account"), "editor.account_toggle": ("Khóa hoặc mở khóa", "account"),
    "editor.account_totp_reset": ("Tắt xác thực hai bước của", "account"),
    "editor.totp_setup": ("Thay đổi xác thực hai bước", ""),
    "editor.backup_download": ("Tải bản sao lưu", ""), "editor.backup_restore": ("Khôi phục dữ liệu từ tệp", ""),
    "editor.import_form": ("Chuẩn bị nhập dữ liệu từ trang cũ", ""),
    "editor.import_start": ("Bắt đầu", "import"), "editor.import_step": ("Tiếp tục", "import"),
    "editor.report_new": ("Tạo", "report"), "editor.report_edit": ("Sửa", "report"),
    "editor.report_trash": ("Chuyển vào thùng rác", "report"), "editor.report_restore": ("Khôi phục", "report"),
    "editor.royalties_article": ("Sửa nhuận bút của", "article"),
    "editor.royalties_assign": ("Gán thể loại nhuận bút mặc định cho các tin bài", ""),
    "editor.royalties_pay": ("Ghi nhận đã chi nhuận bút", ""), "editor.royalties_unpay": ("Hủy", "payment"),
    "editor.royalties_salary_add": ("Thêm", "salary"), "editor.royalties_salary_remove": ("Xóa", "salary"),
    "editor.royalties_type_add": ("Thêm", "royalty_type"), "editor.royalties_type_edit": ("Sửa", "royalty_type"),
    "editor.royalties_type_remove": ("Xóa", "royalty_type"),
    "editor.royalties_unit": ("Sửa đơn vị tính nhuận bút", ""),
    "editor.bodies_new": ("Thêm", "body"), "editor.bodies_edit": ("Sửa", "body"),
    "editor.bodies_trash": ("Chuyển vào thùng rác", "body"), "editor.bodies_restore": ("Khôi phục", "body"),
    "editor.reception_rules": ("Sửa nội quy tiếp công dân", ""),
    "editor.reception_new": ("Thêm", "reception"), "editor.reception_edit": ("Sửa", "reception"),
    "editor.reception_trash": ("Chuyển vào thùng rác", "reception"),
    "editor.reception_restore": ("Khôi phục", "reception"),
    "editor.reception_results_new": ("Thêm", "reception_result"),
    "editor.reception_results_edit": ("Sửa", "reception_result"),
    "editor.reception_results_trash": ("Chuyển vào thùng rác", "reception_result"),
    "editor.reception_results_restore": ("Khôi phục", "reception_result"),
    "editor.contacts_new": ("Thêm", "contact"), "editor.contacts_edit": ("Sửa", "contact"),
    "editor.contacts_trash": ("Chuyển vào thùng rác", "contact"), "editor.contacts_restore": ("Khôi phục", "contact"),
    "editor.press_new": ("Thêm", "press"), "editor.press_edit": ("Sửa", "press"),
    "editor.press_trash": ("Chuyển vào thùng rác", "press"), "editor.press_restore": ("Khôi phục", "press"),
    "editor.budget_new": ("Thêm", "budget"), "editor.budget_edit": ("Sửa", "budget"),
    "editor.budget_trash": ("Chuyển vào thùng rác", "budget"), "editor.budget_restore": ("Khôi phục", "budget"),
    "editor.budget_deadlines": ("Sửa thời hạn công khai ngân sách", ""),
    "editor.procedures_new": ("Thêm", "procedure"), "editor.procedures_edit": ("Sửa", "procedure"),
    "editor.procedures_trash": ("Chuyển vào thùng rác", "procedure"),
    "editor.procedures_restore": ("Khôi phục", "procedure"),
    "editor.procedures_import": ("Xem trước nhập thủ tục hành chính từ tệp", ""),
    "editor.procedures_import_apply": ("Nhập danh sách thủ tục hành chính từ tệp", ""),
    "editor.videos_new": ("Thêm", "video"), "editor.videos_edit": ("Sửa", "video"),
    "editor.videos_trash": ("Chuyển vào thùng rác", "video"), "editor.videos_restore": ("Khôi phục", "video"),
    "editor.radio_new": ("Thêm", "radio"), "editor.radio_edit": ("Sửa", "radio"),
    "editor.radio_trash": ("Chuyển vào thùng rác", "radio"), "editor.radio_restore": ("Khôi phục", "radio"),
    "editor.albums_new": ("Thêm", "album"), "editor.albums_edit": ("Sửa", "album"),
    "editor.albums_trash": ("Chuyển vào thùng rác", "album"), "editor.albums_restore": ("Khôi phục", "album"),
}

# Actions that already say what happened better than the endpoint does.
OWN_WORDS = frozenset(ACTIONS) - {"post"}

_ARGS = re.compile(r"(\w+)=(\S+)")


def _lookup(kind: str, item_id: int) -> tuple[str, str | None]:
    """Return (title, panel URL) of an item, or raise NotFound."""
    s = svc()
    if kind == "article":
        meta = s.content.article_meta(item_id)
        return meta.get("title", ""), url_for("editor.article_edit", article_id=item_id)
    if kind == "page":
        return s.content.page(item_id).get("title", ""), url_for("editor.page_edit", page_id=item_id)
    if kind == "section":
        return s.content.section(item_id).get("name", ""), url_for("editor.section_edit", section_id=item_id)
    if kind == "account":
        user = s.accounts.get(item_id)
        if not user:
            raise NotFound(item_id)
        return user.get("display_name") or user.get("username", ""), url_for("editor.account_edit", user_id=item_id)
    records = {"banner": (s.banners, "editor.banners_edit"), "document": (s.documents, "editor.documents_edit"),
               "person": (s.people, "editor.people_edit"), "schedule": (s.schedule, "editor.schedule_edit"),
               "question": (s.questions, "editor.qa_answer"),
               "consultation": (s.consultations, "editor.consultation_edit"),
               "media": (s.library, "editor.media_edit"), "body": (s.bodies, "editor.bodies_edit"),
               "reception": (s.reception, "editor.reception_edit"),
               "reception_result": (s.reception_results, "editor.reception_results_edit"),
               "contact": (s.contacts, "editor.contacts_edit"), "press": (s.press, "editor.press_edit"),
               "budget": (s.budget, "editor.budget_edit"),
               "procedure": (s.procedures, "editor.procedures_edit"),
               "video": (s.videos, "editor.videos_edit"), "radio": (s.radio, "editor.radio_edit"),
               "album": (s.albums, "editor.albums_edit")}
    if kind in records:
        service, endpoint = records[kind]
        doc = service.get(item_id)
        keys = ("title", "name", "number", "question", "alt", "filename", "day_vn")
        title = next((str(doc[k]) for k in keys if doc.get(k)), "")
        return title, url_for(endpoint, item_id=item_id)
    raise NotFound(item_id)


def _item_id(entry: dict) -> tuple[int | None, dict[str, str]]:
    """Return the item's id (a bare number or the first ``…_id=N``) and every URL argument stored."""
    item = str(entry.get("item", ""))
    args = dict(_ARGS.findall(item))
    if item.isdigit():
        return int(item), args
    for key, value in args.items():
        if key.endswith("_id") and key not in ("comment_id", "rev_id") and value.isdigit():
            return int(value), args
    return None, args


def _named(kind: str, item_id: int) -> Markup:
    noun = NOUNS.get(kind, "mục")
    try:
        title, url = _lookup(kind, item_id)
    except (NotFound, KeyError, ValueError, TypeError):
        return escape(f"{noun} số {item_id} (đã xóa)")
    title = title or f"số {item_id}"
    if url:
        return Markup('{} <a href="{}">«{}»</a>').format(noun, url, title)
    return Markup("{} «{}»").format(noun, title)


def tell(entry: dict) -> Markup:
    """Return an audit entry as a Vietnamese sentence, naming its item (linked) but no endpoint or argument."""
    action = entry.get("action", "post")
    endpoint = entry.get("endpoint", "")
    if action == "denied" and endpoint in PHRASES:
        return Markup("{}: {}").format(ACTIONS["denied"], tell({**entry, "action": "post"}))
    item_id, args = _item_id(entry)
    verb, kind = PHRASES.get(endpoint, ("", ""))
    if endpoint == "editor.revision_restore":
        kind = "page" if args.get("kind") == "trang-gioi-thieu" else "article"
    elif endpoint.endswith("_revision_restore"):  # the record types' versions (crud.register_crud)
        edit = endpoint.replace("_revision_restore", "_edit")
        verb, kind = "Khôi phục phiên bản cũ của", PHRASES.get(edit, ("", ""))[1]
    if action in OWN_WORDS and not (kind and item_id is not None):
        words = escape(ACTIONS[action])
        item = entry.get("item")
        return Markup("{} «{}»").format(words, item) if item and not args else words
    if action in OWN_WORDS:
        verb = ACTIONS[action].replace(" tin bài", "")
    if not verb:
        return escape(ACTIONS.get(action, ACTIONS["post"]))
    if kind and item_id is not None:
        return Markup("{} {}").format(verb, _named(kind, item_id))
    if kind:
        return Markup("{} {} mới").format(verb, NOUNS[kind])
    return escape(verb)


def tell_all(entries: list[dict]) -> list[tuple[dict, Any]]:
    """Return each entry with its sentence."""
    return [(e, tell(e)) for e in entries]
