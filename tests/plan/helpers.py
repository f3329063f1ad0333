"""Two waves of one organisation, built through the real services, for the plan's tests."""

from __future__ import annotations

import random
import re
from datetime import date

from readiness import assessments, db
from readiness.assessments import instrument_of
from readiness.models import Assessment, Response
from tests.admin.helpers import close_assessment, make_assessment

ADOPT = re.compile(r'name="recommendation_id" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                  r'name="csrf_token" value="([^"]+)"')


def answer(app, assessment_id: int, people: int, seed: int, lift: dict[str, int] | None = None,
           ) -> None:
    """Store ``people`` responses; items of a dimension in ``lift`` lean that many points up."""
    rng = random.Random(seed)
    lift = lift or {}
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, assessment_id)
        items = instrument_of(assessment).items_for(assessment.module)
        for _ in range(people):
            answers = {}
            for item in items:
                value = rng.randint(1, 4) + lift.get(item.dimension, 0)
                value = max(1, min(5, value))
                answers[item.id] = (6 - value) if item.reverse else value
            session.add(Response(assessment_id=assessment_id, submitted_on=date.today(),
                                 language="en", segments={}, answers=answers, source="web"))


def closed_wave(app, people: int = 40, seed: int = 3, **changes) -> int:
    """A closed first wave with answers; returns its id."""
    wave = make_assessment(app, status="open", **changes)
    answer(app, wave, people, seed)
    close_assessment(app, wave)
    return wave


def next_wave(app, earlier_id: int, people: int = 40, seed: int = 4,
              lift: dict[str, int] | None = None) -> int:
    """The next wave as the console makes it, answered and closed; returns its id."""
    with app.app_context(), db.writing() as session:
        wave = assessments.new_wave(session.get(Assessment, earlier_id))
        wave.status = "open"
        wave_id = wave.id
    answer(app, wave_id, people, seed, lift)
    close_assessment(app, wave_id)
    return wave_id


def token_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post(client, url: str, data: dict, form_url: str | None = None):
    """POST ``data`` with the CSRF token of the form on ``form_url`` (default ``url``)."""
    page = client.get(form_url or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": token_of(page)})
