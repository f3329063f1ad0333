"""A shown group minus several shown groups of another question lying inside it (found by a
red team on 5 December 2026): all leaders and managers sit in client services, so "staff" (8)
minus "operations" (3) minus "support functions" (3) is client services' two staff, although
each subtraction alone leaves five. Both the results and the export must see the union."""

from __future__ import annotations

from collections import Counter

import numpy as np

from readiness.exports import protected_segments
from scoring.anonymity import nested_withheld
from surveys.loader import default_instrument
from tests.security.oracle import isolated_few

K = 3


def _rows():
    def some(department, role, n):
        return [{"department": department, "role_level": role}] * n

    return (some("client_services", "leader", 3) + some("client_services", "manager", 3)
            + some("client_services", "staff", 2) + some("operations", "staff", 3)
            + some("support_functions", "staff", 3))


def _left_after_subtracting_every_class_inside(rows, shown, question, value):
    """What a group's score minus every CSV class wholly inside it describes (people)."""
    group = {i for i, row in enumerate(rows) if row[question] == value}
    classes: dict[tuple, set[int]] = {}
    for i, values in enumerate(shown):
        classes.setdefault(tuple(values), set()).add(i)
    inside = set().union(*(c for c in classes.values() if c <= group))
    return len(group - inside)


def test_the_results_withhold_a_cell_when_the_others_inside_a_group_leave_few():
    rows = _rows()
    department = np.array([row["department"] for row in rows])
    role = np.array([row["role_level"] for row in rows])
    cells = {"total": np.ones(len(rows), dtype=bool)}
    cells |= {f"department={d}": department == d for d in set(department)}
    cells |= {f"role_level={r}": role == r for r in set(role)}
    withheld = nested_withheld(cells, K, fixed={"total"})
    # staff minus operations minus support, and client services minus leaders minus managers,
    # leave two: something goes, and what is left isolates no one however combined
    assert withheld
    shown = [set(np.flatnonzero(mask)) for key, mask in cells.items() if key not in withheld]
    assert isolated_few(shown, K) is None


def test_the_export_never_leaves_few_when_every_class_inside_a_group_is_subtracted():
    rows = _rows()
    shown = protected_segments(rows, default_instrument().segments, K,
                               np.ones((len(rows), 5), dtype=bool))
    for question, value in [("role_level", "staff"), ("role_level", "leader"),
                            ("role_level", "manager"), ("department", "client_services"),
                            ("department", "operations"), ("department", "support_functions")]:
        left = _left_after_subtracting_every_class_inside(rows, shown, question, value)
        assert not 0 < left < K, (question, value, left, Counter(map(tuple, shown)))


def test_the_results_document_withholds_it_too():
    from scoring.document import build_document
    from scoring.responses import Responses
    from tests.scoring.test_document import ASSESSMENT

    instrument = default_instrument()
    items = [item.id for item in instrument.items_for(None)]
    rows = _rows()
    answers = [{item: 1 + (i + n) % 5 for n, item in enumerate(items)} for i in range(len(rows))]
    document = build_document(instrument, Responses.from_rows(answers, rows, item_ids=items),
                              assessment=ASSESSMENT, k=K)
    scores = {(s["id"], g["value"]): g["dimensions"] for s in document["segments"]
              for g in s["groups"]}
    for dimension in scores[("role_level", "staff")]:
        if scores[("role_level", "staff")][dimension] is None:
            continue
        assert None in (scores[("department", "operations")].get(dimension),
                        scores[("department", "support_functions")].get(dimension)), dimension
