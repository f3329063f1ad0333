"""The results document (``readiness.results/1``): every released figure as plain JSON data.

The shape is specified in docs/results-document.md. Everything here is rounding and naming;
the figures come from the other modules, and suppression decisions are made before any
number reaches the document.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from scoring.anonymity import (
    DEFAULT_COMMENT_K,
    DEFAULT_K,
    comments_released,
    nested_withheld,
    result_released,
)
from scoring.dimensions import DimensionResult, ItemResult, Scores, score_dimensions
from scoring.gap import PerceptionGap, gap_masks, perception_gap
from scoring.index import Readiness, barrier, readiness, weighted_index
from scoring.intervals import Share
from scoring.library import load_library, recommendation_band
from scoring.questions import as_document, score_questions
from scoring.recommend import plan, recommend
from scoring.reliability import WEAK_ITEM_BELOW
from scoring.responses import Responses
from scoring.segments import SegmentResult, score_segment
from scoring.trend import Change, Trend, trend
from surveys.model import Instrument, SegmentQuestion, pick

SCHEMA = "readiness.results/1"
#: Below this many respondents the report carries a caveat about precision.
LOW_N_BELOW = 30
#: Alpha below this is reported as low reliability.
LOW_ALPHA_BELOW = 0.70


def build_document(
    instrument: Instrument,
    responses: Responses,
    *,
    assessment: Mapping[str, Any],
    language: str = "en",
    k: int = DEFAULT_K,
    comment_k: int = DEFAULT_COMMENT_K,
    headcount: int | None = None,
    module: str | None = None,
    previous: tuple[Mapping[str, Any], Responses] | None = None,
    comments: Mapping[str, Sequence[str]] | None = None,
    seed: int | None = None,
    pairwise: bool = True,
    segment_questions: Sequence[SegmentQuestion] | None = None,
    question_answers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score ``responses`` and return the JSON-ready results document in ``language``.

    ``segment_questions`` defaults to the instrument's; an assessment may define its own.
    ``previous`` is the earlier wave's metadata and responses; its ``"k"`` (default ``k``) is
    the threshold the earlier wave is shown under. ``question_answers`` holds each
    respondent's answers to the custom pages' questions (`scoring.questions`), in any order.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if headcount is None:
        headcount = assessment.get("headcount")
    questions = tuple(instrument.segments if segment_questions is None else segment_questions)
    n = responses.n
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "language": language,
        "generated_on": datetime.date.today().isoformat(),
        "assessment": _assessment(assessment, instrument, language, k, comment_k, headcount,
                                  module),
        "n": None,
        "response_rate": None,
        "suppressed": not result_released(n, k),
        "index": None,
        "barrier": None,
        "strongest": None,
        "weakest": None,
        "bands": _bands(instrument, language),
        "rules": _rules(instrument, language),
        "dimensions": [],
        "segments": [],
        "perception_gap": None,
        "trend": None,
        "recommendations": [],
        "plan": {"30": [], "60": [], "90": []},
        "reliability": None,
        "comments": {"released": False, "threshold": comment_k, "questions": []},
        "questions": [],
    }
    if not result_released(n, k):
        return document

    scores, segments, gap = _scored(instrument, responses, questions, k=k, module=module,
                                    headcount=headcount, pairwise=pairwise)
    result = readiness(instrument, scores, headcount)
    document["n"] = n
    document["response_rate"] = _stat(n / headcount) if headcount else None
    document["index"] = _index(instrument, result, language)
    found = barrier(instrument, scores)
    if found is not None:
        document["barrier"] = {
            "id": found.id,
            "name": pick(instrument.dimension(found.id).names, language),
            "score": _score(found.score),
        }
    document["strongest"], document["weakest"] = _extremes(scores)
    document["dimensions"] = [
        _dimension(instrument, dimension, language, module, k)
        for dimension in scores.dimensions
    ]
    document["segments"] = [_segment(result, language) for result in segments]
    document["perception_gap"] = _gap(gap, instrument, language)
    if previous is not None:
        document["trend"] = _trend_block(instrument, previous, scores, result, k, module,
                                         pairwise, language)
    ranked = []
    if instrument.recommendation_library:  # an instrument may have no library: no actions
        library = load_library(instrument.recommendation_library)
        ranked = recommend(library, instrument, scores, sector=assessment.get("sector"),
                           language=language, module=module)
    document["recommendations"] = [
        {
            "id": r.action.id,
            "dimension": r.action.dimension,
            "title": pick(r.action.title, language),
            "action": pick(r.action.action, language),
            "why": r.why,
            "priority": _score(r.priority),
            "effort": r.action.effort,
            "impact": r.action.impact,
            "horizon": r.action.horizon,
        }
        for r in ranked
    ]
    document["plan"] = plan(ranked)
    document["reliability"] = _reliability(scores, n)
    document["comments"] = _comments(instrument, comments or {}, comment_k, language, seed)
    if instrument.questions:
        rows = question_answers if question_answers is not None else [{}] * n
        document["questions"] = as_document(
            score_questions(instrument, rows, k, language), instrument, language)
    return document


def released_groups(
    instrument: Instrument,
    responses: Responses,
    *,
    k: int,
    module: str | None = None,
    headcount: int | None = None,
    pairwise: bool = True,
    segment_questions: Sequence[SegmentQuestion] | None = None,
) -> dict[str, tuple[np.ndarray, list[np.ndarray]]]:
    """Per dimension, who has a score for it, and who stands behind each score the results
    release for it (bool masks over the respondents): the whole, every shown group, and the
    perception gap's two sides. The same figures as ``build_document`` with the same
    arguments; the export checks its rows against them (``anonymity.export_answers``). Empty
    when the results are withheld altogether."""
    if not result_released(responses.n, k):
        return {}
    questions = tuple(instrument.segments if segment_questions is None else segment_questions)
    scores, segments, gap = _scored(instrument, responses, questions, k=k, module=module,
                                    headcount=headcount, pairwise=pairwise)
    masks = gap_masks(questions, responses)
    released: dict[str, tuple[np.ndarray, list[np.ndarray]]] = {}
    for d, dimension in enumerate(scores.dimensions):
        answered = ~np.isnan(scores.respondent_scores[:, d])
        behind = list(_behind_scores(segments, gap, masks, responses, answered,
                                     dimension.id).values())
        if dimension.estimate.mean is not None:
            behind.insert(0, answered)
        released[dimension.id] = (answered, behind)
    return released


def _scored(
    instrument: Instrument, responses: Responses, questions: tuple[SegmentQuestion, ...], *,
    k: int, module: str | None, headcount: int | None, pairwise: bool,
) -> tuple[Scores, list[SegmentResult], PerceptionGap]:
    """The scores, and the groups' and the gap's figures as the results release them."""
    scores = score_dimensions(instrument, responses, module=module, headcount=headcount,
                              pairwise=pairwise, min_n=k)
    segments = [score_segment(question, responses, scores, k) for question in questions]
    gap = perception_gap(questions, responses, scores, k)
    segments, gap = _without_nested(segments, gap, questions, responses, scores, k)
    return scores, segments, gap


def _without_nested(segments: list[SegmentResult], gap: PerceptionGap, questions, responses,
                    scores: Scores, k: int) -> tuple[list[SegmentResult], PerceptionGap]:
    """The groups' and the gap's scores, with those withheld that lie inside another shown
    group of another question by fewer than k people (``anonymity.nested_withheld``)."""
    weights = list(scores.weights)
    masks = gap_masks(questions, responses)
    withheld: dict[str, set[str]] = {}
    for d, dimension_id in enumerate(scores.dimension_ids):
        answered = ~np.isnan(scores.respondent_scores[:, d])
        cells = {"total": answered,
                 **_behind_scores(segments, gap, masks, responses, answered, dimension_id)}
        withheld[dimension_id] = nested_withheld(cells, k, fixed={"total"})
    if not any(withheld.values()):
        return segments, gap
    protected = []
    for result in segments:
        groups = []
        for group in result.groups:
            dimensions = {
                key: None if f"{result.question.id}={group.value}" in withheld[key] else value
                for key, value in group.dimensions.items()
            }
            index = (weighted_index(list(dimensions.values()), weights)
                     if dimensions != group.dimensions else group.index)
            groups.append(dataclasses.replace(group, dimensions=dimensions, index=index))
        protected.append(dataclasses.replace(result, groups=tuple(groups)))
    if gap.available:
        rows = tuple(
            dataclasses.replace(row, leaders=None, others=None)
            if {"gap:leaders", "gap:others"} & withheld[row.id] else row
            for row in gap.dimensions
        )
        gap_index = gap.index and dataclasses.replace(
            gap.index,
            leaders=weighted_index([r.leaders for r in rows], weights),
            others=weighted_index([r.others for r in rows], weights),
        )
        gap = dataclasses.replace(gap, dimensions=rows, index=gap_index)
    return protected, gap


def _behind_scores(segments: Sequence[SegmentResult], gap: PerceptionGap,
                   masks: tuple[np.ndarray, np.ndarray] | None, responses: Responses,
                   answered: np.ndarray, dimension_id: str) -> dict[str, np.ndarray]:
    """Who stands behind each group's and each side of the gap's score for one dimension, of
    those shown (``answered``: who has a score for it), by key ("question=value",
    "gap:leaders", "gap:others")."""
    cells = {}
    for result in segments:
        values = responses.segments.get(result.question.id)
        for group in result.groups:
            if values is not None and group.dimensions.get(dimension_id) is not None:
                cells[f"{result.question.id}={group.value}"] = answered & (values == group.value)
    if gap.available and masks is not None:
        row = next(r for r in gap.dimensions if r.id == dimension_id)
        for side, mask, score in (("leaders", masks[0], row.leaders),
                                  ("others", masks[1], row.others)):
            if score is not None:
                cells[f"gap:{side}"] = answered & mask
    return cells


def _assessment(assessment, instrument, language, k, comment_k, headcount, module) -> dict:
    return {
        "id": _plain(assessment.get("id")),
        "title": assessment.get("title"),
        "organisation": assessment.get("organisation"),
        "sector": assessment.get("sector"),
        "opens_on": _day(assessment.get("opens_on")),
        "closes_on": _day(assessment.get("closes_on")),
        "headcount": headcount,
        "instrument": {
            "id": instrument.id,
            "version": instrument.version,
            "title": pick(instrument.title, language),
            "module": module,
        },
        "k": k,
        "comment_k": comment_k,
    }


def _bands(instrument: Instrument, language: str) -> list[dict]:
    ordered = sorted(instrument.bands, key=lambda band: band.lower)
    return [
        {"id": b.id, "name": pick(b.names, language), "lower": b.lower, "upper": b.upper}
        for b in ordered
    ]


def _rules(instrument: Instrument, language: str) -> dict:
    """The rules this instrument scores by, so a report can describe these and no others."""
    gating = instrument.gating
    security = None
    if gating.security_dimension and any(
            d.id == gating.security_dimension for d in instrument.dimensions):
        security = {
            "dimension": gating.security_dimension,
            "name": pick(instrument.dimension(gating.security_dimension).names, language),
            "floor": gating.security_floor,
            "stage": gating.security_cap_stage,
            "stage_name": _stage_name(instrument, gating.security_cap_stage, language),
        }
    can_bind = gating.max_bands_above_weakest < len(instrument.bands) - 1
    return {
        "points": instrument.scale.points,
        "dont_know": bool(instrument.scale.dont_know),
        "weakest_gate": gating.max_bands_above_weakest if can_bind else None,
        "security_cap": security,
        "barrier_below": gating.barrier_below,
        "library": instrument.recommendation_library or None,
    }


def _stage_name(instrument: Instrument, stage: str | None, language: str) -> str | None:
    if stage is None:
        return None
    band = next(b for b in instrument.bands if b.id == stage)
    return pick(band.names, language)


def _index(instrument: Instrument, result: Readiness, language: str) -> dict:
    return {
        "score": _score(result.score),
        "ci": _interval(result.low, result.high, _score),
        "n": result.n,
        "stage": result.stage,
        "stage_name": _stage_name(instrument, result.stage, language),
        "ungated_stage": result.ungated_stage,
        "gates": list(result.gates),
        "borderline": result.borderline,
    }


def _extremes(scores: Scores) -> tuple[str | None, str | None]:
    """Strongest and weakest dimension; ties go to the earlier one in foundation order."""
    scored = [d for d in scores.dimensions if d.score is not None]
    if not scored:
        return None, None
    strongest = max(scored, key=lambda d: (d.score, -scored.index(d)))
    weakest = min(scored, key=lambda d: (d.score, scored.index(d)))
    return strongest.id, weakest.id


def _dimension(instrument: Instrument, result: DimensionResult, language: str,
               module: str | None, k: int) -> dict:
    dimension = instrument.dimension(result.id)
    score = result.score
    stage = instrument.band_for(score).id if score is not None else None
    items = {item.id: item for item in instrument.items_of(result.id, module)}
    return {
        "id": result.id,
        "name": pick(dimension.names, language),
        "description": pick(dimension.descriptions, language) if dimension.descriptions else "",
        "order": dimension.order,
        "weight": dimension.weight,
        "score": _score(score),
        "ci": _interval(result.estimate.low, result.estimate.high, _score),
        # Like an item's, the dimension's count is shown only for 0 or at least k people.
        "n": _count(result.estimate.n, k),
        "sd": _score(result.estimate.sd),
        "band": recommendation_band(score) if score is not None else None,
        "stage": stage,
        "stage_name": _stage_name(instrument, stage, language),
        "favourable": _share(result.favourable),
        "neutral": _share(result.neutral),
        "unfavourable": _share(result.unfavourable),
        "dont_know_share": _stat(result.dont_know_share),
        "alpha": {
            "value": _stat(result.alpha.value),
            "ci": _interval(result.alpha.low, result.alpha.high, _stat),
            "n": _count(result.alpha.n, k),
            "method": result.alpha.method,
        },
        "items": [_item(item, pick(items[item.id].text, language), k) for item in result.items],
    }


def _count(n: int, k: int) -> int | None:
    """A count of people, shown only when it is 0 or at least k."""
    return n if n == 0 or result_released(n, k) else None


def _item(item: ItemResult, text: str, k: int) -> dict:
    shown = item.n == 0 or result_released(item.n, k)
    return {
        "id": item.id,
        "text": text,
        "reverse": item.reverse,
        # Like its figures, an item's count is shown only for 0 or at least k answers; so
        # are its "don't know" count and share, from which the total would give it.
        "n": item.n if shown else None,
        "mean": _stat(item.mean),
        "distribution": list(item.distribution),
        "dont_know": item.dont_know if shown else None,
        "favourable": _share(item.favourable),
        "neutral": _share(item.neutral),
        "unfavourable": _share(item.unfavourable),
        "dont_know_share": _stat(item.dont_know_share) if shown else None,
        "item_total_r": _stat(item.item_total_r),
        "weak": item.weak,
    }


def _segment(result: SegmentResult, language: str) -> dict:
    labels = {option.id: pick(option.labels, language) for option in result.question.options}
    not_given = result.not_given
    return {
        "id": result.question.id,
        "name": pick(result.question.text, language),
        "kind": result.question.kind,
        "groups": [
            {
                "value": group.value,
                "label": labels[group.value],
                "suppressed": group.cell.suppressed,
                "reason": group.cell.reason,
                "n": None if group.cell.suppressed else group.cell.n,
                "index": _score(group.index),
                "dimensions": {key: _score(value) for key, value in group.dimensions.items()},
            }
            for group in result.groups
        ],
        # Respondents who skipped the question or preferred not to say: a count, never scores.
        "not_given": {
            "suppressed": not_given.suppressed,
            "reason": not_given.reason,
            "n": None if not_given.suppressed else not_given.n,
        },
    }


def _gap(gap: PerceptionGap, instrument: Instrument, language: str) -> dict:
    return {
        "available": gap.available,
        "reason": gap.reason,
        "leaders_n": gap.leaders_n,
        "others_n": gap.others_n,
        "index": None if gap.index is None else {
            "leaders": _score(gap.index.leaders),
            "others": _score(gap.index.others),
            "gap": _score(gap.index.gap),
        },
        "dimensions": [
            {
                "id": row.id,
                "name": pick(instrument.dimension(row.id).names, language),
                "leaders": _score(row.leaders),
                "others": _score(row.others),
                "gap": _score(row.gap),
            }
            for row in gap.dimensions
        ],
    }


def _trend_block(instrument, previous, scores, result, k, module, pairwise, language):
    meta, earlier = previous
    earlier_k = int(meta.get("k") or k)
    if not result_released(earlier.n, earlier_k):
        return None
    earlier_scores = score_dimensions(instrument, earlier, module=module, pairwise=pairwise,
                                      min_n=earlier_k)
    earlier_index = weighted_index([d.score for d in earlier_scores.dimensions],
                                   list(earlier_scores.weights))
    found: Trend | None = trend(earlier_scores, scores, earlier_index, result.score, k,
                                previous_k=earlier_k)
    if found is None:
        return None
    return {
        "previous": {
            "id": _plain(meta.get("id")),
            "title": meta.get("title"),
            "n": found.previous_n,
            "closes_on": _day(meta.get("closes_on")),
        },
        "index": _change(found.index),
        "dimensions": [
            {"id": change.id, "name": pick(instrument.dimension(change.id).names, language),
             **_change(change)}
            for change in found.dimensions
        ],
    }


def _change(change: Change) -> dict:
    return {
        "previous": _score(change.previous),
        "current": _score(change.current),
        "change": _score(change.change),
        "p_value": _stat(change.p_value),
        "significant": change.significant,
    }


def _reliability(scores: Scores, n: int) -> dict:
    return {
        "low_n": n < LOW_N_BELOW,
        "low_alpha": [
            d.id for d in scores.dimensions
            if d.alpha.value is not None and d.alpha.value < LOW_ALPHA_BELOW
        ],
        "weak_items": [
            item.id for d in scores.dimensions for item in d.items
            if item.item_total_r is not None and item.item_total_r < WEAK_ITEM_BELOW
        ],
    }


def _comments(instrument: Instrument, comments: Mapping[str, Sequence[str]], comment_k: int,
              language: str, seed: int | None) -> dict:
    """Open answers per question, released only when at least comment_k people wrote one."""
    shuffler = random.Random(seed) if seed is not None else random.SystemRandom()
    texts = {question.id: question.text for question in instrument.open_questions}
    questions = []
    for question_id, answers in comments.items():
        written = [a.strip() for a in answers if isinstance(a, str) and a.strip()]
        released = comments_released(len(written), comment_k)
        if released:
            shuffler.shuffle(written)
        questions.append({
            "id": question_id,
            "text": pick(texts[question_id], language) if question_id in texts else question_id,
            "released": released,
            "count": len(written) if released else None,
            "answers": written if released else [],
        })
    return {
        "released": any(q["released"] for q in questions),
        "threshold": comment_k,
        "questions": questions,
    }


def _share(share: Share) -> dict:
    return {"share": _stat(share.share), "ci": _interval(share.low, share.high, _stat)}


def _interval(low, high, rounder) -> list | None:
    if low is None or high is None:
        return None
    return [rounder(low), rounder(high)]


def _score(value: float | None) -> float | None:
    """A 0–100 figure: 1 decimal, None for missing or non-finite."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 1)


def _stat(value: float | None) -> float | None:
    """A share or statistic: 4 decimals, None for missing or non-finite."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 4)


def _day(value: Any) -> str | None:
    """A date as YYYY-MM-DD; datetimes lose their time on purpose."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)[:10]


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int) else str(value)
