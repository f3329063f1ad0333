"""The readiness index, its stage after gating, and the barrier dimension."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scoring.dimensions import Scores
from scoring.intervals import t_interval
from surveys.model import Instrument

#: A respondent's index needs at least this many dimension scores (or all, with fewer dimensions)
MIN_DIMENSIONS = 3
#: ... and at least this share of the dimensions: with five dimensions, 3 of 5.
MIN_SHARE_OF_DIMENSIONS = 0.5


@dataclass(frozen=True)
class Readiness:
    """The readiness index with its interval and the stage it earns after gating."""

    score: float | None
    low: float | None
    high: float | None
    n: int  #: respondents with an index of their own (they give the interval)
    stage: str | None
    ungated_stage: str | None
    gates: tuple[str, ...]  #: "weakest_dimension", "security_cap": the gates that lowered the stage
    borderline: bool


@dataclass(frozen=True)
class Barrier:
    """The first dimension, in foundation order, scoring below the barrier threshold."""

    id: str
    score: float


def dimensions_needed(dimension_count: int) -> int:
    """Dimension scores a respondent needs for an index: half of them, and 3 (or all if fewer)."""
    return max(math.ceil(dimension_count * MIN_SHARE_OF_DIMENSIONS),
               min(MIN_DIMENSIONS, dimension_count))


def respondent_index(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each respondent's weighted mean of the dimension scores they have; NaN with too few."""
    available = ~np.isnan(scores)
    enough = available.sum(axis=1) >= dimensions_needed(scores.shape[1])
    weight_sum = (available * weights).sum(axis=1)
    weighted = (np.where(available, scores, 0.0) * weights).sum(axis=1)
    return np.divide(weighted, weight_sum, out=np.full(weighted.shape, np.nan),
                     where=enough & (weight_sum > 0))


def weighted_index(dimension_scores: list[float | None], weights: list[float]) -> float | None:
    """The weighted mean of the dimension scores that exist (weights renormalised over them)."""
    pairs = [(s, w) for s, w in zip(dimension_scores, weights, strict=True) if s is not None]
    total_weight = sum(w for _, w in pairs)
    if not pairs or total_weight <= 0:
        return None
    return sum(s * w for s, w in pairs) / total_weight


def readiness(instrument: Instrument, scores: Scores, headcount: int | None = None) -> Readiness:
    """Index = weighted mean of dimension scores; interval width from respondent-level indices.

    The interval is centred on the index itself so that the index always equals the weighted
    mean of the dimension scores shown beside it; its half-width is the t-interval half-width
    of the respondents' own index scores (finite-population corrected when headcount is known).
    """
    dimension_scores = [d.score for d in scores.dimensions]
    score = weighted_index(dimension_scores, list(scores.weights))
    per_respondent = respondent_index(scores.respondent_scores, scores.weights)
    per_respondent = per_respondent[~np.isnan(per_respondent)]
    n = int(per_respondent.size)
    if score is None:
        return Readiness(None, None, None, n, None, None, (), False)
    low = high = None
    if n >= 2:
        sd = float(per_respondent.std(ddof=1))
        low, high = t_interval(score, sd, n, headcount)
    stage, ungated, gates = gated_stage(instrument, score, dimension_scores, scores.dimension_ids)
    borderline = (
        low is not None
        and high is not None
        and instrument.band_for(max(low, 0.0)).id != instrument.band_for(min(high, 100.0)).id
    )
    return Readiness(score, low, high, n, stage, ungated, gates, borderline)


def gated_stage(
    instrument: Instrument,
    index: float,
    dimension_scores: list[float | None],
    dimension_ids: tuple[str, ...],
) -> tuple[str, str, tuple[str, ...]]:
    """The stage after gating, the stage the index alone would earn, and the gates that bound."""
    ordered = sorted(instrument.bands, key=lambda band: band.lower)
    ungated = instrument.band_for(index).id
    position = instrument.band_index(ungated)
    gates: list[str] = []
    gating = instrument.gating
    present = [s for s in dimension_scores if s is not None]
    if present:
        weakest = instrument.band_index(instrument.band_for(min(present)).id)
        ceiling = weakest + gating.max_bands_above_weakest
        if ceiling < position:
            position, gates = ceiling, ["weakest_dimension"]
    security = gating.security_dimension
    if security in dimension_ids:
        security_score = dimension_scores[dimension_ids.index(security)]
        if security_score is not None and security_score < gating.security_floor:
            cap = instrument.band_index(gating.security_cap_stage)
            if cap < position:
                position = cap
                gates.append("security_cap")
    return ordered[position].id, ungated, tuple(gates)


def barrier(instrument: Instrument, scores: Scores) -> Barrier | None:
    """The first dimension in foundation order below ``gating.barrier_below``, if any."""
    for dimension in instrument.dimensions_in_foundation_order():
        if dimension.id not in scores.dimension_ids:
            continue
        score = scores.dimension(dimension.id).score
        if score is not None and score < instrument.gating.barrier_below:
            return Barrier(dimension.id, score)
    return None
