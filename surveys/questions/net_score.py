"""The 0-10 "how likely are you to recommend" scale and its net score.

Answers 9-10 are promoters, 7-8 passives, 0-6 detractors; the net score is the promoters'
share minus the detractors', from -100 to 100 (the employee net promoter score).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from surveys.entries import Entry
from surveys.model import Texts, pick
from surveys.questions.base import (
    DONT_KNOW,
    NOT_ONE_OF_THEM,
    Q,
    Question,
    Stored,
    common_dont_know,
)
from surveys.questions.registry import register

LOWEST, HIGHEST = 0, 10
PROMOTER_FROM = 9
DETRACTOR_TO = 6
PROMOTERS, PASSIVES, DETRACTORS = "promoters", "passives", "detractors"


@register
@dataclass(frozen=True)
class NetScore(Question):
    """Stored as the whole number 0-10 (or "dk"); labels name the two ends."""

    type_name: ClassVar[str] = "net_score"
    scored_as: ClassVar[str] = "net_score"
    widget: ClassVar[str] = "scale"
    #: how likely someone is to recommend: an opinion, not a fact known about them
    identifying: ClassVar[bool] = False
    keys: ClassVar[tuple[str, ...]] = ("low", "high", "dont_know")

    low: Texts = field(default_factory=dict)  #: what 0 means, e.g. "Not at all likely"
    high: Texts = field(default_factory=dict)  #: what 10 means, e.g. "Extremely likely"
    dont_know: bool = False
    dont_know_label: Texts = field(default_factory=dict)

    @classmethod
    def read(cls: type[Q], entry: Entry, common: dict[str, Any]) -> Q:
        return cls(  # type: ignore[call-arg]
            **common,
            low=entry.texts("low"),
            high=entry.texts("high"),
            dont_know=bool(entry.boolean("dont_know", False)),
            dont_know_label=common_dont_know(entry),
        )

    def choices(self, language: str) -> list[tuple[str, str]]:
        points = [(str(point), str(point)) for point in range(LOWEST, HIGHEST + 1)]
        if self.dont_know:
            points.append((DONT_KNOW, pick(self.dont_know_label, language)))
        return points

    def end_labels(self, language: str) -> tuple[str, str]:
        return pick(self.low, language), pick(self.high, language)

    def stored(self, value: Any) -> Stored:
        if value in (None, ""):
            return None
        if value == DONT_KNOW:
            return DONT_KNOW
        if isinstance(value, str) and value.isdigit() and len(value) <= 2:
            return int(value)
        return value  # refused by check

    def form_value(self, stored: Stored) -> Any:
        return None if stored is None else str(stored)

    def check(self, stored: Stored) -> str | None:
        if stored is None or (stored == DONT_KNOW and self.dont_know):
            return None
        if isinstance(stored, int) and not isinstance(stored, bool) and LOWEST <= stored <= HIGHEST:
            return None
        return NOT_ONE_OF_THEM

    def condition_value(self, raw: Any) -> tuple[Stored, str | None]:
        return raw, self.check(raw) if raw is not None else NOT_ONE_OF_THEM

    def from_cell(self, text: str) -> Stored:
        stored = self.stored(text.strip())
        problem = self.check(stored)
        if problem is not None:
            raise ValueError(problem)
        return stored

    def cell_values(self, language: str) -> str:
        low, high = self.end_labels(language)
        text = f"{LOWEST}={low} … {HIGHEST}={high}"
        return text + (f"; {DONT_KNOW}={pick(self.dont_know_label, language)}"
                       if self.dont_know else "")

    def outcomes(self, language: str) -> list[tuple[str, str]]:
        return [(PROMOTERS, "9–10"), (PASSIVES, "7–8"), (DETRACTORS, "0–6")]

    def counted_under(self, stored: Stored) -> tuple[str, ...]:
        if stored is None:
            return ()
        if stored >= PROMOTER_FROM:
            return (PROMOTERS,)
        return (DETRACTORS,) if stored <= DETRACTOR_TO else (PASSIVES,)
