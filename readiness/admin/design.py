"""Design-time checks: will a segment option probably give a group too small to show?"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Typical response rates of organisational surveys (DOMAIN.md): 35-50%.
LOW_RATE, HIGH_RATE = 0.35, 0.50


@dataclass(frozen=True)
class SmallGroupWarning:
    segment: str
    option: str
    headcount: int
    expected_low: int  #: responses expected at a 35% response rate
    expected_high: int  #: responses expected at a 50% response rate
    likely: bool  #: True when even a 50% response rate stays below k

    @property
    def severity(self) -> str:
        return "likely" if self.likely else "possible"


def small_group_warnings(headcounts: dict | None, k: int) -> list[SmallGroupWarning]:
    """Options whose headcount at a typical 35-50% response rate gives fewer than k responses."""
    warnings = []
    for segment, options in (headcounts or {}).items():
        for option, people in options.items():
            low = math.floor(people * LOW_RATE)
            high = math.floor(people * HIGH_RATE)
            if low < k:
                warnings.append(SmallGroupWarning(segment, option, people, low, high, high < k))
    return warnings
