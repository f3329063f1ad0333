"""scoring.plan_change: each dimension's change with its interval beside the actions, and
whether the dimensions that got action moved more (pure computation, no database)."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from scoring.plan_change import (
    ALL_ACTED,
    LESS,
    MORE,
    NONE_ACTED,
    SAME,
    UNKNOWN,
    Action,
    Measured,
    change_interval,
    measure,
    measured_from,
)


def _dimension(id_: str, change: float | None, significant: bool | None = None) -> Measured:
    previous = 50.0
    current = None if change is None else previous + change
    return Measured(id_, id_.title(), previous, current, change, (45.0, 55.0), (46.0, 54.0),
                    significant)


def test_the_interval_of_a_change_adds_the_two_waves_half_widths_in_quadrature():
    assert change_interval(5.0, (45.0, 55.0), (46.0, 54.0)) == (
        round(5 - math.hypot(5, 4), 1), round(5 + math.hypot(5, 4), 1))


def test_a_change_without_both_intervals_has_no_interval():
    assert change_interval(5.0, None, (46.0, 54.0)) is None
    assert change_interval(None, (45.0, 55.0), (46.0, 54.0)) is None


scores = st.floats(0, 100, allow_nan=False)


@given(scores, scores, st.floats(0, 30), st.floats(0, 30))
@example(50.0, 50.0, 0.0, 0.0)
def test_the_interval_holds_the_change_and_is_at_least_as_wide_as_either_wave(
        before, after, spread_before, spread_after):
    change = after - before
    low, high = change_interval(change, (before - spread_before, before + spread_before),
                                (after - spread_after, after + spread_after))
    assert low <= round(change, 1) + 0.05 and high >= round(change, 1) - 0.05
    assert high - low >= 2 * max(spread_before, spread_after) - 0.11


def test_only_actions_in_progress_or_done_count_as_action_taken():
    found = measure([_dimension("a", 6.0), _dimension("b", 1.0), _dimension("c", 0.0)],
                    [Action("a", "Train", "done"), Action("b", "Plan", "planned"),
                     Action("c", "Stop", "dropped")])
    assert [row.acted for row in found.rows] == [True, False, False]
    assert (found.acted_mean, found.others_mean, found.verdict) == (6.0, 0.5, MORE)


def test_the_verdict_reads_less_and_about_the_same():
    dims = [_dimension("a", 1.0), _dimension("b", 4.0)]
    assert measure(dims, [Action("a", "x", "in_progress")]).verdict == LESS
    dims = [_dimension("a", 2.0), _dimension("b", 1.5)]
    assert measure(dims, [Action("a", "x", "in_progress")]).verdict == SAME


def test_the_verdict_when_every_or_no_dimension_got_action():
    dims = [_dimension("a", 1.0), _dimension("b", 4.0)]
    assert measure(dims, [Action("a", "x", "done"), Action("b", "y", "done")]).verdict == \
        ALL_ACTED
    assert measure(dims, []).verdict == NONE_ACTED
    assert measure([_dimension("a", None)], []).verdict == UNKNOWN


def test_actions_for_no_measured_dimension_are_listed_apart():
    found = measure([_dimension("a", 1.0)], [Action(None, "Sponsor", "done"),
                                             Action("a", "Train", "done")])
    assert [a.title for a in found.general] == ["Sponsor"]
    assert [a.title for a in found.rows[0].actions] == ["Train"]


def test_beyond_noise_is_the_trend_tests_verdict():
    found = measure([_dimension("a", 9.0, True), _dimension("b", 0.5, False),
                     _dimension("c", 1.0, None)], [])
    assert [row.beyond_noise for row in found.rows] == [True, False, None]


def test_measured_from_reads_the_trend_and_each_waves_own_interval():
    document = {
        "trend": {"dimensions": [{"id": "a", "name": "A", "previous": 50.0, "current": 56.0,
                                  "change": 6.0, "significant": True}]},
        "dimensions": [{"id": "a", "ci": [52.0, 60.0]}],
    }
    earlier = {"dimensions": [{"id": "a", "ci": [47.0, 53.0]}]}
    (found,) = measured_from(document, earlier)
    assert (found.previous_ci, found.current_ci, found.change, found.significant) == (
        (47.0, 53.0), (52.0, 60.0), 6.0, True)
    assert measured_from({"trend": None}, earlier) == []
