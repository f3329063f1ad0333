"""Scores per segment group (department, location, ...), released under the suppression rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.anonymity import Cell, count_cells, hidden_scores, suppress
from scoring.dimensions import Scores
from scoring.index import weighted_index
from scoring.responses import NOT_GIVEN, Responses
from surveys.model import PREFER_NOT_TO_SAY, SegmentQuestion


@dataclass(frozen=True)
class Group:
    """One option of a segment question; figures are None when it is suppressed."""

    value: str
    cell: Cell
    index: float | None
    dimensions: dict[str, float | None]  #: empty when suppressed


@dataclass(frozen=True)
class SegmentResult:
    """One segment question: its option groups and the protected not-given remainder."""

    question: SegmentQuestion
    groups: tuple[Group, ...]
    not_given: Cell


def reportable_options(question: SegmentQuestion) -> tuple[str, ...]:
    """The options shown as groups: "prefer not to say" belongs to the not-given remainder."""
    return tuple(option for option in question.option_ids() if option != PREFER_NOT_TO_SAY)


def group_means(scores: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean score and count per group and dimension, for a bool (n, groups) membership matrix."""
    available = ~np.isnan(scores)
    counts = member.T.astype(float) @ available.astype(float)
    sums = member.T.astype(float) @ np.where(available, scores, 0.0)
    means = np.divide(sums, counts, out=np.full(sums.shape, np.nan), where=counts > 0)
    return means, counts


def score_segment(
    question: SegmentQuestion, responses: Responses, scores: Scores, k: int
) -> SegmentResult:
    """Counts and scores per option of ``question``, with suppression applied."""
    options = reportable_options(question)
    values = responses.segments.get(question.id, np.full(responses.n, NOT_GIVEN))
    cells = suppress(count_cells(values, options), k)
    member = np.stack([values == option for option in options], axis=1) if options else (
        np.zeros((responses.n, 0), dtype=bool)
    )
    means, counts = group_means(scores.respondent_scores, member)
    withheld = _withheld_scores(options, cells, counts, scores, k)
    groups = []
    for j, option in enumerate(options):
        cell = cells[option]
        if cell.suppressed or cell.n == 0:
            groups.append(Group(option, cell, None, {}))
            continue
        # A released group can still have too few people behind one dimension's score (the
        # others skipped it), alone or against the total: that one score is withheld.
        dimension_scores = [
            float(means[j, d]) if counts[j, d] > 0 and option not in withheld[d] else None
            for d in range(len(scores.dimension_ids))
        ]
        groups.append(Group(
            option,
            cell,
            weighted_index(dimension_scores, list(scores.weights)),
            dict(zip(scores.dimension_ids, dimension_scores, strict=True)),
        ))
    return SegmentResult(question, tuple(groups), cells[NOT_GIVEN])


def _withheld_scores(options, cells, counts, scores: Scores, k: int) -> list[set[str]]:
    """Per dimension, the options whose score is withheld (see ``hidden_scores``)."""
    never_shown = {key for key, cell in cells.items() if cell.suppressed or cell.n == 0}
    never_shown.add(NOT_GIVEN)
    answered_total = (~np.isnan(scores.respondent_scores)).sum(axis=0)
    withheld = []
    for d in range(len(scores.dimension_ids)):
        answered = {option: int(counts[j, d]) for j, option in enumerate(options)}
        answered[NOT_GIVEN] = int(answered_total[d]) - sum(answered.values())
        withheld.append(hidden_scores(answered, k, never_shown))
    return withheld
