"""Recoding: reverse keying, don't know and blanks."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from scoring.recode import recode, reverse
from scoring.responses import Responses


def test_reverse_keyed_answer_becomes_points_plus_one_minus_answer():
    recoded = recode(np.array([[1.0, 2.0, 5.0]]), np.array([True, True, True]), 5)
    assert recoded.values.tolist() == [[5.0, 4.0, 1.0]]


def test_forward_items_are_left_alone():
    recoded = recode(np.array([[1.0, 4.0]]), np.array([False, True]), 5)
    assert recoded.values.tolist() == [[1.0, 2.0]]


def test_dont_know_is_missing_and_counted_separately():
    recoded = recode(np.array([[0.0, 3.0]]), np.array([False, True]), 5)
    assert np.isnan(recoded.values[0, 0])
    assert recoded.dont_know.tolist() == [[True, False]]


def test_blank_is_missing_and_not_dont_know():
    recoded = recode(np.array([[np.nan, 3.0]]), np.array([True, False]), 5)
    assert np.isnan(recoded.values[0, 0])
    assert not recoded.dont_know[0, 0]


def test_out_of_range_answers_are_missing():
    recoded = recode(np.array([[6.0, -1.0]]), np.array([False, False]), 5)
    assert np.isnan(recoded.values).all()


@given(st.integers(4, 7), st.lists(st.integers(1, 7), min_size=1, max_size=20))
def test_reversing_twice_changes_nothing(points, answers):
    values = np.array([a for a in answers if a <= points] or [1], dtype=float)
    assert np.array_equal(reverse(reverse(values, points), points), values)


def test_responses_from_rows_reads_blank_dont_know_and_segments():
    responses = Responses.from_rows(
        [{"a": 1, "b": None}, {"a": 0, "b": 5}],
        [{"team": "x"}, {"team": "prefer_not_to_say"}],
        item_ids=("a", "b"),
    )
    assert responses.answers[0, 0] == 1 and np.isnan(responses.answers[0, 1])
    assert responses.answers[1, 0] == 0
    assert responses.segments["team"].tolist() == ["x", ""]
