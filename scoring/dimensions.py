"""Item and dimension scores: respondent scores on 0–100 and the organisation's figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import numpy as np

from scoring.intervals import MeanEstimate, Share, mean_interval, wilson
from scoring.recode import Recoded, recode
from scoring.reliability import (
    WEAK_ITEM_BELOW,
    Alpha,
    cronbach_alpha,
    item_covariance,
    item_total_correlations,
)
from scoring.responses import Responses
from surveys.model import Instrument, Item

#: A respondent's dimension score needs at least this many answered items ...
MIN_ITEMS_ANSWERED = 3
#: ... and at least this share of the dimension's items.
MIN_SHARE_ANSWERED = 0.5


@dataclass(frozen=True)
class ItemResult:
    """One item's answers after recoding."""

    id: str
    dimension: str
    reverse: bool
    n: int  #: substantive answers
    mean: float | None  #: on 1..points after recoding
    distribution: tuple[int, ...]  #: counts per point after recoding, 1 first
    dont_know: int
    favourable: Share
    neutral: Share
    unfavourable: Share
    dont_know_share: float | None  #: don't know over everyone who did not leave it blank
    item_total_r: float | None

    @property
    def weak(self) -> bool:
        """A corrected item–total correlation below .30."""
        return self.item_total_r is not None and self.item_total_r < WEAK_ITEM_BELOW

    def score(self, points: int) -> float | None:
        """The item mean on the 0–100 scale of dimension scores."""
        return None if self.mean is None else to_percent(self.mean, points)


@dataclass(frozen=True)
class DimensionResult:
    """The organisation's figures for one dimension."""

    id: str
    weight: float
    order: int
    estimate: MeanEstimate  #: mean of respondent scores on 0–100, with its interval
    favourable: Share  #: pooled over the dimension's items
    neutral: Share
    unfavourable: Share
    dont_know_share: float | None
    alpha: Alpha
    items: tuple[ItemResult, ...]

    @property
    def score(self) -> float | None:
        return self.estimate.mean


@dataclass(frozen=True)
class Scores:
    """Everything scored from one set of responses, before anything is released."""

    dimension_ids: tuple[str, ...]
    weights: np.ndarray  #: one weight per dimension, in dimension_ids order
    respondent_scores: np.ndarray  #: (n, dimensions) on 0–100, NaN where missing
    dimensions: tuple[DimensionResult, ...]
    points: int

    def dimension(self, dimension_id: str) -> DimensionResult:
        return self.dimensions[self.dimension_ids.index(dimension_id)]


@overload
def to_percent(mean: float, points: int) -> float: ...
@overload
def to_percent(mean: np.ndarray, points: int) -> np.ndarray: ...
def to_percent(mean: float | np.ndarray, points: int) -> float | np.ndarray:
    """Map a mean on 1..points to 0–100: (mean - 1) / (points - 1) × 100."""
    return (mean - 1) / (points - 1) * 100


def items_needed(item_count: int) -> int:
    """Answered items a respondent needs for a dimension score: half of them, and at least 3."""
    return max(int(np.ceil(item_count * MIN_SHARE_ANSWERED)), MIN_ITEMS_ANSWERED)


def respondent_scores(values: np.ndarray, points: int) -> np.ndarray:
    """Each respondent's 0–100 score over the columns of ``values``; NaN if too few answered."""
    answered = ~np.isnan(values)
    count = answered.sum(axis=1)
    total = np.where(answered, values, 0.0).sum(axis=1)
    enough = count >= items_needed(values.shape[1])
    mean = np.divide(total, count, out=np.full(count.shape, np.nan), where=enough)
    return to_percent(mean, points)


def score_dimensions(
    instrument: Instrument,
    responses: Responses,
    *,
    module: str | None = None,
    headcount: int | None = None,
    pairwise: bool = True,
    min_n: int = 1,
) -> Scores:
    """Score every dimension of ``instrument`` (core items plus ``module``'s) for ``responses``.

    A figure resting on fewer than ``min_n`` respondents (the anonymity threshold k) is withheld:
    its value is None, its count stays.
    """
    points = instrument.scale.points
    dimensions = instrument.dimensions_in_foundation_order()
    all_scores = np.full((responses.n, len(dimensions)), np.nan)
    results = []
    for position, dimension in enumerate(dimensions):
        items = instrument.items_of(dimension.id, module)
        raw = responses.columns([item.id for item in items])
        recoded = recode(raw, np.array([item.reverse for item in items], dtype=bool), points)
        scores = respondent_scores(recoded.values, points) if items else all_scores[:, position]
        all_scores[:, position] = scores
        results.append(
            _dimension_result(dimension.id, dimension.weight, dimension.order, items, recoded,
                              scores, points, headcount, pairwise, min_n)
        )
    return Scores(
        dimension_ids=tuple(d.id for d in dimensions),
        weights=np.array([d.weight for d in dimensions], dtype=float),
        respondent_scores=all_scores,
        dimensions=tuple(results),
        points=points,
    )


