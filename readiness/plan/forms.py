"""The plan's forms. Checks that need the database live in `readiness.plans`."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_choices import choice
from ..models.plan import OWNER_MAX, STATUSES, TEXT_MAX, TITLE_MAX
from ..plans import STATUS_LABELS

TOO_LONG = _l("Keep this to %(max)d characters or fewer.")


class DayField(DateField):
    """A day written as year-month-day, with a plain sentence when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                str(_l("Enter the day as year-month-day, for example 2027-03-31."))
            ) from error
        if self.data is not None and not date(2000, 1, 1) <= self.data <= date(2100, 12, 31):
            self.data = None
            raise ValueError(str(_l("Enter a day between the years 2000 and 2100.")))


class ActionForm(FlaskForm):
    title = StringField(_l("What is to be done"),
                        validators=[DataRequired(_l("Say what is to be done.")),
                                    Length(max=TITLE_MAX, message=TOO_LONG)])
    description = TextAreaField(_l("Details"), validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    dimension = SelectField(_l("Dimension"), default="", validate_choice=True)
    owner_user_id = SelectField(_l("Owner in the console"), default="", validate_choice=True)
    owner_name = StringField(_l("Or the owner's name"),
                             validators=[Length(max=OWNER_MAX, message=TOO_LONG)])
    due_on = DayField(_l("Due on"), validators=[Optional()])
    status = SelectField(_l("Status"), default="planned",
                         choices=[choice(s, STATUS_LABELS[s]) for s in STATUSES])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=TEXT_MAX, message=TOO_LONG)])

    def offer(self, dimensions: dict[str, str], people: list) -> None:
        """The dimensions and console users this form offers."""
        self.dimension.choices = [choice("", _l("General (no single dimension)"))] + [
            choice(key, name) for key, name in dimensions.items()
        ]
        self.owner_user_id.choices = [choice("", _l("Nobody in the console"))] + [
            choice(str(user.id), user.name or user.email) for user in people
        ]

    def values(self) -> dict:
        return {
            "title": self.title.data, "description": self.description.data,
            "dimension": self.dimension.data or None,
            "owner_user_id": self.owner_user_id.data or None,
            "owner_name": self.owner_name.data, "due_on": self.due_on.data,
            "status": self.status.data, "notes": self.notes.data,
        }


class AdoptForm(FlaskForm):
    recommendation_id = HiddenField(validators=[DataRequired(), Length(max=80)])


class SettingsForm(FlaskForm):
    viewers_may_edit = BooleanField(_l("Leadership viewers may change the plan"))
    links = SelectMultipleField(
        _l("Report links that also show the plan (read only)"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )
