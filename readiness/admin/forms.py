"""The console's forms. Checks that need the database live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from scoring.thresholds import DEFAULT_COMMENT_K, DEFAULT_K, MIN_K

from ..assessments import SECTORS
from ..form_choices import choices
from .groups import languages_of

SECTOR_LABELS = {
    "private": _l("Private company"),
    "public_sector": _l("Public sector"),
    "charity": _l("Charity or non-profit"),
    "healthcare": _l("Healthcare"),
    "education": _l("Education"),
    "legal": _l("Legal"),
    "other": _l("Other"),
}
LANGUAGE_LABELS = {"en": "English", "de": "Deutsch", "fr": "Français"}
DISTRIBUTION_LABELS = {
    "link": _l("An open link anyone in the organisation can use"),
    "codes": _l("Single-use codes, one per person"),
    "both": _l("Both: an open link and single-use codes"),
}
KEEP_INSTRUMENT, UPLOAD_INSTRUMENT = "current", "file"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class AssessmentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    sector = SelectField(
        _l("Sector"),
        choices=choices((s, SECTOR_LABELS.get(s, s)) for s in SECTORS),
        default="private",
    )
    headcount = IntegerField(
        _l("Headcount"), validators=[Optional(), NumberRange(min=1, max=10_000_000)]
    )
    languages = MultiCheckboxField(_l("Languages offered"), default=["en"])
    instrument = SelectField(_l("Questionnaire"), validate_choice=True)
    instrument_file = FileField(
        _l("Your own questionnaire file (TOML)"),
        validators=[FileAllowed(["toml"], _l("Please choose a .toml file."))],
    )
    module = SelectField(_l("Sector module"), validate_choice=False)
    segments = TextAreaField(_l("About-you questions as text"), validators=[Length(max=20_000)])
    #: the text as the page showed it: a different text sent back means it was edited
    segments_shown = HiddenField(validators=[Length(max=20_000)])
    k = IntegerField(
        _l("Anonymity threshold (smallest group shown)"),
        default=DEFAULT_K,
        validators=[DataRequired(), NumberRange(min=MIN_K, max=1000)],
    )
    comment_k = IntegerField(
        _l("Comment threshold (fewest comments shown)"),
        default=DEFAULT_COMMENT_K,
        validators=[DataRequired(), NumberRange(min=MIN_K, max=10_000)],
    )
    retention_days = IntegerField(
        _l("Delete the answers automatically after (days)"),
        validators=[Optional(), NumberRange(min=1, max=3650)],
    )
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    distribution = RadioField(
        _l("How people reach the survey"),
        choices=choices(DISTRIBUTION_LABELS.items()),
        default="link",
    )
    previous_id = SelectField(
        _l("Earlier wave to compare with"), coerce=_optional_int, validate_choice=False
    )

    def group_languages(self) -> list[str]:
        """The languages the about-you rows carry fields for (`groups.languages_of`)."""
        return languages_of(getattr(self, "groups", None) or [], self.languages.data or [])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is sent."""


class CodesForm(FlaskForm):
    count = IntegerField(
        _l("How many codes"), default=50, validators=[DataRequired(), NumberRange(min=1, max=5000)]
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("Responses file (CSV)"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Please choose a .csv file."))],
    )


class InviteForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = RadioField(
        _l("Role"),
        choices=choices([
            ("viewer", _l("Leadership: reads the results they are given")),
            ("admin", _l("Comms lead: runs assessments")),
        ]),
        default="viewer",
    )


class GrantForm(FlaskForm):
    user_id = SelectField(_l("Viewer"), coerce=int, validate_choice=True)


class ReportLinkForm(FlaskForm):
    label = StringField(
        _l("Who is it for?"), validators=[DataRequired(), Length(max=120)]
    )
    days = IntegerField(
        _l("Works for (days)"), default=30, validators=[DataRequired(), NumberRange(min=1, max=365)]
    )
