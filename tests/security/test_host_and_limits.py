"""Forged Host headers, oversized requests, unexpected errors and debug mode."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from readiness import create_app
from readiness.config import ConfigurationError, from_environment
from readiness.models import Base
from tests.admin.helpers import add_responses, login, make_assessment, page_token
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user
from tests.respond.conftest import Respondent, make_survey

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

EVIL = "evil.example"
FORGED = {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https",
          "Forwarded": f"host={EVIL}"}


class _ForgedClient(FlaskClient):
    """Sends ``Host: <forged_host>`` on every request (werkzeug sets HTTP_HOST from the base
    URL, overriding ``environ_base``, so the header has to go with each request)."""

    forged_host = EVIL

    def open(self, *args, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("Host", self.forged_host)
        return super().open(*args, headers=headers, **kwargs)


def forged_client(app, host: str = EVIL):
    """A client whose every request (sign-in included) names ``host`` and forwards EVIL."""
    app.test_client_class = _ForgedClient
    try:
        client = app.test_client()
    finally:
        app.test_client_class = None
    client.forged_host = host
    client.environ_base.update({
        "HTTP_X_FORWARDED_HOST": EVIL, "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_FORWARDED": f"host={EVIL}",
    })
    return client


def test_the_forged_client_really_sends_the_forged_host(app):
    assert forged_client(app).get("/healthz").request.environ["HTTP_HOST"] == EVIL


def _everything_an_admin_copies(app, client) -> list[str]:
    """Bodies and Location headers of every page that builds a link."""
    assessment_id = make_assessment(app, status="open", distribution="both")
    add_responses(app, assessment_id, {"sales": 6, "ops": 6})
    base = f"/admin/assessments/{assessment_id}"
    found = []

    def keep(response):
        found.append(response.get_data(as_text=True))
        found.append(response.headers.get("Location", ""))
        return response

    keep(client.get(f"{base}/share"))
    keep(client.get(f"{base}/share/qr.svg"))
    keep(client.post(f"{base}/share/codes",
                     data={"csrf_token": page_token(client, f"{base}/share"), "count": "2"}))
    keep(client.post(f"{base}/access/links",
                     data={"csrf_token": page_token(client, f"{base}/access"),
                           "label": "Board", "days": "7"}))
    keep(client.post("/admin/users",
                     data={"csrf_token": page_token(client, "/admin/users"),
                           "email": "new@example.org", "name": "New", "role": "viewer"}))
    keep(client.post(f"{base}/close",
                     data={"csrf_token": page_token(client, base)}))
    keep(client.get("/"))
    keep(client.get("/admin"))
    return found


def test_a_forged_host_reaches_no_link_redirect_code_or_invitation(app):
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = login(forged_client(app), ADMIN_EMAIL, ADMIN_PASSWORD)
    texts = _everything_an_admin_copies(app, client)
    assert any("/s/" in text for text in texts)  # the links were there, as paths
    for text in texts:
        assert EVIL not in text


def test_a_forged_host_reaches_no_survey_redirect(app):
    respondent = Respondent(forged_client(app), make_survey(app))
    respondent.open()
    started = respondent.post("/start")
    assert started.status_code == 303
    assert EVIL not in started.headers["Location"]
    assert respondent.client.get("/").headers["Location"].startswith("/")


@pytest.fixture
def trusted_app(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("READINESS_TRUSTED_HOSTS", "survey.example.org, localhost")
    monkeypatch.setenv("READINESS_PUBLIC_BASE_URL", "https://survey.example.org")
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url})
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    yield app
    app.extensions["readiness.db"][0].dispose()


def test_trusted_hosts_refuse_any_other_host_and_links_use_the_public_address(trusted_app):
    assert trusted_app.config["TRUSTED_HOSTS"] == ["survey.example.org", "localhost"]
    make_user(trusted_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    refused = trusted_app.test_client().get("/auth/login", headers={"Host": EVIL})
    assert refused.status_code == 400 and EVIL not in refused.get_data(as_text=True)
    client = login(forged_client(trusted_app, "localhost"), ADMIN_EMAIL, ADMIN_PASSWORD)
    texts = _everything_an_admin_copies(trusted_app, client)
    assert any("https://survey.example.org/s/" in text for text in texts)
    assert not any(EVIL in text for text in texts)


def test_an_empty_trusted_hosts_setting_trusts_the_default_policy():
    assert "TRUSTED_HOSTS" not in from_environment({"READINESS_TRUSTED_HOSTS": ""})
    assert from_environment({"READINESS_TRUSTED_HOSTS": " , "})["TRUSTED_HOSTS"] is None


def test_an_oversized_survey_page_gets_the_friendly_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    respondent = Respondent(app.test_client(), make_survey(app))
    respondent.start()
    respondent.open("/p/open")
    response = respondent.post("/p/open", {"open_concerns": "x" * 10_000, "nav": "next"})
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "too much to send at once" in body and "Traceback" not in body


def test_an_oversized_console_request_gets_the_friendly_413(app, auth, client):
    auth.login_admin()
    admin_client = client
    body = {"csrf_token": page_token(admin_client, "/admin/users"), "name": "x" * 300_000,
            "email": "big@example.org", "role": "viewer"}
    response = admin_client.post("/admin/users", data=body)
    assert response.status_code == 413
    assert "too much to send at once" in response.get_data(as_text=True)


def test_the_default_ceiling_is_a_quarter_of_a_megabyte(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 256 * 1024


def test_an_unexpected_error_shows_a_plain_page_and_logs_the_trace(app, caplog):
    @app.get("/test-only/explode")
    def explode():
        raise RuntimeError("secret internals: /srv/readiness/db.py line 42")

    caplog.set_level(logging.ERROR)
    response = app.test_client().get("/test-only/explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    for leak in ("Traceback", "RuntimeError", "secret internals", "db.py", 'File "'):
        assert leak not in body
    assert "Something went wrong" in body
    assert "RuntimeError" in caplog.text  # the operator still gets the whole story


def test_a_database_error_shows_a_plain_page(app):
    from sqlalchemy import text

    from readiness import db

    @app.get("/test-only/bad-sql")
    def bad_sql():
        db.session().execute(text("SELECT * FROM no_such_table"))

    body = app.test_client().get("/test-only/bad-sql").get_data(as_text=True)
    assert "no_such_table" not in body and "Traceback" not in body


def test_production_refuses_to_start_under_the_debugger(monkeypatch, tmp_path):
    monkeypatch.setenv("READINESS_ENV", "production")
    monkeypatch.setenv("READINESS_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigurationError, match="FLASK_DEBUG"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})


def test_development_debugging_stays_possible(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})
    assert app.debug is True


def test_an_invitation_links_only_to_the_configured_address(app, smtp_sink):
    app.config["PUBLIC_BASE_URL"] = "https://readiness.example.org"
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = login(forged_client(app), ADMIN_EMAIL, ADMIN_PASSWORD)
    response = client.post("/admin/users", data={
        "csrf_token": page_token(client, "/admin/users"),
        "email": "someone@example.org", "name": "Someone", "role": "viewer", "language": "en",
    })
    assert response.status_code == 303
    [message] = smtp_sink.to("someone@example.org")
    assert "https://readiness.example.org/auth/invitation/" in message.as_string()
    assert EVIL not in message.as_string()
    assert EVIL not in client.get("/admin/users").get_data(as_text=True)
