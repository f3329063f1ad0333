"""The curious comms lead against one dimension that only a few answered: 40 people took part,
but only 2 gave any answer to the statements of one dimension (everyone else left them blank).
The results withhold that dimension's score; nothing else may describe those 2 either."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.questions.conftest import make_pulse_assessment
from tests.questions.test_end_to_end import INSTRUMENT, csv_text, pulse_rows, upload

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

DIMENSION = INSTRUMENT.dimensions[0].id
ITEMS = [item.id for item in INSTRUMENT.items_for(None) if item.dimension == DIMENSION]


def _two_answered_one_dimension(app, admin_client) -> int:
    rows = pulse_rows()
    for i, row in enumerate(rows):
        for item in ITEMS:
            row[item] = "5" if i < 2 else ""
    assessment_id = make_pulse_assessment(app)
    assert upload(admin_client, assessment_id, csv_text(rows)).status_code == 302
    return assessment_id


def test_a_dimension_fewer_than_k_answered_shows_no_share_and_no_count(app, admin_client):
    assessment_id = _two_answered_one_dimension(app, admin_client)
    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    found = next(d for d in document["dimensions"] if d["id"] == DIMENSION)
    assert found["score"] is None  # withheld already
    # ... and so must be how those 2 answered, and that they were 2
    for share in ("favourable", "neutral", "unfavourable"):
        assert found[share]["share"] is None, (share, found[share])
    assert found["dont_know_share"] is None
    assert found["n"] is None and found["alpha"]["n"] is None


def test_the_page_and_the_pdf_print_no_share_of_those_few(app, admin_client):
    assessment_id = _two_answered_one_dimension(app, admin_client)
    name = INSTRUMENT.dimensions[0].names["en"]
    page = admin_client.get(f"/admin/assessments/{assessment_id}/results").get_data(as_text=True)
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if name in row]
    assert rows, "the dimension's row is on the page"
    for row in rows:
        cells = re.sub(r"<[^>]+>", "|", row)
        assert "%" not in cells, cells  # no favourable or don't-know share of the 2
    pdf = admin_client.get(f"/admin/assessments/{assessment_id}/results.pdf").data
    lines = [line for p in PdfReader(io.BytesIO(pdf)).pages
             for line in p.extract_text().splitlines() if line.startswith(name)]
    assert lines, "the dimension is in the PDF"
    for line in lines:
        assert "%" not in line, line  # the 2's favourable share (67%) is not printed


def test_an_item_fewer_than_k_answered_gives_no_count_away_through_dont_know(app,
                                                                            admin_client):
    """3 of 40 give an opinion on one statement and 37 say "don't know" (nobody leaves it
    blank): the statement's count is withheld, but 40 minus its "don't know" count would say
    3, and its don't-know share (92.5%) the same."""
    item = ITEMS[0]
    rows = pulse_rows()
    for i, row in enumerate(rows):
        row[item] = "4" if i < 3 else "0"
    assessment_id = make_pulse_assessment(app)
    assert upload(admin_client, assessment_id, csv_text(rows)).status_code == 302
    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    found = next(i for d in document["dimensions"] for i in d["items"] if i["id"] == item)
    assert found["n"] is None  # withheld already
    shown = found["dont_know"]
    assert shown is None or document["n"] - shown == 0 or document["n"] - shown >= 5, found
    assert found["dont_know_share"] is None, found
