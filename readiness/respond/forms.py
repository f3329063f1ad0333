"""The one form of the survey that is not a question: entering a code from paper."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length


class CodeForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        validators=[InputRequired(message=_l("Please enter your code.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
