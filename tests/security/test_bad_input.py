"""Input that once broke things (issue 18): a sign-in that sent people to another site, and
requests that ended in a 500 and printed what was typed into the log. Each now gets a plain
4xx, on SQLite and on PostgreSQL, and writes nothing."""

from __future__ import annotations

import io
import logging
from urllib.parse import quote

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from readiness import db
from readiness.models import Assessment, AuditEvent
from tests.admin.helpers import page_token
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_token

#: Ways of writing "another site" that browsers or proxies turn into one.
ELSEWHERE = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/%09/evil.example/",
    "/%2F/evil.example/",
    "/%252F/evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/%5Cevil.example/",
    " //evil.example/",
    "https://evil.example/",
    "HTTPS:evil.example",
    "javascript:alert(1)",
    "evil.example",
]


def _sign_in(client, next_value: str):
    token = csrf_token(client, "/auth/login")
    return client.post(
        f"/auth/login?next={quote(next_value, safe='')}",
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token},
    )


@pytest.mark.parametrize("next_value", ELSEWHERE)
def test_sign_in_never_sends_anyone_to_another_site(auth, client, next_value):
    auth.admin()
    response = _sign_in(client, next_value)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_value", ["\x00//evil.example/", "/\x01/evil.example/"])
def test_a_next_page_holding_other_control_characters_is_refused_outright(auth, client,
                                                                          next_value):
    auth.admin()
    response = _sign_in(client, next_value)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert client.get("/auth/account").status_code == 302


def test_sign_in_still_returns_to_the_page_that_asked_for_it(auth, client):
    auth.admin()
    response = _sign_in(client, "/auth/account?tab=1")
    assert response.headers["Location"] == "/auth/account?tab=1"


@pytest.mark.parametrize("path", ["/s/abc%00def", "/s/abc%01def/", "/auth/login%00", "/%7F"])
def test_a_control_character_in_the_path_gets_a_plain_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "invisible control character" in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_e_mail_gets_a_plain_400_and_signs_nobody_in(app, auth, client):
    auth.admin()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"email": "lead\x00@example.org", "password": ADMIN_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 400
    assert "invisible control character" in response.get_data(as_text=True)
    assert client.get("/auth/account").status_code == 302
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_nul_in_an_assessment_title_gets_a_plain_400_and_creates_nothing(app, auth, client):
    auth.login_admin()
    url = "/admin/assessments/new"
    response = client.post(url, data={
        "csrf_token": page_token(client, url), "title": "Spring\x00survey",
        "organisation": "Acme", "sector": "private", "languages": ["en"],
        "instrument": "bundled:social-media-readiness:1", "k": "5", "comment_k": "10",
        "distribution": "link",
    })
    assert response.status_code == 400
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Assessment)) == 0


def test_tabs_and_line_breaks_in_typed_text_are_still_welcome(auth, client):
    auth.admin()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"email": ADMIN_EMAIL, "password": "wrong\tpassword\r\n", "csrf_token": token},
    )
    assert response.status_code == 401


def test_a_database_error_never_carries_the_values_bound_to_it(app, caplog):
    typed = "what-someone-typed-4711"
    statement = text("SELECT * FROM no_such_table WHERE x = :typed")
    with app.app_context(), caplog.at_level(logging.DEBUG), pytest.raises(DBAPIError) as raised:
        db.session().execute(statement, {"typed": typed})
    assert typed not in str(raised.value)
    assert typed not in caplog.text


def _deep_arrays(levels: int) -> bytes:
    return ("x = " + "[" * levels + "]" * levels + "\n").encode()


def _deep_tables(levels: int) -> bytes:
    return ("x = " + "{a = " * levels + "1" + "}" * levels + "\n").encode()


@pytest.mark.parametrize("source", [_deep_arrays(60_000), _deep_tables(20_000)],
                         ids=["60000 arrays", "20000 inline tables"])
def test_a_questionnaire_nested_too_deeply_is_refused_next_to_its_field(app, auth, client,
                                                                       source):
    auth.login_admin()
    url = "/admin/assessments/new"
    data = {
        "csrf_token": page_token(client, url), "title": "Deep", "organisation": "Acme",
        "sector": "private", "languages": ["en"], "instrument": "file", "k": "5",
        "comment_k": "10", "distribution": "link",
        "instrument_file": (io.BytesIO(source), "deep.toml"),
    }
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="instrument_file-error"' in page
    assert "nested too deeply" in page.split('id="instrument_file-error"')[1].split("</p>")[0]
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Assessment)) == 0


@pytest.mark.parametrize("source", [_deep_arrays(60_000), _deep_tables(20_000)],
                         ids=["60000 arrays", "20000 inline tables"])
def test_the_instrument_command_says_a_deeply_nested_file_is_nested_too_deeply(runner, tmp_path,
                                                                               source):
    path = tmp_path / "deep.toml"
    path.write_bytes(source)
    result = runner.invoke(args=["validate-instrument", str(path)])
    assert result.exit_code != 0
    assert "deep.toml" in result.output and "nested too deeply" in result.output
    assert "Traceback" not in result.output
