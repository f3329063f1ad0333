"""Issue 20: creating an assessment succeeds with the defaults in any choice of languages, and
the about-you questions are edited as rows without JavaScript."""

from __future__ import annotations

import re

import pytest

from readiness import db
from readiness.models import Assessment
from tests.conftest import csrf_token

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

NEW = "/admin/assessments/new"


def _fields(page: str) -> dict:
    """Every field of the page's form as a browser would send it, unticked boxes left out."""
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        if ('type="checkbox"' in tag or 'type="radio"' in tag) and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data.setdefault(name.group(1), []).append(_unescape(value.group(1) if value else ""))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = [_unescape(body.lstrip("\n"))]
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', body) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', body
        ) or re.search(r'<option[^>]*value="([^"]*)"', body)
        data[name] = [_unescape(chosen.group(1))]
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _post(client, data: dict, **changes):
    sent = dict(data) | changes
    sent["csrf_token"] = csrf_token(client, NEW)
    return client.post(NEW, data=sent)


@pytest.mark.parametrize("languages", [["en", "de", "fr"], ["de", "fr"], ["fr"], ["en", "fr"]])
def test_creating_with_the_defaults_succeeds_in_any_choice_of_languages(
    app, admin_client, languages
):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    response = _post(admin_client, data, title="Spring", organisation="Acme", languages=languages)
    assert response.status_code == 302, re.findall(
        r'class="error-message"[^>]*>([^<]+)', response.get_data(as_text=True)
    )
    with app.app_context():
        created = db.session().query(Assessment).order_by(Assessment.id.desc()).first()
        assert created.languages == languages
        department = created.segments[0]
        assert {"en", "de", "fr"} <= set(department["text"])  # the bundled translations kept


def test_a_missing_translation_falls_back_and_is_flagged_in_the_preview(app, admin_client):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    response = _post(
        admin_client, data, title="Spring", organisation="Acme", languages=["en", "de"],
        segments="team: Which team?\n- a: Alpha\n- b: Beta | de: Beta-Team\n",
    )
    assert response.status_code == 302
    preview = admin_client.get(response.headers["Location"] + "/preview/about?language=de")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Which team?" in page  # shown in English, the default
    assert "not translated into this language yet" in page


def test_the_editor_adds_moves_and_removes_groups_without_saving(app, admin_client):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    page = _post(admin_client, data, groups_edit="add-option:0").get_data(as_text=True)
    assert 'name="g-0-o-4-label-en"' in page  # department had four groups, now five
    data = _fields(page)
    data["g-0-o-4-label-en"] = ["Research"]
    data["g-0-o-4-people"] = ["12"]
    page = _post(admin_client, data, groups_edit="up-option:0:4").get_data(as_text=True)
    data = _fields(page)
    assert data["g-0-o-3-label-en"] == ["Research"]
    removed = _post(admin_client, data, groups_edit="remove-question:1")
    data = _fields(removed.get_data(as_text=True))
    response = _post(admin_client, data, title="Spring", organisation="Acme")
    assert response.status_code == 302
    with app.app_context():
        created = db.session().query(Assessment).order_by(Assessment.id.desc()).first()
        assert [q["id"] for q in created.segments] == ["department", "role_level", "tenure"]
        assert [o["id"] for o in created.segments[0]["options"]][3] == "research"
        assert created.segment_headcounts == {"department": {"research": 12}}
        assert created.segments[1]["kind"] == "role_level"


def test_a_bad_headcount_is_a_sentence_next_to_its_field(app, admin_client):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    data["g-0-o-1-people"] = ["many"]
    response = _post(admin_client, data, title="Spring", organisation="Acme")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(
        r'<p class="error-message" id="g-0-o-1-people-error">The number of people in “Operations '
        r"and delivery” must be a whole number", page,
    )


def test_the_pasted_text_fills_the_rows(app, admin_client):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    page = _post(
        admin_client, data, groups_edit="text",
        segments="team: Which team?\n- a: Alpha = 7\n- b: Beta\n",
    ).get_data(as_text=True)
    fields = _fields(page)
    assert fields["g-0-text-en"] == ["Which team?"]
    assert fields["g-0-o-0-people"] == ["7"]
    assert "g-1-id" not in fields


def test_a_title_missing_is_said_next_to_the_title(app, admin_client):
    data = _fields(admin_client.get(NEW).get_data(as_text=True))
    response = _post(admin_client, data, title="", organisation="Acme", closes_on="2026-01-01",
                     opens_on="2026-02-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="title-error"' in page
