"""Building assessments and responses for console tests, through the real services."""

from __future__ import annotations

import itertools
import random
from datetime import date

from readiness import db
from readiness.assessments import AssessmentSpec, create, instrument_of
from readiness.models import Assessment, Response

DEPARTMENTS = """\
department: Which team? | de: Welches Team? | fr: Quelle équipe ?
- sales: Sales | de: Vertrieb | fr: Ventes = 60
- ops: Operations | de: Betrieb | fr: Opérations = 40
- legal: Legal | de: Recht | fr: Juridique = 6
"""


def make_assessment(app, *, status: str = "draft", k: int = 5, **changes) -> int:
    """A new assessment of the default instrument with a department question; returns its id."""
    from readiness.admin import segment_text

    parsed = segment_text.parse(DEPARTMENTS, "en")
    values = dict(
        title="Spring survey",
        organisation="Acme",
        headcount=120,
        languages=("en", "de", "fr"),
        segments=parsed.questions,
        segment_headcounts=parsed.headcounts,
        k=k,
    )
    values.update(changes)
    with app.app_context(), db.writing():
        assessment = create(AssessmentSpec(**values))
        assessment.status = status
        return assessment.id


def close_assessment(app, assessment_id: int) -> None:
    """Close the survey, as the comms lead does before reading results: results of an open
    survey are withheld (see SECURITY.md, "Watching results over time")."""
    from readiness.lifecycle import close

    with app.app_context(), db.writing() as session:
        close(session.get(Assessment, assessment_id))


def add_responses(app, assessment_id: int, departments: dict[str, int], seed: int = 1) -> None:
    """Store responses as the survey would: every item answered, a department each."""
    rng = random.Random(seed)
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, assessment_id)
        items = instrument_of(assessment).items_for(assessment.module)
        people = itertools.chain.from_iterable(
            itertools.repeat(name, count) for name, count in departments.items()
        )
        for department in people:
            session.add(
                Response(
                    assessment_id=assessment_id,
                    submitted_on=date.today(),
                    language="en",
                    segments={"department": department} if department else {},
                    answers={item.id: rng.randint(1, 5) for item in items},
                    source="web",
                )
            )


def login(client, email: str, password: str):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return client


def page_token(client, url: str) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, url)


def snapshot(app) -> dict:
    """Every row of every table, in a stable order: compare two to prove nothing changed.

    Attempt counts are left out: counting failed attempts is what refusing them does.
    """
    from sqlalchemy import select

    from readiness.models import Base, ThrottleCounter

    with app.app_context():
        session = db.session()
        found = {}
        for table in Base.metadata.sorted_tables:
            if table is ThrottleCounter.__table__:
                continue
            rows = session.execute(select(table)).all()
            found[table.name] = sorted(repr(tuple(row)) for row in rows)
        return found


def without_release_records(found: dict) -> dict:
    """A snapshot without the audit log's release records: reading results records a release,
    and that is all a GET may write."""
    return found | {"audit_events": [row for row in found["audit_events"]
                                     if "results.release" not in row]}


def grant_viewer(app, assessment_id: int, user_id: int) -> None:
    from readiness import access
    from readiness.models import User

    with app.app_context(), db.writing() as session:
        access.grant(session.get(Assessment, assessment_id), session.get(User, user_id))


def make_report_link(app, assessment_id: int, days: int = 30) -> tuple[int, str]:
    from readiness import report_links

    with app.app_context(), db.writing() as session:
        link, token = report_links.create(session.get(Assessment, assessment_id), "Board", days)
        return link.id, token
