from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from .passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Sign in"))


def _new_password():
    # No length validator: passwords.check_new_password says "at most 256" in the reader's
    # language, before any hashing.
    return PasswordField(_l("New password"), validators=[DataRequired()])


def _repeated():
    return PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two passwords are not the same."))],
    )


class ChoosePasswordForm(FlaskForm):
    password = _new_password()
    confirm = _repeated()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    password = _new_password()
    confirm = _repeated()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    """The new password, on the page an e-mailed link opens."""

    password = _new_password()
    confirm = _repeated()
