"""The results page explains itself: why the barrier is the barrier, a heading for every
heatmap, and reliability in words (never a negative alpha)."""

import html
import re

import pytest
from flask_babel import force_locale

from readiness.admin import demo
from readiness.presenting import barrier_reason, reliability_words
from tests.admin.helpers import login

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

PASSWORD = re.compile(r"demo@example\.org\s+password: (\S+)")


@pytest.fixture
def demo_lead(app, runner):
    password = PASSWORD.search(runner.invoke(args=["seed-demo"]).output).group(1)
    with app.app_context():
        demo_id = demo.find_demo().id
    return login(app.test_client(), "demo@example.org", password), demo_id


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_summary_says_why_the_barrier_is_the_barrier(demo_lead):
    client, demo_id = demo_lead
    document = client.get(f"/admin/assessments/{demo_id}/results.json").get_json()
    barrier = document["barrier"]
    lower = [d for d in document["dimensions"]
             if d["score"] < barrier["score"] and d["id"] != barrier["id"]]
    page = page_text(client, f"/admin/assessments/{demo_id}/results")
    summary = page[page.index('id="summary-title"'):page.index('id="dimensions-title"')]
    first = f"{barrier['name']} ({barrier['score']:.1f}) is the first foundation below 55."
    assert first in summary
    assert "Readiness is built in this order: Ownership → " in summary
    for dimension in lower:  # e.g. a lower decision speed: it builds on the barrier
        assert f"{dimension['name']} ({dimension['score']:.1f})" in summary


def test_the_reason_is_written_in_the_reading_language(demo_lead):
    client, demo_id = demo_lead
    page = page_text(client, f"/admin/assessments/{demo_id}/results?language=de")
    assert "ist die erste Grundlage unter 55" in page
    assert "Bereitschaft baut in dieser Reihenfolge auf" in page


def test_every_heatmap_has_a_heading_naming_its_question(demo_lead):
    client, demo_id = demo_lead
    document = client.get(f"/admin/assessments/{demo_id}/results.json").get_json()
    page = client.get(f"/admin/assessments/{demo_id}/results").get_data(as_text=True)
    headings = re.findall(r'<h3 class="segment-question"[^>]*>([^<]*)</h3>\s*<figure', page)
    assert [html.unescape(h) for h in headings] == [s["name"] for s in document["segments"]]


def test_reliability_is_shown_in_words_per_dimension(demo_lead):
    client, demo_id = demo_lead
    page = page_text(client, f"/admin/assessments/{demo_id}/results")
    assert "Answers hang together?" in page
    assert re.search(r"yes \(0\.\d\d\)|less than we would like \(0\.\d\d\)", page)


@pytest.mark.parametrize(("alpha", "words"), [
    (-2.25, "answers to these statements do not hang together"),
    (None, "too few answers to tell"),
    (0.55, "less than we would like (0.55)"),
    (0.82, "yes (0.82)"),
])
def test_alpha_in_words_never_a_negative_number(app, alpha, words):
    with app.test_request_context(), force_locale("en"):
        assert reliability_words({"alpha": {"value": alpha}}) == words
    with app.test_request_context(), force_locale("de"):
        assert "-2" not in reliability_words({"alpha": {"value": -2.25}})


def test_no_barrier_no_reason(app):
    with app.test_request_context(), force_locale("en"):
        assert barrier_reason({"barrier": None, "dimensions": []}, 55) == []
