"""Charts: Figures without pyplot, literal labels, hidden groups without numbers."""

from __future__ import annotations

import re

import pytest
from matplotlib.figure import Figure

from reports.charts import (
    document_charts,
    gap,
    gauge,
    heatmap,
    items,
    profile,
    to_png,
    to_svg,
    trend,
)
from tests.reports.sample import sample_document


def every_figure(document: dict) -> list[Figure]:
    dimensions = document["dimensions"]
    return [
        gauge.figure(document["index"], document["bands"]),
        profile.figure(dimensions, document["bands"]),
        items.figure(dimensions[0]),
        heatmap.figure(document["segments"][0], dimensions),
        gap.figure(document["perception_gap"]),
        trend.figure(document["trend"]),
    ]


def texts_of(figure: Figure) -> list[str]:
    """Every string drawn on the figure, tick labels included."""
    figure.canvas.draw()
    found = [text.get_text() for text in figure.findobj(match=lambda a: hasattr(a, "get_text"))]
    return [text for text in found if text]


def test_every_chart_returns_a_figure_not_registered_with_pyplot(document):
    for figure in every_figure(document):
        assert isinstance(figure, Figure)


def test_chart_draws_on_the_given_axes(document):
    host = Figure()
    ax = host.add_subplot()
    assert profile.figure(document["dimensions"], ax=ax) is host


def test_dollar_signs_in_labels_are_not_mathtext(document):
    document["segments"][0]["groups"][0]["label"] = "$x^2$ team"
    document["dimensions"][0]["name"] = "$\\alpha$ presence"
    svg = to_svg(heatmap.figure(document["segments"][0], document["dimensions"]))
    assert "$x^2$ team" in svg
    assert "$\\alpha$ presence" in to_svg(profile.figure(document["dimensions"]))


def test_a_suppressed_group_never_shows_a_number(document):
    leaked = {"value": "legal", "label": "Legal", "suppressed": True, "reason": "primary",
              "n": 3, "index": 77.7, "dimensions": {d["id"]: 77.7 for d in document["dimensions"]}}
    segment = {"id": "department", "name": "Department", "groups": [leaked]}
    drawn = texts_of(heatmap.figure(segment, document["dimensions"]))
    assert "hidden" in drawn
    assert not [text for text in drawn if "77" in text or "3" in text]
    row = heatmap.table(segment, document["dimensions"], k=5).rows[0]
    assert row[1] == "hidden (fewer than 5)"
    assert not any(re.search(r"\d", cell) for cell in row[2:])
    assert "77" not in heatmap.alt_text(segment, k=5)


def test_secondary_suppression_says_it_protects_a_small_group(document):
    rows = heatmap.table(document["segments"][0], document["dimensions"], k=5).rows
    assert rows[-1][1] == "hidden (protects a small group)"


def test_long_labels_are_wrapped_whole_in_charts_and_kept_in_tables(document):
    document["dimensions"][0]["items"][0]["text"] = "word " * 80
    drawn = [text for text in texts_of(items.figure(document["dimensions"][0]))
             if text.startswith("word")]
    assert drawn and all(text.split() == ["word"] * 80 for text in drawn)
    assert all(len(line) < 60 for text in drawn for line in text.split("\n"))
    assert items.table(document["dimensions"][0]).rows[0][0].startswith("word " * 80)


def test_svg_is_an_inline_element_with_role_and_title(document):
    svg = to_svg(gauge.figure(document["index"], document["bands"]),
                 title="Readiness <index>", title_id="t1")
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "DOCTYPE" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="t1"' in svg
    assert '<title id="t1">Readiness &lt;index&gt;</title>' in svg


def test_png_resolution_follows_dpi(document):
    low = to_png(trend.figure(document["trend"]), dpi=50)
    high = to_png(trend.figure(document["trend"]), dpi=150)
    assert low.startswith(b"\x89PNG") and high.startswith(b"\x89PNG")
    assert len(high) > 2 * len(low)


