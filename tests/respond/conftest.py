"""Fixtures for the survey: open assessments in each way of sharing, and a respondent walking it."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from readiness import assessments, db
from readiness.models import AccessCode, Assessment, Comment, Response
from readiness.respond.codes import generate_codes
from tests.conftest import CSRF

YESTERDAY = date.today() - timedelta(days=1)


def make_assessment(
    app, *, distribution="link", status="open", languages=("en", "de", "fr"), **spec
):
    """An assessment of the default instrument, opened unless asked otherwise; its public id."""
    with app.app_context(), db.writing():
        assessment = assessments.create(
            assessments.AssessmentSpec(
                title="Spring pulse",
                organisation="Northwind Trading",
                languages=tuple(languages),
                distribution=distribution,
                **spec,
            )
        )
        if status in ("open", "closed"):
            assessments.open_(assessment)
        if status == "closed":
            assessments.close(assessment)
        return assessment.public_id


def make_codes(app, public_id: str, n: int = 1) -> list[tuple[str, str]]:
    with app.app_context(), db.writing() as session:
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == public_id))
        return generate_codes(assessment, n)


def counts(app) -> tuple[int, int, int]:
    """Responses, comments and used codes in the database."""
    with app.app_context():
        session = db.session()
        return (
            session.scalar(select(func.count()).select_from(Response)),
            session.scalar(select(func.count()).select_from(Comment)),
            session.scalar(
                select(func.count()).select_from(AccessCode).where(AccessCode.used.is_(True))
            ),
        )


def token_of(page) -> str:
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token (status {page.status_code})"
    return match.group(1)


class Respondent:
    """A browser answering one survey through the test client."""

    def __init__(self, client, public_id: str):
        self.client = client
        self.public_id = public_id
        self.base = f"/s/{public_id}"
        self.token = None

    def open(self, path: str = "", **kwargs):
        page = self.client.get(self.base + path, **kwargs)
        if page.status_code == 200:
            self.token = token_of(page)
        return page

    def post(self, path: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token)
        return self.client.post(self.base + path, data=data, **kwargs)

    def start(self):
        self.open()
        return self.post("/start")

    def choose_language(self, language: str):
        self.open()
        return self.post("/language", {"language": language})

    def answer(self, page: str, data: dict, nav: str = "next"):
        self.open(f"/p/{page}")
        return self.post(f"/p/{page}", {**data, "nav": nav})

    def submit(self, **kwargs):
        self.open("/p/review")
        return self.post("/submit", **kwargs)


@pytest.fixture
def open_survey(app):
    return make_assessment(app)


@pytest.fixture
def respondent(client, open_survey):
    return Respondent(client, open_survey)


def text_of(page) -> str:
    """The page's HTML with entities decoded and white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(page.get_data(as_text=True)))
