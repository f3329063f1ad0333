"""The plan's whole journey through the web: results → adopt three actions → change them →
a new wave answered and closed → its report sets each dimension's change beside the actions.

The figures are checked against both waves' own results documents (JSON downloads).
"""

from __future__ import annotations

import io
import math

import pypdf
import pytest

from readiness import db
from readiness.models import AuditEvent
from readiness.models.plan import PlanAction
from tests.conftest import ADMIN_EMAIL
from tests.plan.helpers import ADOPT, closed_wave, next_wave, post


@pytest.fixture
def first_wave(app):
    return closed_wave(app)


def _adopt_three(client, wave: int) -> list[str]:
    page = client.get(f"/plan/{wave}").get_data(as_text=True)
    ids = ADOPT.findall(page)
    assert len(ids) >= 3, "the results recommend at least three actions"
    for recommendation in ids[:3]:
        response = post(client, f"/plan/{wave}/adopt", {"recommendation_id": recommendation},
                        form_url=f"/plan/{wave}")
        assert response.status_code == 302
    return ids[:3]


def _plain_actions(app, wave: int) -> list[PlanAction]:
    from sqlalchemy import select

    with app.app_context():
        found = list(db.session().scalars(
            select(PlanAction).where(PlanAction.assessment_id == wave).order_by(PlanAction.id)))
        db.session().expunge_all()
        return found


def _edit(client, wave: int, action: PlanAction, **changes):
    values = {
        "title": action.title, "description": action.description,
        "dimension": action.dimension or "", "owner_user_id": "", "owner_name": action.owner_name,
        "due_on": action.due_on.isoformat() if action.due_on else "", "status": action.status,
        "notes": action.notes,
    }
    values.update(changes)
    return post(client, f"/plan/{wave}/actions/{action.id}", values)


def test_the_results_page_leads_to_the_plan(admin_client, first_wave):
    page = admin_client.get(f"/admin/assessments/{first_wave}/results").get_data(as_text=True)
    assert f'href="/plan/{first_wave}"' in page


def test_adopting_three_actions_puts_them_in_the_plan_with_their_recommendation(
        app, admin_client, first_wave):
    adopted = _adopt_three(admin_client, first_wave)
    actions = _plain_actions(app, first_wave)
    assert [a.recommendation_id for a in actions] == adopted
    assert all(a.status == "planned" and a.due_on is not None for a in actions)
    page = admin_client.get(f"/plan/{first_wave}").get_data(as_text=True)
    assert page.count("In the plan") == 3


def test_adopting_the_same_action_twice_keeps_one(app, admin_client, first_wave):
    first = _adopt_three(admin_client, first_wave)[0]
    response = post(admin_client, f"/plan/{first_wave}/adopt", {"recommendation_id": first},
                    form_url=f"/plan/{first_wave}")
    assert response.status_code == 302
    assert len(_plain_actions(app, first_wave)) == 3
    assert "already in the plan" in admin_client.get(f"/plan/{first_wave}").get_data(as_text=True)


def test_adopting_an_unknown_recommendation_changes_nothing(app, admin_client, first_wave):
    response = post(admin_client, f"/plan/{first_wave}/adopt", {"recommendation_id": "made-up"},
                    form_url=f"/plan/{first_wave}")
    assert response.status_code == 302
    assert _plain_actions(app, first_wave) == []


def test_every_change_to_the_plan_is_in_the_audit_log(app, admin_client, first_wave):
    _adopt_three(admin_client, first_wave)
    action = _plain_actions(app, first_wave)[0]
    _edit(admin_client, first_wave, action, title="Our own words", status="in_progress")
    from sqlalchemy import select

    with app.app_context():
        events = list(db.session().scalars(
            select(AuditEvent).where(AuditEvent.action.like("plan.%")).order_by(AuditEvent.id)))
        assert [e.action for e in events] == ["plan.adopt"] * 3 + ["plan.update"]
        assert events[-1].detail["status"] == ["planned", "in_progress"]
        assert set(events[-1].detail["fields"]) == {"title", "status"}
        assert events[-1].actor == ADMIN_EMAIL


def _figures(client, wave: int) -> dict:
    response = client.get(f"/admin/assessments/{wave}/results.json")
    assert response.status_code == 200
    return response.get_json()


