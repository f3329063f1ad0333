"""The draft in the session cookie always fits: its worst case, worked out.

Open answers travel in the forms, so the cookie holds only choices, the language and a code's
hash. The worst case below answers every statement of the largest sector module and every
"about you" question, with the longest ids the instrument format allows, in a browser that has
already answered 20 surveys and whose comms lead is signed in. It is measured as signed but
uncompressed, so that no luck with compression is counted on.
"""

from __future__ import annotations

import random
import secrets
import string

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf
from itsdangerous import base64_encode
from sqlalchemy import select

from readiness import db, i18n
from readiness.assessments import MAX_SEGMENT_QUESTIONS
from readiness.models import Assessment
from readiness.respond import journey
from surveys.forms import Answers
from surveys.loader import default_instrument
from surveys.model import SegmentOption, SegmentQuestion

from .conftest import Respondent, make_survey, review_section, text_of

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

LONGEST_ID = 40  #: surveys.entries.SLUG
LONGEST_PUBLIC_ID = 32  #: Assessment.public_id
#: The most "about you" questions with ids of the longest kind that the budget holds.
MOST_SEGMENT_QUESTIONS = 16


def long_segments(n: int) -> list[SegmentQuestion]:
    return [
        SegmentQuestion(
            id=f"q{k:02d}".ljust(LONGEST_ID, "x"),
            text={"en": "?"},
            options=(SegmentOption(f"o{k:02d}".ljust(LONGEST_ID, "y"), {"en": "!"}),),
        )
        for k in range(n)
    ]


def worst_case_session(app, segments) -> dict:
    """The session of a respondent at the review, everything answered, as the app keeps it."""
    instrument = default_instrument()
    items = max((instrument.items_for(m.id) for m in instrument.modules), key=len)
    with app.test_request_context("/"):
        generate_csrf()
        for _ in range(25):  # more surveys answered than the marker keeps
            journey.finish(secrets.token_urlsafe(LONGEST_PUBLIC_ID)[:LONGEST_PUBLIC_ID])
        i18n.choose(max(instrument.languages, key=len), list(instrument.languages))
        journey.save(
            journey.Draft(
                public_id="P" * LONGEST_PUBLIC_ID,
                code=("short", secrets.token_hex(32)),
                answers=Answers(
                    items={item.id: instrument.scale.points for item in items},
                    segments={q.id: max(q.option_ids(), key=len) for q in segments},
                    open_texts={q.id: "漢" * q.max_length for q in instrument.open_questions},
                ),
            )
        )
        # The comms lead trying the survey in the browser they are signed in with.
        session.update(_user_id="9" * 12, _fresh=True, _id=secrets.token_hex(64))
        assert journey.fits_in_cookie()
        return dict(session)


def uncompressed_size(app, data: dict) -> int:
    """The cookie value's length as signed, had compression gained nothing."""
    serializer = app.session_interface.get_signing_serializer(app)
    payload = base64_encode(serializer.serializer.dumps(data).encode())
    return len(serializer.make_signer().sign(payload))


def test_open_answers_never_go_into_the_cookie(app):
    data = worst_case_session(app, default_instrument().segments)
    assert set(data["respond"]) == {"a", "t", "code", "items", "segments"}
    assert "漢" not in repr(data)


def test_worst_case_with_the_default_about_you_questions_fits_with_room(app):
    data = worst_case_session(app, default_instrument().segments)
    assert len(data["answered"]) == 20 and len(data["respond"]["items"]) == 32
    assert uncompressed_size(app, data) <= journey.COOKIE_BUDGET * 0.6


def test_worst_case_with_many_long_about_you_questions_fits(app):
    data = worst_case_session(app, long_segments(MOST_SEGMENT_QUESTIONS))
    assert uncompressed_size(app, data) <= journey.COOKIE_BUDGET


def test_a_survey_with_too_many_long_about_you_questions_is_refused_not_lost(app, client):
    rng = random.Random(7)

    def slug() -> str:
        return "s" + "".join(rng.choice(string.ascii_lowercase) for _ in range(LONGEST_ID - 1))

    def texts(text: str) -> dict:
        return {"en": text, "de": text, "fr": text}

    segments = [
        {
            "id": slug(),
            "text": texts(f"Q{k}"),
            "options": [{"id": slug(), "labels": texts("A")}, {"id": slug(), "labels": texts("B")}],
        }
        for k in range(60)
    ]
    public_id = make_survey(app, segments=segments[:MAX_SEGMENT_QUESTIONS])
    with app.app_context(), db.writing() as session:
        # More than the console accepts: as if written before the cap, or straight into the DB.
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == public_id))
        assessment.segments = segments
    respondent = Respondent(client, public_id)
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    answers = {f"segment_{q['id']}": q["options"][0]["id"] for q in segments}
    page = respondent.answer("about", answers)
    assert page.status_code == 400
    assert "Something in that request was not right" in text_of(page)
    assert len(page.headers.get("Set-Cookie", "")) < 4093
    assert "Agree" in review_section(respondent.open("/p/review"), "ownership")  # kept


def test_the_console_cap_on_about_you_questions_stays_within_what_the_cookie_holds():
    assert MAX_SEGMENT_QUESTIONS <= MOST_SEGMENT_QUESTIONS
