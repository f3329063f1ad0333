"""Importing responses: all or nothing, every problem by line, stored exactly as if submitted."""

import io

import pytest

from readiness import db
from readiness.models import Assessment, Response
from readiness.results import document_for
from tests.admin.helpers import add_responses, make_assessment, page_token

ITEMS = ["lp1", "lp2", "lp3", "lp4", "lp5", "lp6"]


def _upload(client, assessment_id, text: str):
    url = f"/admin/assessments/{assessment_id}/data"
    return client.post(
        f"/admin/assessments/{assessment_id}/import",
        data={"csrf_token": page_token(client, url), "file": (io.BytesIO(text.encode()), "r.csv")},
        content_type="multipart/form-data",
    )


def _count(app, assessment_id, source=None):
    with app.app_context():
        query = db.session().query(Response).filter_by(assessment_id=assessment_id)
        if source:
            query = query.filter_by(source=source)
        return query.count()


def test_a_file_with_one_bad_row_stores_nothing_and_names_the_line(app, admin_client):
    assessment_id = make_assessment(app)
    text = "department,lp1,lp2\nsales,4,5\nops,7,dk\nnowhere,1,2\n"
    response = _upload(admin_client, assessment_id, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Line 3, lp1" in page and "Line 4, department" in page
    assert "Nothing was imported" in page
    assert _count(app, assessment_id) == 0


def test_unknown_columns_are_refused(app, admin_client):
    assessment_id = make_assessment(app)
    response = _upload(admin_client, assessment_id, "lp1,salary\n3,100000\n")
    assert response.status_code == 400
    assert "salary" in response.get_data(as_text=True)
    assert _count(app, assessment_id) == 0


def test_a_file_over_the_size_limit_is_refused(app, admin_client):
    app.config["MAX_IMPORT_BYTES"] = 1000
    assessment_id = make_assessment(app)
    text = "lp1,lp2\n" + "3,4\n" * 400
    response = _upload(admin_client, assessment_id, text)
    assert response.status_code in (400, 413)
    assert _count(app, assessment_id) == 0


@pytest.mark.one_database  # request size, not storage: SQLite covers it
def test_a_file_larger_than_ordinary_forms_is_accepted(app, admin_client):
    assessment_id = make_assessment(app)
    header = ",".join(["department", *ITEMS])
    text = header + "\n" + "sales,4,4,2,4,5,dk\n" * 20_000  # about 380 KB
    assert len(text) > app.config["MAX_CONTENT_LENGTH"]
    response = _upload(admin_client, assessment_id, text)
    assert response.status_code == 302
    assert _count(app, assessment_id, "import") == 20_000


def test_imported_responses_score_exactly_like_submitted_ones(app, admin_client):
    submitted = make_assessment(app, status="closed")
    imported = make_assessment(app, status="closed")
    add_responses(app, submitted, {"sales": 9, "ops": 7})
    with app.app_context():
        stored = db.session().query(Response).filter_by(assessment_id=submitted).all()
        items = sorted({item for r in stored for item in r.answers})
        lines = [",".join(["department", *items])]
        for r in stored:
            cells = ["dk" if r.answers[i] == 0 else str(r.answers[i]) for i in items]
            lines.append(",".join([r.segments["department"], *cells]))
    assert _upload(admin_client, imported, "\n".join(lines) + "\n").status_code == 302
    with app.app_context():
        for_submitted = document_for(db.session().get_one(Assessment, submitted))
        for_imported = document_for(db.session().get_one(Assessment, imported))
        copies = db.session().query(Response).filter_by(assessment_id=imported).all()
        assert {r.source for r in copies} == {"import"}
        assert sorted(tuple(sorted(r.answers.items())) for r in copies) == sorted(
            tuple(sorted(r.answers.items())) for r in stored
        )
    for key in ("n", "index", "dimensions", "segments", "barrier", "recommendations"):
        assert for_imported[key] == for_submitted[key], key


def test_an_export_imports_back_into_a_wave_of_the_same_instrument(app, admin_client):
    source = make_assessment(app, status="closed")
    target = make_assessment(app)
    add_responses(app, source, {"sales": 10, "ops": 10})
    exported = admin_client.get(f"/admin/assessments/{source}/responses.csv")
    assert _upload(admin_client, target, exported.get_data(as_text=True)).status_code == 302
    assert _count(app, target) == 20


def test_an_online_survey_takes_no_imports_open_or_closed(app, admin_client):
    """Imported rows are known to whoever imported them: mixed with online answers they would
    pad a small group until the one real person in it is shown (issue 17, attack 3)."""
    for status in ("open", "closed"):
        assessment_id = make_assessment(app, status=status)
        with app.app_context(), db.writing() as session:
            session.get(Assessment, assessment_id).collection = "online"
        add_responses(app, assessment_id, {"legal": 1, "sales": 10})
        response = _upload(admin_client, assessment_id, "department,lp1\n" + "legal,3\n" * 4)
        assert response.status_code == 400
        assert "cannot also take imported ones" in response.get_data(as_text=True)
        assert _count(app, assessment_id, "import") == 0


def test_importing_into_a_draft_makes_an_imported_assessment_that_never_opens(app, admin_client):
    assessment_id = make_assessment(app)
    assert _upload(admin_client, assessment_id, "lp1\n3\n").status_code == 302
    assert _upload(admin_client, assessment_id, "lp1\n4\n").status_code == 302  # more, fine
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert (assessment.status, assessment.collection) == ("closed", "import")
    page = admin_client.get(f"/admin/assessments/{assessment_id}").get_data(as_text=True)
    assert "Open again" not in page and "holds imported answers" in page
    opened = admin_client.post(
        f"/admin/assessments/{assessment_id}/open",
        data={"csrf_token": page_token(admin_client, f"/admin/assessments/{assessment_id}"),
              "confirmed": "yes"},
        follow_redirects=True,
    )
    assert "cannot also collect answers online" in opened.get_data(as_text=True)
    with app.app_context():
        assert db.session().get(Assessment, assessment_id).status == "closed"


def test_no_import_once_results_were_released(app, admin_client):
    assessment_id = make_assessment(app)
    rows = "department,lp1,lp2,lp3\n" + "sales,3,4,5\n" * 6
    assert _upload(admin_client, assessment_id, rows).status_code == 302
    assert admin_client.get(f"/admin/assessments/{assessment_id}/results.json").status_code == 200
    response = _upload(admin_client, assessment_id, rows)
    assert response.status_code == 400
    assert "have been shared" in response.get_data(as_text=True)
    assert _count(app, assessment_id) == 6


def test_the_import_command_reads_a_file(app, runner, tmp_path):
    assessment_id = make_assessment(app)
    good = tmp_path / "good.csv"
    good.write_text("lp1,lp2\n3,dk\n5,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("lp1\n9\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(assessment_id), str(bad)])
    assert result.exit_code != 0 and "Line 2" in result.output
    result = runner.invoke(args=["import", str(assessment_id), str(good)])
    assert result.exit_code == 0, result.output
    assert _count(app, assessment_id, "import") == 2
