"""Hostile text in every field people fill stays text: on every page, in the PDF, in the CSV.

The hostile world was built through the real forms: the assessment's title, organisation,
segment question and options, a user's name, a report link's label, respondents' open answers
(each also starting with a formula character), and an imported CSV.
"""

from __future__ import annotations

import csv
import io

from pypdf import PdfReader

from .conftest import (
    EVALUATED,
    FORMULA_STARTS,
    HOSTILE,
    assert_inert_html,
    page_token,
)


def test_every_page_for_every_visitor_shows_hostile_text_inert(swept):
    seen_escaped = 0
    for endpoint, _url, who, response in swept:
        if response.mimetype in ("text/html", "image/svg+xml"):
            body = response.get_data(as_text=True)
            assert_inert_html(body, f"{endpoint} for {who}")
            seen_escaped += "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # The sweep saw the hostile text itself (escaped) on the pages that show it.
    assert seen_escaped >= 5


def _swept(swept, endpoint):
    return next(response for found, _url, _who, response in swept if found == endpoint)


def test_results_pages_show_the_comments_and_labels_escaped(swept):
    for endpoint in ("admin.results", "report.results", "report.link"):
        body = _swept(swept, endpoint).get_data(as_text=True)
        assert "[comment 0]" in body and "[option sales]" in body, endpoint
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, endpoint
        assert_inert_html(body, endpoint)


def test_the_console_pages_that_echo_text_back_escape_it(hostile_world):
    admin, values = hostile_world["admin"], hostile_world["values"]
    assessment = f"/admin/assessments/{values['assessment_id']}"
    for path in ("/admin/", "/admin/users", "/admin/audit", assessment, f"{assessment}/edit",
                 f"{assessment}/access", f"{assessment}/share", f"{assessment}/progress",
                 f"{assessment}/preview/about", f"{assessment}/data"):
        body = admin.get(path).get_data(as_text=True)
        assert "[" in body
        assert_inert_html(body, path)


def test_a_rejected_import_echoes_hostile_cells_escaped(hostile_world):
    admin, values = hostile_world["admin"], hostile_world["values"]
    data_page = f"/admin/assessments/{values['assessment_id']}/data"
    rows = f'department,lp1\n"{HOSTILE}","{HOSTILE}"\n'.encode()
    response = admin.post(
        f"/admin/assessments/{values['assessment_id']}/import",
        data={"csrf_token": page_token(admin, data_page), "file": (io.BytesIO(rows), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "&lt;script&gt;" in body
    assert_inert_html(body, "import problems")


def test_survey_pages_show_the_assessment_texts_escaped(hostile_app, hostile_world):
    values = hostile_world["values"]
    from tests.respond.conftest import Respondent

    respondent = Respondent(hostile_app.test_client(), values["public_id"])
    pages = [respondent.open()]
    respondent.start()
    pages += [respondent.open("/p/about"), respondent.open("/p/review")]
    for page in pages:
        body = page.get_data(as_text=True)
        assert "[organisation]" in body or "[segment question]" in body
        assert_inert_html(body, page.request.path)


def test_the_pdf_prints_hostile_text_literally(swept):
    response = _swept(swept, "report.link_pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    # Markup-looking text was printed, not interpreted (ReportLab would have eaten the tags).
    assert "<script>alert(1)</script>" in flat
    assert "{{7*7}}" in flat
    assert "[comment 0]" in flat and "[title]" in " ".join((reader.metadata or {}).values()) + flat
    assert EVALUATED not in flat


def _cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def test_every_csv_neutralises_formulas(hostile_world):
    admin, values = hostile_world["admin"], hostile_world["values"]
    assessment = f"/admin/assessments/{values['assessment_id']}"
    codes = admin.post(f"{assessment}/share/codes",
                       data={"csrf_token": page_token(admin, f"{assessment}/share"), "count": "3"})
    bodies = {
        "responses": admin.get(f"{assessment}/responses.csv").get_data(as_text=True),
        "codebook": admin.get(f"{assessment}/codebook.csv").get_data(as_text=True),
        "codes": codes.get_data(as_text=True),
    }
    assert "[option sales]" in bodies["codebook"]
    for name, body in bodies.items():
        for cell in _cells(body):
            assert not cell.startswith((*FORMULA_STARTS, "\t", "\r")), (name, cell)


def test_the_json_results_keep_hostile_text_as_data(hostile_world):
    admin, values = hostile_world["admin"], hostile_world["values"]
    response = admin.get(f"/admin/assessments/{values['assessment_id']}/results.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["assessment"]["title"].startswith(HOSTILE)
