"""Choosing, explaining and ranking actions from the recommendation library.

Priority is the dimension's weight times how far a score sits below the library's target
(70 by default, the start of the "high" band), floored at 0:

* dimension-band and sector actions: weight × max(0, target − dimension score);
* weak-item signals: weight × max(0, target − the item's score on 0–100);
* don't-know signals: weight × (don't-know share × 100), as people without a view are as far
  from a shared view as a score can be.

Ties go to higher impact, then lower effort, then the earlier horizon, then the id.

Every action is ranked by the evidence that fired it, sector actions included: a sector alone
is no evidence, so a sector action's priority is its dimension's distance to the target like a
band action's, and an action narrowed to some sectors (``for_sectors``) is never offered to
another (a logistics firm that chose the public-sector module gets no safeguarding action).

The plan hangs together:

* the barrier comes first: the actions serving the barrier dimension (the first foundation
  below the barrier threshold) lead, in their own priority order, then all others;
* a follow-up (``after`` in the library) is chosen only when one of its prerequisites is, takes
  that prerequisite's priority (the evidence that fired it) and always stands after it; its
  horizon is later by the library's rule, and the 90-day plan shows it only when it also shows
  a prerequisite.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.dimensions import ItemResult, Scores
from scoring.index import barrier
from scoring.library import FOLLOW_UP_WHY, LEVELS, Action, Library, recommendation_band
from surveys.model import Instrument, pick

#: The 90-day plan shows at most this many actions per horizon.
PLAN_PER_HORIZON = 3


@dataclass(frozen=True)
class Recommendation:
    """A selected action, why it fired and how urgent it is."""

    action: Action
    why: str
    priority: float


def normalise_sector(sector: str | None) -> str:
    """'Public sector' and 'public_sector' name the same sector."""
    return (sector or "").strip().lower().replace(" ", "_").replace("-", "_")


def recommend(
    library: Library,
    instrument: Instrument,
    scores: Scores,
    *,
    sector: str | None = None,
    language: str = "en",
    module: str | None = None,
) -> list[Recommendation]:
    """Every action whose rule fires, barrier first, then by priority; follow-ups after
    their prerequisite."""
    target = library.target
    sector_id = normalise_sector(sector)
    items = {item.id: item for item in instrument.items_for(module)}
    chosen: list[Recommendation] = []
    for action in library.actions:
        if action.dimension not in scores.dimension_ids or action.is_follow_up:
            continue
        if action.for_sectors and sector_id not in {normalise_sector(s)
                                                    for s in action.for_sectors}:
            continue
        dimension = scores.dimension(action.dimension)
        name = pick(instrument.dimension(action.dimension).names, language)
        score = dimension.score
        distance = 0.0 if score is None else max(0.0, target - score)
        why_texts = library.why
        if action.band is not None:
            if score is None or recommendation_band(score) != action.band:
                continue
            stage = pick(instrument.band_for(score).names, language)
            why = pick(why_texts["dimension"], language).format(
                dimension=name, score=_whole(score), stage=stage)
            chosen.append(Recommendation(action, why, dimension.weight * distance))
        elif action.sectors:
            if sector_id not in {normalise_sector(s) for s in action.sectors}:
                continue
            why = pick(why_texts["sector"], language).format(
                dimension=name, score=_whole(score) if score is not None else "–")
            chosen.append(Recommendation(action, why, dimension.weight * distance))
        elif action.signal == "dont_know":
            share = dimension.dont_know_share
            if share is None or share < (action.threshold or 0.0):
                continue
            why = pick(why_texts["dont_know"], language).format(
                dimension=name, share=_whole(share * 100))
            chosen.append(Recommendation(action, why, dimension.weight * share * 100))
        elif action.signal == "weak_item":
            hit = _weakest_watched_item(action, dimension.items, scores.points, items)
            if hit is None:
                continue
            item, item_score = hit
            if item_score >= (action.threshold or 0.0):
                continue
            # Quote the share who agreed with the statement as worded: for a reverse-keyed
            # item that is the share now counted unfavourable.
            agreed = item.unfavourable.share if item.reverse else item.favourable.share
            template = why_texts["weak_item_reverse" if item.reverse else "weak_item"]
            why = pick(template, language).format(
                item=pick(items[item.id].text, language).rstrip("."), score=_whole(item_score),
                agree=_whole((agreed or 0.0) * 100), dimension=name)
            chosen.append(Recommendation(
                action, why, dimension.weight * max(0.0, target - item_score)))
    chosen += _follow_ups(chosen, library, set(scores.dimension_ids), language)
    found = barrier(instrument, scores)
    first = found.id if found is not None else None
    ranked = sorted(chosen, key=lambda r: (r.action.dimension != first, *_rank(r)))
    return _after_prerequisites(ranked)


def _follow_ups(chosen: list[Recommendation], library: Library, dimensions: set[str],
                language: str) -> list[Recommendation]:
    """Each follow-up of a chosen action (and of those, in turn), once, with the priority of
    its strongest chosen prerequisite: the evidence that fired that one."""
    strongest = {r.action.id: r for r in chosen}
    added: list[Recommendation] = []
    grew = True
    while grew:
        grew = False
        for action in library.actions:
            if action.id in strongest or action.dimension not in dimensions:
                continue
            leaders = [strongest[p] for p in action.after if p in strongest]
            if not leaders:
                continue
            leader = min(leaders, key=_rank)
            why = pick(library.why[FOLLOW_UP_WHY], language).format(
                prerequisite=pick(leader.action.title, language))
            strongest[action.id] = Recommendation(action, why, leader.priority)
            added.append(strongest[action.id])
            grew = True
    return added


def _after_prerequisites(ranked: list[Recommendation]) -> list[Recommendation]:
    """The ranking with each follow-up moved, if it stood earlier, to just after its first
    chosen prerequisite."""
    result = list(ranked)
    moved = True
    while moved:
        moved = False
        position = {r.action.id: i for i, r in enumerate(result)}
        for i, recommendation in enumerate(result):
            after = [position[p] for p in recommendation.action.after if p in position]
            if after and min(after) > i:
                result.insert(min(after), result.pop(i))  # lands just after the prerequisite
                moved = True
                break
    return result


def plan(recommendations: list[Recommendation]) -> dict[str, list[str]]:
    """The top actions by horizon ("30", "60", "90"), at most PLAN_PER_HORIZON each, in rank
    order; a follow-up only when the plan already holds one of its prerequisites."""
    buckets: dict[str, list[str]] = {"30": [], "60": [], "90": []}
    planned: set[str] = set()
    for recommendation in recommendations:
        action = recommendation.action
        if action.is_follow_up and not planned & set(action.after):
            continue
        bucket = buckets[str(action.horizon)]
        if len(bucket) < PLAN_PER_HORIZON:
            bucket.append(action.id)
            planned.add(action.id)
    return buckets


def _weakest_watched_item(
    action: Action, items: tuple[ItemResult, ...], points: int, known: dict
) -> tuple[ItemResult, float] | None:
    """The lowest-scoring item among those the action watches, if any was answered enough."""
    watched = [
        (item, score) for item in items
        if item.id in action.items and item.id in known and item.mean is not None
        and (score := item.score(points)) is not None
    ]
    return min(watched, key=lambda pair: pair[1]) if watched else None


def _rank(recommendation: Recommendation) -> tuple:
    action = recommendation.action
    return (
        -round(recommendation.priority, 6),
        action.is_follow_up,  # after the actions of equal priority that fired on evidence
        -LEVELS.index(action.impact),
        LEVELS.index(action.effort),
        action.horizon,
        action.id,
    )


def _whole(value: float) -> str:
    return f"{value:.0f}"
