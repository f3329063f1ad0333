"""The invitation as a phone's mail program shows it: nothing wider than the screen, however
long the personal link."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from readiness import db
from readiness.mail import messages, recipients
from readiness.models import Assessment
from tests.respond.conftest import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.one_database]


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_html_invitation_fits_a_phone(app, phone, tmp_path, language):
    public_id = make_survey(app, distribution="both")
    with app.test_request_context(), app.app_context():
        assessment = db.session().scalar(select(Assessment).filter_by(public_id=public_id))
        written = messages.write(
            kind="reminder", assessment=assessment, settings=recipients.settings_for(assessment),
            language=language, name="Sam Beispiel-Dupont",
            link="https://surveys.example.org/s/lQHiOwtuaWcInQ0SMFK69w/c/" + "AbCd0123" * 6,
            unsubscribe_link="https://surveys.example.org/mail/unsubscribe/" + "z9" * 30,
            closes_on=date(2026, 12, 20))
    page = tmp_path / "mail.html"
    page.write_text(written.html, encoding="utf-8")
    phone.goto(page.as_uri())
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.get_by_text("AbCd0123AbCd", exact=False).first.is_visible()
