"""Forms of the editor panel. Labels and messages in Vietnamese."""
from __future__ import annotations

from flask import request
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from blueprints.forms import ViForm
from core import documents as document_rules
from core import people as people_rules
from core import schedule as schedule_rules
from core.accounts import ROLES
from core.articles import (
    MAX_AUTHOR,
    MAX_BODY,
    MAX_REVIEW_NOTE,
    MAX_SUMMARY,
    MAX_TITLE,
    STATUSES,
)
from core.audit import ACTIONS as AUDIT_ACTIONS
from core.store import StoreFull
from core.errors import ValidationError
from core.uploads import detect_document
from core.qa import STATUSES as QA_STATUSES
from core.site_settings import RATINGS_CHOICES
from core.site_setup import KEEP_DEMO, START_CHOICES

from blueprints import svc
from .common import attach_errors, max_document_bytes

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # old browsers show a text box: accept dd/mm/yyyy too


def _required(what: str) -> DataRequired:
    return DataRequired(f"Vui lòng nhập {what}.")


class _MarkRequired:
    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


class ArticleForm(ViForm):
    """An article (tin bài)."""

    title = StringField("Tiêu đề", validators=[_required("tiêu đề"), Length(max=MAX_TITLE)])
    section_id = SelectField("Chuyên mục", coerce=int, validate_choice=True,
                             validators=[DataRequired("Vui lòng chọn chuyên mục.")])
    summary = TextAreaField("Tóm tắt", validators=[Optional(), Length(max=MAX_SUMMARY)])
    body = TextAreaField("Nội dung", validators=[
        Length(max=MAX_BODY, message=f"Nội dung quá dài (tối đa {MAX_BODY:,} ký tự).".replace(",", "."))])
    cover = FileField("Ảnh đại diện")
    cover_alt = StringField("Mô tả ảnh (cho người khiếm thị)", validators=[Optional(), Length(max=300)])
    remove_cover = BooleanField("Bỏ ảnh đại diện hiện tại")
    # Choices: the library's pictures (set by the view); "" keeps the cover as it is.
    cover_pick = SelectField("Hoặc chọn ảnh có sẵn trong thư viện", choices=[SelectChoice("", "(không chọn)")],
                             default="", validate_choice=True)
    status = SelectField("Trạng thái", choices=[SelectChoice(k, v) for k, v in STATUSES.items()])
    publish_at = DateTimeLocalField("Thời gian đăng", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    author = StringField("Tác giả", validators=[Optional(), Length(max=MAX_AUTHOR)])
    pinned = BooleanField("Ghim lên trang chủ")
    pin_until = DateField("Ghim đến hết ngày (để trống: không hạn)", validators=[Optional()])
    base_version = HiddenField()  # the version the form was opened on: a stale save is refused


class SectionForm(ViForm):
    """A section (chuyên mục) of the menu."""

    name = StringField("Tên chuyên mục", validators=[_required("tên chuyên mục"), Length(max=120)])
    slug = StringField("Đường dẫn", validators=[Optional(), Length(max=60)])
    parent_id = SelectField("Thuộc chuyên mục", coerce=int)
    kind = SelectField("Loại", choices=[SelectChoice("articles", "Tin bài"), SelectChoice("pages", "Trang giới thiệu")])


class PageForm(ViForm):
    """An intro page (Giới thiệu)."""

    title = StringField("Tiêu đề", validators=[_required("tiêu đề"), Length(max=MAX_TITLE)])
    slug = StringField("Đường dẫn", validators=[Optional(), Length(max=60)])
    body = TextAreaField("Nội dung", validators=[Length(max=MAX_BODY)])
    hidden = BooleanField("Ẩn trang này")
    base_version = HiddenField()  # the version the form was opened on: a stale save is refused


class LinkForm(ViForm):
    """An entry of the "Liên kết website" block."""

    title = StringField("Tên website", validators=[_required("tên website"), Length(max=200)])
    url = StringField("Địa chỉ (https://…)", validators=[_required("địa chỉ"), Length(max=500)])


_IMAGE_ACCEPT = {"accept": "image/jpeg,image/png,image/webp,image/gif"}


class _SiteFields(ViForm):
    """The commune, its place and contacts: asked by the first-run setup and kept under Cài đặt."""

    commune_name = StringField("Tên xã", validators=[_required("tên xã"), Length(max=120)],
                               description="Chỉ tên, không cần chữ “xã”: ví dụ Dương Quang.")
    province = StringField("Tỉnh, thành phố", validators=[Optional(), Length(max=120)],
                           description="Ví dụ: Hưng Yên. Từ 01/7/2025 xã trực thuộc tỉnh.")
    district = StringField("Huyện, thị xã (nếu xã vẫn báo cáo qua huyện)", validators=[Optional(), Length(max=120)],
                           description="Để trống nếu xã trực thuộc tỉnh. Dùng cho dòng “Kính gửi” của báo cáo "
                                       "và chân trang.")
    agency_name = StringField("Tên cơ quan chủ quản (in hoa)", validators=[Optional(), Length(max=200)])
    site_title = StringField("Tên trang", validators=[Optional(), Length(max=200)])
    address = StringField("Địa chỉ", validators=[Optional(), Length(max=300)])
    phone = StringField("Điện thoại", validators=[Optional(), Length(max=60)])
    fax = StringField("Fax", validators=[Optional(), Length(max=60)])
    email = EmailField("Thư điện tử",
                       validators=[Optional(), Email("Địa chỉ thư điện tử không hợp lệ."), Length(max=200)])
    hotline = StringField("Đường dây nóng", validators=[Optional(), Length(max=60)])
    responsible_person = StringField("Người chịu trách nhiệm", validators=[Optional(), Length(max=120)])
    responsible_title = StringField("Chức vụ người chịu trách nhiệm", validators=[Optional(), Length(max=200)])
    licence = StringField("Giấy phép hoặc quyết định thành lập (dòng ở chân trang)",
                          validators=[Optional(), Length(max=300)],
                          description="Ví dụ: Quyết định thành lập số 19/QĐ-UBND ngày 23/6/2023 của UBND xã.")
    site_start = DateField("Ngày bắt đầu hoạt động của trang", validators=[Optional()], format=DATE_FORMATS)
    emblem = FileField("Biểu trưng (logo)", render_kw=_IMAGE_ACCEPT,
                       description="Ảnh JPEG, PNG hoặc GIF, nên vuông. Để trống để giữ ảnh hiện tại.")
    banner = FileField("Ảnh đầu trang (không bắt buộc)", render_kw=_IMAGE_ACCEPT,
                       description="Ảnh ngang, rộng 1200 điểm ảnh trở lên, đã có biểu trưng và tên xã: hiện thay "
                                   "cho biểu trưng và tên chữ ở đầu trang.")


class SettingsForm(_SiteFields):
    """Site settings shown in the header and footer."""

    agency_name = StringField("Tên cơ quan chủ quản (in hoa)", validators=[_required("tên cơ quan"), Length(max=200)])
    site_title = StringField("Tên trang", validators=[_required("tên trang"), Length(max=200)])
    royalty_preparer = StringField("Người lập biểu (bảng nhuận bút)", validators=[Optional(), Length(max=120)])
    royalty_accountant = StringField("Kế toán (bảng nhuận bút)", validators=[Optional(), Length(max=120)])
    royalty_head = StringField("Chủ tịch UBND xã (ký bảng nhuận bút)", validators=[Optional(), Length(max=120)],
                               description="Để trống để dùng tên người chịu trách nhiệm.")
    board_budget = StringField("Kinh phí hằng năm của Ban Biên tập và nhuận bút (in trong báo cáo định kỳ)",
                               validators=[Optional(), Length(max=300)],
                               description="Ví dụ: 12.000.000 đồng/năm từ ngân sách xã; "
                                           "hoặc: Chưa bố trí kinh phí riêng.")
    remove_emblem = BooleanField("Bỏ biểu trưng đã tải lên (dùng biểu trưng mặc định)")
    remove_banner = BooleanField("Bỏ ảnh đầu trang")
    ratings = SelectField("Câu hỏi “Thông tin này có hữu ích không?”", default="co",
                          choices=[SelectChoice(k, v) for k, v in RATINGS_CHOICES.items()])


class SetupForm(_SiteFields):
    """The first-run setup: every field may wait but the commune's name; start empty or keep the demo."""

    agency_name = StringField("Tên cơ quan chủ quản (in hoa)", validators=[Optional(), Length(max=200)],
                              description="Để trống: ỦY BAN NHÂN DÂN XÃ … theo tên xã.")
    site_title = StringField("Tên trang", validators=[Optional(), Length(max=200)],
                             description="Để trống: Trang thông tin điện tử xã … theo tên xã.")
    start = RadioField("Bắt đầu", default=KEEP_DEMO, choices=[SelectChoice(k, v) for k, v in START_CHOICES.items()])


class ConfirmForm(ViForm):
    """An empty form: only the CSRF token (trash, restore, move, delete buttons)."""

    next = HiddenField()


# ------------------------------------------------------------------ editorial board: accounts, approval, audit, TOTP
_ROLE_CHOICES = [SelectChoice(k, v) for k, v in ROLES.items()]
_NEW_PASSWORD = [_required("mật khẩu"), Length(min=8, max=200, message="Mật khẩu phải có từ 8 đến 200 ký tự.")]


class AccountCreateForm(ViForm):
    """A new account of the editorial board."""

    display_name = StringField("Họ và tên", validators=[_required("họ và tên"), Length(max=120)])
    username = StringField("Tên đăng nhập", validators=[_required("tên đăng nhập"), Length(min=2, max=40)],
                           description="2–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang.")
    role = SelectField("Vai trò", choices=_ROLE_CHOICES, default="contributor")
    password = PasswordField("Mật khẩu ban đầu", validators=_NEW_PASSWORD,
                             description="Ít nhất 8 ký tự. Báo riêng cho người dùng và đề nghị họ đổi ngay.")


class AccountRoleForm(ViForm):
    """Change the role of an account."""

    role = SelectField("Vai trò", choices=_ROLE_CHOICES)


class AccountPasswordForm(ViForm):
    """Set a new password for someone who forgot theirs."""

    new_password = PasswordField("Mật khẩu mới", validators=_NEW_PASSWORD)


class ReturnForm(ViForm):
    """Send a pending article back to its author with a note."""

    review_note = TextAreaField("Ghi chú cho tác giả", validators=[
        _required("ghi chú cho tác giả"), Length(max=MAX_REVIEW_NOTE)])


class TotpEnableForm(ViForm):
    """Prove the authenticator app has the secret: type its current code."""

    code = StringField("Mã 6 chữ số đang hiện trong ứng dụng", validators=[
        _required("mã xác thực"), Length(min=6, max=12, message="Mã xác thực gồm 6 chữ số.")])


class TotpDisableForm(ViForm):
    """Turn two-step login off: the password is asked again."""

    password = PasswordField("Mật khẩu hiện tại", validators=[_required("mật khẩu hiện tại"), Length(max=200)])


class AuditFilterForm(ViForm):
    """Filters of the audit log (a GET form: nothing changes, no token)."""

    class Meta:
        csrf = False

    nguoi = SelectField("Tài khoản", default="", choices=[], validate_choice=False)
    hanh_dong = SelectField("Hành động", default="", choices=[SelectChoice("", "Tất cả")] +
                            [SelectChoice(k, v) for k, v in AUDIT_ACTIONS.items()])
    tu = DateField("Từ ngày", format=DATE_FORMATS, validators=[Optional()])
    den = DateField("Đến ngày", format=DATE_FORMATS, validators=[Optional()])


# ------------------------------------------------------------------ documents (văn bản)
class DocumentForm(ViForm):
    """A document of the register (văn bản)."""

    type_id = SelectField("Loại văn bản", coerce=int, validators=[DataRequired("Vui lòng chọn loại văn bản.")])
    number = StringField("Số ký hiệu", description="Ví dụ: 19/QĐ-UBND",
                         validators=[DataRequired("Vui lòng nhập số ký hiệu."), Length(max=document_rules.MAX_NUMBER)])
    issued_on = StringField("Ngày ban hành", description="Ngày/tháng/năm, ví dụ 23/06/2023",
                            validators=[DataRequired("Vui lòng nhập ngày ban hành."), Length(max=20)])
    effective_on = StringField("Ngày có hiệu lực",
                               description="Ngày/tháng/năm; để trống nếu văn bản không ghi ngày có hiệu lực.",
                               validators=[Optional(), Length(max=20)])
    issuer = StringField("Cơ quan ban hành", validators=[DataRequired("Vui lòng nhập cơ quan ban hành."),
                                                         Length(max=document_rules.MAX_ISSUER)])
    signer = StringField("Người ký", description="Ví dụ: Phó Chủ tịch Vũ Quang Sáng",
                         validators=[Optional(), Length(max=document_rules.MAX_SIGNER)])
    summary = TextAreaField("Trích yếu", validators=[DataRequired("Vui lòng nhập trích yếu."),
                                                     Length(max=document_rules.MAX_SUMMARY)])
    field = StringField("Lĩnh vực", description="Ví dụ: Cải cách hành chính", validators=[
        Optional(), Length(max=document_rules.MAX_FIELD)])
    category = SelectField("Chuyên mục", choices=[SelectChoice("", document_rules.GENERAL_CATEGORY)] + [
        SelectChoice(k, v) for k, v in document_rules.CATEGORIES.items()], validate_choice=False,  # core checks it
        description="Văn bản quy hoạch, dự án, nông thôn mới còn hiện trong danh sách riêng của chuyên mục đó.")
    attachment = FileField("Tệp đính kèm", description="PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX).")

    upload: bytes | None = None

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, the register's rules and the uploaded file, so that every mistake shows at once."""
        ok = super().validate(extra_validators)
        item_id = (request.view_args or {}).get("item_id")
        try:
            svc().documents.validate(document_values(self), item_id)
        except ValidationError as exc:
            # WTForms already said what is missing; add only what it could not know.
            fresh = {k: v for k, v in exc.errors.items() if k not in self or not self[k].errors}
            if fresh:
                attach_errors(self, ValidationError(fresh), "number")
            ok = False
        self.upload = None
        upload = self.attachment.data
        if upload is not None and getattr(upload, "filename", ""):
            data = upload.stream.read(max_document_bytes() + 1)
            try:
                detect_document(data, "attachment", max_document_bytes())
            except (ValidationError, StoreFull) as exc:
                attach_errors(self, exc, "attachment")
                ok = False
            else:
                self.upload = data
                if not ok:
                    attach_errors(self, ValidationError({"attachment": (
                        "Tệp hợp lệ nhưng chưa được lưu vì biểu mẫu còn lỗi: vui lòng chọn lại tệp.")}),
                        "attachment")
        return ok


def document_values(form: DocumentForm) -> dict:
    """Return the register fields of a document form (the attachment apart)."""
    return {name: form[name].data for name in
            ("type_id", "number", "issued_on", "effective_on", "issuer", "signer", "summary", "field", "category")}


class DocumentTypeForm(ViForm):
    """Add or rename a document type."""

    name = StringField("Tên loại văn bản", validators=[DataRequired("Vui lòng nhập tên loại văn bản."),
                                                       Length(max=document_rules.MAX_TYPE_NAME)])


# ------------------------------------------------------------------ schedule (lịch công tác)
class ScheduleForm(ViForm):
    """One item of the weekly work schedule (the core rules check dates and times)."""

    date = StringField("Ngày", validators=[DataRequired("Vui lòng nhập ngày.")],
                       render_kw={"type": "date", "autocomplete": "off"},
                       description="Nếu máy không hiện lịch để chọn, nhập ngày/tháng/năm, ví dụ 05/02/2024.")
    session = SelectField("Buổi", choices=[SelectChoice(k, v) for k, v in schedule_rules.SESSIONS.items()])
    time = StringField("Giờ", validators=[Optional(), Length(max=8)], render_kw={"type": "time"},
                       description="Không bắt buộc. Nhập giờ:phút, ví dụ 07:30 hoặc 14:00.")
    content = TextAreaField("Nội dung", validators=[DataRequired("Vui lòng nhập nội dung."),
                                                    Length(max=schedule_rules.MAX_CONTENT)])
    presiding = StringField("Chủ trì", validators=[Optional(), Length(max=schedule_rules.MAX_TEXT)],
                            description="Ví dụ: Ông Vũ Quang Sáng, Phó Chủ tịch UBND xã.")
    attendees = StringField("Thành phần", validators=[Optional(), Length(max=schedule_rules.MAX_ATTENDEES)])
    place = StringField("Địa điểm", validators=[Optional(), Length(max=schedule_rules.MAX_TEXT)])
    preparing = StringField("Chuẩn bị", validators=[Optional(), Length(max=schedule_rules.MAX_TEXT)],
                            description="Bộ phận hoặc người chuẩn bị nội dung.")
    recurring = BooleanField("Lịch định kỳ hằng tuần (sao chép được sang tuần sau)")


# ------------------------------------------------------------------ people (cán bộ)
class PersonForm(ViForm):
    """One person (cán bộ): the core rules check e-mail, phone and the photo."""

    name = StringField("Họ và tên", validators=[DataRequired("Vui lòng nhập họ và tên."),
                                                Length(max=people_rules.MAX_NAME)],
                       description="Không ghi “Ông/Bà”, ví dụ: Vũ Quang Sáng.")
    title = StringField("Chức vụ", validators=[DataRequired("Vui lòng nhập chức vụ."),
                                               Length(max=people_rules.MAX_TITLE)],
                        description="Ví dụ: Phó Chủ tịch UBND xã.")
    # The choices are the live bodies (set by the view); core checks the value.
    organisation = SelectField("Thuộc tổ chức", choices=[], validate_choice=False)
    duties = TextAreaField("Nhiệm vụ được phân công", validators=[Optional(), Length(max=people_rules.MAX_DUTIES)])
    biography = TextAreaField("Tiểu sử tóm tắt", validators=[Optional(), Length(max=people_rules.MAX_BIOGRAPHY)],
                              description="Năm sinh, quê quán, trình độ, quá trình công tác (vài dòng).")
    phone = StringField("Điện thoại", validators=[Optional(), Length(max=40)], render_kw={"type": "tel"})
    email = StringField("Thư điện tử", validators=[Optional(), Length(max=200)], render_kw={"type": "email"})
    photo = FileField("Ảnh chân dung", description="Ảnh JPEG hoặc PNG, nên chụp dọc (3×4).",
                      render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    remove_photo = BooleanField("Bỏ ảnh hiện tại")
    order = IntegerField("Thứ tự hiển thị", validators=[Optional()],
                         description="Số nhỏ đứng trước trong tổ chức (1, 2, 3 …).")
    spokesperson = BooleanField("Là người phát ngôn (chỉ một người: chọn người này sẽ bỏ chọn người trước)")
    board_role = SelectField("Vai trò trong Ban Biên tập trang", choices=[SelectChoice("", "Không tham gia")] + [
        SelectChoice(k, v) for k, v in people_rules.BOARD_ROLES.items()])


# ------------------------------------------------------------------ banners
class BannerForm(ViForm):
    """A banner: image, alt text, link, dates and order."""

    title = StringField("Tên pa-nô (chỉ hiện trong trang quản trị)")
    image = FileField("Ảnh pa-nô", description="Ảnh JPEG, PNG hoặc GIF. Khi sửa, để trống để giữ ảnh cũ.")
    alt = StringField("Mô tả ảnh (cho người khiếm thị)",
                      description="Nội dung chữ trên pa-nô, đọc cho người khiếm thị.")
    link = StringField("Liên kết khi bấm vào (không bắt buộc)")
    start = DateField("Hiện từ ngày", validators=[Optional()])
    end = DateField("Đến hết ngày (để trống: không hạn)", validators=[Optional()])
    order = IntegerField("Thứ tự", default=0, validators=[Optional()])


# ------------------------------------------------------------------ Q&A (hỏi đáp)
class AnswerForm(ViForm):
    """The editor's answer to a question (checked by core.qa.Questions.answer)."""

    answer = TextAreaField("Câu trả lời", description=("Văn bản thuần, không cần định dạng; xuống dòng để tách đoạn. "
                                                        "Người hỏi xem được ngay bằng mã tra cứu."))
    status = SelectField("Trạng thái", choices=[SelectChoice(k, v) for k, v in QA_STATUSES.items()])
    question_public = TextAreaField(
        "Câu hỏi khi đăng công khai (không bắt buộc)",
        description="Để trống thì đăng nguyên văn câu hỏi. Dùng ô này để bỏ thông tin riêng tư (địa chỉ, số giấy tờ…) "
                    "trước khi đăng.")


# ------------------------------------------------------------------ consultation (lấy ý kiến dự thảo)
class DraftForm(ViForm):
    """A draft open for comment (checked by core.consultation.Consultations.validate)."""

    title = StringField("Tiêu đề dự thảo", validators=[_MarkRequired()])
    summary = TextAreaField("Tóm tắt", description="Vài dòng giới thiệu, hiện trong danh sách dự thảo.")
    body = TextAreaField("Nội dung dự thảo")
    opens_on = DateField("Ngày bắt đầu lấy ý kiến", format=DATE_FORMATS, validators=[Optional(), _MarkRequired()],
                         description="Dự thảo hiện trên trang từ ngày này. Ví dụ: 01/06/2024.")
    closes_on = DateField("Ngày kết thúc lấy ý kiến", format=DATE_FORMATS, validators=[Optional(), _MarkRequired()],
                          description="Nhận góp ý đến hết ngày này; phải sau ngày bắt đầu.")
    attachment = FileField("Tệp toàn văn dự thảo (không bắt buộc)",
                           description="Tệp PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX), tối đa 15 MB. "
                                       "Nếu trang báo lỗi ở ô khác, vui lòng chọn lại tệp.")
    remove_attachment = BooleanField("Bỏ tệp đính kèm hiện tại")


class BackupForm(ViForm):
    """Download a backup of the data folder."""

    include_secret = BooleanField("Kèm khóa bí mật (chỉ khi chuyển trang sang máy khác)")


class RestoreForm(ViForm):
    """Upload a backup zip to restore."""

    archive = FileField("Tệp sao lưu (.zip)", validators=[FileRequired("Vui lòng chọn tệp sao lưu.")])


# ------------------------------------------------------------------ media library (thư viện)
class MediaUploadForm(ViForm):
    """Upload one or more files to the media library; images need a description (alt text)."""

    files = MultipleFileField(
        "Chọn tệp", description="Ảnh JPEG, PNG, GIF hoặc văn bản PDF, DOC, DOCX, XLS, XLSX, ODT. "
                                "Chọn được nhiều tệp cùng lúc.",
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif,.pdf,.doc,.docx,.xls,.xlsx,.odt"})
    alt = StringField("Mô tả ảnh (cho người khiếm thị)", validators=[Optional(), Length(max=300)],
                      description="Bắt buộc với ảnh: tả ngắn gọn nội dung ảnh, ví dụ “Toàn cảnh hội nghị tại hội "
                                  "trường xã”. Nếu chọn nhiều ảnh, mô tả này dùng cho tất cả; sửa riêng từng ảnh sau.")


class MediaEditForm(ViForm):
    """Change the description (alt text) of a library file."""

    alt = StringField("Mô tả ảnh (cho người khiếm thị)", validators=[Optional(), Length(max=300)])


# ------------------------------------------------------------------ activity report (báo cáo)
from wtforms import FieldList, FormField  # noqa: E402
from wtforms import Form as WTFormsForm  # noqa: E402


class ReportPeriodForm(ViForm):
    """The period of the activity report (a GET form: nothing changes, no token)."""

    class Meta:
        csrf = False

    tu = DateField("Từ ngày", format=DATE_FORMATS, validators=[Optional()])
    den = DateField("Đến ngày", format=DATE_FORMATS, validators=[Optional()])


class ReportForm(ViForm):
    """A report draft: its header fields, period and narrative (checked by core.reports.Reports)."""

    agency_line1 = StringField("Tên cơ quan, dòng 1", validators=[Optional(), Length(max=200)],
                               description="Ví dụ: ỦY BAN NHÂN DÂN")
    agency_line2 = StringField("Tên cơ quan, dòng 2 (in đậm)", validators=[Optional(), Length(max=200)],
                               description="Ví dụ: XÃ DƯƠNG QUANG")
    number = StringField("Số báo cáo", validators=[Optional(), Length(max=200)],
                         description="Để trống nếu văn thư ghi số khi đăng ký văn bản đi.")
    symbol = StringField("Ký hiệu", validators=[Optional(), Length(max=200)], description="Ví dụ: BC-UBND")
    place = StringField("Địa danh", validators=[Optional(), Length(max=200)], description="Ví dụ: Dương Quang")
    report_date = DateField("Ngày báo cáo", format=DATE_FORMATS, validators=[Optional(), _MarkRequired()],
                            description="Ngày/tháng/năm, ví dụ 10/11/2023.")
    period_start = DateField("Kỳ báo cáo từ ngày", format=DATE_FORMATS, validators=[Optional(), _MarkRequired()])
    period_end = DateField("Đến hết ngày", format=DATE_FORMATS, validators=[Optional(), _MarkRequired()])
    recipient = StringField("Kính gửi", validators=[Optional(), Length(max=500)],
                            description="Cơ quan nhận báo cáo, ví dụ: Phòng Văn hóa - Thông tin thị xã Mỹ Hào.")
    subject = StringField("Trích yếu (dòng dưới chữ BÁO CÁO)", validators=[_MarkRequired(), Length(max=500)])
    basis = TextAreaField("Đoạn mở đầu", validators=[Optional()])
    section_1 = TextAreaField("I. Công tác tổ chức và quản trị Trang thông tin điện tử", validators=[Optional()])
    section_2_intro = TextAreaField("II. Kết quả cung cấp thông tin: đoạn trước bảng số liệu",
                                    validators=[Optional()])
    section_2_after = TextAreaField("II. Kết quả cung cấp thông tin: đoạn sau bảng số liệu",
                                    validators=[Optional()])
    section_3 = TextAreaField("III. Nhận xét, đánh giá", validators=[Optional()])
    section_4 = TextAreaField("IV. Hạn chế, yếu kém và nguyên nhân", validators=[Optional()])
    section_5 = TextAreaField("V. Kiến nghị và đề xuất", validators=[Optional()])
    section_6 = TextAreaField("VI. Định hướng trong thời gian tới", validators=[Optional()])
    closing = TextAreaField("Đoạn kết", validators=[Optional()])
    recipients = TextAreaField("Nơi nhận", validators=[Optional()],
                               description="Mỗi dòng một nơi nhận, ví dụ “Như trên”; dòng cuối thường là "
                                           "“Lưu: VT, VHXH”. "
                                           "Dấu gạch đầu dòng và dấu chấm phẩy được thêm tự động.")
    signer = TextAreaField("Thẩm quyền ký", validators=[Optional()],
                           description="Mỗi dòng một dòng, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH.")
    signer_name = StringField("Họ tên người ký", validators=[Optional(), Length(max=200)])
    include_appendix = BooleanField("Kèm phụ lục số liệu chi tiết (truy cập, theo tháng, tác giả, văn bản, hỏi đáp)")
    show_hidden_sections = BooleanField("Liệt kê cả chuyên mục đang ẩn không có tin bài trong kỳ (mặc định bỏ qua)")
    allow_blanks = BooleanField("Để trống có chủ đích những chỗ “…” còn lại (sẽ điền tay trên bản ký)")


# ------------------------------------------------------------------ royalties (nhuận bút)
class RoyaltyPeriodForm(ViForm):
    """The period of the royalty report (a GET form: nothing changes, no token)."""

    class Meta:
        csrf = False

    tu = DateField("Từ ngày", format=DATE_FORMATS, validators=[Optional()])
    den = DateField("Đến ngày", format=DATE_FORMATS, validators=[Optional()])
    ngay = DateField("Ngày lập bảng", format=DATE_FORMATS, validators=[Optional()])


class RoyaltyAuthorForm(WTFormsForm):
    """One author of an article and their share (a row of RoyaltyItemForm)."""

    name = StringField("Họ và tên tác giả", validators=[Optional(), Length(max=120)])
    share = StringField("Tỷ lệ (%)", validators=[Optional(), Length(max=10)])


class RoyaltyItemForm(ViForm):
    """An article's royalty: its work type, coefficient and authors with shares (checked by core.royalties)."""

    type_id = SelectField("Thể loại", coerce=int, validate_choice=False)
    coefficient = StringField("Hệ số", validators=[Optional(), Length(max=12)],
                              description="Để trống để dùng hệ số mặc định của thể loại. "
                                          "Số thập phân viết dấu phẩy, ví dụ 7,5.")
    authors = FieldList(FormField(RoyaltyAuthorForm), min_entries=4, max_entries=8)
    note = StringField("Ghi chú", validators=[Optional(), Length(max=500)])


class RoyaltyAssignForm(ViForm):
    """Give every article of the period without a royalty a default type and its byline's authors."""

    type_id = SelectField("Thể loại gán cho các tin bài chưa định mức", coerce=int, validate_choice=False)
    tu = HiddenField()
    den = HiddenField()


class RoyaltyTypeForm(ViForm):
    """A work type (thể loại) and its default coefficient."""

    name = StringField("Tên thể loại", validators=[_required("tên thể loại"), Length(max=120)])
    coefficient = StringField("Hệ số mặc định", validators=[_required("hệ số"), Length(max=12)])


class BaseSalaryForm(ViForm):
    """A base salary (lương cơ sở) and the day it takes effect."""

    amount = StringField("Mức lương cơ sở (đồng)", validators=[_required("mức lương cơ sở"), Length(max=20)],
                         description="Ví dụ: 2.340.000")
    effective_from = DateField("Áp dụng từ ngày", format=DATE_FORMATS,
                               validators=[DataRequired("Vui lòng nhập ngày áp dụng (ngày/tháng/năm).")])
    source = StringField("Văn bản quy định", validators=[_required("văn bản quy định"), Length(max=120)],
                         description="Ví dụ: Nghị định 73/2024/NĐ-CP")


class RoyaltyUnitForm(ViForm):
    """The percentage of the base salary that makes one royalty unit."""

    unit_percent = StringField("Giá trị một đơn vị (% mức lương cơ sở)",
                               validators=[_required("tỷ lệ"), Length(max=10)])


class RoyaltyPayForm(ViForm):
    """Mark the period's royalties as paid."""

    tu = HiddenField()
    den = HiddenField()
    paid_on = DateField("Ngày chi trả", format=DATE_FORMATS, validators=[Optional()])
    note = StringField("Ghi chú", validators=[Optional(), Length(max=500)],
                       description="Ví dụ: số chứng từ, người nhận tiền thay.")


# ------------------------------------------------------------------ import (nhập dữ liệu từ trang cũ)
class ImportSourceForm(ViForm):
    """Choose what to import (a feed or WordPress export file, or a feed's address) and where it goes."""

    file = FileField("Tệp RSS, Atom hoặc tệp xuất WordPress (.xml)",
                     description="Trong WordPress: Công cụ → Xuất → Bài viết. Tối đa 40 MB.")
    url = StringField("Hoặc địa chỉ nguồn tin RSS/Atom của trang cũ", validators=[Optional(), Length(max=1000)],
                      description="Ví dụ: https://xaduongquang.vn/feed")
    section_id = SelectField("Chuyên mục nhận tin bài", coerce=int, validate_choice=False,
                             description="Có thể chọn chuyên mục riêng cho từng chuyên mục cũ ở bước sau.")
    draft = BooleanField("Nhập thành bản nháp (chưa đăng, để biên tập lại trước)")


class ImportStartForm(ViForm):
    """Where a planned import's items go: the target section, each old category's section, draft or not."""

    section_id = SelectField("Chuyên mục nhận tin bài", coerce=int, validate_choice=False)
    draft = BooleanField("Nhập thành bản nháp (chưa đăng, để biên tập lại trước)")


def import_start_form(categories: list[str], choices: list[tuple[int, str]]) -> ImportStartForm:
    """Return the start form with one section select per category of the old site (``cat_0`` …)."""
    class Form(ImportStartForm):
        pass

    for n, name in enumerate(categories):
        setattr(Form, f"cat_{n}", SelectField(f"Chuyên mục cũ “{name}”", coerce=int, validate_choice=False,
                                              choices=[SelectChoice(v, label) for v, label in choices]))
    return Form()
