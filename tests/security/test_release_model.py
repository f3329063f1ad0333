"""The release model through the console, the leadership pages and report links (issue 17).

Once results of an assessment have left the product, its answers are frozen; a trend shows an
earlier wave only under that wave's threshold and only to someone allowed to read it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Assessment, AuditEvent
from tests.admin.helpers import (
    add_responses,
    close_assessment,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
    page_token,
)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, make_user

EARLIER_TITLE = "Autumn wave only the board saw"


@pytest.fixture
def waves(app):
    """Wave A (k = 5, 12 answers, closed) and wave B following it; a viewer granted only B."""
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    earlier = make_assessment(app, status="open", title=EARLIER_TITLE)
    add_responses(app, earlier, {"sales": 6, "ops": 6})
    close_assessment(app, earlier)
    later = make_assessment(app, status="open", previous_id=earlier, k=3)
    add_responses(app, later, {"sales": 5, "ops": 5}, seed=2)
    close_assessment(app, later)
    grant_viewer(app, later, viewer_id)
    _, token = make_report_link(app, later)
    return {
        "earlier": earlier, "later": later, "token": token,
        "admin": login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD),
        "viewer": login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD),
        "anonymous": app.test_client(),
    }


def _post(client, url, page, **fields):
    return client.post(url, data={"csrf_token": page_token(client, page), **fields})


def test_the_comms_lead_sees_the_trend_of_both_waves(waves):
    document = waves["admin"].get(f"/admin/assessments/{waves['later']}/results.json").get_json()
    assert document["trend"]["previous"]["title"] == EARLIER_TITLE
    assert document["trend"]["previous"]["n"] == 12


def test_a_viewer_granted_only_the_later_wave_never_reads_the_earlier_one(waves):
    page = waves["viewer"].get(f"/report/{waves['later']}").get_data(as_text=True)
    assert "Readiness index" in page
    assert EARLIER_TITLE not in page
    pdf = waves["viewer"].get(f"/report/{waves['later']}/report.pdf")
    assert pdf.status_code == 200 and EARLIER_TITLE.encode() not in pdf.data


def test_a_report_link_shows_one_assessment_and_no_earlier_wave(waves):
    page = waves["anonymous"].get(f"/report/link/{waves['token']}").get_data(as_text=True)
    assert "Readiness index" in page and EARLIER_TITLE not in page


def test_an_earlier_wave_below_its_own_k_never_shows_in_a_later_trend(app, waves):
    small = make_assessment(app, status="open", k=10, title="Small first wave")
    add_responses(app, small, {"sales": 6})
    close_assessment(app, small)
    later = make_assessment(app, status="open", previous_id=small, k=3)
    add_responses(app, later, {"sales": 6}, seed=4)
    close_assessment(app, later)
    document = waves["admin"].get(f"/admin/assessments/{later}/results.json").get_json()
    assert document["n"] == 6 and document["trend"] is None


def test_every_release_is_in_the_audit_log_with_its_output(app, waves):
    admin, later = waves["admin"], waves["later"]
    admin.get(f"/admin/assessments/{later}/results")
    admin.get(f"/admin/assessments/{later}/results.pdf")
    admin.get(f"/admin/assessments/{later}/responses.csv")
    waves["anonymous"].get(f"/report/link/{waves['token']}")
    with app.app_context():
        events = db.session().scalars(
            select(AuditEvent).where(AuditEvent.action == "results.release")
        ).all()
        outputs = Counter((e.assessment_id, e.detail["output"]) for e in events)
        # The admin's page and PDF show the trend (releasing the earlier wave too); the CSV
        # and the report link do not.
        assert outputs == Counter({(later, "page"): 2, (later, "pdf"): 1, (later, "csv"): 1,
                                   (waves["earlier"], "trend"): 2})
        assert db.session().get(Assessment, later).released_on is not None
        assert db.session().get(Assessment, waves["earlier"]).released_on is not None


def test_after_a_release_the_console_offers_a_new_wave_not_reopening(app, waves):
    admin, later = waves["admin"], waves["later"]
    admin.get(f"/admin/assessments/{later}/results.json")
    overview = f"/admin/assessments/{later}"
    page = admin.get(overview).get_data(as_text=True)
    assert "Open again" not in page and "Start a new wave" in page
    refused = _post(admin, f"{overview}/open", overview, confirmed="yes")
    assert refused.status_code == 302
    assert "have been shared" in admin.get(overview).get_data(as_text=True)
    with app.app_context():
        assert db.session().get(Assessment, later).status == "closed"

    made = _post(admin, f"{overview}/new-wave", overview)
    assert made.status_code == 302 and made.headers["Location"].endswith("/edit")
    wave_id = int(made.headers["Location"].split("/")[-2])
    with app.app_context():
        wave, source = db.session().get(Assessment, wave_id), db.session().get(Assessment, later)
        assert wave.status == "draft" and wave.previous_id == later
        assert (wave.segments, wave.segment_headcounts, wave.k, wave.languages) == (
            source.segments, source.segment_headcounts, source.k, source.languages)


def test_before_any_release_reopening_asks_first_and_says_what_it_means(app):
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    admin = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    survey = make_assessment(app, status="open")
    add_responses(app, survey, {"sales": 2})
    close_assessment(app, survey)
    overview = f"/admin/assessments/{survey}"
    # Looking at results of fewer than k people shows nothing, so it freezes nothing.
    assert admin.get(f"{overview}/results.json").get_json()["suppressed"] is True
    asked = _post(admin, f"{overview}/open", overview)
    assert asked.status_code == 200
    text = asked.get_data(as_text=True)
    assert "2 people have answered so far" in text and "start a new wave" in text
    with app.app_context():
        assert db.session().get(Assessment, survey).status == "closed"
    confirmed = _post(admin, f"{overview}/open", overview, confirmed="yes")
    assert confirmed.status_code == 302
    with app.app_context():
        assert db.session().get(Assessment, survey).status == "open"
