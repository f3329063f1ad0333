"""Loading instrument files: a valid file loads, a broken one names every problem."""

from __future__ import annotations

import pytest

from surveys.errors import InstrumentError
from surveys.loader import load_instrument
from surveys.model import PREFER_NOT_TO_SAY


def rejection(path) -> str:
    """Load ``path`` expecting failure; return the message, which must name the file."""
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert "broken.toml" in str(caught.value)
    return str(caught.value)


def test_the_minimal_fixture_loads(write_toml, minimal_toml):
    instrument = load_instrument(write_toml(minimal_toml))
    assert [item.id for item in instrument.items] == ["a1", "a2", "a3", "h1"]
    assert instrument.segment("team").option_ids() == ("red", "blue", PREFER_NOT_TO_SAY)
    assert instrument.source.endswith("broken.toml")


def test_instrument_error_is_a_value_error():
    assert issubclass(InstrumentError, ValueError)


def test_unknown_dimension_on_an_item(breaking):
    path = breaking('id = "a2"\ndimension = "security_risk"', 'id = "a2"\ndimension = "speed"')
    message = rejection(path)
    assert 'items[1] (id "a2")' in message
    assert 'unknown dimension "speed"' in message


def test_duplicate_item_id(breaking):
    message = rejection(breaking('id = "a3"', 'id = "a1"'))
    assert 'items[2] (id "a1")' in message
    assert "already used by items[0]" in message


def test_duplicate_item_id_across_modules(breaking):
    message = rejection(breaking('id = "h1"', 'id = "a2"'))
    assert 'items[3] (id "a2")' in message


def test_missing_translation_in_an_item(breaking):
    message = rejection(breaking('text = { en = "Three", de = "Drei" }', 'text = { en = "Three" }'))
    assert 'items[2] (id "a3").text' in message
    assert 'missing the "de" translation' in message


@pytest.mark.parametrize(
    ("old", "new", "entry"),
    [
        ('names = { en = "Security", de = "Sicherheit" }', 'names = { en = "Security" }',
         'dimensions[0] (id "security_risk").names'),
        ('labels.de = ["Nein", "Eher nein", "Eher ja", "Ja"]', "", "scale.labels"),
        ('labels = { en = "Blue", de = "Blau" }', 'labels = { en = "Blue" }',
         'options[1] (id "blue").labels'),
        ('text = { en = "Team?", de = "Team?" }', 'text = { en = "Team?" }',
         'segments[0] (id "team").text'),
        ('text = { en = "Wish?", de = "Wunsch?" }', 'text = { en = "Wish?" }',
         'open_questions[0] (id "wish").text'),
        ('names = { en = "High", de = "Hoch" }', 'names = { en = "High" }',
         'bands[1] (id "exploring").names'),
        ('prefer_not_to_say = { en = "Prefer not to say", de = "Keine Angabe" }',
         'prefer_not_to_say = { en = "Prefer not to say" }', "texts.prefer_not_to_say"),
    ],
)  # fmt: skip
def test_missing_translation_anywhere(breaking, old, new, entry):
    message = rejection(breaking(old, new))
    assert entry in message
    assert '"de"' in message


def test_translation_in_an_undeclared_language(breaking):
    message = rejection(breaking('text = { en = "One", de = "Eins" }',
                                 'text = { en = "One", de = "Eins", fe = "Un" }'))  # fmt: skip
    assert 'items[0] (id "a1").text: "fe" is not one of' in message


def test_three_point_scale(breaking):
    message = rejection(breaking("points = 4", "points = 3"))
    assert "scale.points: 3 is outside the allowed range 4..7" in message


def test_label_count_must_match_points(breaking):
    message = rejection(breaking("points = 4", "points = 5"))
    assert "scale.labels.en: has 4 labels but the scale has 5 points" in message


def test_band_gap(breaking):
    message = rejection(breaking("lower = 50", "lower = 52"))
    assert 'bands[1] (id "exploring")' in message
    assert "gap: 50-51 is in no band" in message


def test_band_overlap(breaking):
    message = rejection(breaking("lower = 50", "lower = 45"))
    assert 'bands[1] (id "exploring"): overlaps band "low"' in message


def test_bands_must_reach_100(breaking):
    message = rejection(breaking("upper = 100", "upper = 99"))
    assert "bands must end at 100" in message


def test_typo_key_is_named_with_a_suggestion(breaking):
    message = rejection(breaking("reverse = true", "revrse = true"))
    assert 'items[1] (id "a2"): unknown key "revrse"; did you mean "reverse"?' in message


def test_wrong_type(breaking):
    message = rejection(breaking('version = "1"', "version = 1"))
    assert "version: expected a string, found an integer (1)" in message


def test_boolean_is_not_a_weight(breaking):
    message = rejection(breaking("weight = 1.0", "weight = true"))
    assert "weight: expected a number, found true/false" in message


@pytest.mark.parametrize("weight", ["0", "-1.5"])
def test_weight_must_be_positive(breaking, weight):
    message = rejection(breaking("weight = 1.0", f"weight = {weight}"))
    assert 'dimensions[0] (id "security_risk"): weight must be above 0' in message


def test_duplicate_dimension_id_and_order(breaking):
    second = (
        '[[dimensions]]\nid = "security_risk"\norder = 1\n'
        'names = { en = "Again", de = "Nochmal" }\n\n[[modules]]'
    )
    message = rejection(breaking("[[modules]]", second))
    assert 'dimensions[1] (id "security_risk"): id "security_risk" is already used' in message
    assert 'order "1" is already used by dimensions[0]' in message


def test_unknown_module_on_an_item(breaking):
    message = rejection(breaking('module = "healthcare"', 'module = "health"'))
    assert 'items[3] (id "h1"): unknown module "health"' in message


def test_gating_refers_to_unknown_band(minimal_toml, write_toml):
    path = write_toml(minimal_toml + '\n[gating]\nsecurity_cap_stage = "curious"\n')
    assert 'gating.security_cap_stage: unknown band "curious"' in rejection(path)


def test_gating_refers_to_unknown_dimension(minimal_toml, write_toml):
    path = write_toml(minimal_toml + '\n[gating]\nsecurity_dimension = "safety"\n')
    assert 'gating.security_dimension: unknown dimension "safety"' in rejection(path)


def test_dimension_with_too_few_items(breaking):
    message = rejection(
        breaking('id = "a3"\ndimension = "security_risk"', 'id = "a3"\ndimension = "x"')
    )
    assert 'dimensions[0] (id "security_risk"): has 2 core items' in message


def test_explicit_prefer_not_to_say_option_is_rejected(breaking):
    message = rejection(breaking('id = "red"', 'id = "prefer_not_to_say"'))
    assert "is added to every question" in message


def test_every_problem_is_reported_at_once(breaking):
    message = rejection(breaking("points = 4", "points = 3\nextra = 1"))
    assert "2 problems" in message
    assert 'unknown key "extra"' in message and "scale.points" in message


def test_not_toml_at_all(write_toml):
    message = rejection(write_toml("id = \n"))
    assert "not a valid TOML file" in message


def test_instrument_text_is_validated_under_the_given_name(minimal_toml):
    from surveys.loader import instrument_from_text

    assert instrument_from_text(minimal_toml, source="frozen").source == "frozen"
    with pytest.raises(InstrumentError, match=r"^assessment 7: scale.points"):
        instrument_from_text(minimal_toml.replace("points = 4", "points = 9"), "assessment 7")
