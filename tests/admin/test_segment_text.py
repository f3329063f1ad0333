"""Segment questions as plain text: read, written back, and every mistake named by line."""

import pytest

from readiness.admin.segment_text import SegmentTextError, parse, render, slugify


def test_questions_options_translations_and_headcounts_are_read():
    parsed = parse(
        "department: Which team? | de: Welches Team?\n"
        "- sales: Sales | de: Vertrieb = 40\n"
        "- Customer care\n",
        "en",
    )
    question = parsed.questions[0]
    assert question["id"] == "department"
    assert question["text"] == {"en": "Which team?", "de": "Welches Team?"}
    assert question["options"] == [
        {"id": "sales", "labels": {"en": "Sales", "de": "Vertrieb"}},
        {"id": "customer_care", "labels": {"en": "Customer care"}},
    ]
    assert parsed.headcounts == {"department": {"sales": 40}}


def test_leader_manager_staff_options_make_the_role_level_question():
    parsed = parse("role: Your role?\n- leader: Leader\n- manager: Manager\n- staff: Staff\n")
    assert parsed.questions[0]["kind"] == "role_level"


def test_render_and_parse_round_trip():
    text = "team: Which team? | de: Welches Team?\n- a: A | de: A = 3\n- b: B | de: B\n"
    parsed = parse(text, "en")
    again = parse(render(parsed.questions, parsed.headcounts, ["en", "de"]), "en")
    assert again == parsed


def test_problems_name_their_lines():
    with pytest.raises(SegmentTextError) as error:
        parse("- orphan option\nteam: Team?\n- a: A | German text\n")
    assert error.value.problems[0].startswith("Line 1:")
    assert error.value.problems[1].startswith("Line 3:")


def test_slugify_makes_plain_ids():
    assert slugify("Research & Analysis (UK)") == "research_analysis_uk"
    assert slugify("2nd line") == "s_2nd_line"
