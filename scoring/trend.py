"""Trend: change since an earlier wave of the same instrument, with Welch's t-test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.anonymity import trend_released
from scoring.dimensions import Scores
from scoring.index import respondent_index

SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Change:
    """One score then and now, with the p-value of Welch's t-test on respondent scores."""

    id: str
    previous: float | None
    current: float | None
    p_value: float | None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def significant(self) -> bool | None:
        return None if self.p_value is None else self.p_value < SIGNIFICANCE


@dataclass(frozen=True)
class Trend:
    previous_n: int
    index: Change
    dimensions: tuple[Change, ...]


#: Below this, a group's variance is rounding noise: its respondents all scored the same.
_NO_VARIANCE = 1e-12


def welch_p_value(previous: np.ndarray, current: np.ndarray) -> float | None:
    """Two-sided p-value of Welch's t-test, or None when it is undefined (n < 2, no variance).

    Written out rather than through ``scipy.stats.ttest_ind``, which warns (and is unreliable)
    when respondents gave the same answers and their scores differ only in the last bit.
    """
    previous = previous[~np.isnan(previous)]
    current = current[~np.isnan(current)]
    if previous.size < 2 or current.size < 2:
        return None
    spread = [float(np.var(group, ddof=1)) for group in (previous, current)]
    spread = [0.0 if v < _NO_VARIANCE else v for v in spread]
    if spread == [0.0, 0.0]:
        return None
    shares = [v / group.size for v, group in zip(spread, (previous, current), strict=True)]
    standard_error = float(np.sqrt(sum(shares)))
    t = (float(current.mean()) - float(previous.mean())) / standard_error
    freedom = sum(shares) ** 2 / sum(
        share**2 / (group.size - 1)
        for share, group in zip(shares, (previous, current), strict=True)
    )
    # scipy.special on first use: what scipy.stats.t.sf computes, the same value to the last
    # bit, without importing scipy.stats (0.8 s against 0.3 s on a slow host)
    from scipy import special

    return float(2 * special.stdtr(freedom, -abs(t)))


def trend(
    previous: Scores, current: Scores, previous_index: float | None,
    current_index: float | None, k: int, previous_k: int | None = None,
) -> Trend | None:
    """Per-dimension and index change against ``previous``; None unless each wave reaches its
    own threshold (``previous_k`` for the earlier wave, ``k`` for this one)."""
    previous_n = previous.respondent_scores.shape[0]
    current_n = current.respondent_scores.shape[0]
    if not trend_released(previous_n, previous_k or k, current_n, k):
        return None
    changes = []
    for d, dimension_id in enumerate(current.dimension_ids):
        if dimension_id not in previous.dimension_ids:
            changes.append(Change(dimension_id, None, current.dimensions[d].score, None))
            continue
        p = previous.dimension_ids.index(dimension_id)
        changes.append(Change(
            dimension_id,
            previous.dimensions[p].score,
            current.dimensions[d].score,
            welch_p_value(previous.respondent_scores[:, p], current.respondent_scores[:, d]),
        ))
    index = Change(
        "index",
        previous_index,
        current_index,
        welch_p_value(
            respondent_index(previous.respondent_scores, previous.weights),
            respondent_index(current.respondent_scores, current.weights),
        ),
    )
    return Trend(previous_n, index, tuple(changes))
