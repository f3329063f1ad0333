"""The invitation form: who, in which role, and the language their invitation is written in."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from .. import i18n
from .forms import InviteForm


class InvitationForm(InviteForm):
    language = SelectField(_l("Language of the invitation"), validate_choice=True)


def invitation_form() -> InvitationForm:
    """The form with the console's languages, the reader's own chosen first."""
    form = InvitationForm()
    offered = list(current_app.config["LANGUAGES"])
    form.language.choices = [(code, i18n.own_name(code)) for code in offered]
    if form.language.data is None:
        current = str(get_locale() or "")
        form.language.data = current if current in offered else offered[0]
    return form
