"""The order of the survey's pages."""

from __future__ import annotations

import dataclasses

from surveys.forms import page_sequence


def test_pages_run_through_dimensions_then_about_you_to_review(instrument):
    assert page_sequence(instrument) == (
        "leadership_presence",
        "training_maturity",
        "security_risk",
        "decision_speed",
        "ownership",
        "about",
        "open",
        "review",
    )


def test_pages_without_questions_are_left_out(instrument):
    bare = dataclasses.replace(instrument, segments=(), open_questions=())
    assert page_sequence(bare)[0] == "leadership_presence"
    assert page_sequence(bare)[-2:] == ("ownership", "review")


def test_dimension_ids_cannot_take_a_page_name(breaking):
    from surveys.errors import InstrumentError
    from surveys.loader import load_instrument

    path = breaking('id = "security_risk"\norder', 'id = "review"\norder')
    try:
        load_instrument(path)
    except InstrumentError as error:
        assert '"review" is reserved for a survey page' in str(error)
    else:
        raise AssertionError("a dimension called review was accepted")
