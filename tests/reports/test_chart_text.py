"""Every label is drawn whole in every chart, in every language the report is printed in.

The charts reach the PDF as vector drawings with real text, so the test reads exactly what a
reader sees: the strings of each chart's drawing, and the text of the finished PDF (pypdf).
A label counts as whole when its words appear, in order and unbroken, among the drawn words:
a label cut short ("Umgang mit…") or broken inside a word ("Siche|rheitsrisiken") fails.
"""

from __future__ import annotations

import functools
import io

import pypdf
import pytest

from reports import build_pdf
from reports.charts import document_charts
from reports.charts.render import drawn_texts, to_drawing
from reports.texts import labels
from tests.reports.sample import scored_document

LANGUAGES = ("en", "de", "fr")


@functools.cache
def _document(language: str) -> dict:
    return scored_document(240, language=language, previous_n=180)


@functools.cache
def _pdf(language: str) -> pypdf.PdfReader:
    """The document's PDF, built once per language for the tests that read it."""
    return pypdf.PdfReader(io.BytesIO(build_pdf(_document(language))))


@functools.cache
def _page_texts(language: str) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in _pdf(language).pages)


def expected_labels(key: str, document: dict) -> list[str]:
    """The source strings a chart must draw whole, by chart."""
    words = labels(document["language"])
    dimensions = sorted(document["dimensions"], key=lambda d: d.get("order", 0))
    names = [dimension["name"] for dimension in dimensions]
    if key == "index":
        return [band["name"] for band in document["bands"]]
    if key in ("profile", "gap"):
        return names
    if key == "trend":
        return [words("readiness_index"), *names]
    if key.startswith("items-"):
        dimension = document["dimensions"][int(key.split("-")[1])]
        return [item["text"] for item in dimension["items"]] + [
            words(name) for name in ("very_unfavourable", "unfavourable", "neutral",
                                     "favourable", "very_favourable")]
    if key.startswith("segment-"):
        segment = document["segments"][int(key.split("-")[1])]
        return [*names, *(group["label"] for group in segment["groups"])]
    raise AssertionError(f"no expectation for chart {key}")


def drawn_whole(label: str, drawn_words: list[str]) -> bool:
    """Whether the words of ``label`` occur, in order and unbroken, in ``drawn_words``."""
    wanted = label.split()
    return any(drawn_words[start:start + len(wanted)] == wanted
               for start in range(len(drawn_words) - len(wanted) + 1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_draws_every_label_whole(language):
    document = _document(language)
    charts = document_charts(document)
    assert {chart.key for chart in charts} >= {"index", "profile", "gap", "trend"}
    for chart in charts:
        drawn = drawn_texts(to_drawing(chart.figure()))
        assert not [text for text in drawn if "…" in text], chart.key
        drawn_words = " ".join(drawn).split()
        for label in expected_labels(chart.key, document):
            assert drawn_whole(label, drawn_words), (chart.key, label, drawn)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_carries_every_chart_label_whole_as_text(language):
    document = _document(language)
    text = " ".join(_page_texts(language))
    assert "…" not in text
    assert not any(page.images for page in _pdf(language).pages)
    pdf_words = text.split()
    for chart in document_charts(document):
        for label in expected_labels(chart.key, document):
            assert drawn_whole(label, pdf_words), (chart.key, label)


def test_a_label_broken_inside_a_word_is_not_whole():
    assert not drawn_whole("Umgang mit Sicherheitsrisiken",
                           ["Umgang", "mit", "Siche", "rheitsrisiken"])
    assert not drawn_whole("Umgang mit Sicherheitsrisiken", ["Umgang", "mit…"])
    assert drawn_whole("Umgang mit Sicherheitsrisiken",
                       ["Index", "Umgang", "mit", "Sicherheitsrisiken", "Schulung"])


def broken_words(text: str, words: set[str]) -> list[str]:
    """Words of ``words`` printed across a line break inside them (``Entscheidungstem|po``)."""
    lines = [line.strip() for line in text.split("\n")]
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        if not line or not following:
            continue
        joined = line.split()[-1] + following.split()[0]
        if joined.rstrip(".,:;)") in words and line.split()[-1] not in words:
            found.append(f"{line.split()[-1]}|{following.split()[0]}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_label_or_heading_is_broken_inside_a_word_anywhere_in_the_pdf(language):
    document = _document(language)
    sources = [dimension["name"] for dimension in document["dimensions"]]
    sources += [item["text"] for d in document["dimensions"] for item in d["items"]]
    sources += [g["label"] for s in document["segments"] for g in s["groups"]]
    sources += [text for text in labels(language).texts.values() if isinstance(text, str)]
    words = {word.strip(".,:;()") for source in sources for word in source.split()}
    for number, text in enumerate(_page_texts(language), start=1):
        assert broken_words(text, words) == [], f"page {number}"


def test_a_word_broken_across_lines_is_found():
    assert broken_words("Entscheidungstem\npo 54,9", {"Entscheidungstempo"}) == [
        "Entscheidungstem|po"]
    assert broken_words("Entscheidungstempo\n54,9", {"Entscheidungstempo"}) == []
