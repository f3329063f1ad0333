"""Anonymised CSV export: neutralised cells, protected segments, a codebook, a round trip."""

import csv
import io
import random
from collections import Counter

import pytest

from readiness import db
from readiness.exports import neutralise, protected_segments, responses_csv
from readiness.models import Assessment, Response
from tests.admin.helpers import add_responses, make_assessment


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain", "1", "", " =x", 3])
def test_neutralise_leaves_everything_else_alone(cell):
    assert neutralise(cell) == cell


def _rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_export_has_one_row_per_response_and_no_dates(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    response = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="readiness-spring-survey-responses.csv"'
    )
    rows = _rows(response.get_data(as_text=True))
    assert rows[0][0] == "department" and "lp1" in rows[0]
    assert not any("day" in name or "date" in name for name in rows[0])
    assert len(rows) == 22


def test_small_segment_groups_are_blanked_in_the_export(app):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9, "legal": 2})
    with app.app_context():
        text = responses_csv(db.session().get(Assessment, assessment_id))
    departments = [row[0] for row in _rows(text)[1:]]
    assert "legal" not in departments
    assert departments.count("sales") == 12
    # ops is the next smallest and hidden too, or legal = total - sales - ops would show.
    assert "ops" not in departments


def test_rare_combinations_of_segment_answers_are_blanked():
    from surveys.loader import default_instrument

    questions = default_instrument().segments[:2]  # department, location
    rows = (
        [{"department": "operations", "location": "head_office"}] * 6
        + [{"department": "operations", "location": "remote"}] * 5
        + [{"department": "operations", "location": "on_site"}] * 5
        + [{"department": "client_services", "location": "remote"}] * 6
        + [{"department": "client_services", "location": "on_site"}] * 1
    )
    found = protected_segments(rows, questions, 5)
    combinations = {}
    for values in found:
        combinations[tuple(values)] = combinations.get(tuple(values), 0) + 1
    informative = {values: n for values, n in combinations.items() if any(values)}
    assert all(count >= 5 for count in informative.values())
    # Rule 2 alone would keep operations x head office (6) and blank "on site": but the
    # results show "on site" (6), and the five operations rows left without a location would
    # be its operations people, leaving the one in client services. So the location goes.
    assert combinations == {("operations", ""): 16, ("client_services", ""): 7}


def test_combinations_that_no_shown_group_can_be_subtracted_from_are_kept():
    from surveys.loader import default_instrument

    questions = default_instrument().segments[:2]  # department, location
    rows = (
        [{"department": "operations", "location": "head_office"}] * 6
        + [{"department": "operations", "location": "remote"}] * 5
        + [{"department": "operations", "location": "on_site"}] * 5
        + [{"department": "client_services", "location": "remote"}] * 7
    )
    found = Counter(map(tuple, protected_segments(rows, questions, 5)))
    assert found == {("operations", "head_office"): 6, ("operations", "remote"): 5,
                     ("operations", "on_site"): 5, ("client_services", "remote"): 7}


def test_cells_that_look_like_formulas_are_neutralised_and_round_trip(app):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 6})
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assessment.title = "=HYPERLINK(evil)"
        from readiness.exports import codebook_csv, write_csv

        text = write_csv(["a", "b"], [["=1+2", "@x"], ["-3", "ok"]])
        codebook = codebook_csv(assessment)
    assert _rows(text) == [["a", "b"], ["'=1+2", "'@x"], ["'-3", "ok"]]
    header, *entries = _rows(codebook)
    assert header == ["column", "type", "dimension", "text", "reverse", "values"]
    lp3 = next(row for row in entries if row[0] == "lp3")
    assert lp3[1:3] == ["item", "leadership_presence"] and lp3[4] == "yes"
    assert lp3[5].startswith("1=Strongly disagree")


def test_rows_are_shuffled(app):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 10, "ops": 10})
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        first = responses_csv(assessment, random.Random(1))
        second = responses_csv(assessment, random.Random(2))
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert first != second


def test_export_is_refused_below_k(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 3})
    response = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    assert response.status_code == 302


def test_dont_know_and_skipped_answers_are_exported_as_dk_and_blank(app):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 5})
    with app.app_context(), db.writing() as session:
        for response in session.query(Response).all():
            response.answers = {"lp1": 0, "lp2": 4}
    with app.app_context():
        rows = _rows(responses_csv(db.session().get(Assessment, assessment_id)))
    header = rows[0]
    for row in rows[1:]:
        assert row[header.index("lp1")] == "dk"
        assert row[header.index("lp2")] == "4"
        assert row[header.index("lp3")] == ""


def test_a_dimension_too_few_have_a_score_for_is_left_out_of_the_download(app, admin_client):
    """Twelve answered Ownership, but nine only one statement of it: three have its score,
    which the results withhold, so the file leaves its statements out in every row (the three
    rows would show those three scores)."""
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 12})
    with app.app_context(), db.writing() as session:
        for response in session.query(Response).order_by(Response.id).all()[3:]:
            response.answers = {item: value for item, value in response.answers.items()
                                if not item.startswith("ow") or item == "ow1"}
    response = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    header, *rows = _rows(response.get_data(as_text=True))
    ownership = [header.index(name) for name in header if name.startswith("ow")]
    leadership = [header.index(name) for name in header if name.startswith("lp")]
    assert ownership and all(row[c] == "" for row in rows for c in ownership)
    assert all(row[c] for row in rows for c in leadership)
