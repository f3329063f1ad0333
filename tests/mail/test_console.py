"""The comms lead's Invitations page: preview in each language, the message as written, and
nothing changes without the form's token or for anyone but an admin."""

from __future__ import annotations

from sqlalchemy import func, select

from readiness import db
from readiness.models import MailRecipient
from tests.mail.conftest import press, upload
from tests.respond.conftest import text_of


def test_the_share_page_leads_to_the_invitations(app, admin_client, survey):
    page = admin_client.get(f"/admin/assessments/{survey}/share").get_data(as_text=True)
    assert f'href="/admin/assessments/{survey}/invitations"' in page


def test_the_preview_shows_the_message_in_the_chosen_language(app, admin_client, survey):
    page = text_of(admin_client.get(
        f"/admin/assessments/{survey}/invitations?preview=de&kind=reminder"))
    assert "Hallo Sam Beispiel," in page
    assert "Wenn Sie schon geantwortet haben" in page


def test_the_page_names_languages_keeps_the_sharing_tab_and_lands_on_the_list(app, admin_client,
                                                                            survey):
    page = admin_client.get(f"/admin/assessments/{survey}/invitations?preview=fr").get_data(
        as_text=True)
    # the preview's languages in their own names, the one shown marked; the kinds likewise
    assert 'lang="de">Deutsch</a>' in page and 'aria-current="true">Français</a>' in page
    assert page.count('aria-current="true"') == 2
    # reached from Sharing, the page keeps that tab marked
    assert (f'href="/admin/assessments/{survey}/share" aria-current="page">Sharing</a>'
            in page)
    # a refused list is shown where the browser lands after the upload, not a screen higher
    assert f'action="/admin/assessments/{survey}/invitations/list#address-list"' in page
    refused = upload(admin_client, survey, "not an address\n").get_data(as_text=True)
    assert 'id="address-list"' in refused and 'id="list-problems"' in refused


def test_the_subject_and_intro_written_by_the_comms_lead_are_sent(app, admin_client, survey,
                                                                 smtp_sink):
    upload(admin_client, survey, "ana@example.org\n")
    press(admin_client, survey, "message", subject="Five minutes for our future?",
          intro="Dear colleagues, <b>your</b> view matters.", reminder_mode="everyone",
          reminder_days="")
    preview = text_of(admin_client.get(f"/admin/assessments/{survey}/invitations"))
    assert "Five minutes for our future?" in preview
    press(admin_client, survey, "send")
    [message] = smtp_sink.messages
    assert message["Subject"] == "Five minutes for our future?"
    assert "Dear colleagues, <b>your</b> view matters." in message.get_body(
        ("plain",)).get_content()
    assert "Dear colleagues, &lt;b&gt;your&lt;/b&gt; view matters." in message.get_body(
        ("html",)).get_content()


def test_a_list_sent_without_the_forms_token_changes_nothing(app, admin_client, survey):
    from io import BytesIO

    reply = admin_client.post(f"/admin/assessments/{survey}/invitations/list", data={
        "file": (BytesIO(b"ana@example.org\n"), "people.csv")},
        content_type="multipart/form-data")
    assert reply.status_code == 400
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(MailRecipient)) == 0


def test_leadership_cannot_open_the_invitations(app, client, auth, survey):
    auth.login_viewer()
    assert client.get(f"/admin/assessments/{survey}/invitations").status_code == 403


def test_a_closed_survey_takes_no_list_and_says_so(app, admin_client, survey):
    from readiness import lifecycle
    from readiness.models import Assessment

    with app.app_context(), db.writing():
        lifecycle.close(db.session().get(Assessment, survey))
    page = text_of(admin_client.get(f"/admin/assessments/{survey}/invitations"))
    assert "The survey is closed, so there is no one left to invite." in page
    assert "Upload the list" not in page
    refused = upload(admin_client, survey, "ana@example.org\n")
    assert refused.status_code == 400
    assert "The survey is closed, so there is no one left to invite." in text_of(refused)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(MailRecipient)) == 0
