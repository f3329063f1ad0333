"""Respondent and organisation dimension scores."""

import numpy as np
import pytest

from scoring.dimensions import items_needed, respondent_scores, score_dimensions

from .conftest import make_instrument, uniform_responses


def test_score_maps_the_mean_to_zero_to_hundred():
    scores = respondent_scores(np.array([[1.0, 1, 1], [5, 5, 5], [3, 4, 5]]), 5)
    assert scores.tolist() == [0.0, 100.0, 75.0]


@pytest.mark.parametrize(("items", "needed"), [(3, 3), (4, 3), (6, 3), (7, 4), (8, 4), (10, 5)])
def test_a_score_needs_half_the_items_and_at_least_three(items, needed):
    assert items_needed(items) == needed


def test_three_of_six_answered_gives_a_score():
    values = np.array([[4.0, 4, 4, np.nan, np.nan, np.nan]])
    assert respondent_scores(values, 5).tolist() == [75.0]


def test_two_of_six_answered_gives_no_score():
    values = np.array([[4.0, 4, np.nan, np.nan, np.nan, np.nan]])
    assert np.isnan(respondent_scores(values, 5)[0])


def test_dont_know_does_not_count_as_answered(instrument):
    responses = uniform_responses(instrument, [{"ownership": 4}] * 5)
    answers = responses.answers.copy()
    ownership = [j for j, i in enumerate(responses.item_ids) if i.startswith("ow")]
    answers[0, ownership[:4]] = 0  # four "don't know", two answers left
    scores = score_dimensions(instrument, type(responses)(responses.item_ids, answers))
    ownership_scores = scores.respondent_scores[:, scores.dimension_ids.index("ownership")]
    assert np.isnan(ownership_scores[0]) and ownership_scores[1] == 75


def test_organisation_score_is_the_mean_of_respondent_scores(instrument):
    responses = uniform_responses(instrument, [{"ownership": v} for v in (2, 3, 4, 5, 5)])
    result = score_dimensions(instrument, responses).dimension("ownership")
    assert result.score == pytest.approx(np.mean([25, 50, 75, 100, 100]))
    assert result.estimate.n == 5


def test_items_report_recoded_distribution_and_shares(instrument):
    responses = uniform_responses(instrument, [{"ownership": v} for v in (1, 2, 3, 4, 5, 5)])
    result = score_dimensions(instrument, responses).dimension("ownership")
    reversed_item = next(item for item in result.items if item.reverse)
    assert reversed_item.distribution == (1, 1, 1, 1, 2)
    assert reversed_item.favourable.share == pytest.approx(3 / 6)
    assert reversed_item.unfavourable.share == pytest.approx(2 / 6)
    assert reversed_item.neutral.share == pytest.approx(1 / 6)
    assert result.favourable.share == pytest.approx(3 / 6)


def test_dont_know_share_is_over_everyone_who_did_not_leave_it_blank(instrument):
    responses = uniform_responses(instrument, [{"training_maturity": 4}] * 6)
    answers = responses.answers.copy()
    answers[0, 0] = 0
    answers[1, 0] = np.nan
    result = score_dimensions(instrument, type(responses)(responses.item_ids, answers))
    item = result.dimension("training_maturity").items[0]
    assert (item.dont_know, item.n) == (1, 4)
    assert item.dont_know_share == pytest.approx(1 / 5)


def test_figures_from_fewer_than_k_respondents_are_withheld(instrument):
    rows = [{"ownership": 4}] * 3 + [{"security_risk": 4}] * 6
    result = score_dimensions(instrument, uniform_responses(instrument, rows), min_n=5)
    ownership = result.dimension("ownership")
    assert ownership.score is None and ownership.estimate.n == 3
    assert ownership.items[0].mean is None and ownership.items[0].distribution == ()
    assert result.dimension("security_risk").score == 75


def test_module_items_join_their_dimension():
    instrument = make_instrument()
    rows = [{"security_risk": 4}] * 5
    responses = uniform_responses(instrument, rows, module="healthcare")
    result = score_dimensions(instrument, responses, module="healthcare")
    assert "sr_patients" in [item.id for item in result.dimension("security_risk").items]
