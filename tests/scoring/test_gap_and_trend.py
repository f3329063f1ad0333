"""Perception gap between leaders and everyone else; trend against an earlier wave."""

import numpy as np
import pytest
from scipy import stats

from scoring.dimensions import score_dimensions
from scoring.gap import perception_gap
from scoring.trend import trend, welch_p_value

from .conftest import uniform_responses

DIMENSIONS = ("training_maturity", "security_risk", "ownership", "leadership_presence",
              "decision_speed")


def gap_for(instrument, roles, leader_value=5, other_value=3, k=5):
    rows = [{d: leader_value if role == "leader" else other_value for d in DIMENSIONS}
            for role in roles]
    responses = uniform_responses(instrument, rows, {"role_level": roles})
    return perception_gap(instrument.segments, responses,
                          score_dimensions(instrument, responses), k)


def test_gap_is_leaders_minus_everyone_else(instrument):
    gap = gap_for(instrument, ["leader"] * 5 + ["staff"] * 8 + ["manager"] * 5)
    assert gap.available and (gap.leaders_n, gap.others_n) == (5, 13)
    row = gap.dimensions[0]
    assert (row.leaders, row.others, row.gap) == (100.0, 50.0, 50.0)
    assert gap.index.gap == 50.0


def test_gap_ignores_people_who_did_not_give_their_role(instrument):
    gap = gap_for(instrument, ["leader"] * 5 + ["staff"] * 8 + [None] * 5)
    assert gap.others_n == 8


def test_no_gap_with_fewer_than_k_leaders(instrument):
    gap = gap_for(instrument, ["leader"] * 4 + ["staff"] * 20)
    assert not gap.available and gap.reason == "fewer than 5 leaders"
    assert gap.dimensions == ()


def test_no_gap_with_fewer_than_k_others(instrument):
    gap = gap_for(instrument, ["leader"] * 20 + ["staff"] * 4 + [None] * 6)
    assert not gap.available


def test_no_gap_when_leaders_are_suppressed_as_a_complement(instrument):
    # managers (3) are hidden, and leaders (6), the next smallest, are hidden with them.
    gap = gap_for(instrument, ["leader"] * 6 + ["manager"] * 3 + ["staff"] * 20)
    assert not gap.available


def test_no_gap_when_everyone_else_would_expose_a_hidden_group(instrument):
    # managers (3) and not-given (4) protect each other, but "everyone else" minus the
    # shown staff count would isolate the 3 managers.
    gap = gap_for(instrument, ["leader"] * 10 + ["manager"] * 3 + ["staff"] * 20 + [None] * 4)
    assert not gap.available and "suppressed" in gap.reason


def wave(instrument, values):
    rows = [{d: v for d in DIMENSIONS} for v in values]
    return score_dimensions(instrument, uniform_responses(instrument, rows))


def test_trend_reports_change_and_welch_p_value(instrument):
    before = wave(instrument, [2, 3, 3, 2, 3, 3])
    after = wave(instrument, [4, 4, 5, 3, 4, 5])
    result = trend(before, after, 40.0, 70.0, k=5)
    first = result.dimensions[0]
    expected = stats.ttest_ind(after.respondent_scores[:, 0], before.respondent_scores[:, 0],
                               equal_var=False).pvalue
    assert first.change == pytest.approx(after.dimensions[0].score - before.dimensions[0].score)
    assert first.p_value == pytest.approx(expected) and first.significant
    assert result.index.change == 30.0


def test_a_small_change_is_not_significant(instrument):
    result = trend(wave(instrument, [3, 4, 3, 4, 3, 4]), wave(instrument, [4, 3, 4, 3, 4, 4]),
                   None, None, k=5)
    assert result.dimensions[0].significant is False


def test_no_trend_when_either_wave_is_below_k(instrument):
    assert trend(wave(instrument, [3] * 4), wave(instrument, [4] * 9), 50, 75, k=5) is None


def test_welch_is_undefined_without_variance():
    assert welch_p_value(np.full(5, 50.0), np.full(5, 50.0)) is None


def test_welch_matches_scipy_on_ordinary_data():
    from scipy import stats

    rng = np.random.default_rng(7)
    for _ in range(20):
        earlier, later = rng.normal(50, 10, 12), rng.normal(55, 15, 30)
        expected = stats.ttest_ind(later, earlier, equal_var=False).pvalue
        assert welch_p_value(earlier, later) == pytest.approx(expected, rel=1e-9)


def test_welch_takes_scores_equal_but_for_the_last_bit_as_equal():
    """Found by the lifecycle attacker test: the same answers, summed in another order, gave
    scores differing in the last bit, and scipy warned of catastrophic cancellation."""
    same = np.array([200 / 3, 66.66666666666667, 100 / 3 * 2])
    also_same = np.array([66.66666666666666, 200 / 3, 66.66666666666667, 100 / 3 * 2])
    assert welch_p_value(same, also_same) is None
    assert welch_p_value(same, np.array([50.0, 60.0, 70.0])) == pytest.approx(0.3675, abs=1e-4)
