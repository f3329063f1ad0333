"""Invitations: a list uploaded, one message per address in its language, each with a personal
link that works once."""

from __future__ import annotations

from readiness.mail.recipients import MAX_LINES
from tests.mail.conftest import link_in, press, public_id_of, upload
from tests.respond.conftest import Respondent, text_of

PEOPLE = """email,language,name
ana@example.org,en,Ana Lima
bernd@example.org,de,Bernd
chloe@example.org,fr,
"""


def test_each_address_gets_one_invitation_in_its_language(app, admin_client, survey, smtp_sink):
    assert upload(admin_client, survey, PEOPLE).status_code == 303
    assert press(admin_client, survey, "send").status_code == 303
    assert len(smtp_sink.messages) == 3
    [german] = smtp_sink.to("bernd@example.org")
    assert "Hallo Bernd" in german.get_body(("plain",)).get_content()
    assert german["Content-Language"] == "de"
    [french] = smtp_sink.to("chloe@example.org")
    assert "Bonjour" in french.get_body(("plain",)).get_content()


def test_an_invitation_names_the_organisation_the_closing_day_and_the_privacy_promise(
    app, admin_client, survey, smtp_sink
):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    [message] = smtp_sink.to("ana@example.org")
    text = message.get_body(("plain",)).get_content()
    assert "Northwind Trading" in text and "Northwind Trading" in message["Subject"]
    assert "never stored with your name, your e-mail address or this link" in text
    assert "deleted when the survey closes" in text
    html = message.get_body(("html",)).get_content()
    assert 'href="http://localhost/s/' in html
    assert message["List-Unsubscribe"].startswith("<http://localhost/mail/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_personal_link_opens_the_survey_and_works_once(app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    path = link_in(smtp_sink.to("ana@example.org")[0])
    public_id = public_id_of(app, survey)
    first, second = (Respondent(app.test_client(), public_id) for _ in range(2))
    first.open(path.removeprefix(first.base))
    assert "Your code has been accepted." in text_of(first.open())
    first.start()
    assert first.submit().status_code == 303
    second.open(path.removeprefix(second.base))
    second.start()
    assert second.submit().status_code == 410


def test_pressing_send_twice_sends_each_person_one_invitation(app, admin_client, survey,
                                                              smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    press(admin_client, survey, "send")
    assert sorted(str(m["To"]) for m in smtp_sink.messages) == [
        'Ana Lima <ana@example.org>', "Bernd <bernd@example.org>", "chloe@example.org"]


def test_a_hostile_name_cannot_add_a_header(app, admin_client, survey, smtp_sink):
    hostile = 'eve@example.org,en,"Eve\r\nBcc: victim@example.org\r\nSubject: pwned"\n'
    assert upload(admin_client, survey, "email,language,name\n" + hostile).status_code == 303
    press(admin_client, survey, "send")
    [message] = smtp_sink.messages
    assert message["Bcc"] is None
    assert "pwned" not in message["Subject"]
    assert [to for to, _ in smtp_sink.received] == ["eve@example.org"]


def test_a_hostile_subject_cannot_add_a_header(app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "message", subject="Hi\r\nBcc: victim@example.org",
          intro="", reminder_mode="everyone", reminder_days="")
    press(admin_client, survey, "send")
    for message in smtp_sink.messages:
        assert message["Bcc"] is None
        assert message["Subject"] == "Hi Bcc: victim@example.org"


def test_a_list_with_a_bad_line_adds_nothing_and_names_the_line(app, admin_client, survey,
                                                                smtp_sink):
    page = upload(admin_client, survey, "ana@example.org\nnot-an-address\nbob@example.org\n")
    assert page.status_code == 400
    assert "Line 2" in text_of(page) and "not-an-address" in text_of(page)
    press(admin_client, survey, "send")
    assert smtp_sink.messages == []


def test_repeated_addresses_are_merged(app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, "ana@example.org\nANA@example.org\nbob@example.org\n")
    press(admin_client, survey, "send")
    assert sorted(to for to, _ in smtp_sink.received) == ["ana@example.org", "bob@example.org"]


def test_a_list_longer_than_the_limit_is_refused(app, admin_client, survey):
    lines = "".join(f"p{n}@example.org\n" for n in range(MAX_LINES + 2))
    page = upload(admin_client, survey, lines)
    assert page.status_code == 400
    assert "more than 100,000 lines" in text_of(page)


def test_a_name_with_markup_is_shown_as_text_in_the_html_part(app, admin_client, survey,
                                                              smtp_sink):
    upload(admin_client, survey,
           'email,language,name\nana@example.org,en,"<b>Ana</b> @@readiness-link@@"\n')
    press(admin_client, survey, "send")
    [message] = smtp_sink.messages
    html = message.get_body(("html",)).get_content()
    assert "Hello &lt;b&gt;Ana&lt;/b&gt; @@readiness-link@@," in html
    assert "Hello <b>Ana</b> @@readiness-link@@," in message.get_body(("plain",)).get_content()


def test_the_personal_link_opens_the_survey_in_the_language_of_the_invitation(
        app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    path = link_in(smtp_sink.to("bernd@example.org")[0])
    assert path.endswith("?language=de")
    browser = app.test_client()
    landing = browser.get(path, headers={"Accept-Language": "fr"}, follow_redirects=True)
    assert '<html lang="de"' in landing.get_data(as_text=True)
    made_up = browser.get(path.replace("language=de", "language=xx"),
                          headers={"Accept-Language": "fr"}, follow_redirects=True)
    assert landing.status_code == made_up.status_code == 200
