"""Issue 20: every irreversible action asks first, saying what will happen; deleting a closed
assessment removes its responses and leaves an audit line; responses past their retention
period are deleted by `purge-expired`."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from readiness import db, lifecycle
from readiness.models import Assessment, AuditEvent, Response
from tests.admin.helpers import add_responses, close_assessment, make_assessment, page_token


def _overview(admin_client, assessment_id):
    return admin_client.get(f"/admin/assessments/{assessment_id}").get_data(as_text=True)


def test_open_close_and_delete_are_links_to_a_page_that_says_what_happens(app, admin_client):
    assessment_id = make_assessment(app)
    base = f"/admin/assessments/{assessment_id}"
    overview = _overview(admin_client, assessment_id)
    assert f'href="{base}/open"' in overview and f'href="{base}/delete"' in overview
    asked = admin_client.get(f"{base}/open").get_data(as_text=True)
    assert "Open “Spring survey” now?" in asked and "cannot change" in asked
    assert admin_client.get(base).status_code == 200
    with app.app_context():
        assert db.session().get(Assessment, assessment_id).status == "draft"  # only asked
    token = page_token(admin_client, f"{base}/open")
    admin_client.post(f"{base}/open", data={"csrf_token": token, "confirmed": "yes"})
    asked = admin_client.get(f"{base}/close").get_data(as_text=True)
    assert "Close “Spring survey” now?" in asked and "stop working" in asked


def test_deleting_a_closed_assessment_removes_its_answers_and_keeps_an_audit_line(
    app, admin_client
):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 6, "ops": 6})
    base = f"/admin/assessments/{assessment_id}"
    asked = admin_client.get(f"{base}/delete").get_data(as_text=True)
    assert "Delete “Spring survey” and all its answers?" in asked
    response = admin_client.post(f"{base}/delete",
                                 data={"csrf_token": page_token(admin_client, f"{base}/delete")})
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        assert session.get(Assessment, assessment_id) is None
        assert session.scalar(select(func.count()).select_from(Response)) == 0
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.delete"))
        assert [e.detail["id"] for e in event] == [assessment_id]


def test_an_open_survey_cannot_be_deleted(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    base = f"/admin/assessments/{assessment_id}"
    assert "Close it first" in admin_client.get(f"{base}/delete").get_data(as_text=True)
    admin_client.post(f"{base}/delete",
                      data={"csrf_token": page_token(admin_client, f"{base}/delete")})
    with app.app_context():
        assert db.session().get(Assessment, assessment_id) is not None


def test_responses_past_their_retention_period_are_deleted_by_purge_expired(app, runner):
    kept = make_assessment(app, retention_days=30)
    due = make_assessment(app, retention_days=30)
    for assessment_id in (kept, due):
        close_assessment(app, assessment_id)
        add_responses(app, assessment_id, {"sales": 6})
    with app.app_context(), db.writing() as session:
        session.get(Assessment, due).closed_on = date.today() - timedelta(days=31)
        session.get(Assessment, kept).closed_on = date.today() - timedelta(days=29)
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert str(due) in result.output
    with app.app_context():
        session = db.session()
        counts = dict(session.execute(
            select(Response.assessment_id, func.count()).group_by(Response.assessment_id)
        ).all())
        assert counts == {kept: 6}
        assert session.get(Assessment, due).purged_on == date.today()
        label = lifecycle.state_of(session.get(Assessment, due)).label
        assert label.startswith("Closed, answers deleted on")
        assert lifecycle.purge_due(session.get(Assessment, kept)) == date.today() + timedelta(1)
    assert "Nothing" in runner.invoke(args=["purge-expired"]).output


def test_duplicate_copies_everything_but_the_trend_link(app, admin_client):
    assessment_id = make_assessment(app, status="closed", retention_days=90, comment_k=12)
    base = f"/admin/assessments/{assessment_id}"
    admin_client.post(f"{base}/duplicate", data={"csrf_token": page_token(admin_client, base)})
    admin_client.post(f"{base}/new-wave", data={"csrf_token": page_token(admin_client, base)})
    with app.app_context():
        original, copy, wave = db.session().scalars(
            select(Assessment).order_by(Assessment.id)
        ).all()
        for made in (copy, wave):
            for name in ("segments", "segment_headcounts", "languages", "k", "comment_k",
                         "retention_days", "headcount", "instrument_source", "module",
                         "distribution", "sector", "organisation"):
                assert getattr(made, name) == getattr(original, name), name
            assert made.status == "draft"
        assert copy.previous_id is None and wave.previous_id == original.id


def test_revoking_a_report_link_asks_first(app, admin_client):
    from tests.admin.helpers import make_report_link

    assessment_id = make_assessment(app, status="closed")
    link_id, _token = make_report_link(app, assessment_id)
    base = f"/admin/assessments/{assessment_id}"
    access = admin_client.get(f"{base}/access").get_data(as_text=True)
    assert f"{base}/access/links/{link_id}/revoke" in access
    asked = admin_client.get(f"{base}/access/links/{link_id}/revoke").get_data(as_text=True)
    assert "can no longer open the report" in asked


def test_the_data_page_says_how_long_the_answers_are_kept(app, admin_client):
    kept = make_assessment(app, status="closed")
    timed = make_assessment(app, status="closed", retention_days=30)
    with app.app_context(), db.writing() as session:
        session.get(Assessment, timed).closed_on = date(2026, 11, 2)
    page = admin_client.get(f"/admin/assessments/{kept}/data").get_data(as_text=True)
    assert "kept until you delete the assessment" in page
    page = admin_client.get(f"/admin/assessments/{timed}/data").get_data(as_text=True)
    assert "deleted for good on December 2, 2026, 30 days after" in page
    assert f'href="/admin/assessments/{timed}/delete"' in page


def test_a_draft_past_its_closing_day_is_told_so_before_anything_is_pressed(app, admin_client):
    assessment_id = make_assessment(app, closes_on=date(2020, 1, 31))
    page = admin_client.get(f"/admin/assessments/{assessment_id}/open").get_data(as_text=True)
    assert "The closing date has passed" in page
    assert 'action="/admin/assessments/' not in page.split("<main")[1]


def test_the_daily_work_of_the_queue_deletes_responses_past_their_retention(app):
    from readiness import daily

    due = make_assessment(app, retention_days=30)
    close_assessment(app, due)
    add_responses(app, due, {"sales": 6})
    with app.app_context(), db.writing() as session:
        session.get(Assessment, due).closed_on = date.today() - timedelta(days=31)
    outcome = daily.run_all(app)
    assert "failed" not in outcome.values()
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Response)) == 0
        assert db.session().get(Assessment, due).purged_on == date.today()


def test_closing_below_k_says_no_results_will_be_shown_and_that_the_list_goes(app, admin_client):
    from tests.mail.conftest import upload

    assessment_id = make_assessment(app, status="open", distribution="both")
    asked = admin_client.get(f"/admin/assessments/{assessment_id}/close").get_data(as_text=True)
    assert "no results will be shown" in asked and "Results become readable" not in asked
    assert "address list is deleted" not in asked
    upload(admin_client, assessment_id, "ana@example.org\n")
    add_responses(app, assessment_id, {"sales": 6})
    asked = admin_client.get(f"/admin/assessments/{assessment_id}/close").get_data(as_text=True)
    assert "Results become readable" in asked and "no results will be shown" not in asked
    assert "The e-mail address list is deleted" in asked
