"""Custom pages and questions are checked when the instrument loads: every problem named with the
file and the entry, so a survey never meets a condition it cannot evaluate."""

from __future__ import annotations

import pytest

from surveys.loader import InstrumentError, instrument_from_text
from surveys.pages import page_sequence, step

from .conftest import pulse_source


def problems(extra: str = "", replace: tuple[str, str] | None = None) -> str:
    source = pulse_source(extra)
    if replace:
        assert replace[0] in source
        source = source.replace(*replace)
    with pytest.raises(InstrumentError) as raised:
        instrument_from_text(source, "pulse.toml")
    return str(raised.value)


def test_the_pulse_instrument_loads_with_its_pages_after_the_dimensions(pulse):
    assert [q.type_name for q in pulse.questions] == [
        "single_choice", "multiple_choice", "single_choice", "net_score", "multiple_choice"]
    sequence = page_sequence(pulse)
    assert sequence.index("channels") == len(pulse.dimensions)
    assert sequence[-1] == "review"


def test_a_condition_on_a_later_question_is_refused():
    message = problems(replace=('show_if = { question = "uses_chat", equals = "yes" }',
                                'show_if = { question = "enps", equals = 10 }'))
    assert ('pulse.toml: pages[1] (id "chat_use").show_if.question: "enps" is not asked on an '
            "earlier page; a condition can only look back") in message


def test_a_condition_on_the_same_page_is_refused():
    message = problems(replace=('question = "news_sources", any_of = ["manager"]',
                                'question = "enps", any_of = [10]'))
    assert ('questions[4] (id "manager_help").show_if.question: "enps" is not asked on an '
            "earlier page") in message


def test_a_condition_on_an_unknown_question_is_refused():
    message = problems(replace=('question = "uses_chat"', 'question = "uses_chatt"'))
    assert ('pages[1] (id "chat_use").show_if.question: unknown question "uses_chatt"'
            in message)


def test_a_condition_on_a_value_the_question_does_not_take_is_refused():
    message = problems(replace=('any_of = ["manager"]', 'any_of = ["manager", "fax"]'))
    assert ('questions[4] (id "manager_help").show_if: "fax" is not an answer to '
            '"news_sources"') in message
    message = problems(replace=('equals = "yes"', 'equals = 11'))
    assert 'pages[1] (id "chat_use").show_if: "11" is not an answer to "uses_chat"' in message


def test_a_condition_needs_one_of_equals_or_any_of():
    message = problems(replace=('equals = "yes"', 'is = "yes"'))
    assert 'pages[1] (id "chat_use").show_if: unknown key "is"' in message
    assert 'give either "equals" (one answer) or "any_of" (a list of answers)' in message


def test_an_unknown_type_names_the_known_ones():
    message = problems(replace=('type = "net_score"', 'type = "nps"'))
    assert ('questions[3] (id "enps"): unknown type "nps" (known: single_choice, '
            "multiple_choice, net_score)") in message


def test_a_question_on_an_unknown_page_is_refused():
    message = problems(replace=('page = "recommend"\ntext', 'page = "recommends"\ntext'))
    assert 'questions[3] (id "enps"): unknown page "recommends" (known: channels, chat_use, ' \
           "recommend)" in message


def test_ids_shared_with_statements_or_pages_are_refused():
    message = problems(replace=('id = "uses_chat"', 'id = "lp1"'))
    assert 'questions[0] (id "lp1"): id "lp1" is already used by item "lp1"' in message
    message = problems(replace=('id = "channels"', 'id = "ownership"'))
    assert 'pages[0] (id "ownership"): "ownership" is already a page of the survey' in message


def test_a_page_without_questions_is_refused():
    extra = '[[pages]]\nid = "empty"\ntitle = { en = "E", de = "E", fr = "E" }\n'
    assert 'pages[3] (id "empty"): has no questions' in problems(extra)


def test_options_need_two_and_keep_dk_for_dont_know():
    no = '  { id = "no", labels = { en = "No", de = "Nein", fr = "Non" } },\n'
    message = problems(replace=(no, ""))
    assert 'questions[0] (id "uses_chat"): needs at least two options' in message
    message = problems(replace=('{ id = "no",', '{ id = "dk",'))
    assert '"dk" is kept for "don\'t know"; set dont_know = true instead' in message


def test_every_text_needs_every_language():
    message = problems(replace=('low = { en = "Not at all likely", de = "Äußerst '
                                'unwahrscheinlich", ', 'low = { en = "Not at all likely", '))
    assert 'questions[3] (id "enps").low: missing the "de" translation' in message


def test_a_hidden_page_is_left_out_of_the_way_forward_and_back(pulse):
    assert step(pulse, "channels", {"uses_chat": "no"}).next == "recommend"
    assert step(pulse, "recommend", {"uses_chat": "no"}).previous == "channels"
    assert step(pulse, "channels", {"uses_chat": "yes"}).next == "chat_use"
    assert step(pulse, "recommend", {}).total == step(pulse, "recommend", {
        "uses_chat": "yes"}).total - 1


def test_an_assessments_own_about_you_question_cannot_take_a_custom_questions_id(pulse):
    from surveys.loader import with_segments

    spec = [{"id": "enps", "text": {"en": "Team?"},
             "options": [{"id": "a", "labels": {"en": "A"}}, {"id": "b", "labels": {"en": "B"}}]}]
    with pytest.raises(InstrumentError) as raised:
        with_segments(pulse, spec, languages=("en",))
    assert 'segments[0] (id "enps"): id "enps" is already a question of the instrument' in str(
        raised.value)
