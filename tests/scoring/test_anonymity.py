"""Anonymity: primary and secondary suppression, crossed segments, and differencing attacks."""

from itertools import chain, combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.anonymity import PRIMARY, SECONDARY, crossed, suppress
from scoring.dimensions import score_dimensions
from scoring.responses import NOT_GIVEN, Responses
from scoring.segments import score_segment

from .conftest import make_instrument, uniform_responses


def reasons(counts, k=5):
    return {key: cell.reason for key, cell in suppress(counts, k).items()}


def test_groups_of_k_or_more_are_shown():
    assert set(reasons({"a": 5, "b": 12, NOT_GIVEN: 0}).values()) == {None}


def test_a_group_below_k_is_suppressed_with_the_next_smallest():
    # Total 20 = a 10 + b 3 + c 7: hiding b alone is useless, so c goes too.
    assert reasons({"a": 10, "b": 3, "c": 7, NOT_GIVEN: 0}) == {
        "a": None, "b": PRIMARY, "c": SECONDARY, NOT_GIVEN: None}


def test_small_groups_that_together_reach_k_protect_each_other():
    assert reasons({"a": 20, "b": 3, "c": 4, NOT_GIVEN: 0}) == {
        "a": None, "b": PRIMARY, "c": PRIMARY, NOT_GIVEN: None}


def test_small_groups_below_k_together_pull_in_another_group():
    assert reasons({"a": 20, "b": 2, "c": 2, "d": 9, NOT_GIVEN: 0}) == {
        "a": None, "b": PRIMARY, "c": PRIMARY, "d": SECONDARY, NOT_GIVEN: None}


def test_the_not_given_remainder_is_a_cell_too():
    # 2 people skipped the question: total minus a minus b would reveal them.
    assert reasons({"a": 20, "b": 10, NOT_GIVEN: 2}) == {
        "a": None, "b": SECONDARY, NOT_GIVEN: PRIMARY}


def test_empty_groups_are_shown_as_zero_and_never_protect():
    assert reasons({"a": 20, "b": 0, "c": 3, "d": 8, NOT_GIVEN: 0}) == {
        "a": None, "b": None, "c": PRIMARY, "d": SECONDARY, NOT_GIVEN: None}


def test_ties_for_smallest_go_to_the_earlier_option():
    assert reasons({"a": 6, "b": 6, "c": 1, NOT_GIVEN: 0})["a"] == SECONDARY


def test_suppressed_groups_release_no_scores(instrument):
    rows = [{"ownership": 4}] * 10 + [{"ownership": 1}] * 3 + [{"ownership": 5}] * 7
    department = ["sales"] * 10 + ["it"] * 3 + ["hr"] * 7
    responses = uniform_responses(instrument, rows, {"department": department})
    scores = score_dimensions(instrument, responses)
    result = score_segment(instrument.segment("department"), responses, scores, 5)
    groups = {group.value: group for group in result.groups}
    assert groups["it"].index is None and groups["it"].dimensions == {}
    assert groups["hr"].cell.reason == SECONDARY and groups["hr"].index is None
    assert groups["sales"].dimensions["ownership"] == 75


def test_a_released_group_withholds_a_dimension_fewer_than_k_answered(instrument):
    rows = [{"ownership": 4, "security_risk": 4}] * 3 + [{"security_risk": 4}] * 3
    responses = uniform_responses(instrument, rows, {"department": ["sales"] * 6})
    scores = score_dimensions(instrument, responses)
    sales = score_segment(instrument.segment("department"), responses, scores, 5).groups[0]
    assert sales.dimensions["ownership"] is None and sales.dimensions["security_risk"] == 75


def crossed_responses(a, b):
    return Responses(("x",), np.full((len(a), 1), 3.0), {"a": a, "b": b})


def test_crossed_segments_are_released_when_every_cell_is_zero_or_k():
    responses = crossed_responses(["p"] * 10 + ["q"] * 5, ["u"] * 5 + ["v"] * 5 + ["u"] * 5)
    result = crossed(responses, "a", "b", 5)
    assert result.released and result.reason is None
    cells = {(c.a, c.b): c.n for c in result.cells}
    assert cells[("p", "u")] == 5 and cells[("q", "v")] == 0


def test_crossed_cells_carry_scores_when_asked(instrument):
    rows = [{"ownership": 4}] * 5 + [{"ownership": 2}] * 5
    responses = uniform_responses(instrument, rows, {"department": ["it"] * 10,
                                                     "role_level": ["staff"] * 5 + ["leader"] * 5})
    result = crossed(responses, "department", "role_level", 5,
                     scores=score_dimensions(instrument, responses))
    cells = {(c.a, c.b): c for c in result.cells}
    assert cells[("it", "staff")].dimensions["ownership"] == 75
    assert cells[("it", "leader")].index == 25


def test_crossed_segments_are_refused_when_a_cell_is_small():
    responses = crossed_responses(["p"] * 10 + ["q"] * 5, ["u"] * 7 + ["v"] * 8)
    result = crossed(responses, "a", "b", 5)
    assert not result.released and "fewer than 5" in result.reason and result.cells == ()


def test_crossed_segments_count_the_not_given_cells():
    responses = crossed_responses(["p"] * 10 + [None] * 2, ["u"] * 12)
    assert not crossed(responses, "a", "b", 5).released


def subsets(values):
    return chain.from_iterable(combinations(values, r) for r in range(len(values) + 1))


cell_counts = st.lists(st.integers(0, 12), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(cell_counts, st.integers(0, 6), st.integers(3, 10))
def test_no_suppressed_cell_can_be_recovered_by_subtraction(options, not_given, k):
    counts = {f"o{i}": n for i, n in enumerate(options)} | {NOT_GIVEN: not_given}
    total = sum(counts.values())
    if total < k:  # such a question is never reported at all
        return
    cells = suppress(counts, k)
    released = [c.n for c in cells.values() if not c.suppressed]
    hidden = [c.n for c in cells.values() if c.suppressed]
    if not hidden:
        return
    assert len(hidden) >= 2 and sum(hidden) >= k
    assert all(n == 0 or n >= k for n in released)
    # Partial sums of hidden cells that describe fewer than k people must stay unknowable.
    secrets = {sum(s) for s in subsets(hidden) if 0 < len(s) < len(hidden) and sum(s) < k}
    secrets |= set(hidden)
    for chosen in subsets(released):
        assert total - sum(chosen) not in secrets


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["sales", "it", "hr", "finance", None, "prefer_not_to_say"]),
                min_size=5, max_size=40),
       st.integers(3, 6))
def test_segment_results_never_expose_a_small_group(values, k):
    if len(values) < k:  # too few respondents: no results are shown at all
        return
    instrument = make_instrument()
    responses = uniform_responses(instrument, [{"ownership": 4}] * len(values),
                                  {"department": values})
    scores = score_dimensions(instrument, responses)
    result = score_segment(instrument.segment("department"), responses, scores, k)
    cells = [g.cell for g in result.groups] + [result.not_given]
    for cell in cells:
        assert cell.suppressed or cell.n == 0 or cell.n >= k
    hidden = [c.n for c in cells if c.suppressed]
    assert not hidden or (len(hidden) >= 2 and sum(hidden) >= k)
    for group in result.groups:
        if group.cell.suppressed:
            assert group.index is None and group.dimensions == {}