def _expected_rows(first: dict, second: dict) -> dict[str, tuple[float, float, float, bool]]:
    """Change, interval ends and noise verdict per dimension, from the two documents."""
    before = {d["id"]: d for d in first["dimensions"]}
    rows = {}
    for row in second["trend"]["dimensions"]:
        now = next(d for d in second["dimensions"] if d["id"] == row["id"])
        then = before[row["id"]]
        assert row["previous"] == then["score"] and row["current"] == now["score"]
        half = math.hypot((then["ci"][1] - then["ci"][0]) / 2, (now["ci"][1] - now["ci"][0]) / 2)
        rows[row["id"]] = (row["change"], round(row["change"] - half, 1),
                           round(row["change"] + half, 1), row["significant"])
    return rows


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def test_the_next_wave_sets_each_dimensions_change_beside_the_plan(app, admin_client,
                                                                  first_wave):
    _adopt_three(admin_client, first_wave)
    actions = _plain_actions(app, first_wave)
    _edit(admin_client, first_wave, actions[0], status="in_progress",
          notes="Workshops booked")
    _edit(admin_client, first_wave, actions[0], status="done")
    _edit(admin_client, first_wave, actions[1], status="dropped")
    acted_dimension = actions[0].dimension
    second_wave = next_wave(app, first_wave, lift={acted_dimension: 1})

    first, second = _figures(admin_client, first_wave), _figures(admin_client, second_wave)
    expected = _expected_rows(first, second)
    page = admin_client.get(f"/admin/assessments/{second_wave}/results").get_data(as_text=True)
    assert "What changed since the plan" in page
    section = page[page.index("What changed since the plan"):]
    for dimension_id, (change, low, high, significant) in expected.items():
        name = next(d["name"] for d in second["dimensions"] if d["id"] == dimension_id)
        row = section[section.index(f'<th scope="row">{name}</th>'):]
        row = row[: row.index("</tr>")]
        assert f'<td data-label="Change (points)">{_signed(change)}</td>' in row
        assert f'<td data-label="Interval">{_signed(low)}\u00a0…\u00a0{_signed(high)}</td>' in row
        assert f'<td data-label="Beyond noise">{"Yes" if significant else "No"}</td>' in row
    acted_row = section[section.index(
        f'<th scope="row">{next(d["name"] for d in second["dimensions"] if d["id"] == acted_dimension)}</th>'):]  # noqa: E501
    assert f"{actions[0].title} (Done)" in acted_row[: acted_row.index("</tr>")]
    assert "moved alongside the plan, not what the actions caused" in section

    others = [c for d, (c, *_) in expected.items() if d != acted_dimension]
    acted_mean, others_mean = expected[acted_dimension][0], round(sum(others) / len(others), 1)
    words = "more" if acted_mean - others_mean >= 1 else "less" if others_mean - acted_mean >= 1 \
        else "about as much"
    assert f"moved {words}" in section
    assert _signed(acted_mean) in section and _signed(others_mean) in section

    pdf = admin_client.get(f"/admin/assessments/{second_wave}/results.pdf")
    assert pdf.status_code == 200
    pages = pypdf.PdfReader(io.BytesIO(pdf.data)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "What changed since the plan" in text
    summary_page = " ".join(pages[1].extract_text().split())
    assert f"The dimensions where actions were taken moved {words}" in summary_page
    flat = " ".join(text.split())
    for change, low, high, _significant in expected.values():
        assert _signed(change) in flat
        assert f"{_signed(low)} … {_signed(high)}" in flat
    assert actions[0].title.split()[0] in text


def test_the_first_wave_report_has_no_plan_section(admin_client, first_wave):
    page = admin_client.get(f"/admin/assessments/{first_wave}/results").get_data(as_text=True)
    assert "What changed since the plan" not in page


def test_the_next_wave_carries_the_open_actions_of_the_earlier_plan(app, admin_client,
                                                                    first_wave):
    _adopt_three(admin_client, first_wave)
    second_wave = next_wave(app, first_wave)
    page = admin_client.get(f"/plan/{second_wave}").get_data(as_text=True)
    assert "Still open from the earlier wave" in page
    for action in _plain_actions(app, first_wave):
        assert action.title in page


def test_own_actions_can_be_planned_before_the_results_are_out(app, admin_client):
    from tests.admin.helpers import make_assessment

    wave = make_assessment(app, status="open")
    page = admin_client.get(f"/plan/{wave}").get_data(as_text=True)
    assert "The recommended actions appear when the survey closes" in page
    response = post(admin_client, f"/plan/{wave}/actions/new",
                    {"title": "Name a sponsor", "status": "planned", "dimension": "",
                     "owner_user_id": "", "due_on": "2027-01-31"})
    assert response.status_code == 302
    assert [a.title for a in _plain_actions(app, wave)] == ["Name a sponsor"]
    assert ADOPT.search(admin_client.get(f"/plan/{wave}").get_data(as_text=True)) is None
