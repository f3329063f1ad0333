"""Issue 20: the audit log records who read or downloaded results, filters by action, person
and day without JavaScript, and downloads what it finds as formula-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from readiness import db
from readiness.models import AuditEvent
from tests.admin.helpers import add_responses, make_assessment


def _event(app, action, actor, at, **detail):
    with app.app_context(), db.writing() as session:
        session.add(AuditEvent(action=action, actor=actor, at=at, detail=detail))


def _rows(page: str) -> int:
    return page.count("<tr>") - 1  # less the header


def test_reading_and_downloading_results_are_in_the_log(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 6, "ops": 6})
    admin_client.get(f"/admin/assessments/{assessment_id}/results")
    admin_client.get(f"/admin/assessments/{assessment_id}/results.pdf")
    page = admin_client.get("/admin/audit-log?action=results.release").get_data(as_text=True)
    assert "Read or downloaded results" in page
    assert "How: results page" in page and "How: PDF download" in page


def test_the_filter_narrows_by_action_person_and_day(app, admin_client):
    _event(app, "assessment.open", "ann@example.org", datetime(2026, 11, 2, 9))
    _event(app, "assessment.close", "ann@example.org", datetime(2026, 11, 20, 17))
    _event(app, "assessment.close", "bob@example.org", datetime(2026, 11, 21, 8))
    get = lambda query: admin_client.get(f"/admin/audit-log?{query}")  # noqa: E731
    assert _rows(get("action=assessment.close").get_data(as_text=True)) == 2
    assert _rows(get("action=assessment.close&actor=ann@example.org").get_data(as_text=True)) == 1
    page = get("since=2026-11-20&until=2026-11-20").get_data(as_text=True)
    assert _rows(page) == 1 and "ann@example.org" in page
    assert 'name="since" type="date" value="2026-11-20"' in page


def test_a_bad_day_is_a_sentence_next_to_its_field(app, admin_client):
    response = admin_client.get("/admin/audit-log?since=5.12.2026")
    assert response.status_code == 400
    assert 'id="since-error">Write the day as year-month-day' in response.get_data(as_text=True)
    response = admin_client.get("/admin/audit-log?since=2026-12-05&until=2026-12-01")
    assert 'id="until-error">The last day is before' in response.get_data(as_text=True)


def test_the_csv_holds_what_the_filter_found_and_no_formula(app, admin_client):
    _event(app, "report_link.create", "=HYPERLINK(\"x\")", datetime(2026, 11, 2, 9),
           label="@SUM(A1)")
    _event(app, "assessment.open", "ann@example.org", datetime(2026, 11, 3, 9))
    response = admin_client.get("/admin/audit-log.csv?action=report_link.create")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    assert rows[1][1].startswith("'=") and "'" not in rows[1][0]
    assert rows[1][5].startswith("Who is it for?: @SUM")  # not at a cell start: harmless
