"""Fixtures for mail: an open survey shared by code, its comms lead signed in, and helpers to
upload a list and read what arrived."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Assessment
from tests.conftest import csrf_token
from tests.respond.conftest import make_survey

LINK = re.compile(r"http://localhost(/s/[^/\s]+/c/[A-Za-z0-9_-]+(?:\?language=[a-z]+)?)")


@pytest.fixture
def survey(app):
    """An open survey in en/de/fr that accepts single-use codes; its id."""
    public_id = make_survey(app, distribution="both")
    with app.app_context():
        return db.session().scalar(select(Assessment.id).where(Assessment.public_id == public_id))


def public_id_of(app, assessment_id: int) -> str:
    with app.app_context():
        return db.session().get(Assessment, assessment_id).public_id


def upload(client, assessment_id: int, csv_text: str):
    """Upload ``csv_text`` as the list, as a browser sends a file (the body is encoded here:
    the test client would spool a large one to a temporary file it never closes)."""
    url = f"/admin/assessments/{assessment_id}/invitations"
    token = csrf_token(client, url)
    boundary = "----mail-test-boundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
        f"filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv_text}\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    return client.post(f"{url}/list", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def press(client, assessment_id: int, action: str, follow_redirects: bool = False, **data):
    url = f"/admin/assessments/{assessment_id}/invitations"
    token = csrf_token(client, url)
    return client.post(f"{url}/{action}", data={"csrf_token": token, **data},
                       follow_redirects=follow_redirects)


def shown_count(client, assessment_id: int, state: str) -> int:
    """A count on the console's sending progress (queued, sent, failed, unsubscribed)."""
    page = client.get(f"/admin/assessments/{assessment_id}/invitations").get_data(as_text=True)
    found = re.search(rf'data-count="{state}">(\d+)<', page)
    assert found, f"no {state} count shown"
    return int(found.group(1))


def link_in(message) -> str:
    """The survey path of the personal link in a received message."""
    found = LINK.search(message.get_body(("plain",)).get_content())
    assert found, "no personal link in the message"
    return found.group(1)