def _dimension_result(
    dimension_id: str,
    weight: float,
    order: int,
    items: tuple[Item, ...],
    recoded: Recoded,
    scores: np.ndarray,
    points: int,
    headcount: int | None,
    pairwise: bool,
    min_n: int,
) -> DimensionResult:
    """Pool the items of one dimension into its organisation figures."""
    values = recoded.values
    distribution = np.stack(
        [np.count_nonzero(values == p, axis=0) for p in range(1, points + 1)], axis=1
    )
    substantive = distribution.sum(axis=1)
    favourable = distribution[:, points - 2:].sum(axis=1)
    unfavourable = distribution[:, :2].sum(axis=1)
    neutral = substantive - favourable - unfavourable
    dont_know = np.count_nonzero(recoded.dont_know, axis=0)
    totals = np.where(recoded.answered, values, 0.0).sum(axis=0)
    # One covariance matrix serves both alpha and the item–total correlations.
    covariance = item_covariance(values, pairwise) if len(items) >= 2 else None
    correlations = (
        item_total_correlations(values, pairwise, covariance) if covariance is not None else [None]
    )
    item_results = tuple(
        _withhold_item(min_n, ItemResult(
            id=item.id,
            dimension=dimension_id,
            reverse=item.reverse,
            n=int(substantive[j]),
            mean=float(totals[j] / substantive[j]) if substantive[j] else None,
            distribution=tuple(int(c) for c in distribution[j]),
            dont_know=int(dont_know[j]),
            favourable=wilson(favourable[j], substantive[j]),
            neutral=wilson(neutral[j], substantive[j]),
            unfavourable=wilson(unfavourable[j], substantive[j]),
            dont_know_share=_share(dont_know[j], substantive[j] + dont_know[j]),
            item_total_r=correlations[j],
        ))
        for j, item in enumerate(items)
    )
    pooled = int(substantive.sum())
    estimate = mean_interval(scores, headcount)
    alpha = (
        cronbach_alpha(values, pairwise, covariance)
        if covariance is not None
        else Alpha(None, None, None, 0, len(items), "pairwise" if pairwise else "listwise")
    )
    shares = (
        wilson(favourable.sum(), pooled),
        wilson(neutral.sum(), pooled),
        wilson(unfavourable.sum(), pooled),
    )
    dont_know_share = _share(dont_know.sum(), pooled + dont_know.sum())
    if estimate.n < min_n:
        # Fewer than k answered the dimension: its shares describe those few as its score
        # would, so they go with it (as an item's do).
        estimate = MeanEstimate(None, None, None, estimate.n, None)
        alpha = Alpha(None, None, None, alpha.n, alpha.items, alpha.method)
        empty = Share(None, None, None, 0, pooled)
        shares, dont_know_share = (empty, empty, empty), None
    return DimensionResult(
        id=dimension_id,
        weight=weight,
        order=order,
        estimate=estimate,
        favourable=shares[0],
        neutral=shares[1],
        unfavourable=shares[2],
        dont_know_share=dont_know_share,
        alpha=alpha,
        items=item_results,
    )


def _withhold_item(min_n: int, item: ItemResult) -> ItemResult:
    """The item with every figure but its counts of answers removed when n < min_n."""
    if item.n >= min_n:
        return item
    empty = Share(None, None, None, 0, item.n)
    return ItemResult(
        id=item.id, dimension=item.dimension, reverse=item.reverse, n=item.n, mean=None,
        distribution=(), dont_know=item.dont_know, favourable=empty, neutral=empty,
        unfavourable=empty, dont_know_share=item.dont_know_share, item_total_r=None,
    )


def _share(count: int, total: int) -> float | None:
    return float(count / total) if total else None
