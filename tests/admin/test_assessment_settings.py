"""Creating and editing assessments in the console, and the rules that protect respondents."""

import io

from readiness import db
from readiness.models import Assessment, AuditEvent
from tests.admin.helpers import DEPARTMENTS, add_responses, make_assessment, page_token


def _form(client, url, **changes):
    data = {
        "csrf_token": page_token(client, url),
        "title": "Spring survey",
        "organisation": "Acme",
        "sector": "private",
        "headcount": "120",
        "languages": ["en", "de", "fr"],
        "instrument": "bundled:social-media-readiness:1",
        "module": "",
        "segments": DEPARTMENTS,
        "k": "5",
        "comment_k": "10",
        "opens_on": "",
        "closes_on": "",
        "distribution": "link",
        "previous_id": "",
    }
    data.update(changes)
    return data


def _get(app, assessment_id):
    with app.app_context():
        found = db.session().get(Assessment, assessment_id)
        if found is not None:
            db.session().expunge(found)  # keep its loaded values after the context ends
        return found


def test_an_admin_creates_a_draft_with_its_own_segments(app, admin_client):
    url = "/admin/assessments/new"
    response = admin_client.post(url, data=_form(admin_client, url))
    assert response.status_code == 302
    with app.app_context():
        created = db.session().query(Assessment).one()
        assert created.status == "draft"
        assert created.segments[0]["id"] == "department"
        assert created.segment_headcounts == {"department": {"sales": 60, "ops": 40, "legal": 6}}
        assert db.session().query(AuditEvent).filter_by(action="assessment.create").count() == 1


def test_the_new_form_starts_with_the_instruments_segment_questions(admin_client):
    page = admin_client.get("/admin/assessments/new").get_data(as_text=True)
    assert "role_level: Which best describes your role?" in page


def test_an_uploaded_instrument_with_mistakes_is_refused_with_each_problem(app, admin_client):
    url = "/admin/assessments/new"
    bad = b'id = "x"\nversion = 1\n'
    data = _form(admin_client, url, instrument="file")
    data["instrument_file"] = (io.BytesIO(bad), "mine.toml")
    response = admin_client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "version" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().query(Assessment).count() == 0


def test_segment_text_mistakes_are_shown_by_line(admin_client):
    url = "/admin/assessments/new"
    response = admin_client.post(url, data=_form(admin_client, url, segments="- orphan\n"))
    assert response.status_code == 400
    assert "Line 1" in response.get_data(as_text=True)


def test_small_groups_are_warned_about_at_design_time(app, admin_client):
    assessment_id = make_assessment(app)
    page = admin_client.get(f"/admin/assessments/{assessment_id}").get_data(as_text=True)
    assert "Some groups may be too small to show" in page
    warned = page.split("Some groups may be too small")[1].split("</div>")[0]
    assert "<strong>Legal</strong>" in warned and "very likely hidden" in warned
    assert "Sales" not in warned


def test_lowering_k_after_the_first_response_is_refused(app, admin_client):
    assessment_id = make_assessment(app, status="open", k=6)
    add_responses(app, assessment_id, {"sales": 1})
    url = f"/admin/assessments/{assessment_id}/edit"
    response = admin_client.post(url, data=_form(admin_client, url, k="5"))
    assert response.status_code == 400
    assert "can only go up" in response.get_data(as_text=True)
    assert _get(app, assessment_id).k == 6


def test_lowering_the_comment_threshold_after_a_response_is_refused(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 1})
    url = f"/admin/assessments/{assessment_id}/edit"
    response = admin_client.post(url, data=_form(admin_client, url, comment_k="9"))
    assert response.status_code == 400
    assert _get(app, assessment_id).comment_k == 10


def test_raising_k_after_responses_is_allowed(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 1})
    url = f"/admin/assessments/{assessment_id}/edit"
    response = admin_client.post(url, data=_form(admin_client, url, k="7", comment_k="12"))
    assert response.status_code == 302
    assert (_get(app, assessment_id).k, _get(app, assessment_id).comment_k) == (7, 12)


def test_k_can_be_lowered_while_nobody_has_answered(app, admin_client):
    assessment_id = make_assessment(app, k=8)
    url = f"/admin/assessments/{assessment_id}/edit"
    assert admin_client.post(url, data=_form(admin_client, url, k="5")).status_code == 302
    assert _get(app, assessment_id).k == 5


def test_k_below_three_is_refused(app, admin_client):
    assessment_id = make_assessment(app)
    url = f"/admin/assessments/{assessment_id}/edit"
    assert admin_client.post(url, data=_form(admin_client, url, k="2")).status_code == 400
    assert _get(app, assessment_id).k == 5


def test_questions_cannot_change_once_open(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    url = f"/admin/assessments/{assessment_id}/edit"
    changed = DEPARTMENTS.replace("- legal: Legal | de: Recht | fr: Juridique = 6\n", "")
    response = admin_client.post(url, data=_form(admin_client, url, segments=changed))
    assert response.status_code == 400
    assert "can no longer change" in response.get_data(as_text=True)
    assert len(_get(app, assessment_id).segments[0]["options"]) == 3


def test_an_open_assessment_still_saves_its_title_and_dates(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    url = f"/admin/assessments/{assessment_id}/edit"
    data = _form(admin_client, url, title="Spring survey 2027", closes_on="2099-01-31")
    for frozen in ("languages", "instrument", "module"):  # disabled fields are not sent
        data.pop(frozen)
    assert admin_client.post(url, data=data).status_code == 302
    assert _get(app, assessment_id).title == "Spring survey 2027"


def _act(client, assessment_id, action):
    url = f"/admin/assessments/{assessment_id}"
    return client.post(f"{url}/{action}", data={"csrf_token": page_token(client, url)})


def test_open_then_close(app, admin_client):
    assessment_id = make_assessment(app)
    _act(admin_client, assessment_id, "open")
    assert _get(app, assessment_id).status == "open"
    _act(admin_client, assessment_id, "close")
    assert _get(app, assessment_id).status == "closed"


def test_an_opening_date_in_the_future_schedules_the_survey(app, admin_client):
    assessment_id = make_assessment(app, opens_on=__import__("datetime").date(2099, 1, 1))
    _act(admin_client, assessment_id, "open")
    page = admin_client.get(f"/admin/assessments/{assessment_id}").get_data(as_text=True)
    assert "Opens on January 1, 2099" in page


def test_a_draft_can_be_deleted_but_not_an_opened_assessment(app, admin_client):
    draft = make_assessment(app)
    opened = make_assessment(app, status="open")
    _act(admin_client, draft, "delete")
    _act(admin_client, opened, "delete")
    assert _get(app, draft) is None
    assert _get(app, opened) is not None


def test_a_later_wave_links_to_an_earlier_one_with_the_same_instrument(app, admin_client):
    earlier = make_assessment(app, status="closed", title="Last year")
    later = make_assessment(app)
    url = f"/admin/assessments/{later}/edit"
    response = admin_client.post(url, data=_form(admin_client, url, previous_id=str(earlier)))
    assert response.status_code == 302
    assert _get(app, later).previous_id == earlier
    # and the earlier one cannot now follow the later one (no loops)
    url = f"/admin/assessments/{earlier}/edit"
    response = admin_client.post(url, data=_form(admin_client, url, previous_id=str(later)))
    assert response.status_code == 400
