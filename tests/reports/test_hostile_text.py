"""Whatever people type shows literally in the PDF and never breaks or steers the build."""

from __future__ import annotations

import io
import socket
import unicodedata

import pypdf
import pytest

from reports import build_pdf, fonts
from tests.reports.conftest import body_text, squeezed, text_of
from tests.reports.sample import sample_document

LONG_WORD = "W" * 300
HOSTILE = {
    "comparison": "0.1 <A <0.9",
    "crossed tags": "<b><i></b></i>",
    "image": '<img src="http://127.0.0.1:9/x"/>',
    "font colour": '<font color="[[[1]]]">',
    "ampersand": "Smith & Sons",
    "entity lookalike": "&amp; &lt; &#60; &bogus;",
    "mathtext": "$x^2$ and $\\alpha$",
    "quotes": "it's \"quoted\"",
    "long word": LONG_WORD,
    "symbols": "☺ ★ ✓",
    "emoji": "🎉👍🏽",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا بالعالم",
}
RIGHT_TO_LEFT = {"hebrew", "arabic"}


def plant(document: dict, value: str) -> dict[str, str]:
    """Put ``value`` (tagged with the field's name) in every user-supplied field."""
    planted: dict[str, str] = {}

    def tag(field: str) -> str:
        planted[field] = f"{field.upper()}-{value}"
        return planted[field]

    document["assessment"]["organisation"] = tag("org")
    document["assessment"]["title"] = tag("title")
    dimension = document["dimensions"][0]
    dimension["name"] = tag("dimname")
    dimension["description"] = tag("dimdesc")
    dimension["items"][0]["text"] = tag("itemtext")
    document["index"]["stage_name"] = tag("stagename")
    segment = document["segments"][0]
    segment["name"] = tag("segname")
    segment["groups"][0]["label"] = tag("grouplabel")
    segment["groups"][3]["label"] = tag("hiddenlabel")
    recommendation = max(document["recommendations"], key=lambda r: r["priority"])
    recommendation["title"] = tag("rectitle")
    recommendation["action"] = tag("recaction")
    recommendation["why"] = tag("recwhy")
    document["perception_gap"]["dimensions"][0]["name"] = tag("gapname")
    document["trend"]["previous"]["title"] = tag("prevtitle")
    question = document["comments"]["questions"][0]
    question["text"] = tag("question")
    question["answers"][0] = tag("comment")
    return planted


def expected(text: str) -> str:
    """What extraction can give back: emoji outside the BMP are not (reportlab's ToUnicode)."""
    return squeezed("".join(char for char in text if ord(char) <= 0xFFFF))


@pytest.mark.parametrize("kind", [kind for kind in HOSTILE if kind != "long word"])
def test_user_text_in_every_field_shows_literally(kind):
    document = sample_document()
    planted = plant(document, HOSTILE[kind])
    text = squeezed(body_text(build_pdf(document)))
    for field, value in planted.items():
        if kind in RIGHT_TO_LEFT:
            # Extraction applies its own bidi rules to the punctuation around a run, so check
            # that the tag and every right-to-left word come back in reading order. Arabic is
            # drawn in its joined (presentation) forms, which NFKC maps back to its letters.
            letters = unicodedata.normalize("NFKC", text)
            assert f"{field.upper()}-" in text, field
            for word in value.split("-", 1)[1].split():
                assert word in letters, field
        else:
            assert expected(value) in text, field


def test_a_300_character_word_wraps_in_every_field():
    """Table rows that grow taller than a page split across pages, so check each field's start
    everywhere and the whole word where it stands in running text."""
    document = sample_document()
    planted = plant(document, LONG_WORD)
    pdf = build_pdf(document)
    text = squeezed(body_text(pdf))
    for field in planted:
        assert f"{field.upper()}-WWWWW" in text, field
    for field in ("org", "title", "recaction", "comment"):
        assert squeezed(planted[field]) in text, field
    width = float(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    assert max_text_right_edge(pdf) <= width


def max_text_right_edge(pdf: bytes) -> float:
    """The rightmost point any line of text reaches, estimated from its font size."""
    edge = 0.0
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        def measure(text, cm, tm, font, size):
            nonlocal edge
            if not text.strip():
                return
            x = tm[4] * cm[0] + cm[4]
            edge = max(edge, x + 0.45 * size * len(text.rstrip("\n")) * cm[0])

        page.extract_text(visitor_text=measure)
    return edge


def test_hostile_text_in_a_letter_report_builds():
    document = sample_document()
    plant(document, " ".join(HOSTILE.values()))
    assert build_pdf(document, page_size="letter").startswith(b"%PDF")


def test_gap_reason_is_shown_literally():
    document = sample_document()
    document["perception_gap"] = {"available": False, "reason": HOSTILE["crossed tags"],
                                  "dimensions": []}
    assert HOSTILE["crossed tags"] in text_of(build_pdf(document))


def test_build_never_opens_a_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the report build tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    document = sample_document()
    plant(document, HOSTILE["image"])
    assert build_pdf(document).startswith(b"%PDF")


@pytest.mark.skipif(not fonts.register().has_symbols(), reason="no symbol font installed")
def test_emoji_are_drawn_with_the_symbol_font():
    document = sample_document()
    plant(document, HOSTILE["emoji"])
    assert b"Symbola" in build_pdf(document)
