"""Survey page forms: known answers accepted, anything else refused, values stored plainly."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from surveys.forms import (
    Answers,
    about_you_form,
    dimension_form,
    form_data,
    open_questions_form,
    page_form,
    stored_answers,
)
from surveys.model import DONT_KNOW, PREFER_NOT_TO_SAY


def submit(form_class, **values):
    """A form of ``form_class`` filled as a browser would post ``values``."""
    formdata = MultiDict()
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            formdata.add(name, one)
    return form_class(formdata=formdata)


def test_dimension_form_has_one_field_per_item(instrument):
    form = dimension_form(instrument, "ownership", None, "en")()
    assert [field.name for field in form] == [f"item_ow{n}" for n in range(1, 7)]


def test_dimension_form_adds_the_sector_module_items(instrument):
    form = dimension_form(instrument, "security_risk", "healthcare", "en")()
    names = [field.name for field in form]
    assert "item_hc1" in names and "item_lg1" not in names


def test_dimension_form_rejects_unknown_dimension_and_module(instrument):
    with pytest.raises(KeyError):
        dimension_form(instrument, "happiness", None, "en")
    with pytest.raises(KeyError):
        dimension_form(instrument, "ownership", "space_agency", "en")


def test_likert_choices_are_the_scale_points_and_dont_know(instrument):
    form = dimension_form(instrument, "ownership", None, "de")()
    assert [(option.data, option.label.text) for option in form.item_ow1] == [
        ("1", "Stimme überhaupt nicht zu"),
        ("2", "Stimme eher nicht zu"),
        ("3", "Teils, teils"),
        ("4", "Stimme eher zu"),
        ("5", "Stimme voll und ganz zu"),
        ("dk", "Weiß nicht"),
    ]
    assert form.item_ow1.label.text == instrument.items_of("ownership")[0].text["de"]


def test_good_answers_are_stored_as_numbers_dont_know_and_skips(instrument):
    form = submit(dimension_form(instrument, "ownership", None, "en"),
                  item_ow1="5", item_ow2="1", item_ow3="dk")  # fmt: skip
    assert form.validate(), form.errors
    items = stored_answers(form).items
    assert items == {"ow1": 5, "ow2": 1, "ow3": DONT_KNOW, "ow4": None, "ow5": None, "ow6": None}


def test_an_empty_page_is_valid(instrument):
    form = submit(dimension_form(instrument, "ownership", None, "en"))
    assert form.validate()
    assert set(stored_answers(form).items.values()) == {None}


@pytest.mark.parametrize("value", ["0", "6", "7", "-1", "five", "DK", " 3", "3.0"])
def test_out_of_range_or_unknown_answers_are_refused(instrument, value):
    form = submit(dimension_form(instrument, "ownership", None, "en"), item_ow1=value)
    assert not form.validate()
    assert form.errors == {"item_ow1": ["Please choose one of the answers shown."]}


def test_two_answers_to_one_statement_are_refused(instrument):
    form = submit(dimension_form(instrument, "ownership", None, "en"), item_ow1=["2", "4"])
    assert not form.validate()
    assert form.errors["item_ow1"] == ["Please choose just one answer."]


def test_error_messages_go_through_the_given_gettext(instrument):
    form_class = dimension_form(instrument, "ownership", None, "en", gettext=str.upper)
    form = submit(form_class, item_ow1="9")
    assert not form.validate()
    assert form.errors["item_ow1"] == ["PLEASE CHOOSE ONE OF THE ANSWERS SHOWN."]


def test_about_you_offers_prefer_not_to_say_in_the_chosen_language(instrument):
    form = about_you_form(instrument, "fr")()
    assert [field.name for field in form] == [
        "segment_department", "segment_location", "segment_role_level", "segment_tenure",
    ]  # fmt: skip
    last = list(form.segment_tenure)[-1]
    assert (last.data, last.label.text) == (PREFER_NOT_TO_SAY, "Je préfère ne pas répondre")


def test_about_you_stores_option_ids(instrument):
    form = submit(about_you_form(instrument, "en"),
                  segment_role_level="leader", segment_tenure=PREFER_NOT_TO_SAY)  # fmt: skip
    assert form.validate(), form.errors
    assert stored_answers(form).segments == {
        "department": None, "location": None, "role_level": "leader",
        "tenure": PREFER_NOT_TO_SAY,
    }  # fmt: skip


def test_about_you_refuses_an_option_of_another_question(instrument):
    form = submit(about_you_form(instrument, "en"), segment_role_level="head_office")
    assert not form.validate()
    assert "segment_role_level" in form.errors


def test_open_text_is_trimmed_and_blank_is_none(instrument):
    form = submit(open_questions_form(instrument, "en"),
                  open_first_step="  More training, please.\n", open_concerns="   ")  # fmt: skip
    assert form.validate(), form.errors
    assert stored_answers(form).open_texts == {
        "first_step": "More training, please.",
        "concerns": None,
    }


def test_open_text_at_the_limit_is_accepted(instrument):
    form = submit(open_questions_form(instrument, "en"), open_concerns="x" * 2000)
    assert form.validate()


def test_over_long_open_text_is_refused_with_a_clear_message(instrument):
    form = submit(open_questions_form(instrument, "en"), open_concerns="x" * 2001)
    assert not form.validate()
    (message,) = form.errors["open_concerns"]
    assert "2000 characters" in message and "2001" in message


def test_open_text_loses_nul_characters(instrument):
    form = submit(open_questions_form(instrument, "en"), open_concerns="a\x00b")
    assert form.validate()
    assert stored_answers(form).open_texts["concerns"] == "ab"


def test_the_base_class_is_used(instrument):
    class CsrfLikeBase(Form):
        marker = True

    form_class = about_you_form(instrument, "en", base=CsrfLikeBase)
    assert issubclass(form_class, CsrfLikeBase)


def test_each_call_builds_a_fresh_form_class(instrument):
    assert about_you_form(instrument, "en") is not about_you_form(instrument, "en")


def test_earlier_answers_refill_the_page(instrument):
    form_class = dimension_form(instrument, "ownership", None, "en")
    earlier = Answers(items={"ow1": 4, "ow2": DONT_KNOW, "ow3": None})
    form = form_class(data=form_data(form_class, earlier))
    assert (form.item_ow1.data, form.item_ow2.data, form.item_ow3.data) == ("4", "dk", None)
    assert stored_answers(form).items["ow1"] == 4


def test_answers_of_pages_merge_with_later_pages_winning():
    first = Answers(items={"ow1": 2}, segments={"tenure": "over_10_years"})
    again = Answers(items={"ow1": 5, "ow2": None})
    merged = first.merged(again)
    assert merged.items == {"ow1": 5, "ow2": None}
    assert merged.segments == {"tenure": "over_10_years"}


def test_page_form_matches_each_page(instrument):
    assert page_form(instrument, "review", None, "en") is None
    assert "segment_tenure" in page_form(instrument, "about", None, "en")()
    assert "item_lp1" in page_form(instrument, "leadership_presence", None, "en")()
    assert "open_concerns" in page_form(instrument, "open", None, "en")()
    with pytest.raises(KeyError):
        page_form(instrument, "elsewhere", None, "en")
