"""Bad input gets a clear sentence next to its field and changes nothing; hostile strings are
inert in the page, the CSV, the calendar file and the PDF."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from sqlalchemy import select

from readiness import db
from readiness.models.plan import PlanAction
from tests.plan.helpers import closed_wave, next_wave, post

HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x") "quoted" & done'
ICS_ATTACK = "Finish\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected; with, commas\\"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def wave(app, auth):
    auth.login_admin()
    return closed_wave(app, people=12)


def _new(client, wave: int, **values):
    data = {"title": "Brief the managers", "status": "planned", "dimension": "",
            "owner_user_id": ""}
    data.update(values)
    return post(client, f"/plan/{wave}/actions/new", data)


def _titles(app, wave: int) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(
            select(PlanAction.title).where(PlanAction.assessment_id == wave)))


def _error_of(page: str, field: str) -> str:
    start = page.index(f'id="{field}-error"')
    return page[page.index(">", start) + 1: page.index("</p>", start)]


@pytest.mark.parametrize("day", ["2027-02-30", "31/12/2027", "tomorrow", "2027-13-01"])
def test_a_day_that_is_not_one_is_named_next_to_its_field(app, client, wave, day):
    response = _new(client, wave, due_on=day)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _error_of(page, "due_on") == (
        "Enter the day as year-month-day, for example 2027-03-31.")
    assert _titles(app, wave) == []


def test_a_day_far_outside_a_plan_is_refused(app, client, wave):
    page = _new(client, wave, due_on="1900-01-01").get_data(as_text=True)
    assert _error_of(page, "due_on") == "Enter a day between the years 2000 and 2100."
    assert _titles(app, wave) == []


@pytest.mark.parametrize(("field", "limit"), [("title", 200), ("description", 2000),
                                              ("owner_name", 120), ("notes", 2000)])
def test_overlong_text_is_refused_with_its_limit(app, client, wave, field, limit):
    response = _new(client, wave, **{field: "x" * (limit + 1)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _error_of(page, field) == f"Keep this to {limit} characters or fewer."
    assert _titles(app, wave) == []


def test_an_empty_title_asks_what_is_to_be_done(app, client, wave):
    page = _new(client, wave, title="   ").get_data(as_text=True)
    assert _error_of(page, "title") == "Say what is to be done."


@pytest.mark.parametrize(("field", "value"), [("status", "finished"), ("dimension", "morale"),
                                              ("owner_user_id", "999")])
def test_a_choice_not_offered_is_refused(app, client, wave, field, value):
    response = _new(client, wave, **{field: value})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _titles(app, wave) == []


def test_a_change_with_an_error_leaves_the_action_as_it_was(app, client, wave):
    _new(client, wave, title="Brief the managers", due_on="2027-01-15")
    with app.app_context():
        action_id = db.session().scalar(select(PlanAction.id))
    response = post(client, f"/plan/{wave}/actions/{action_id}",
                    {"title": "Changed", "due_on": "2027-02-31", "status": "done",
                     "dimension": "", "owner_user_id": ""})
    assert response.status_code == 400
    with app.app_context():
        action = db.session().get(PlanAction, action_id)
        assert (action.title, action.status, str(action.due_on)) == (
            "Brief the managers", "planned", "2027-01-15")


def _hostile_plan(client, wave: int) -> None:
    assert _new(client, wave, title=HOSTILE, notes=FORMULA, owner_name="@SUM(A1)",
                description=ICS_ATTACK, due_on="2027-01-15").status_code == 302
    assert _new(client, wave, title=ICS_ATTACK, due_on="2027-02-01",
                description="é" * 100).status_code == 302


def test_hostile_text_is_shown_literally_on_the_plan_page(client, wave):
    _hostile_plan(client, wave)
    page = client.get(f"/plan/{wave}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_hostile_text_cannot_run_as_a_formula_in_the_csv(client, wave):
    _hostile_plan(client, wave)
    response = client.get(f"/plan/{wave}/plan.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_hostile_text_cannot_add_events_or_properties_to_the_calendar(client, wave):
    _hostile_plan(client, wave)
    body = client.get(f"/plan/{wave}/plan.ics").data
    lines = body.split(b"\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == 2 and lines.count(b"END:VEVENT") == 2
    unfolded = body.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Finish\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:injected\\; with\\, commas\\\\" \
        in unfolded
    assert "é" * 100 in unfolded  # folded between characters, never inside one


def test_hostile_text_is_printed_literally_in_the_next_waves_pdf(app, client, wave):
    _hostile_plan(client, wave)
    with app.app_context(), db.writing():
        for action in db.session().scalars(select(PlanAction)):
            action.dimension, action.status = "ownership", "in_progress"
    second = next_wave(app, wave, people=12)
    response = client.get(f"/admin/assessments/{second}/results.pdf")
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    page = client.get(f"/admin/assessments/{second}/results").get_data(as_text=True)
    section = page[page.index("What changed since the plan"):]
    assert "<script>alert" not in section and "&lt;script&gt;alert(1)" in section


def test_an_action_goes_only_to_a_comms_lead_or_a_viewer_granted_the_assessment(app, client,
                                                                                 wave):
    from tests.conftest import make_user

    stranger = make_user(app, "stranger@example.org", "a long enough secret", "viewer")
    page = client.get(f"/plan/{wave}/actions/new").get_data(as_text=True)
    assert "stranger@example.org" not in page
    response = _new(client, wave, owner_user_id=str(stranger))
    assert response.status_code == 400
    assert _titles(app, wave) == []
