"""No released figure, alone or subtracted from another, describes fewer than k people.

Hypothesis draws organisations (who is in which department and role level, who skipped which
dimension) and k, builds the real results document with ``scoring.document.build_document``,
and checks every figure it releases against the people behind it: a count, a score of a group
(its members who answered that dimension), the total, and the perception gap's two groups.
Subtractions checked: total minus any released group of the same question, total minus all of
them (the remainder), the gap's "others" minus any role group inside it, and the total minus
leaders and others.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring.document import build_document
from tests.scoring.conftest import make_instrument, uniform_responses

INSTRUMENT = make_instrument()
DIMENSIONS = [d.id for d in INSTRUMENT.dimensions]
CHOICES = {
    "department": ["sales", "it", "hr", "finance", "prefer_not_to_say", None],
    "role_level": ["leader", "manager", "staff", "prefer_not_to_say", None],
}

person = st.fixed_dictionaries({
    "department": st.sampled_from(CHOICES["department"]),
    "role_level": st.sampled_from(CHOICES["role_level"]),
    # Each dimension answered (with a value) or skipped; skipping is rarer, as in real surveys.
    "answers": st.lists(st.one_of(st.integers(1, 5), st.integers(1, 5), st.none()),
                        min_size=len(DIMENSIONS), max_size=len(DIMENSIONS)),
})


def _people_behind(people, question, option, dimension=None) -> int:
    def member(p):
        value = p[question]
        if option is None:  # the not-given remainder
            return value in (None, "prefer_not_to_say")
        return value == option

    return sum(
        1 for p in people
        if member(p) and (dimension is None or p["answers"][DIMENSIONS.index(dimension)])
    )


def _ok(count: int, k: int) -> bool:
    return count == 0 or count >= k


def _check_question(document, segment, people, k):
    question = segment["id"]
    total = document["n"]
    shown = [g for g in segment["groups"] if not g["suppressed"]]
    for group in shown:
        assert _ok(group["n"], k), (question, group)
        assert _ok(total - group["n"], k), (question, "total minus", group["value"])
    remainder = total - sum(g["n"] for g in shown)
    if not segment["not_given"]["suppressed"]:
        remainder -= segment["not_given"]["n"]
    assert _ok(remainder, k), (question, "remainder", remainder)
    for d, dimension in enumerate(document["dimensions"]):
        if dimension["score"] is None:
            continue
        answered = sum(1 for p in people if p["answers"][d])
        released = [g for g in shown if g["dimensions"].get(dimension["id"]) is not None]
        behind = {g["value"]: _people_behind(people, question, g["value"], dimension["id"])
                  for g in released}
        for value, count in behind.items():
            assert count >= k, (question, value, dimension["id"], count)
            assert _ok(answered - count, k), (question, "total minus", value, dimension["id"])
        rest = answered - sum(behind.values())
        assert _ok(rest, k), (question, "remainder of", dimension["id"], rest)


def _check_gap(document, people, k):
    gap = document["perception_gap"]
    if not gap["available"]:
        return
    role = next(s for s in document["segments"] if s["id"] == "role_level")
    assert gap["leaders_n"] >= k and gap["others_n"] >= k
    not_given = document["n"] - gap["leaders_n"] - gap["others_n"]
    assert _ok(not_given, k), ("gap leaves", not_given, "unplaced")
    for group in role["groups"]:
        if group["value"] != "leader" and not group["suppressed"]:
            assert _ok(gap["others_n"] - group["n"], k), ("others minus", group["value"])
    for d, row in enumerate(gap["dimensions"]):
        if row["leaders"] is None or row["others"] is None:
            continue
        answered = [p for p in people if p["answers"][d]]
        leaders = sum(1 for p in answered if p["role_level"] == "leader")
        others = sum(1 for p in answered if p["role_level"] in ("manager", "staff"))
        assert leaders >= k and others >= k, (row, leaders, others)
        assert _ok(len(answered) - leaders - others, k), ("gap remainder", row["id"])
        for group in role["groups"]:
            if group["value"] == "leader" or group["dimensions"].get(row["id"]) is None:
                continue
            inside = _people_behind(people, "role_level", group["value"], row["id"])
            assert _ok(others - inside, k), ("others minus", group["value"], row["id"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, min_size=3, max_size=40), k=st.sampled_from([3, 5]))
def test_no_released_figure_or_difference_describes_fewer_than_k(people, k):
    rows = [
        {dimension: value for dimension, value in zip(DIMENSIONS, p["answers"], strict=True)}
        for p in people
    ]
    segments = {q: np.array([p[q] or "" for p in people], dtype=object) for q in CHOICES}
    responses = uniform_responses(INSTRUMENT, rows, segments)
    document = build_document(INSTRUMENT, responses, assessment={"id": 1, "title": "t"}, k=k,
                              comment_k=k, seed=1)
    if document["suppressed"]:
        assert len(people) < k and not document["segments"]
        return
    for d, dimension in enumerate(document["dimensions"]):
        answered = sum(1 for p in people if p["answers"][d])
        if dimension["score"] is not None:
            assert answered >= k
        if 0 < answered < k:  # nothing else of the dimension describes those few either
            shares = [dimension[key]["share"] for key in ("favourable", "neutral", "unfavourable")]
            assert shares == [None] * 3 and dimension["dont_know_share"] is None, dimension
            assert dimension["n"] is None and dimension["alpha"]["n"] in (None, 0), dimension
    for segment in document["segments"]:
        _check_question(document, segment, people, k)
    _check_gap(document, people, k)


def _someone(department, role_level):
    return {"department": department, "role_level": role_level, "answers": [3] * 5}


@settings(max_examples=100, deadline=None)
@given(people=st.lists(person, min_size=0, max_size=40), k=st.sampled_from([3, 5]))
# Issue 17, attack 5: sales x4 and it x3 gave "sales 3, it 3 and one blank", a group of one.
@example(people=[_someone("sales", "leader")] + [_someone("sales", "staff")] * 3
         + [_someone("it", "staff")] * 3, k=3)
def test_the_csv_export_holds_no_segment_combination_of_fewer_than_k(people, k):
    from collections import Counter

    from readiness.exports import protected_segments

    if len(people) < k:
        return  # responses_csv refuses to export fewer than k responses at all
    rows = [{q: p[q] for q in CHOICES} for p in people]
    protected = protected_segments(rows, INSTRUMENT.segments, k)
    # Every combination, the all-blank one included, is shared by none or at least k rows.
    combinations = Counter(tuple(row) for row in protected)
    assert all(count >= k for count in combinations.values()), combinations
    document = build_document(
        INSTRUMENT,
        uniform_responses(INSTRUMENT, [dict.fromkeys(DIMENSIONS, 3) for _ in people],
                          {q: np.array([p[q] or "" for p in people], dtype=object)
                           for q in CHOICES}),
        assessment={"id": 1}, k=k,
    )
    for column, segment in enumerate(document["segments"]):
        shown = Counter(row[column] for row in protected if row[column])
        for value, n in shown.items():
            # A value is shown in every row that has it, and only where the results show it:
            # the export and the results page cannot be subtracted from each other.
            assert n == sum(1 for p in people if p[segment["id"]] == value), (value, n)
            group = next(g for g in segment["groups"] if g["value"] == value)
            assert not group["suppressed"], value
        assert _ok(len(protected) - sum(shown.values()), k)


@settings(max_examples=100, deadline=None)
@given(people=st.lists(person, min_size=0, max_size=40), k=st.sampled_from([3, 5]))
def test_two_questions_crossed_are_shown_only_when_every_cell_reaches_k(people, k):
    from collections import Counter

    from scoring.anonymity import crossed

    segments = {q: np.array([p[q] or "" for p in people], dtype=object) for q in CHOICES}
    rows = [dict.fromkeys(DIMENSIONS, 3) for _ in people]
    responses = uniform_responses(INSTRUMENT, rows, segments)
    result = crossed(responses, "department", "role_level", k)
    cells = Counter(
        (p["department"] if p["department"] in CHOICES["department"][:4] else "",
         p["role_level"] if p["role_level"] in CHOICES["role_level"][:3] else "")
        for p in people
    )
    small = any(0 < n < k for n in cells.values())
    assert result.released == (len(people) >= k and not small)
    assert all(_ok(cell.n, k) for cell in result.cells)
