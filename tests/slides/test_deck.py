"""The slides say what the results document says: re-opened with python-pptx and read back."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest

from reports.fitting import clean
from reports.slides import Words, barrier_reason, build_slides, reliability_words

from .conftest import HOSTILE_ORGANISATION, HOSTILE_TITLE, TINY_GROUP, results
from .deck import open_deck, overflowing, slide_text, slide_texts


def deck_of(document):
    return open_deck(build_slides(document))


def find_slide(deck, title: str):
    return next(s for s in deck.slides if slide_texts(s)[0] == title)


def test_the_deck_has_six_to_ten_slides(language):
    assert 6 <= len(deck_of(results(language)).slides) <= 10


def test_without_groups_gap_or_trend_the_deck_still_has_six_slides():
    document = results("en", with_trend=False)
    document["segments"] = []
    document["perception_gap"]["available"] = False
    deck = deck_of(document)
    assert len(deck.slides) == 6
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "How leaders see it" not in text and "Change since" not in text


def test_the_first_slide_gives_the_index_stage_interval_and_people(language):
    document = results(language)
    words = Words.of(language)
    first = slide_text(deck_of(document).slides[0])
    index = document["index"]
    assert words.number(index["score"]) in first
    assert index["stage_name"] in first
    assert words.number(index["ci"][0]) in first and words.number(index["ci"][1]) in first
    assert words.count(document["n"]) in first
    for band in document["bands"]:
        assert band["name"] in first


def test_the_index_has_the_same_name_as_in_the_pdf_and_on_the_web(language):
    """One name for one figure: the French deck said 'Indice de préparation' beside the
    report's and the results page's 'Indice de maturité'."""
    from reports.texts import labels

    assert Words.of(language)("index_title") == labels(language)("readiness_index")


def test_numbers_are_written_the_readers_way():
    document = results("de")
    first = slide_text(deck_of(document).slides[0])
    score = f"{document['index']['score']:.1f}"
    assert score.replace(".", ",") in first and score not in first.replace(",", "|")


def test_the_dimensions_slide_gives_every_dimension_with_its_score(language):
    document = results(language)
    words = Words.of(language)
    deck = deck_of(document)
    texts = slide_texts(deck.slides[1])
    for dimension in document["dimensions"]:
        assert texts.count(dimension["name"]) == 2  # chart category and table row
        assert texts.count(words.number(dimension["score"])) >= 2  # bar label and table


def test_the_barrier_slide_names_the_barrier_and_says_why(language):
    document = results(language)
    words = Words.of(language)
    barrier = document["barrier"]
    slide = deck_of(document).slides[2]
    text = slide_text(slide)
    assert slide_texts(slide)[0] == words("barrier_title", name=barrier["name"])
    for sentence in barrier_reason(document, words):
        assert sentence in text
    assert words.number(barrier["score"]) in text


def test_a_lower_dimension_after_the_barrier_is_explained():
    document = results("en")
    barrier = document["barrier"]
    later = [d for d in document["dimensions"] if d["id"] != barrier["id"]][-1]
    later["score"] = barrier["score"] - 3.0  # lower than the barrier, later in foundation order
    text = slide_text(deck_of(document).slides[2])
    assert f"{later['name']} ({later['score']:.1f})" in text
    assert f"build on {barrier['name']}" in text or f"builds on {barrier['name']}" in text


def test_without_a_barrier_the_slide_says_so():
    document = results("en")
    document["barrier"] = None
    slide = deck_of(document).slides[2]
    assert slide_texts(slide)[0] == "No single barrier"


def test_top_actions_are_the_first_five_of_the_ranking_with_why(language):
    document = results(language)
    words = Words.of(language)
    slide = find_slide(deck_of(document), words("actions_title"))
    texts = slide_texts(slide)
    chosen = document["recommendations"][:5]
    assert [t for t in texts if t[:2] in {f"{i}." for i in range(1, 6)}] == [
        f"{number}. {action['title']}" for number, action in enumerate(chosen, start=1)]
    for action in chosen:
        assert f"{words('why')}: {action['why']}" in texts
    assert document["recommendations"][0]["dimension"] == document["barrier"]["id"] or any(
        r["dimension"] != document["barrier"]["id"] for r in document["recommendations"])


def test_the_plan_slide_lists_every_planned_action_under_its_horizon(language):
    document = results(language)
    words = Words.of(language)
    slide = find_slide(deck_of(document), words("plan_title"))
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    titles = {r["id"]: r["title"] for r in document["recommendations"]}
    for column, horizon in enumerate(("30", "60", "90")):
        assert table.cell(0, column).text == words(f"plan_{horizon}")
        shown = [p.text for p in table.cell(1, column).text_frame.paragraphs]
        assert shown == ["• " + titles[i] for i in document["plan"][horizon]] or (
            not document["plan"][horizon] and shown == [words("plan_empty")])


def test_gap_and_trend_slides_give_their_figures(language):
    document = results(language)
    words = Words.of(language)
    deck = deck_of(document)
    gap = slide_text(find_slide(deck, words("gap_title")))
    assert words.number(document["perception_gap"]["index"]["leaders"]) in gap
    trend_title = words("trend_title", title=document["trend"]["previous"]["title"])
    trend = slide_text(find_slide(deck, trend_title))
    for row in document["trend"]["dimensions"]:
        assert row["name"] in trend and words.number(row["current"]) in trend


def test_a_group_below_k_never_appears(language):
    document = results(language)
    team = document["segments"][0]
    hidden = [g["label"] for g in team["groups"] if g["suppressed"]]
    assert TINY_GROUP in hidden  # three people: the document withholds them
    body = build_slides(document)
    every_text = "\n".join(slide_text(s) for s in open_deck(body).slides)
    shown = [g["label"] for g in team["groups"] if not g["suppressed"]]
    assert all(label in every_text for label in shown)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            for label in hidden:
                assert label.encode() not in data, (label, name)


def test_hostile_strings_are_plain_text():
    document = results("en", title=HOSTILE_TITLE, organisation=HOSTILE_ORGANISATION)
    document["segments"][0]["groups"][1]["label"] = "<img src=x onerror=alert(1)>"
    body = build_slides(document)
    deck = open_deck(body)
    first = slide_texts(deck.slides[0])
    assert HOSTILE_TITLE in first
    assert clean(HOSTILE_ORGANISATION) in first  # control characters dropped, the rest kept
    assert "<img src=x onerror=alert(1)>" in "\n".join(slide_text(s) for s in deck.slides)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
        rels = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".rels"))
    assert b"<script>" not in xml and b"&lt;script&gt;" in xml
    assert b"hlinkClick" not in xml and b"evil.example" not in rels


def test_a_negative_alpha_is_words_not_a_number():
    document = results("en")
    document["dimensions"][0]["alpha"]["value"] = -2.25
    about = slide_text(deck_of(document).slides[-1])
    assert "answers to these statements do not hang together" in about
    assert "2.25" not in about and "2,25" not in about
    assert reliability_words(document["dimensions"][0], Words.of("de")) == (
        "die Antworten auf diese Aussagen passen nicht zusammen")


def test_a_withheld_result_shows_no_figures(language):
    document = results(language, n=4, with_trend=False)
    assert document["suppressed"]
    deck = deck_of(document)
    words = Words.of(language)
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert words("withheld_title") in text and len(deck.slides) == 2


def test_every_text_fits_its_box(language):
    for slide in deck_of(results(language)).slides:
        assert overflowing(slide) == []


def test_long_labels_wrap_or_shrink_but_stay_whole():
    document = copy.deepcopy(results("de"))
    long_names = ["Umgang mit Sicherheitsrisiken in sozialen Netzwerken des Unternehmens",
                  "Donaudampfschifffahrtsgesellschaftskapitänsverantwortlichkeit",
                  "Entscheidungsgeschwindigkeit und Freigabeprozesse",
                  "Präsenz der Geschäftsführung und Führungskräfte",
                  "Schulungs- und Weiterbildungsreife"]
    for dimension, name in zip(document["dimensions"], long_names, strict=True):
        dimension["name"] = name
    for row, name in zip(document["trend"]["dimensions"], long_names, strict=True):
        row["name"] = name
    for action in document["recommendations"]:
        action["title"] = action["title"] + " – " + action["action"]
    deck = deck_of(document)
    every_text = "\n".join(slide_text(s) for s in deck.slides)
    for name in long_names:
        assert name in every_text
    for slide in deck.slides:
        assert overflowing(slide) == []


@pytest.mark.parametrize("language", ["it", "ar"])
def test_another_language_reads_english_words_with_its_own_numbers(language):
    document = results("en")
    document["language"] = language
    deck = deck_of(document)
    assert slide_texts(deck.slides[1])[0] == "The dimensions"


def test_the_barrier_line_is_the_instruments_own():
    document = results("en")
    document["rules"] = dict(document.get("rules") or {}, barrier_below=60)
    text = slide_text(deck_of(document).slides[2])
    assert "is the first foundation below 60." in text


def test_no_actions_and_an_empty_plan_are_said_in_words():
    document = results("fr")
    document["recommendations"] = []
    document["plan"] = {"30": [], "60": [], "90": []}
    words = Words.of("fr")
    deck = deck_of(document)
    assert words("actions_none") in slide_text(find_slide(deck, words("actions_title")))
    assert slide_text(find_slide(deck, words("plan_title"))).count(words("plan_empty")) == 3


def test_many_groups_with_long_names_still_fit():
    document = results("de")
    team = document["segments"][0]
    shown = next(g for g in team["groups"] if not g["suppressed"])
    team["groups"] = [dict(shown, value=f"g{i}", label=f"Abteilung für Qualitätssicherung und "
                           f"Prozessverbesserung Nummer {i}") for i in range(16)]
    deck = deck_of(document)
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "Prozessverbesserung Nummer 15" in text
    for slide in deck.slides:
        assert overflowing(slide) == []
