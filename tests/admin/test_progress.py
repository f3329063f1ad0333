"""Progress by segment uses the scoring package's suppression: primary and secondary."""

from tests.admin.helpers import add_responses, make_assessment


def _progress(client, assessment_id):
    return client.get(f"/admin/assessments/{assessment_id}/progress.json").get_json()


def _department(data):
    segment = next(s for s in data["segments"] if s["id"] == "department")
    return {g["option"]: g["n"] for g in segment["groups"]}


def test_a_group_below_k_is_hidden_and_so_is_the_next_smallest(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 20, "ops": 8, "legal": 2})
    data = _progress(admin_client, assessment_id)
    assert data["responses"] == 30
    assert data["rate"] == 0.25
    # legal (2) is below k; alone it could be worked out as 30 - 20 - 8, so ops goes too.
    assert _department(data) == {"sales": 20, "ops": None, "legal": None}


def test_nothing_by_segment_is_shown_below_k_in_total(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 4})
    data = _progress(admin_client, assessment_id)
    assert data["responses"] == 4
    assert set(_department(data).values()) == {None}


def test_the_page_shows_the_same_counts_without_javascript(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 20, "ops": 8, "legal": 2})
    page = admin_client.get(f"/admin/assessments/{assessment_id}/progress").get_data(as_text=True)
    assert '<td data-option="sales">20</td>' in page
    assert page.count("hidden</span>") == 2
    assert "<script src=" in page and "<script>" not in page


def test_the_refresh_data_is_written_as_the_page_writes_it(app, admin_client):
    from datetime import date

    from babel.dates import format_date

    assessment_id = make_assessment(app, status="open", headcount=120)
    add_responses(app, assessment_id, {"sales": 20, "ops": 10})
    german = admin_client.get(f"/admin/assessments/{assessment_id}/progress.json",
                              headers={"Accept-Language": "de"}).get_json()

    assert german["rate"] == 0.25 and german["rate_text"].replace("\xa0", " ") == "25 %"
    today = date.today()
    assert german["days"] == [{"day": today.isoformat(), "n": 30, "total": 30,
                               "label": format_date(today, "medium", locale="de")}]
    page = admin_client.get(f"/admin/assessments/{assessment_id}/progress",
                            headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert f'<time datetime="{today.isoformat()}">{german["days"][0]["label"]}</time>' in page
    assert 'data-live-text="Wird alle 20 Sekunden von selbst aktualisiert."' in page


def test_without_a_headcount_there_is_no_rate_to_write(app, admin_client):
    assessment_id = make_assessment(app, status="open", headcount=None)
    add_responses(app, assessment_id, {"sales": 6})

    data = _progress(admin_client, assessment_id)
    page = admin_client.get(f"/admin/assessments/{assessment_id}/progress").get_data(as_text=True)

    assert data["rate"] is None and data["rate_text"] is None
    assert 'data-field="rate"' not in page  # the script then leaves the rate alone


def test_a_shown_group_is_set_against_its_headcount_and_a_hidden_one_is_not(app, admin_client):
    assessment_id = make_assessment(app, status="open")  # sales 60, ops 40, legal 6 people
    add_responses(app, assessment_id, {"sales": 20, "ops": 8, "legal": 2})
    data = _progress(admin_client, assessment_id)
    rates = {g["option"]: g["rate_text"] for g in data["segments"][0]["groups"]}
    assert rates == {"sales": "33%", "ops": None, "legal": None}
    page = admin_client.get(f"/admin/assessments/{assessment_id}/progress").get_data(as_text=True)
    assert '<td data-rate="sales">33%</td>' in page and '<td data-rate="legal">–</td>' in page


def test_the_days_run_in_order_with_a_running_total(app, admin_client):
    from datetime import date

    from readiness import db
    from readiness.models import Assessment

    assessment_id = make_assessment(app, status="closed")
    with app.app_context(), db.writing() as session:
        session.get(Assessment, assessment_id).responses_by_day = {
            "2026-11-03": 7, "2026-11-02": 5,
        }
    data = _progress(admin_client, assessment_id)
    assert [(d["day"], d["n"], d["total"]) for d in data["days"]] == [
        ("2026-11-02", 5, 5), ("2026-11-03", 7, 12),
    ]
    assert data["busiest"] == 7
    page = admin_client.get(f"/admin/assessments/{assessment_id}/progress").get_data(as_text=True)
    assert '<meter min="0" max="7" value="5">' in page
    assert date(2026, 11, 2).isoformat() in page


def test_the_small_group_warning_names_groups_by_label_until_the_survey_closes(app, admin_client):
    open_id = make_assessment(app, status="open")  # legal: 6 people, below k at 35-50 %
    closed_id = make_assessment(app, status="closed")
    for path in ("", "/progress"):
        page = admin_client.get(f"/admin/assessments/{open_id}{path}").get_data(as_text=True)
        assert "Which team? → <strong>Legal</strong>" in page
        closed = admin_client.get(f"/admin/assessments/{closed_id}{path}").get_data(as_text=True)
        assert "may be too small" not in closed
