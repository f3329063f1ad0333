"""Perception gap: how leaders see the organisation against how everyone else sees it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.anonymity import count_cells, hidden_scores, suppress
from scoring.dimensions import Scores
from scoring.index import weighted_index
from scoring.responses import NOT_GIVEN, Responses
from scoring.segments import reportable_options
from surveys.model import SegmentQuestion

LEADER = "leader"
ROLE_LEVEL = "role_level"


@dataclass(frozen=True)
class GapDimension:
    id: str
    leaders: float | None
    others: float | None

    @property
    def gap(self) -> float | None:
        """Leaders minus others: positive when leaders see more readiness than staff."""
        if self.leaders is None or self.others is None:
            return None
        return self.leaders - self.others


@dataclass(frozen=True)
class PerceptionGap:
    """The comparison, or the reason it is withheld."""

    available: bool
    reason: str | None
    leaders_n: int | None
    others_n: int | None
    dimensions: tuple[GapDimension, ...] = ()
    index: GapDimension | None = None


def gap_masks(
    questions: tuple[SegmentQuestion, ...], responses: Responses
) -> tuple[np.ndarray, np.ndarray] | None:
    """Who counts as a leader and who as everyone else (answered another role option)."""
    question = next((q for q in questions if q.kind == ROLE_LEVEL), None)
    if question is None or question.id not in responses.segments:
        return None
    values = responses.segments[question.id]
    options = reportable_options(question)
    leaders = values == LEADER
    return leaders, (values != LEADER) & (values != NOT_GIVEN) & np.isin(values, options)


def perception_gap(
    questions: tuple[SegmentQuestion, ...], responses: Responses, scores: Scores, k: int
) -> PerceptionGap:
    """Leaders against everyone else who answered the role question, when both groups are ≥ k.

    "Everyone else" is the sum of the other answered options. Releasing it must not expose a
    hidden cell, so the gap is also withheld when the hidden cells it contains (or the hidden
    not-given remainder it leaves out) hold between 1 and k - 1 people.
    """
    question = next((q for q in questions if q.kind == ROLE_LEVEL), None)
    if question is None or LEADER not in question.option_ids():
        return PerceptionGap(False, "no role level question with a leader option", None, None)
    values = responses.segments.get(question.id)
    if values is None:
        return PerceptionGap(False, "nobody answered the role level question", None, None)
    options = reportable_options(question)
    cells = suppress(count_cells(values, options), k)
    leaders = values == LEADER
    others = (values != LEADER) & (values != NOT_GIVEN) & np.isin(values, options)
    leaders_n, others_n = int(leaders.sum()), int(others.sum())
    if cells[LEADER].suppressed or leaders_n < k:
        return PerceptionGap(False, f"fewer than {k} leaders", None, None)
    if others_n < k:
        return PerceptionGap(False, f"fewer than {k} other respondents", None, None)
    hidden_in_others = sum(c.n for key, c in cells.items()
                           if c.suppressed and key not in (LEADER, NOT_GIVEN))
    hidden_not_given = cells[NOT_GIVEN].n if cells[NOT_GIVEN].suppressed else 0
    if 0 < hidden_in_others < k or 0 < hidden_not_given < k:
        return PerceptionGap(False, "it would reveal a suppressed group", None, None)
    never_shown = {key for key, cell in cells.items() if cell.suppressed or cell.n == 0}
    rows = []
    for d, dimension_id in enumerate(scores.dimension_ids):
        if _isolates_few(values, scores.respondent_scores[:, d], options, never_shown, k):
            rows.append(GapDimension(dimension_id, None, None))
            continue
        rows.append(GapDimension(
            dimension_id,
            _mean_if_enough(scores.respondent_scores[leaders, d], k),
            _mean_if_enough(scores.respondent_scores[others, d], k),
        ))
    weights = list(scores.weights)
    index = GapDimension(
        "index",
        weighted_index([r.leaders for r in rows], weights),
        weighted_index([r.others for r in rows], weights),
    )
    return PerceptionGap(True, None, leaders_n, others_n, tuple(rows), index)


def _mean_if_enough(values: np.ndarray, k: int) -> float | None:
    """The mean of the non-missing values when at least k remain."""
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size >= k else None


def _isolates_few(values, dimension_scores, options, never_shown, k: int) -> bool:
    """Whether releasing this dimension's leaders and others would, against the total's score
    or the role groups' scores, describe 1 to k - 1 people who answered it."""
    scored = ~np.isnan(dimension_scores)
    answered = {option: int((scored & (values == option)).sum()) for option in options}
    answered[NOT_GIVEN] = int(scored.sum()) - sum(answered.values())
    withheld = hidden_scores(answered, k, never_shown | {NOT_GIVEN})
    if LEADER in withheld:
        return True
    hidden_in_others = sum(answered[key] for key in withheld if key not in (LEADER, NOT_GIVEN))
    return 0 < hidden_in_others < k or 0 < answered[NOT_GIVEN] < k
