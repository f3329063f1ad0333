"""The development mailbox: what the local sink stored, for admins, in development only."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from readiness.mail.sink import Sink
from tests.respond.conftest import text_of

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


def _send_to_sink(directory) -> None:
    sink = Sink(directory=directory).start()
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "readiness@localhost", "newcomer@example.org", "Your invitation")
        message.set_content("Open http://localhost/s/abc/c/xyz to start.")
        with smtplib.SMTP("127.0.0.1", sink.port) as client:
            client.send_message(message)
    finally:
        sink.stop()


def test_an_admin_reads_what_the_local_sink_stored_and_its_link(app, admin_client, tmp_path):
    app.config["MAIL_SINK_DIR"] = str(tmp_path / "mailbox")
    _send_to_sink(tmp_path / "mailbox")
    listing = admin_client.get("/mail/mailbox")
    assert "Your invitation" in text_of(listing)
    [name] = [p.name for p in (tmp_path / "mailbox").iterdir()]
    page = admin_client.get(f"/mail/mailbox/{name}").get_data(as_text=True)
    assert '<a href="http://localhost/s/abc/c/xyz"' in page


def test_the_mailbox_is_not_there_for_others_or_in_production(app, client, auth, tmp_path):
    app.config["MAIL_SINK_DIR"] = str(tmp_path / "mailbox")
    assert client.get("/mail/mailbox").status_code == 404
    auth.login_viewer()
    assert client.get("/mail/mailbox").status_code == 404
    auth.logout()
    auth.login_admin()
    app.config["ENV"] = "production"
    assert client.get("/mail/mailbox").status_code == 404


def test_a_name_that_is_not_a_stored_message_is_not_found(app, admin_client, tmp_path):
    app.config["MAIL_SINK_DIR"] = str(tmp_path / "mailbox")
    assert admin_client.get("/mail/mailbox/..%2Fsecret_key").status_code == 404
    assert admin_client.get("/mail/mailbox/secret_key").status_code == 404
