"""Groups of different questions that lie inside each other: the difference must not isolate."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scoring.anonymity import nested_withheld
from scoring.document import build_document
from tests.scoring.conftest import make_instrument, uniform_responses

INSTRUMENT = make_instrument()
DIMENSIONS = [d.id for d in INSTRUMENT.dimensions]


def test_an_inner_group_within_fewer_than_k_of_its_outer_group_loses_its_score():
    outer = np.array([True] * 6 + [False] * 10)
    inner = np.array([True] * 5 + [False] * 11)
    total = np.ones(16, dtype=bool)
    assert nested_withheld({"total": total, "dept=mgmt": outer, "role=leader": inner}, 5,
                           fixed={"total"}) == {"role=leader"}


def test_groups_that_merely_overlap_keep_their_scores():
    a = np.array([True] * 6 + [False] * 10)
    b = np.array([False] * 3 + [True] * 6 + [False] * 7)
    assert nested_withheld({"a": a, "b": b}, 5) == set()


def test_the_total_is_never_withheld_the_group_inside_it_is():
    total = np.ones(7, dtype=bool)
    most = np.array([True] * 6 + [False])
    assert nested_withheld({"total": total, "most": most}, 5, fixed={"total"}) == {"most"}


def _leaders_all_in_one_department(n_department: int, n_leaders: int):
    """Every leader works in sales; sales has a few more people; everyone else is in IT."""
    department = ["sales"] * n_department + ["it"] * 12
    role = ["leader"] * n_leaders + ["staff"] * (n_department - n_leaders + 12)
    rows = [{d: 3 + (i % 3) for d in DIMENSIONS} for i in range(len(department))]
    return rows, {"department": department, "role_level": role}


@settings(max_examples=60, deadline=None, derandomize=True)
@given(n_leaders=st.integers(5, 9), extra=st.integers(1, 6), k=st.integers(3, 7))
@example(n_leaders=5, extra=1, k=5)  # the comms lead knows all five leaders sit in sales
def test_a_released_department_minus_its_released_leaders_never_isolates(n_leaders, extra, k):
    rows, segments = _leaders_all_in_one_department(n_leaders + extra, n_leaders)
    responses = uniform_responses(
        INSTRUMENT, rows, segments={key: np.array(v) for key, v in segments.items()}
    )
    document = build_document(INSTRUMENT, responses, assessment={"id": 1}, k=k)
    groups = {
        (segment["id"], group["value"]): group
        for segment in document["segments"] for group in segment["groups"]
    }
    sales, leaders = groups.get(("department", "sales")), groups.get(("role_level", "leader"))
    if sales is None or leaders is None:
        return
    for dimension in document["dimensions"]:
        both = (sales["dimensions"].get(dimension["id"]) is not None
                and leaders["dimensions"].get(dimension["id"]) is not None)
        if both:
            assert extra >= k, (dimension["id"], "sales minus leaders", extra)
