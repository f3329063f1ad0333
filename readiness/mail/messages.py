"""The words of survey mail: an invitation or a reminder to one recipient, in their language,
in plain text and HTML, with the organisation, the closing date, the privacy promise, their
personal link and the unsubscribe link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import escape

from ..models import Assessment
from ..models.mail import NOT_ANSWERED, MailSettings

INVITATION, REMINDER = "invitation", "reminder"


@dataclass(frozen=True)
class Written:
    subject: str
    text: str
    html: str


def default_subject(kind: str, assessment: Assessment) -> str:
    if kind == REMINDER:
        return _("Reminder: %(organisation)s survey, a few minutes of your time",
                 organisation=assessment.organisation)
    return _("%(organisation)s asks for your view: a short anonymous survey",
             organisation=assessment.organisation)


def default_intro(assessment: Assessment) -> str:
    return _("%(organisation)s is asking everyone for their view on how we communicate and "
             "work together online. It takes about 6 minutes, and every question is optional.",
             organisation=assessment.organisation)


def write(*, kind: str, assessment: Assessment, settings: MailSettings, language: str,
          name: str, link: str, unsubscribe_link: str, closes_on: date | None) -> Written:
    """The message for one recipient, in ``language``."""
    with force_locale(language):
        subject = " ".join((settings.subject or default_subject(kind, assessment)).split())
        context = {
            "kind": kind,
            "assessment": assessment,
            "name": name,
            "intro": settings.intro.strip() or default_intro(assessment),
            "link": link,
            "unsubscribe_link": unsubscribe_link,
            "closes_on": format_date(closes_on, "long") if closes_on else None,
            "tracked": settings.reminder_mode == NOT_ANSWERED,
            "k": assessment.k,
            "language": language,
        }
        return Written(
            subject=subject,
            text=render_template("mail/survey.txt", **context),
            html=render_template("mail/survey.html", subject=subject, **context),
        )


_NAME, _LINK, _UNSUBSCRIBE = "@@readiness-name@@", "@@readiness-link@@", "@@readiness-stop@@"


class RoundWriter:
    """Writes one round's messages quickly: each language's message is drawn once (with and
    without a greeting by name) and each recipient's name and links are put in its place,
    escaped for the HTML part exactly as the template would."""

    def __init__(self, *, kind: str, assessment: Assessment, settings: MailSettings) -> None:
        self._kind, self._assessment, self._settings = kind, assessment, settings
        self._drawn: dict[tuple[str, bool], Written] = {}

    def write(self, *, language: str, name: str, link: str, unsubscribe_link: str) -> Written:
        key = (language, bool(name))
        if key not in self._drawn:
            self._drawn[key] = write(
                kind=self._kind, assessment=self._assessment, settings=self._settings,
                language=language, name=_NAME if name else "", link=_LINK,
                unsubscribe_link=_UNSUBSCRIBE, closes_on=self._assessment.closes_on,
            )
        drawn = self._drawn[key]
        # The name last: whatever it contains is never taken for a marker.
        plain = {_LINK: link, _UNSUBSCRIBE: unsubscribe_link, _NAME: name}
        escaped = {marker: str(escape(value)) for marker, value in plain.items()}
        return Written(subject=drawn.subject, text=_fill(drawn.text, plain),
                       html=_fill(drawn.html, escaped))


def _fill(drawn: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        drawn = drawn.replace(marker, value)
    return drawn
