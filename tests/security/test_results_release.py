"""Results are released only once the survey closes (SECURITY.md, "Watching results over time").

Suppression protects each snapshot of the results, not the difference between two: someone who
looks before and after one known person answers would learn that person's answers. So while a
survey is open every results page, download and command says so, and shows no figures.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from readiness import db
from readiness.config import from_environment
from readiness.models import Assessment
from readiness.results import WITHHELD_MESSAGE, document_for
from tests.admin.helpers import (
    add_responses,
    close_assessment,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, make_user

MESSAGE = "Results appear when the survey closes"
FIGURES = ("Readiness index", "/ 100")


@pytest.fixture
def survey(app):
    """An open survey with 21 answers, a viewer granted it, a report link; three clients."""
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    assessment_id = make_assessment(app, status="open")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    grant_viewer(app, assessment_id, viewer_id)
    _, token = make_report_link(app, assessment_id)
    with app.app_context():
        score = document_for(db.session().get(Assessment, assessment_id))["index"]["score"]
    return {
        "id": assessment_id,
        "token": token,
        "index": f"{score:.1f}",
        "admin": login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD),
        "viewer": login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD),
        "anonymous": app.test_client(),
    }


def _pages(s) -> list[tuple[str, str]]:
    base = f"/admin/assessments/{s['id']}"
    return [
        ("admin", f"{base}/results"),
        ("viewer", f"/report/{s['id']}"),
        ("admin", f"/report/{s['id']}"),
        ("anonymous", f"/report/link/{s['token']}"),
    ]


def _downloads(s) -> list[tuple[str, str]]:
    base = f"/admin/assessments/{s['id']}"
    return [
        ("admin", f"{base}/results.json"),
        ("admin", f"{base}/results.pdf"),
        ("admin", f"{base}/responses.csv"),
        ("viewer", f"/report/{s['id']}/report.pdf"),
        ("anonymous", f"/report/link/{s['token']}/report.pdf"),
    ]


def _assert_withheld_page(response, where):
    body = response.get_data(as_text=True)
    assert response.status_code == 200, where
    assert MESSAGE in body, where
    for figure in FIGURES:
        assert figure not in body, (where, figure)
    assert "<svg" not in body, where
    assert "results.json" not in body and "report.pdf" not in body, where  # no dead links


def _assert_withheld_download(response, where, index):
    assert response.status_code == 409, where
    assert response.mimetype == "text/plain", where
    assert response.get_data(as_text=True).strip() == WITHHELD_MESSAGE, where
    assert "attachment" not in response.headers.get("Content-Disposition", ""), where
    assert index not in response.get_data(as_text=True), where
    assert response.headers["Cache-Control"] == "no-store", where


def test_while_open_every_results_page_says_so_and_shows_no_figures(survey):
    for who, url in _pages(survey):
        _assert_withheld_page(survey[who].get(url), (who, url))


def test_while_open_every_results_download_is_refused_with_409(survey):
    for who, url in _downloads(survey):
        _assert_withheld_download(survey[who].get(url), (who, url), survey["index"])


def _assert_released(s):
    for who, url in _pages(s):
        response = s[who].get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, (who, url)
        assert MESSAGE not in body, (who, url)
        assert "Readiness index" in body and s["index"] in body, (who, url)
    for who, url in _downloads(s):
        response = s[who].get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        assert response.headers["Content-Disposition"].startswith("attachment"), (who, url)
    document = s["admin"].get(f"/admin/assessments/{s['id']}/results.json").get_json()
    assert f"{document['index']['score']:.1f}" == s["index"]


@pytest.mark.one_database  # pages and PDFs: SQLite covers it
def test_once_closed_the_same_pages_and_downloads_carry_the_figures(app, survey):
    close_assessment(app, survey["id"])
    _assert_released(survey)


def test_an_open_survey_past_its_closing_day_counts_as_closed(app, survey):
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, survey["id"])
        assessment.opens_on = date.today() - timedelta(days=10)
        assessment.closes_on = date.today() - timedelta(days=1)
    _assert_released(survey)


def test_an_open_survey_on_its_closing_day_is_still_withheld(app, survey):
    with app.app_context(), db.writing() as session:
        session.get(Assessment, survey["id"]).closes_on = date.today()
    _assert_withheld_page(survey["admin"].get(f"/admin/assessments/{survey['id']}/results"), "")


def test_no_setting_releases_results_while_a_survey_is_open():
    from readiness.config import DEFAULTS

    # There used to be one; every release of an open survey could be differenced.
    assert "RESULTS_WHILE_OPEN" not in DEFAULTS
    assert from_environment({"READINESS_RESULTS_WHILE_OPEN": "true"}) == {}


def test_the_data_page_offers_no_figures_while_open_and_refuses_imports(app, survey):
    admin, base = survey["admin"], f"/admin/assessments/{survey['id']}"
    body = admin.get(f"{base}/data").get_data(as_text=True)
    assert MESSAGE in body
    assert "responses.csv" not in body and "results.json" not in body
    assert "codebook.csv" in body  # the import's column guide carries no answers
    codebook = admin.get(f"{base}/codebook.csv")
    assert codebook.status_code == 200 and "lp1" in codebook.get_data(as_text=True)
    from tests.admin.helpers import page_token

    imported = admin.post(
        f"{base}/import",
        data={
            "csrf_token": page_token(admin, f"{base}/data"),
            "file": (__import__("io").BytesIO(b"department,lp1\nsales,4\nops,3\n"), "in.csv"),
        },
        content_type="multipart/form-data",
    )
    assert imported.status_code == 400
    assert "cannot also take imported ones" in imported.get_data(as_text=True)
    with app.app_context():
        from readiness.assessments import response_count

        assert response_count(db.session().get(Assessment, survey["id"])) == 21


def test_progress_stays_visible_while_open_with_groups_below_k_hidden(app, survey):
    add_responses(app, survey["id"], {"legal": 2}, seed=3)
    response = survey["admin"].get(f"/admin/assessments/{survey['id']}/progress.json")
    progress = response.get_json()
    assert progress["responses"] == 23
    groups = {g["option"]: g for g in progress["segments"][0]["groups"]}
    assert groups["legal"]["hidden"] and groups["legal"]["n"] is None
    assert progress["days"] and progress["rate"] is not None


def test_commands_refuse_while_open_and_work_once_closed(app, survey, tmp_path):
    runner = app.test_cli_runner()
    reference = str(survey["id"])
    pdf, csv = tmp_path / "report.pdf", tmp_path / "responses.csv"
    commands = {
        "results": ["results", reference],
        "report": ["report", reference, "--output", str(pdf)],
        "export": ["export", reference, "--output", str(csv)],
    }
    for name, args in commands.items():
        result = runner.invoke(args=args)
        assert result.exit_code != 0, name
        assert WITHHELD_MESSAGE in " ".join(result.output.split()), name
        assert survey["index"] not in result.output and '"index"' not in result.output, name
    assert not pdf.exists() and not csv.exists()

    close_assessment(app, survey["id"])
    result = runner.invoke(args=commands["results"])
    assert result.exit_code == 0, result.output
    assert f"{json.loads(result.output)['index']['score']:.1f}" == survey["index"]
    result = runner.invoke(args=commands["export"])
    assert result.exit_code == 0, result.output
    assert csv.read_text().count("\n") == 22
    result = runner.invoke(args=commands["report"])
    if "not available in this build" not in result.output:
        assert result.exit_code == 0, result.output
        assert pdf.read_bytes().startswith(b"%PDF")


def test_an_open_earlier_wave_does_not_leak_through_the_trend(app, survey):
    later = make_assessment(app, status="closed", previous_id=survey["id"])
    add_responses(app, later, {"sales": 6, "ops": 6}, seed=2)
    trend = survey["admin"].get(f"/admin/assessments/{later}/results.json").get_json()["trend"]
    assert trend is None
    close_assessment(app, survey["id"])
    trend = survey["admin"].get(f"/admin/assessments/{later}/results.json").get_json()["trend"]
    assert trend is not None and trend["previous"]["n"] == 21


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "sobald die Umfrage geschlossen ist"), ("fr", "à la clôture de l'enquête")],
)
def test_the_withheld_message_speaks_the_readers_language(survey, language, expected):
    page = survey["anonymous"].get(
        f"/report/link/{survey['token']}", headers={"Accept-Language": language}
    )
    text = page.get_data(as_text=True).replace("&#39;", "'")
    assert expected in text
    assert survey["index"] not in text
