"""The results document: shape, suppression, comments and invariants."""

import json
import re
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.dimensions import score_dimensions
from scoring.document import SCHEMA, build_document
from scoring.index import readiness
from scoring.responses import Responses
from scoring.segments import score_segment
from surveys.loader import default_instrument

from .conftest import make_instrument, random_answers, uniform_responses

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "results-document.md"
ASSESSMENT = {"id": "a1", "title": "Pilot", "organisation": "Example", "sector": "healthcare",
              "opens_on": "2026-11-01", "closes_on": "2026-11-20"}


def sample_responses(instrument, n, seed=0, module=None):
    items = instrument.items_for(module)
    reverse = np.array([item.reverse for item in items])
    rng = np.random.default_rng(seed)
    segments = {
        q.id: rng.choice(np.array([*q.option_ids(), None], dtype=object), size=n)
        for q in instrument.segments
    }
    return Responses(tuple(i.id for i in items),
                     random_answers(n, len(items), seed, reverse=reverse), segments)


def build(n=120, **kwargs):
    instrument = default_instrument()
    return build_document(instrument, sample_responses(instrument, n),
                          assessment=ASSESSMENT, **kwargs)


def contract_top_level_keys() -> set[str]:
    text = CONTRACT.read_text()
    block = text[text.index("```jsonc"):text.index("```", text.index("```jsonc") + 3)]
    return set(re.findall(r'^  "(\w+)":', block, flags=re.MULTILINE))


def test_document_has_every_top_level_field_of_the_contract():
    document = build()
    assert contract_top_level_keys() <= set(document)
    assert document["schema"] == SCHEMA


def test_document_is_strict_json():
    document = build(headcount=400, previous=({"id": "a0"}, sample_responses(
        default_instrument(), 80, seed=3)))
    json.dumps(document, allow_nan=False)
    assert document["response_rate"] == 0.3
    assert document["trend"]["previous"]["n"] == 80


def test_fewer_than_k_respondents_gives_a_suppressed_document_without_figures():
    document = build(n=4)
    assert document["suppressed"] is True
    for key in ("n", "index", "barrier", "strongest", "weakest", "perception_gap", "trend",
                "reliability"):
        assert document[key] is None, key
    for key in ("dimensions", "segments", "recommendations"):
        assert document[key] == [], key
    assert document["plan"] == {"30": [], "60": [], "90": []}
    assert document["comments"]["released"] is False


def test_dimensions_items_and_recommendations_are_filled():
    document = build()
    dimension = document["dimensions"][0]
    assert dimension["alpha"]["method"] == "pairwise"
    assert len(dimension["items"]) == 6 and sum(dimension["items"][0]["distribution"]) > 0
    assert document["recommendations"] and document["recommendations"][0]["why"]


def test_suppressed_segment_groups_carry_no_figures():
    instrument = default_instrument()
    responses = sample_responses(instrument, 40)
    department = np.array(["client_services"] * 30 + ["operations"] * 7 + ["other"] * 3,
                          dtype=object)
    responses = Responses(responses.item_ids, responses.answers,
                          {"department": department})
    document = build_document(instrument, responses, assessment=ASSESSMENT)
    groups = {g["value"]: g for g in document["segments"][0]["groups"]}
    assert groups["other"]["reason"] == "primary" and groups["other"]["n"] is None
    assert groups["operations"]["reason"] == "secondary"
    assert groups["operations"]["index"] is None and groups["operations"]["dimensions"] == {}
    assert groups["support_functions"]["n"] == 0


def test_comments_are_released_from_comment_k_answers_shuffled():
    texts = [f"idea {i}" for i in range(12)]
    document = build(comments={"first_step": texts, "concerns": ["one", "", "two"]}, seed=4)
    released, held = document["comments"]["questions"]
    assert document["comments"]["released"] is True
    assert sorted(released["answers"]) == sorted(texts) and released["answers"] != texts
    assert held["released"] is False and held["answers"] == []


def test_comments_below_the_threshold_are_held_back():
    document = build(comments={"first_step": ["a"] * 9})
    assert document["comments"]["released"] is False


def test_document_is_available_in_german_and_french():
    for language in ("de", "fr"):
        document = build(language=language)
        assert document["language"] == language
        assert document["recommendations"][0]["title"] != build()["recommendations"][0]["title"]


def scored_figures(document):
    yield document["index"]["score"]
    for dimension in document["dimensions"]:
        yield dimension["score"]
        yield from dimension["ci"] or []
    for segment in document["segments"]:
        for group in segment["groups"]:
            yield group["index"]
            yield from group["dimensions"].values()


answer_matrices = arrays(np.float64, st.tuples(st.integers(5, 25), st.just(31)),
                         elements=st.sampled_from([np.nan, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]))


@settings(max_examples=25, deadline=None)
@given(answer_matrices)
def test_every_score_lies_between_0_and_100(answers):
    instrument = make_instrument()
    ids = tuple(item.id for item in instrument.items)
    document = build_document(instrument, Responses(ids, answers), assessment=ASSESSMENT)
    json.dumps(document, allow_nan=False)
    for value in scored_figures(document):
        assert value is None or 0 <= value <= 100


@settings(max_examples=20, deadline=None)
@given(answer_matrices, st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(answers, rnd):
    instrument = make_instrument()
    ids = tuple(item.id for item in instrument.items)
    n = answers.shape[0]
    departments = np.array([rnd.choice(["sales", "it", None]) for _ in range(n)], dtype=object)
    order = np.array(rnd.sample(range(n), n))
    original = Responses(ids, answers, {"department": departments})
    permuted = Responses(ids, answers[order], {"department": departments[order]})
    a, b = score_dimensions(instrument, original), score_dimensions(instrument, permuted)
    np.testing.assert_allclose([d.score or -1 for d in a.dimensions],
                               [d.score or -1 for d in b.dimensions])
    index_a, index_b = readiness(instrument, a), readiness(instrument, b)
    assert (index_a.score is None) == (index_b.score is None)
    if index_a.score is not None:
        assert np.isclose(index_a.score, index_b.score)
        assert index_a.n == index_b.n
    seg_a = score_segment(instrument.segment("department"), original, a, 5)
    seg_b = score_segment(instrument.segment("department"), permuted, b, 5)
    assert [g.cell for g in seg_a.groups] == [g.cell for g in seg_b.groups]
    for ga, gb in zip(seg_a.groups, seg_b.groups, strict=True):
        assert (ga.index is None) == (gb.index is None)
        if ga.index is not None:
            assert np.isclose(ga.index, gb.index)


def test_an_item_answered_by_fewer_than_k_shows_no_count(instrument):
    """Found by an outside-style attack: an item two people answered showed "n": 2."""
    rows = [{d.id: 3 for d in instrument.dimensions} for _ in range(10)]
    responses = uniform_responses(instrument, rows)
    first = responses.item_ids[0]
    column = responses.item_ids.index(first)
    responses.answers[2:, column] = np.nan  # only two people answered the first item
    document = build_document(instrument, responses, assessment={"id": 1}, k=5)
    item = next(i for d in document["dimensions"] for i in d["items"] if i["id"] == first)
    assert item["n"] is None and item["mean"] is None
