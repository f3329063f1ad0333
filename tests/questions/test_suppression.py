"""The custom questions' figures never describe 1..k-1 people: properties over random answers,
with the counterexamples that shaped the rules pinned."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from scoring.anonymity import choices_hidden
from scoring.questions import score_questions

K = 5


@st.composite
def choices(draw):
    """Who chose which option of a several-choices question: answerers × options."""
    n = draw(st.integers(K, 30))
    options = draw(st.integers(2, 5))
    cells = draw(st.lists(st.booleans(), min_size=n * options, max_size=n * options))
    return np.array(cells, dtype=bool).reshape(n, options)


def shown_sets(matrix: np.ndarray) -> list[np.ndarray]:
    masks = {str(j): matrix[:, j] for j in range(matrix.shape[1])}
    hidden = choices_hidden(masks, K)
    return [mask for key, mask in masks.items() if key not in hidden]


@given(choices())
@example(np.array([[True, i >= 2] for i in range(20)]))  # all but 2 chose the second
@example(np.array([[i < 10, 10 <= i < 18, i >= 18] for i in range(20)]))  # 10 + 8 leave 2
@example(np.array([[True, i < 17] for i in range(20)]))  # B inside A, 3 apart
# e-mail and intranet overlap and leave out the 2 who chose only "manager" (3, hidden): the
# export would mark those 2 as its only rows without an answer
@example(np.array([[2 <= i < 30, 3 <= i < 8 or i >= 30, i < 3] for i in range(40)]))
def test_no_shown_option_count_nor_any_difference_describes_fewer_than_k(matrix):
    n = matrix.shape[0]
    shown = shown_sets(matrix)
    everyone = np.ones(n, dtype=bool)
    for mask in shown:
        assert int(mask.sum()) == 0 or int(mask.sum()) >= K
        for outer in [everyone, *shown]:  # nested in the answerers or another shown option
            if not (mask & ~outer).any():
                between = int(outer.sum() - mask.sum())
                assert between == 0 or between >= K
    if shown:  # disjoint, their sum counts those left out; the export shows them anyway
        left = n - int(np.array(shown).any(axis=0).sum())
        assert left == 0 or left >= K


@st.composite
def trigger_rows(draw):
    """Answers to uses_chat (and, when asked, chat_often) for 5..40 people."""
    n = draw(st.integers(K, 40))
    rows = []
    for _ in range(n):
        said = draw(st.sampled_from(["yes", "no", "dk", None]))
        row = {"uses_chat": said}
        if said == "yes":
            row["chat_often"] = draw(st.sampled_from(["daily", "weekly", None]))
        rows.append(row)
    return rows


@given(trigger_rows())
@example([{"uses_chat": "yes", "chat_often": "daily"}] * 30 + [{"uses_chat": "no"}] * 3
         + [{"uses_chat": "dk"}] * 6)
def test_a_follow_up_never_tells_how_many_met_a_condition_the_results_hide(pulse, rows):
    results = {r.question.id: r for r in score_questions(pulse, rows, K)}
    trigger, follow_up = results["uses_chat"], results["chat_often"]
    yes = next(o for o in trigger.outcomes if o.key == "yes") if trigger.outcomes else None
    if yes is not None and yes.n is not None:
        return  # shown there: nothing new to tell
    cells = follow_up.cells
    derived = set()
    if cells["not_asked"] is not None:
        derived.add(len(rows) - cells["not_asked"])
    if all(cells[key] is not None for key in ("answered", "dont_know", "skipped")):
        derived.add(cells["answered"] + cells["dont_know"] + cells["skipped"])
    assert derived <= {0}, (len(rows), cells)  # "nobody said yes" describes nobody
    for value in cells.values():
        assert value is None or value == 0 or value >= K


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=K, max_size=60))
@example([10] * 19 + [8])  # +95 with 20 answers would tell of one passive
@example([10] * 18 + [3, 3])
def test_a_net_score_is_shown_only_with_all_three_groups_of_k_or_none(pulse, scores):
    rows = [{"enps": score} for score in scores]
    (result,) = [r for r in score_questions(pulse, rows, K) if r.question.id == "enps"]
    if result.net_score is None:
        return
    counts = [outcome.n for outcome in result.outcomes]
    assert all(n is not None and (n == 0 or n >= K) for n in counts), counts
    assert -100 <= result.net_score.low <= result.net_score.score <= result.net_score.high <= 100
