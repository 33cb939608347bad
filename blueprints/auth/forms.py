"""Forms of the auth blueprint (Vietnamese labels and messages)."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from blueprints.forms import ViForm

REQUIRED = "Vui lòng nhập {}."


class LoginForm(ViForm):
    """Username and password."""

    username = StringField("Tên đăng nhập", validators=[DataRequired(REQUIRED.format("tên đăng nhập")), Length(max=40)])
    password = PasswordField("Mật khẩu", validators=[DataRequired(REQUIRED.format("mật khẩu")), Length(max=200)])


class ChangePasswordForm(ViForm):
    """Current password and the new one, twice."""

    current_password = PasswordField("Mật khẩu hiện tại",
                                     validators=[DataRequired(REQUIRED.format("mật khẩu hiện tại"))])
    new_password = PasswordField("Mật khẩu mới", validators=[
        DataRequired(REQUIRED.format("mật khẩu mới")),
        Length(min=8, max=200, message="Mật khẩu mới phải có từ 8 đến 200 ký tự."),
    ])
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[
        DataRequired(REQUIRED.format("lại mật khẩu mới")),
        EqualTo("new_password", message="Hai lần nhập mật khẩu mới không khớp."),
    ])


class SetupForm(ViForm):
    """The first administrator account."""

    display_name = StringField("Họ và tên", validators=[DataRequired(REQUIRED.format("họ và tên")), Length(max=120)])
    username = StringField("Tên đăng nhập",
                           validators=[DataRequired(REQUIRED.format("tên đăng nhập")), Length(min=2, max=40)])
    password = PasswordField("Mật khẩu", validators=[
        DataRequired(REQUIRED.format("mật khẩu")),
        Length(min=8, max=200, message="Mật khẩu phải có từ 8 đến 200 ký tự."),
    ])
    confirm = PasswordField("Nhập lại mật khẩu", validators=[
        DataRequired(REQUIRED.format("lại mật khẩu")),
        EqualTo("password", message="Hai lần nhập mật khẩu không khớp."),
    ])


class TotpCodeForm(ViForm):
    """The six-digit code of the authenticator app (second step of the login)."""

    code = StringField("Mã xác thực (6 chữ số)", validators=[
        DataRequired(REQUIRED.format("mã xác thực")),
        Length(min=6, max=12, message="Mã xác thực gồm 6 chữ số."),
    ])
