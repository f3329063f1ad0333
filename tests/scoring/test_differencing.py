"""`scoring.differencing`: which sets of fewer than k people a combination of group sums gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import scoring.differencing as differencing
from scoring.anonymity import _isolating_rows, count_cells, nested_withheld, suppress
from scoring.differencing import Undecided, combination, derivable, isolated
from tests.security.oracle import isolated_few


def _masks(n: int, *members: list[int]) -> list[np.ndarray]:
    masks = []
    for chosen in members:
        mask = np.zeros(n, dtype=bool)
        mask[chosen] = True
        masks.append(mask)
    return masks


def _found_case():
    """The case found on 5 December 2026 (k = 4): six leaders and two staff in client
    services, four managers in operations, five staff in support, two staff without a
    department. Nobody left the role question blank."""
    department = ["cs"] * 8 + ["ops"] * 4 + ["support"] * 5 + [""] * 2
    role = ["leader"] * 6 + ["staff"] * 2 + ["manager"] * 4 + ["staff"] * 7
    d, r = np.array(department), np.array(role)
    cells = {"total": np.ones(len(d), dtype=bool), "department=cs": d == "cs",
             "department=support": d == "support", "role=leader": r == "leader",
             "role=manager": r == "manager", "role=staff": r == "staff"}
    return d, r, cells


def test_a_withheld_group_given_back_by_its_question_s_other_groups_is_found():
    d, r, cells = _found_case()
    shown = [cells[key] for key in cells if key != "role=leader"]  # the pairwise rule's choice
    people = isolated(shown, 4)
    assert people is not None and 0 < people.sum() < 4
    # and the combination found really gives exactly those people
    weights = combination(shown, people)
    assert np.allclose(np.array(shown, dtype=float).T @ weights, people)


def test_the_results_withhold_until_no_combination_is_left():
    d, r, cells = _found_case()
    withheld = nested_withheld(cells, 4, fixed={"total"})
    assert "role=leader" in withheld  # client services minus leaders: its two staff
    assert "role=manager" in withheld  # else total minus managers minus staff gives leaders
    left = [cells[key] for key in cells if key not in withheld]
    assert isolated(left, 4) is None
    assert isolated_few([set(np.flatnonzero(mask)) for mask in left], 4) is None


def test_groups_whose_every_atom_holds_k_isolate_nobody():
    masks = _masks(20, list(range(10)), list(range(5, 15)), list(range(20)))
    assert isolated(masks, 5) is None


def test_a_single_small_group_is_isolated_by_itself():
    people = isolated(_masks(10, [0, 1], list(range(10))), 3)
    assert people is not None and sorted(np.flatnonzero(people)) == [0, 1]


def test_past_its_budget_the_search_says_it_cannot_decide():
    masks = _masks(12, list(range(6)), list(range(3, 9)), list(range(12)))
    assert isolated(masks, 4) is None
    with pytest.raises(Undecided):
        isolated(masks, 4, budget=0)


def test_undecided_results_withhold_as_if_a_set_was_found(monkeypatch):
    total = np.ones(12, dtype=bool)
    a, b = _masks(12, list(range(6)), list(range(3, 9)))
    cells = {"total": total, "a": a, "b": b}
    assert nested_withheld(cells, 4, fixed={"total"}) == set()
    monkeypatch.setattr(differencing, "BUDGET", 0)
    assert nested_withheld(cells, 4, fixed={"total"}) == {"a"}  # the smaller; ties by name


def test_undecided_export_blanks_every_combination_a_released_group_cuts(monkeypatch):
    # two row classes of six; a released group takes three of each
    keys = [("x",)] * 6 + [("y",)] * 6
    scored = np.ones(12, dtype=bool)
    group = np.array([True] * 3 + [False] * 3 + [True] * 3 + [False] * 3)
    assert _isolating_rows(keys, 4, [(scored, [group])]) == set()
    monkeypatch.setattr(differencing, "BUDGET", 0)
    assert _isolating_rows(keys, 4, [(scored, [group])]) == {("x",), ("y",)}


def test_a_released_group_cutting_one_row_class_into_a_few_is_found():
    # the rows of "x" (six) are cut by a released group that holds two of them and all six
    # of "y": the group minus the rows of "y" gives those two
    keys = [("x",)] * 6 + [("y",)] * 6
    scored = np.ones(12, dtype=bool)
    group = np.array([True] * 2 + [False] * 4 + [True] * 6)
    assert _isolating_rows(keys, 3, [(scored, [group])]) == {("x",)}


groups_of = st.integers(4, 16).flatmap(lambda n: st.lists(
    st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=6))


@settings(max_examples=300, deadline=None)
@given(groups=groups_of, k=st.integers(2, 5))
@example(groups=[[True] * 5 + [False] * 3, [True] * 3 + [False] * 5, [True] * 8], k=3)
def test_it_finds_a_set_exactly_when_brute_force_does(groups, k):
    masks = [np.array(group, dtype=bool) for group in groups]
    people = isolated(masks, k)
    expected = isolated_few([set(np.flatnonzero(mask)) for mask in masks if mask.any()], k)
    assert (people is None) == (expected is None)
    if people is not None:
        assert 0 < people.sum() < k
        assert np.allclose(np.array(masks, dtype=float).T @ combination(masks, people), people)


def test_a_withheld_score_the_shown_ones_give_anyway_is_shown_after_all():
    """Leaders all in one department: the gap's "others" was withheld on the way, but once the
    department goes, the total minus leaders gives it anyway; showing it tells nothing new."""
    department, role, k = np.array(list("XZYYXZYXXYYX")), np.array(list("LLLMLLMLLMSL")), 4
    cells = {"total": np.ones(12, dtype=bool)}
    for name, values in (("d", department), ("r", role)):
        suppressed = suppress(count_cells(values, sorted(set(values))), k)
        shown = [f"{name}={v}" for v, cell in suppressed.items()
                 if v in set(values) and not cell.suppressed and cell.n > 0]
        cells |= {key: values == key[2:] for key in shown}
    cells["gap:leaders"], cells["gap:others"] = role == "L", role != "L"
    withheld = nested_withheld(cells, k, fixed={"total"})
    assert withheld == {"d=Y"}
    shown = [mask for key, mask in cells.items() if key not in withheld]
    assert derivable([cells["total"], cells["gap:leaders"]], cells["gap:others"])
    assert isolated_few([set(np.flatnonzero(mask)) for mask in shown], k) is None
