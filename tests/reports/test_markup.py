"""User text escaping, right-to-left ordering and the report's own labels."""

from __future__ import annotations

import pytest

from reports import bidi, markup, texts


@pytest.mark.parametrize(
    ("typed", "markup_text"),
    [
        ("0.1 <A <0.9", "0.1 &lt;A &lt;0.9"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("Smith & Sons", "Smith &amp; Sons"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("line\nbreak", "line<br/>break"),
        ("bell\x07", "bell"),
    ],
)
def test_paragraph_text_is_escaped(typed, markup_text):
    assert markup.paragraph(typed) == markup_text


def test_hebrew_is_put_in_visual_order():
    assert bidi.visual_order("a שלום b") == "a םולש b"


def test_numbers_inside_rtl_runs_keep_their_order():
    assert bidi.visual_order("שלום 42 עולם") == "םלוע 42 םולש"


def test_latin_text_is_untouched():
    assert bidi.visual_order("plain (text) 12") == "plain (text) 12"


def test_chart_label_wraps_at_spaces_and_keeps_every_word_whole():
    text = "Umgang mit Sicherheitsrisiken und Entscheidungstempo"
    label = markup.chart_label(text, width=60, size=8)
    assert "\n" in label and "…" not in label
    assert label.split() == text.split()


def test_chart_label_cuts_only_a_run_no_language_has_as_a_word():
    label = markup.chart_label("x" * 300, width=100, size=8)
    assert label.replace("\n", "") == "x" * 300
    assert all(markup.text_width(line, 8) <= 100 for line in label.split("\n"))


def test_every_language_has_every_label():
    english = texts.labels("en").texts
    for language in texts.languages():
        assert set(texts.labels(language).texts) >= set(english)


def test_numbers_follow_the_language():
    assert texts.labels("en").number(1234.5) == "1,234.5"
    assert texts.labels("de").number(1234.5) == "1.234,5"
    assert texts.labels("fr").percent(0.55) == "55\u00a0%"
    assert texts.labels("fr").count(12345) == "12\u202f345"  # Babel's French grouping
    assert texts.labels("de").date("2026-11-02") == "2. November 2026"
    assert texts.labels("en").date("2026-11-02") == "2 November 2026"


def test_arabic_letters_are_joined_into_their_contextual_forms():
    shaped = bidi.visual_order("مرحبا")
    assert all(0xFE70 <= ord(char) <= 0xFEFF for char in shaped)  # presentation forms
    assert len(shaped) == 5
