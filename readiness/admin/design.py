"""Design-time checks: will a segment option probably give a group too small to show?

Asked while the survey is being prepared or collects answers; once it is closed the groups are
what they are, and the results say which are hidden.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from surveys.model import SegmentQuestion, pick

from ..assessments import instrument_of
from ..models import Assessment
from ..models.assessment import CLOSED

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
    question_label: str = ""  #: the question as respondents read it (else its id)
    option_label: str = ""  #: the group as respondents read it (else its id)

    @property
    def severity(self) -> str:
        return "likely" if self.likely else "possible"


def small_group_warnings(
    headcounts: dict | None, k: int, segments: Sequence[SegmentQuestion] = (),
    language: str = "en",
) -> list[SmallGroupWarning]:
    """Options whose headcount at a typical 35-50% response rate gives fewer than k responses,
    named by their labels in ``language`` when the questions (``segments``) are given."""
    questions = {question.id: question for question in segments}
    warnings = []
    for segment, options in (headcounts or {}).items():
        question = questions.get(segment)
        labels = {o.id: pick(o.labels, language) for o in question.options} if question else {}
        for option, people in options.items():
            low = math.floor(people * LOW_RATE)
            high = math.floor(people * HIGH_RATE)
            if low < k:
                warnings.append(SmallGroupWarning(
                    segment, option, people, low, high, high < k,
                    pick(question.text, language) if question else segment,
                    labels.get(option, option),
                ))
    return warnings


def warnings_for(assessment: Assessment, language: str) -> list[SmallGroupWarning]:
    """The warnings to show for ``assessment``: none once it is closed."""
    if assessment.status == CLOSED:
        return []
    return small_group_warnings(
        assessment.segment_headcounts, assessment.k, instrument_of(assessment).segments, language
    )
