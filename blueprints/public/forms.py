"""Forms of the public site: a citizen's question and a comment on a draft. Labels in Vietnamese."""
from __future__ import annotations

from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from blueprints.forms import ViForm
from core.qa import TOPICS


class MarkRequired:
    """A validator that only flags a field as required (the asterisk); core/ checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


class QuestionForm(ViForm):
    """A citizen's question. Values are checked by core.qa.Questions; ``website`` is the honeypot."""

    name = StringField("Họ và tên", validators=[MarkRequired()])
    phone = StringField("Số điện thoại")
    email = EmailField("Thư điện tử")
    topic = SelectField("Lĩnh vực",
                        choices=[SelectChoice("", "— Chọn lĩnh vực —")] + [SelectChoice(t, t) for t in TOPICS],
                        validate_choice=False,
                        validators=[MarkRequired()])
    question = TextAreaField("Nội dung câu hỏi", validators=[MarkRequired()])
    website = StringField("Trang web (xin để trống ô này)")


class CommentForm(ViForm):
    """A citizen's comment on a draft (checked by core.consultation); ``website`` is the honeypot."""

    name = StringField("Họ và tên", validators=[MarkRequired()])
    email = EmailField("Thư điện tử")
    comment = TextAreaField("Nội dung góp ý", validators=[MarkRequired()])
    website = StringField("Trang web (xin để trống ô này)")
