"""What changed since the plan: each dimension's change between two waves beside the actions
taken on it, and whether the dimensions that got action moved more than those that did not.

Pure computation on the released trend (``document["trend"]``) and both waves' own released
figures. It says what moved alongside what was done; it never claims that the actions caused
the change (nothing here could tell).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Statuses that count as "action taken".
TAKEN = ("in_progress", "done")
#: Two average changes closer than this many points are read as "about the same".
SAME_WITHIN = 1.0

MORE, LESS, SAME = "more", "less", "same"
ALL_ACTED, NONE_ACTED, UNKNOWN = "all_acted", "none_acted", "unknown"


@dataclass(frozen=True)
class Measured:
    """One dimension in both waves: its scores, their 95% intervals, and the trend test."""

    id: str
    name: str
    previous: float | None
    current: float | None
    change: float | None
    previous_ci: tuple[float, float] | None
    current_ci: tuple[float, float] | None
    significant: bool | None  #: the trend test (Welch's t, p < .05); None when undefined


@dataclass(frozen=True)
class Action:
    """An action of the earlier wave's plan, as far as this comparison needs it."""

    dimension: str | None
    title: str
    status: str

    @property
    def taken(self) -> bool:
        return self.status in TAKEN


@dataclass(frozen=True)
class Row:
    """One dimension's change, its interval, whether it is beyond noise, and its actions."""

    id: str
    name: str
    previous: float | None
    current: float | None
    change: float | None
    interval: tuple[float, float] | None  #: approximate 95% interval of the change
    beyond_noise: bool | None
    actions: tuple[Action, ...]

    @property
    def acted(self) -> bool:
        """Whether any of its actions was taken (in progress or done)."""
        return any(action.taken for action in self.actions)


@dataclass(frozen=True)
class PlanChange:
    rows: tuple[Row, ...]
    acted_mean: float | None  #: mean change of the dimensions that got action
    others_mean: float | None  #: mean change of those that did not
    verdict: str  #: more, less, same, all_acted, none_acted or unknown
    general: tuple[Action, ...] = ()  #: actions tied to no dimension


def change_interval(
    change: float | None,
    previous_ci: tuple[float, float] | None,
    current_ci: tuple[float, float] | None,
) -> tuple[float, float] | None:
    """The change ± the root of the summed squared half-widths of the two waves' intervals
    (independent samples); None when a part is missing."""
    if change is None or previous_ci is None or current_ci is None:
        return None
    if not _whole(previous_ci) or not _whole(current_ci):
        return None
    half = math.hypot(_half(previous_ci), _half(current_ci))
    return round(change - half, 1), round(change + half, 1)


def measure(
    dimensions: Sequence[Measured], actions: Sequence[Action], same_within: float = SAME_WITHIN
) -> PlanChange:
    """Set each measured dimension beside the actions for it and compare the movements."""
    rows = tuple(
        Row(
            id=m.id,
            name=m.name,
            previous=m.previous,
            current=m.current,
            change=m.change,
            interval=change_interval(m.change, m.previous_ci, m.current_ci),
            beyond_noise=m.significant,
            actions=tuple(a for a in actions if a.dimension == m.id),
        )
        for m in dimensions
    )
    known = {m.id for m in dimensions}
    general = tuple(a for a in actions if a.dimension not in known)
    acted = [row.change for row in rows if row.change is not None and row.acted]
    others = [row.change for row in rows if row.change is not None and not row.acted]
    acted_mean = _mean(acted)
    others_mean = _mean(others)
    return PlanChange(rows, acted_mean, others_mean,
                      _verdict(acted_mean, others_mean, same_within), general)


def _verdict(acted: float | None, others: float | None, same_within: float) -> str:
    if acted is None and others is None:
        return UNKNOWN
    if acted is None:
        return NONE_ACTED
    if others is None:
        return ALL_ACTED
    if acted - others >= same_within:
        return MORE
    if others - acted >= same_within:
        return LESS
    return SAME


def measured_from(document: Mapping[str, Any], earlier: Mapping[str, Any]) -> list[Measured]:
    """The dimensions of ``document``'s released trend, with each wave's own intervals from
    ``document`` and the ``earlier`` wave's released document; [] without a trend."""
    trend = document.get("trend") or {}
    now = {d["id"]: d for d in document.get("dimensions") or []}
    before = {d["id"]: d for d in earlier.get("dimensions") or []}
    return [
        Measured(
            id=row["id"],
            name=row.get("name") or row["id"],
            previous=row.get("previous"),
            current=row.get("current"),
            change=row.get("change"),
            previous_ci=_ci(before.get(row["id"])),
            current_ci=_ci(now.get(row["id"])),
            significant=row.get("significant"),
        )
        for row in trend.get("dimensions") or []
    ]


def _ci(dimension: Mapping[str, Any] | None) -> tuple[float, float] | None:
    ci = (dimension or {}).get("ci")
    if ci is None or not _whole(ci):
        return None
    return float(ci[0]), float(ci[1])


def _whole(ci) -> bool:
    return bool(ci) and len(ci) == 2 and ci[0] is not None and ci[1] is not None


def _half(ci: tuple[float, float]) -> float:
    return (ci[1] - ci[0]) / 2


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
