"""An assessment's own segment questions, checked like those of an instrument file."""

from __future__ import annotations

import pytest

from surveys.errors import InstrumentError
from surveys.loader import with_segments
from surveys.model import PREFER_NOT_TO_SAY


def site_question(**changes):
    question = {
        "id": "site",
        "text": {
            "en": "Where do you work?",
            "de": "Wo arbeiten Sie?",
            "fr": "Où travaillez-vous ?",
        },
        "options": [
            {"id": "lyon", "labels": {"en": "Lyon", "de": "Lyon", "fr": "Lyon"}},
            {"id": "basel", "labels": {"en": "Basel", "de": "Basel", "fr": "Bâle"}},
        ],
    }
    question.update(changes)
    return question


def refusal(instrument, spec, languages=None) -> str:
    with pytest.raises(InstrumentError) as caught:
        with_segments(instrument, spec, languages)
    return str(caught.value)


def test_own_segments_replace_the_bundled_ones(instrument):
    variant = with_segments(instrument, [site_question()])
    assert [segment.id for segment in variant.segments] == ["site"]
    assert variant.segment("site").option_ids() == ("lyon", "basel", PREFER_NOT_TO_SAY)
    assert variant.segment("site").options[-1].labels["fr"] == "Je préfère ne pas répondre"
    assert variant.segment("site").kind == "plain"


def test_the_original_instrument_is_untouched(instrument):
    with_segments(instrument, [site_question()])
    assert instrument.segment("department")


def test_no_segment_questions_at_all_is_allowed(instrument):
    assert with_segments(instrument, []).segments == ()


def test_only_the_offered_languages_are_required(instrument):
    question = site_question(text={"en": "Where do you work?"})
    for option in question["options"]:
        option["labels"] = {"en": option["id"].title()}
    assert with_segments(instrument, [question], languages=["en"]).segment("site")


def test_missing_translation_is_named(instrument):
    message = refusal(instrument, [site_question(text={"en": "Where?", "de": "Wo?"})])
    assert 'segments[0] (id "site").text: missing the "fr" translation' in message


def test_language_the_instrument_lacks_is_refused(instrument):
    assert '"it" is not one of' in refusal(instrument, [site_question()], languages=["en", "it"])


@pytest.mark.parametrize("bad_id", ["Site", "site-2", "2site", "", "a" * 41])
def test_question_ids_must_be_lowercase_slugs(instrument, bad_id):
    message = refusal(instrument, [site_question(id=bad_id)])
    assert "segments[0]" in message


def test_option_ids_must_be_slugs_and_unique(instrument):
    question = site_question()
    question["options"].append({"id": "lyon", "labels": {"en": "L", "de": "L", "fr": "L"}})
    question["options"].append({"id": "Zürich", "labels": {"en": "Z", "de": "Z", "fr": "Z"}})
    message = refusal(instrument, [question])
    assert 'options[2] (id "lyon"): id "lyon" is already used by' in message
    assert '"Zürich" is not a valid id' in message


def test_duplicate_question_ids_are_refused(instrument):
    message = refusal(instrument, [site_question(), site_question()])
    assert 'segments[1] (id "site"): id "site" is already used by segments[0]' in message


def test_prefer_not_to_say_is_not_written_by_hand(instrument):
    question = site_question()
    question["options"].append(
        {"id": PREFER_NOT_TO_SAY, "labels": {"en": "No", "de": "Nein", "fr": "Non"}}
    )
    assert "is added to every question" in refusal(instrument, [question])


def test_unknown_keys_and_kinds_are_refused(instrument):
    message = refusal(instrument, [site_question(kind="team", optoins=[])])
    assert 'unknown key "optoins"; did you mean "options"?' in message
    assert 'kind "team" is not one of' in message


def test_role_level_needs_exactly_leader_manager_staff(instrument):
    question = site_question(id="level", kind="role_level")
    assert "exactly the options leader, manager, staff" in refusal(instrument, [question])


def test_role_level_with_the_fixed_options_is_accepted(instrument):
    labels = {"en": "x", "de": "x", "fr": "x"}
    options = [{"id": level, "labels": labels} for level in ("staff", "manager", "leader")]
    variant = with_segments(
        instrument, [site_question(id="level", kind="role_level", options=options)]
    )
    assert variant.segment("level").kind == "role_level"


def test_a_question_needs_two_options(instrument):
    question = site_question()
    question["options"] = question["options"][:1]
    assert "at least two options" in refusal(instrument, [question])


def test_wrong_types_are_named(instrument):
    message = refusal(instrument, [site_question(options="lyon, basel"), "department"])
    assert 'segments[0] (id "site").options: expected an array of tables' in message
    assert "segments[1]: expected a table" in message
    assert "at least two options" not in message
