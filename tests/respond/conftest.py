"""Fixtures for the survey: open assessments in each way of sharing, and a respondent walking it."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from readiness import assessments, db, lifecycle
from readiness.codes import generate_codes
from readiness.models import AccessCode, Assessment, Comment, Response, SealedSubmission
from readiness.sealing import unseal
from tests.conftest import CSRF

YESTERDAY = date.today() - timedelta(days=1)


def make_survey(
    app, *, distribution="link", status="open", languages=("en", "de", "fr"), **spec
):
    """A survey of the default instrument, opened unless asked otherwise; its public id (the
    console tests make theirs with `tests.admin.helpers.make_assessment`, which returns the id)."""
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
            lifecycle.open_(assessment)
        if status == "closed":
            lifecycle.close(assessment)
        return assessment.public_id


def make_codes(app, public_id: str, n: int = 1) -> list[tuple[str, str]]:
    with app.app_context(), db.writing() as session:
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == public_id))
        return generate_codes(assessment, n)


def sent(app) -> list[dict]:
    """Every submission kept so far, as the product will mix it at close: still sealed ones
    opened with the server's key, and responses already stored (their comments apart)."""
    with app.app_context():
        session = db.session()
        found = [unseal(blob) for blob in session.scalars(select(SealedSubmission.payload))]
        found += [
            {"answers": r.answers, "segments": r.segments, "comments": {},
             "language": r.language, "day": r.submitted_on.isoformat()}
            for r in session.scalars(select(Response))
        ]
        return found


def close_all(app) -> None:
    """Close every open survey, as the comms lead does: its submissions are mixed into
    responses and comments."""
    with app.app_context(), db.writing() as session:
        for assessment in session.scalars(select(Assessment).where(Assessment.status == "open")):
            lifecycle.close(assessment)


def counts(app) -> tuple[int, int, int]:
    """Responses and comments kept (sealed or stored), and used codes."""
    with app.app_context():
        session = db.session()
        comments = session.scalar(select(func.count()).select_from(Comment))
        used = session.scalar(
            select(func.count()).select_from(AccessCode).where(AccessCode.used.is_(True))
        )
    submissions = sent(app)
    comments += sum(len(s["comments"]) for s in submissions)
    return len(submissions), comments, used


def token_of(page) -> str:
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token (status {page.status_code})"
    return match.group(1)


FORM = re.compile(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def form_fields(page, action: str) -> dict[str, str]:
    """The hidden fields of the form on ``page`` that posts to a URL ending in ``action``."""
    for match in FORM.finditer(page.get_data(as_text=True)):
        if match.group(1).endswith(action):
            return {name: html.unescape(value) for name, value in HIDDEN.findall(match.group(2))}
    raise AssertionError(f"no form posting to {action} (status {page.status_code})")


class Respondent:
    """A browser answering one survey through the test client.

    Like a browser it follows redirects (a 307 sends the same form again) and sends the review
    page's form as shown, open answers carried in its hidden fields.
    """

    def __init__(self, client, public_id: str):
        self.client = client
        self.public_id = public_id
        self.base = f"/s/{public_id}"
        self.token = None
        self.shown = None  #: the page the browser shows now

    def _show(self, page):
        if page.status_code == 200:
            self.token = token_of(page)
            self.shown = page
        return page

    def open(self, path: str = "", **kwargs):
        return self._show(self.client.get(self.base + path, **kwargs))

    def post(self, path: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token)
        return self.client.post(self.base + path, data=data, **kwargs)

    def follow(self, reply, data: dict):
        """Where a browser ends up after ``reply`` to a POST of ``data``; the last reply."""
        while reply.status_code in (303, 307):
            location = reply.headers["Location"]
            if reply.status_code == 307:
                reply = self.client.post(location, data=data)
            else:
                reply = self.client.get(location)
        return self._show(reply)

    def press(self, action: str, **extra):
        """Press a button of the review form that posts to a URL ending in ``action``."""
        data = {**form_fields(self.shown, "/submit"), **extra}
        return self.follow(self.client.post(self.base + action, data=data), data)

    def start(self):
        self.open()
        return self.post("/start")

    def choose_language(self, language: str):
        self.open()
        return self.post("/language", {"language": language})

    def answer(self, page: str, data: dict, nav: str = "next"):
        """Answer ``page`` from a fresh visit; the reply (the browser follows it)."""
        self.open(f"/p/{page}")
        sent = {**data, "nav": nav, "csrf_token": self.token}
        reply = self.post(f"/p/{page}", sent)
        self.follow(reply, sent)
        return reply

    def shows_review(self) -> bool:
        page = self.shown.get_data(as_text=True) if self.shown is not None else ""
        return f'action="{self.base}/submit"' in page

    def submit(self, **kwargs):
        """Send the review page shown (opened first if another page is shown)."""
        if not self.shows_review():
            self.open("/p/review")
        return self.post("/submit", form_fields(self.shown, "/submit"), **kwargs)


@pytest.fixture
def open_survey(app):
    return make_survey(app)


@pytest.fixture
def respondent(client, open_survey):
    return Respondent(client, open_survey)


def text_of(page) -> str:
    """The page's HTML with entities decoded and white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(page.get_data(as_text=True)))


def review_section(page, section: str) -> str:
    """The text of one page's section of the review page, e.g. ``"ownership"``."""
    found = re.search(rf'id="review-{section}".*?</section>', page.get_data(as_text=True), re.S)
    assert found, f"no review section {section!r}"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))))
