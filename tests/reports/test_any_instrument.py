"""Any instrument gets a correct report: a custom five-dimension instrument without a gating
table, recommendation library, "don't know" option or bands of its own is reported under its
own title, and its method describes only the rules it uses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from reports import build_pdf
from scoring.document import build_document
from surveys.errors import InstrumentError
from surveys.loader import instrument_from_text, load_instrument
from tests.reports.sample import synthetic_responses

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

CUSTOM = Path(__file__).with_name("data") / "team_pulse.toml"
GATING_OFF = '\n[gating]\nmax_bands_above_weakest = 4\nsecurity_dimension = ""\n'


def custom_document(language: str, text: str | None = None) -> dict:
    instrument = (instrument_from_text(text) if text is not None
                  else load_instrument(CUSTOM))
    responses = synthetic_responses(instrument, 120, seed=3)
    details = {"id": 1, "title": "Spring pulse", "organisation": "Fabrikam",
               "sector": "private", "opens_on": "2026-03-02", "closes_on": "2026-03-16"}
    return build_document(instrument, responses, assessment=details, language=language,
                          headcount=300, seed=3)


def pdf_text(document: dict) -> str:
    reader = pypdf.PdfReader(io.BytesIO(build_pdf(document)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_custom_instrument_is_valid_without_gating_library_dont_know_or_bands():
    instrument = load_instrument(CUSTOM)
    assert len(instrument.dimensions) == 5
    assert instrument.recommendation_library == ""
    assert instrument.scale.dont_know == {}
    assert [band.id for band in instrument.bands][0] == "unprepared"
    assert instrument.gating.security_dimension is None


@pytest.mark.parametrize(("language", "title"), [("en", "Team pulse check"),
                                                  ("de", "Team-Pulsbefragung"),
                                                  ("fr", "Baromètre d'équipe")])
def test_a_custom_instrument_report_takes_its_title_from_the_instrument(language, title):
    document = custom_document(language)
    reader = pypdf.PdfReader(io.BytesIO(build_pdf(document)))
    assert title.upper() in reader.pages[0].extract_text()
    assert reader.metadata.title.startswith(title)
    text = pdf_text(document)
    assert "social media" not in text.lower() and "sociales" not in text.lower()


def test_its_method_names_only_the_rules_it_uses():
    text = pdf_text(custom_document("en"))
    assert "weakest dimension" in text  # the default gate applies without a gating table
    assert "caps the stage" not in text  # no security cap
    assert "Don't know" not in text and "don't know" not in text
    assert "Blank answers count as missing" in text
    assert "no library of recommended actions" in text
    assert "90-day plan" not in text


def test_with_gating_switched_off_the_method_says_the_stage_follows_the_index():
    document = custom_document("en", CUSTOM.read_text() + GATING_OFF)
    assert document["rules"]["weakest_gate"] is None
    assert document["rules"]["security_cap"] is None
    text = pdf_text(document)
    assert "The stage follows the index alone" in text
    assert "weakest dimension" not in text and "caps the stage" not in text


def test_an_unknown_recommendation_library_is_a_validation_problem():
    text = CUSTOM.read_text().replace('id = "team-pulse"',
                                      'id = "team-pulse"\nrecommendation_library = "nope_v1"')
    with pytest.raises(InstrumentError) as raised:
        instrument_from_text(text, source="pulse.toml")
    assert 'unknown recommendation library "nope_v1"' in str(raised.value)


def test_the_results_and_report_commands_handle_a_custom_instrument(app, runner, tmp_path):
    from tests.admin.helpers import add_responses, close_assessment

    created = runner.invoke(args=["create-assessment", "--title", "Spring pulse",
                                  "--organisation", "Fabrikam", "--instrument-file", str(CUSTOM),
                                  "--language", "en", "--language", "de", "--open"])
    assert created.exit_code == 0, created.output
    assessment_id = int(created.output.split("assessment ")[1].split(" ")[0])
    add_responses(app, assessment_id, {"": 40})
    close_assessment(app, assessment_id)
    results = runner.invoke(args=["results", str(assessment_id)])
    assert results.exit_code == 0, results.output
    document = json.loads(results.output)
    assert document["recommendations"] == [] and document["rules"]["library"] is None
    output = tmp_path / "pulse.pdf"
    report = runner.invoke(args=["report", str(assessment_id), "--output", str(output),
                                 "--language", "de"])
    assert report.exit_code == 0, report.output
    assert "TEAM-PULSBEFRAGUNG" in pypdf.PdfReader(output).pages[0].extract_text()
