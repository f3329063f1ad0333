"""Choosing, explaining and ranking recommendations."""

import pytest

from scoring.dimensions import score_dimensions
from scoring.library import load_library
from scoring.recommend import PLAN_PER_HORIZON, plan, recommend
from surveys.loader import default_instrument

from .conftest import uniform_responses

DIMENSIONS = ("ownership", "security_risk", "training_maturity", "leadership_presence",
              "decision_speed")


def ranked(row, sector=None, language="en", n=6):
    instrument = default_instrument()
    scores = score_dimensions(instrument, uniform_responses(instrument, [row] * n))
    return recommend(load_library("social_media_v1"), instrument, scores, sector=sector,
                     language=language)


def test_a_low_dimension_selects_its_low_band_actions_with_the_reason():
    found = ranked({d: 4 for d in DIMENSIONS} | {"ownership": 2})
    ownership = [r for r in found if r.action.dimension == "ownership" and r.action.band]
    assert {r.action.band for r in ownership} == {"low"} and len(ownership) == 3
    assert ownership[0].why == "Ownership scored 25 (Unprepared)."


def test_priority_is_weight_times_distance_to_seventy():
    found = ranked({d: 4 for d in DIMENSIONS} | {"ownership": 3})
    first = found[0]
    assert first.action.dimension == "ownership"
    assert first.priority == pytest.approx(1.0 * (70 - 50))


def test_dimensions_above_target_get_priority_zero_and_high_band_actions():
    found = ranked({d: 4 for d in DIMENSIONS})
    assert {r.action.band for r in found if r.action.band} == {"high"}
    assert all(r.priority == 0 for r in found)


def test_ties_go_to_higher_impact_then_lower_effort():
    found = ranked({d: 4 for d in DIMENSIONS} | {"ownership": 2})
    ownership = [r.action for r in found if r.action.dimension == "ownership"]
    keys = [(-["low", "medium", "high"].index(a.impact), ["low", "medium", "high"].index(a.effort))
            for a in ownership]
    assert keys == sorted(keys)


def test_why_is_written_in_the_document_language():
    found = ranked({d: 4 for d in DIMENSIONS} | {"ownership": 2}, language="de")
    assert found[0].why == "Zuständigkeit erreichte 25 Punkte (Unvorbereitet)."


def test_sector_actions_fire_for_their_sector_only():
    row = {d: 3 for d in DIMENSIONS}
    assert any(r.action.id == "sector-healthcare-confidentiality"
               for r in ranked(row, sector="healthcare"))
    assert not any(r.action.sectors for r in ranked(row, sector="healthcare_x"))
    assert any(r.action.id == "sector-public-safeguarding"
               for r in ranked(row, sector="Public sector"))


def test_a_weak_crisis_item_selects_the_crisis_playbook():
    instrument = default_instrument()
    rows = [{d: 4 for d in DIMENSIONS}] * 6
    responses = uniform_responses(instrument, rows)
    answers = responses.answers.copy()
    answers[:, responses.item_ids.index("sr4")] = 1  # nobody sees a crisis plan
    scores = score_dimensions(instrument, type(responses)(responses.item_ids, answers))
    found = recommend(load_library("social_media_v1"), instrument, scores)
    playbook = next(r for r in found if r.action.id == "signal-crisis-playbook")
    assert playbook.priority == pytest.approx(70)
    assert playbook.why.startswith("0% agreed that 'We have an agreed plan")


def test_a_high_dont_know_share_on_training_is_a_finding():
    instrument = default_instrument()
    responses = uniform_responses(instrument, [{d: 4 for d in DIMENSIONS}] * 10)
    answers = responses.answers.copy()
    training = [j for j, i in enumerate(responses.item_ids) if i.startswith("tm")]
    answers[:3, training] = 0
    scores = score_dimensions(instrument, type(responses)(responses.item_ids, answers))
    found = recommend(load_library("social_media_v1"), instrument, scores)
    signal = next(r for r in found if r.action.id == "signal-training-dont-know")
    assert signal.why == "30% answered 'don't know' on Training maturity."
    assert signal.priority == pytest.approx(30)


def test_plan_holds_at_most_three_actions_per_horizon_in_rank_order():
    found = ranked({d: 2 for d in DIMENSIONS})
    buckets = plan(found)
    assert set(buckets) == {"30", "60", "90"}
    planned = {i for ids in buckets.values() for i in ids}
    for horizon, ids in buckets.items():
        assert len(ids) <= PLAN_PER_HORIZON
        expected = [r.action.id for r in found if str(r.action.horizon) == horizon
                    and (not r.action.after or planned & set(r.action.after))][:3]
        assert ids == expected
