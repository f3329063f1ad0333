"""The PDF report, read back with pypdf: same figures as the document, well-formed PDF."""

from __future__ import annotations

import io

import pypdf
import pytest

from reports import ReportBuilder, ReportError, build_pdf
from reports.texts import labels
from tests.reports.conftest import squeezed, text_of
from tests.reports.sample import sample_document


def test_pdf_shows_the_index_and_stage(english_pdf, document):
    text = text_of(english_pdf)
    assert "56.8" in text
    assert document["index"]["stage_name"] in text
    assert "95% interval 54.4 to 59.2" in text


def test_pdf_shows_every_dimension_score(english_pdf, document):
    text = text_of(english_pdf)
    for dimension in document["dimensions"]:
        assert f"{dimension['name']}: " in text or dimension["name"] in text
        assert f"Score {dimension['score']:.1f} of 100" in text


def test_executive_summary_lists_the_three_top_actions_first(english_pdf, document):
    summary = english_pdf.pages[1].extract_text()
    ranked = sorted(document["recommendations"], key=lambda r: r["priority"], reverse=True)
    for action in ranked[:3]:
        assert action["title"] in summary
    assert ranked[3]["title"] not in summary


def test_executive_summary_fits_on_one_page(english_pdf):
    assert "Executive summary" in english_pdf.pages[1].extract_text()
    assert "The dimensions at a glance" in english_pdf.pages[2].extract_text()


def test_pages_are_numbered_page_of_total(english_pdf):
    total = len(english_pdf.pages)
    assert total >= 8
    assert f"Page 2 of {total}" in english_pdf.pages[1].extract_text()
    assert f"Page {total} of {total}" in english_pdf.pages[-1].extract_text()


def test_outline_has_an_entry_per_section(english_pdf):
    top_level = [entry.title for entry in english_pdf.outline if not isinstance(entry, list)]
    assert top_level == [
        "Executive summary", "The dimensions at a glance", "What holds you back",
        "Results by group", "Perception gap", "Change since the last assessment",
        "The five most important actions", "Appendix",
    ]


def test_every_outline_entry_leads_to_the_page_its_heading_is_on(english_pdf):
    def entries(outline):
        for entry in outline:
            yield from entries(entry) if isinstance(entry, list) else [entry]

    found = list(entries(english_pdf.outline))
    assert len(found) > 10
    for entry in found:
        page = english_pdf.get_destination_page_number(entry)
        assert entry.title in " ".join(english_pdf.pages[page].extract_text().split()), entry.title
    assert len({english_pdf.get_destination_page_number(entry) for entry in found}) > 5


def test_metadata_names_title_author_subject_and_creator(english_pdf, document):
    metadata = english_pdf.metadata
    instrument = document["assessment"]["instrument"]["title"]
    assert metadata.title == f"{instrument}: Autumn 2026 readiness survey"
    assert metadata.author == document["assessment"]["organisation"]
    assert metadata.subject == document["assessment"]["title"]
    assert metadata.creator == "Readiness"


def test_every_font_is_embedded(english_pdf):
    fonts = {}
    for page in english_pdf.pages:
        resources = page["/Resources"]
        for name, font in (resources.get("/Font") or {}).items():
            fonts[name] = font.get_object()
    assert fonts
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]


def test_a4_is_the_default_and_letter_is_available(document):
    a4 = pypdf.PdfReader(io.BytesIO(build_pdf(document))).pages[0].mediabox
    letter = pypdf.PdfReader(io.BytesIO(build_pdf(document, "letter"))).pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.width), round(letter.height)) == (612, 792)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["Zusammenfassung für die Leitung", "Seite 2 von", "56,8",
                "Die Dimensionen im Überblick", "90-Tage-Plan", "Methodik und Reliabilität"]),
        ("fr", ["Synthèse pour la direction", "Page 2 sur", "56,8",
                "Les dimensions en un coup d'œil", "Plan à 90 jours",
                "Méthodologie et fiabilité"]),
    ],
)
def test_report_is_printed_in_the_document_language(language, expected):
    from tests.reports.sample import sample_document

    text = text_of(build_pdf(sample_document(language)))
    for label in expected:
        assert label in text
    assert "Executive summary" not in text


def test_suppressed_document_says_why_and_shows_no_figures(suppressed, document):
    pdf = build_pdf(suppressed)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = text_of(reader)
    assert "Not enough responses" in text
    assert "Fewer than 5 people have answered this survey" in text
    for dimension in document["dimensions"]:
        assert f"{dimension['score']:.1f}" not in text
    assert "56.8" not in text
    assert len(reader.pages) <= 3
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"]


def test_charts_are_vector_drawings_not_pictures(english_pdf):
    assert not any(page.images for page in english_pdf.pages)
    band_names = [band["name"] for band in sample_document("en")["bands"]]
    cover = english_pdf.pages[0].extract_text()
    assert all(name in cover for name in band_names)  # drawn in the gauge, as text


def test_comments_are_left_out_until_released(document):
    document["comments"]["released"] = False
    text = text_of(build_pdf(document))
    assert "Open comments" not in text
    assert "Being told off for a joke." not in text


def test_released_comments_are_shown(english_pdf):
    assert "Being told off for a joke." in text_of(english_pdf)


def test_missing_perception_gap_is_explained_in_one_line(document):
    document["perception_gap"] = {"available": False, "reason": "fewer than k leaders",
                                  "leaders_n": None, "others_n": None, "dimensions": []}
    text = text_of(build_pdf(document))
    assert "The perception gap is not shown: fewer than k leaders." in text


def test_hidden_groups_say_why_in_the_segment_table(english_pdf):
    text = text_of(english_pdf)
    assert "hidden (fewer than 5)" in text
    assert "hidden (protects a small group)" in text


def test_caveat_appears_when_reliability_is_low(english_pdf):
    assert "Read with care" in english_pdf.pages[1].extract_text()


def test_no_caveat_when_n_and_reliability_are_fine(document):
    document["reliability"]["low_alpha"] = []
    summary = pypdf.PdfReader(io.BytesIO(build_pdf(document))).pages[1].extract_text()
    assert "Read with care" not in summary


def test_wrong_schema_is_refused(document):
    document["schema"] = "something/else"
    with pytest.raises(ReportError, match="readiness.results/1"):
        ReportBuilder(document)


def test_unknown_page_size_is_refused(document):
    with pytest.raises(ReportError, match="page size"):
        ReportBuilder(document, page_size="A3")


def test_report_from_scoring_shows_its_figures(scored):
    text = text_of(build_pdf(scored))
    words = labels("en")
    assert words.number(scored["index"]["score"]) in text
    assert scored["index"]["stage_name"] in text
    for dimension in scored["dimensions"]:
        assert f"Score {words.number(dimension['score'])} of 100" in text
    for action in scored["recommendations"][:3]:
        assert squeezed(action["title"]) in squeezed(text)


def test_german_report_from_scoring_builds():
    from tests.reports.sample import scored_document

    text = text_of(build_pdf(scored_document(120, language="de")))
    assert "Bereitschaftsindex" in text