def test_document_charts_offer_alt_text_and_data_for_each_chart(document):
    views = document_charts(document)
    assert [view.key for view in views] == [
        "index", "profile", *(f"items-{i}" for i in range(5)), "segment-0", "segment-1",
        "gap", "trend",
    ]
    for view in views:
        assert view.alt_text.endswith(".")
        assert view.table.rows and all(len(r) == len(view.table.headers) for r in view.table.rows)
    assert views[0].svg().startswith("<svg")


def test_alt_texts_are_whole_sentences_in_each_language_with_nouns_as_written(document):
    """German nouns keep their capital letter: the texts are templates, never lowercased."""
    dimension, segment = document["dimensions"][0], document["segments"][0]
    german = {
        "items": items.alt_text(dimension, language="de"),
        "heatmap": heatmap.alt_text(segment, k=5, language="de"),
        "gap": gap.alt_text(document["perception_gap"], language="de"),
    }
    assert "(Aussagen: " in german["items"] and "günstig" in german["items"]
    assert ", Index je Gruppe: " in german["heatmap"]
    assert ": Führungskräfte " in german["gap"] and "führungskräfte" not in german["gap"]
    french = items.alt_text(dimension, language="fr")
    assert "(affirmations : " in french and french.endswith(").")
    assert items.alt_text(dimension).endswith(f"(statements: {len(dimension['items'])}).")


def test_suppressed_document_has_no_charts(suppressed):
    assert document_charts(suppressed) == []


def test_profile_table_matches_the_document(document):
    rows = profile.table(document["dimensions"]).rows
    assert [row[1] for row in rows] == [f"{d['score']:.1f}" for d in document["dimensions"]]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_chart_words_follow_the_language(language):
    document = sample_document(language)
    table = gap.table(document["perception_gap"], language=language)
    assert table.headers[1] == {"de": "Führungskräfte", "fr": "Responsables"}[language]
    assert "," in table.rows[0][1]


def test_charts_from_a_scored_document(scored):
    views = document_charts(scored)
    assert views
    for view in views:
        assert isinstance(view.figure(), Figure)


def test_a_statement_answered_by_fewer_than_k_is_drawn_as_hidden_without_numbers():
    document = sample_document("en")
    dimension = document["dimensions"][0]
    hidden = dict(dimension["items"][0], distribution=None, mean=None, n=3)
    for share in ("favourable", "neutral", "unfavourable"):
        hidden[share] = {"share": None, "ci": None}
    dimension = dict(dimension, items=[hidden, *dimension["items"][1:]])
    drawn = texts_of(items.figure(dimension))
    assert "hidden" in drawn
    percents = [t for t in drawn if t.endswith("%") and t != "%"]
    assert len(percents) == 2 * (len(dimension["items"]) - 1)


def test_the_pdf_builds_when_a_statement_has_fewer_than_k_answers():
    from reports import build_pdf
    from scoring.document import build_document
    from scoring.responses import Responses
    from surveys.loader import default_instrument

    instrument = default_instrument()
    core = [item.id for item in instrument.items_for(None)]
    rows = [{item: 4 if i % 2 else 2 for item in core} for i in range(8)]
    for row in rows[2:]:
        row.pop(core[0])  # only two people answered the first statement
    document = build_document(
        instrument, Responses.from_rows(rows), assessment={"id": "x", "title": "t"}, k=5
    )
    statements = {i["id"]: i for d in document["dimensions"] for i in d["items"]}
    assert not statements[core[0]]["distribution"]  # withheld below k
    assert build_pdf(document).startswith(b"%PDF")


def test_a_chart_names_no_software_or_time(document):
    # Nothing to tell a reader of the page source which library, version or moment drew it.
    svg = to_svg(profile.figure(document["dimensions"]))
    assert "matplotlib.org" not in svg and "Matplotlib v" not in svg and "<dc:date>" not in svg
    png = to_png(profile.figure(document["dimensions"]))
    assert b"matplotlib.org" not in png and b"Matplotlib v" not in png
