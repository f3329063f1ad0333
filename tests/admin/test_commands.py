"""The console's commands: the demo, its report, results as JSON, export."""

import csv
import json
import re

import pytest

from readiness import db
from readiness.admin import demo
from readiness.models import Assessment, Comment, Response
from tests.admin.helpers import add_responses, login, make_assessment

PASSWORD = re.compile(r"demo@example\.org\s+password: (\S+)")


def test_seed_demo_replaces_the_demo_and_prints_a_fresh_password_each_time(app, runner):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    old, new = PASSWORD.search(first.output).group(1), PASSWORD.search(second.output).group(1)
    assert old != new
    with app.app_context():
        session = db.session()
        titles = sorted(a.title for a in session.query(Assessment))
        assert titles == [demo.TITLE, demo.EARLIER_TITLE]
        current = demo.find_demo()
        assert session.query(Response).filter_by(assessment_id=current.id).count() == 241
        assert session.query(Comment).filter_by(assessment_id=current.id).count() >= 20
        assert current.previous_id is not None
    login(app.test_client(), "demo@example.org", new)


def test_the_demo_shows_suppression_a_trend_and_released_comments(app, runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["results", "demo"])
    document = json.loads(result.output)
    department = next(s for s in document["segments"] if s["id"] == "department")
    legal = next(g for g in department["groups"] if g["value"] == "legal")
    assert legal["suppressed"] and legal["n"] is None
    assert document["trend"] is not None
    assert document["comments"]["released"]
    assert document["barrier"]["id"] == "ownership"


@pytest.mark.one_database  # the PDF: SQLite covers it
def test_report_demo_writes_a_pdf(runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    output = tmp_path / "out" / "demo.pdf"
    result = runner.invoke(args=["report", "demo", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")


def test_report_of_an_unknown_assessment_says_so(runner, tmp_path):
    result = runner.invoke(args=["report", "999", "--output", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no assessment 999" in result.output


def test_export_writes_responses_and_codebook(app, runner, tmp_path):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 6, "ops": 6})
    output = tmp_path / "responses.csv"
    result = runner.invoke(args=["export", str(assessment_id), "--output", str(output)])
    assert result.exit_code == 0, result.output
    with output.open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 13
    assert (tmp_path / "responses-codebook.csv").exists()
