"""A report a board reads: a short main body, an appendix for the details, no ids or raw
statistics, and headlines that say what changed and how leaders see it differently."""

from __future__ import annotations

import functools
import io

import pypdf
import pytest

from reports import build_pdf
from tests.reports.sample import sample_document, scored_document

#: The main body (cover to the 90-day plan) of the demo-sized report fits in this many pages.
BODY_PAGES = 8


@functools.cache
def _pdf(language: str) -> bytes:
    return build_pdf(scored_document(240, language=language, previous_n=180))


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def outline_pages(pdf: pypdf.PdfReader) -> dict[str, int]:
    """Each top-level outline entry's title and the page (1-based) it leads to."""
    return {entry.title: pdf.get_destination_page_number(entry) + 1
            for entry in pdf.outline if not isinstance(entry, list)}


@pytest.mark.parametrize(("language", "appendix"), [("en", "Appendix"), ("de", "Anhang"),
                                                     ("fr", "Annexe")])
def test_the_main_body_fits_in_eight_pages_and_the_rest_is_an_appendix(language, appendix):
    pdf = reader(_pdf(language))
    starts = outline_pages(pdf)
    assert starts[appendix] <= BODY_PAGES + 1
    assert appendix in pdf.pages[starts[appendix] - 1].extract_text()


def test_the_summary_headlines_the_trend_and_the_leaders_view():
    summary = " ".join(reader(_pdf("en")).pages[1].extract_text().split())
    assert "Since “Spring 2026 readiness survey” the index has moved" in summary
    assert "Leaders see" in summary or "Leaders and everyone else see" in summary
    assert "Change since last time" in summary


def test_no_statement_id_is_printed():
    document = scored_document(240, previous_n=180)
    ids = {item["id"] for d in document["dimensions"] for item in d["items"]}
    words = set(" ".join(page.extract_text() for page in reader(_pdf("en")).pages).split())
    assert not ids & {word.strip(".,;:()") for word in words}


def test_a_negative_alpha_reads_as_answers_that_do_not_hang_together():
    document = sample_document("en")
    document["dimensions"][0]["alpha"] = {"value": -2.25, "ci": [-3.1, -1.2], "n": 150,
                                          "method": "pairwise"}
    text = " ".join(" ".join(page.extract_text() for page in reader(build_pdf(document)).pages)
                    .split())
    assert "answers to these statements do not hang together" in text
    assert "2.25" not in text and "2,25" not in text
    assert "pairwise" not in text


def test_a_section_with_nothing_to_show_is_one_sentence_not_a_page():
    document = sample_document("en")
    document["perception_gap"] = {"available": False, "reason": "fewer than 5 leaders answered",
                                  "dimensions": []}
    document["trend"] = None
    pdf = reader(build_pdf(document))
    starts = outline_pages(pdf)
    page = pdf.pages[starts["Perception gap"] - 1].extract_text()
    assert "The perception gap is not shown: fewer than 5 leaders answered." in page
    # It follows the groups on their page instead of taking a page of its own.
    assert starts["Perception gap"] == starts["Results by group"]
    assert len(page.split()) > 60
