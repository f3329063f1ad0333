"""Results of the custom pages' questions (`surveys.questions`): counts, shares and net scores.

They stand apart from the readiness index: no dimension reads them. Every respondent falls in
one cell per question: answered, "don't know", skipped (asked, left blank) or not asked (a
condition earlier answers did not meet). Each question type names its scorer (``scored_as``):

* ``choice``: one outcome per answer; each outcome's share of those who answered;
* ``choices``: any number of outcomes per answer; each outcome's share of those who answered;
* ``net_score``: promoters (9-10), passives (7-8) and detractors (0-6), and the net score,
  promoters' share minus detractors', with its 95% interval.

What may be shown is decided by ``scoring.anonymity`` (``question_cells``, ``choice_cells``,
``choices_hidden``, ``net_score_released``); a count or share that is not shown is None here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.anonymity import (
    choice_cells,
    choices_hidden,
    net_score_released,
    question_cells,
    result_released,
)
from scoring.intervals import Z_95, Share, wilson
from surveys import conditions
from surveys.model import Instrument
from surveys.questions.base import DONT_KNOW, Question

ANSWERED, DONT_KNOW_CELL, SKIPPED, NOT_ASKED = "answered", "dont_know", "skipped", "not_asked"
CELLS = (ANSWERED, DONT_KNOW_CELL, SKIPPED, NOT_ASKED)


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    n: int | None  #: None when hidden
    share: Share | None  #: of those who answered; None when hidden
    reason: str | None = None  #: why hidden (``scoring.anonymity``), None when shown


@dataclass(frozen=True)
class NetScore:
    """Promoters' share minus detractors', -100..100, with its 95% interval."""

    score: float
    low: float
    high: float


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    #: people per cell (answered, dont_know, skipped, not_asked); None where hidden
    cells: dict[str, int | None]
    outcomes: tuple[Outcome, ...]  #: empty while the answerers are too few to show
    net_score: NetScore | None = None
    #: None when the outcomes are shown; else why not ("too_few_answered", "suppressed")
    withheld: str | None = None


def classify(instrument: Instrument, rows: Sequence[Mapping[str, Any]]
             ) -> dict[str, list[tuple[str, Any]]]:
    """Per question, each respondent's cell and (when answered) the stored answer."""
    found: dict[str, list[tuple[str, Any]]] = {q.id: [] for q in instrument.questions}
    for row in rows:
        asked = conditions.asked(instrument, row)
        for question in instrument.questions:
            value = row.get(question.id)
            if question.id not in asked:
                cell = NOT_ASKED
            elif value is None or question.check(value) is not None:
                cell = SKIPPED
            elif value == DONT_KNOW:
                cell = DONT_KNOW_CELL
            else:
                cell = ANSWERED
            found[question.id].append((cell, value))
    return found


def score_questions(instrument: Instrument, rows: Sequence[Mapping[str, Any]], k: int,
                    language: str = "en") -> list[QuestionResult]:
    """Every custom question's result over ``rows`` (one mapping of answers per respondent)."""
    classified = classify(instrument, rows)
    results: list[QuestionResult] = []
    for question in instrument.questions:
        answers = classified[question.id]
        counts = {cell: sum(1 for c, _ in answers if c == cell) for cell in CELLS}
        known = _asked_is_known(instrument, question, {r.question.id: r for r in results})
        shown = question_cells(counts, k, NOT_ASKED, asked_known=known)
        cells = {key: None if cell.suppressed else cell.n for key, cell in shown.items()}
        answered = [value for cell, value in answers if cell == ANSWERED]
        if shown[ANSWERED].suppressed or not result_released(len(answered), k):
            results.append(QuestionResult(question, cells, (), None, "too_few_answered"))
            continue
        scorer = SCORERS[question.scored_as]
        results.append(scorer(question, answered, cells, k, language))
    return results


def _asked_is_known(instrument: Instrument, question: Question,
                    earlier: Mapping[str, QuestionResult]) -> bool:
    """Whether the results already tell how many met this question's condition(s) (always,
    for a question without one): one condition on a shown choice question whose values are
    shown outcomes, or take in every hidden outcome (then they count the answerers minus the
    shown outcomes), and "don't know" only when its cell is shown; or one condition naming a
    single shown option of a several-choices question. Anything else is taken as unknown,
    and ``question_cells`` then hides enough for either case."""
    found = [c for c in (instrument.custom_page(question.page).show_if, question.show_if) if c]
    if not found:
        return True
    if len(found) > 1:
        return False
    condition = found[0]
    trigger = earlier[condition.question]
    if trigger.question.scored_as not in ("choice", "choices") or trigger.withheld:
        return False
    values = {str(value) for value in condition.values}
    hidden = {o.key for o in trigger.outcomes if o.reason is not None}
    if trigger.question.scored_as == "choices":
        return len(values) == 1 and not values & hidden
    if DONT_KNOW in values:
        if trigger.cells[DONT_KNOW_CELL] is None:
            return False
        values.discard(DONT_KNOW)
    return not values & hidden or hidden <= values


def _outcome_masks(question: Question, answered: list, language: str) -> dict[str, np.ndarray]:
    keys = [key for key, _ in question.outcomes(language)]
    masks = {key: np.zeros(len(answered), dtype=bool) for key in keys}
    for i, value in enumerate(answered):
        for key in question.counted_under(value):
            if key in masks:
                masks[key][i] = True
    return masks


def _outcomes(question: Question, masks: dict[str, np.ndarray], hidden: Mapping[str, str],
              language: str) -> tuple[Outcome, ...]:
    total = len(next(iter(masks.values()))) if masks else 0
    labels = dict(question.outcomes(language))
    return tuple(
        Outcome(key, labels[key], None, None, hidden[key]) if key in hidden
        else Outcome(key, labels[key], int(mask.sum()), wilson(int(mask.sum()), total))
        for key, mask in masks.items()
    )


def score_choice(question: Question, answered: list, cells: dict, k: int,
                 language: str) -> QuestionResult:
    """One outcome per answer: the outcomes are one partition, suppressed as groups are."""
    masks = _outcome_masks(question, answered, language)
    shown = choice_cells({key: int(mask.sum()) for key, mask in masks.items()}, k)
    hidden = {key: cell.reason for key, cell in shown.items() if cell.reason}
    return QuestionResult(question, cells, _outcomes(question, masks, hidden, language))


def score_choices(question: Question, answered: list, cells: dict, k: int,
                  language: str) -> QuestionResult:
    """Any number of outcomes per answer: each outcome and its complement protected."""
    masks = _outcome_masks(question, answered, language)
    hidden = choices_hidden(masks, k)
    return QuestionResult(question, cells, _outcomes(question, masks, hidden, language))


def score_net(question: Question, answered: list, cells: dict, k: int,
              language: str) -> QuestionResult:
    """Promoters, passives, detractors and the net score (shown only with all three)."""
    masks = _outcome_masks(question, answered, language)
    counts = {key: int(mask.sum()) for key, mask in masks.items()}
    shown = choice_cells(counts, k)
    hidden = {key: cell.reason for key, cell in shown.items() if cell.reason}
    outcomes = _outcomes(question, masks, hidden, language)
    if not net_score_released(shown):
        return QuestionResult(question, cells, outcomes, None, "suppressed")
    promoters, _, detractors = (counts[key] for key, _ in question.outcomes(language))
    return QuestionResult(question, cells, outcomes,
                          net_score(promoters, detractors, len(answered)))


def net_score(promoters: int, detractors: int, n: int, z: float = Z_95) -> NetScore:
    """The net score with its 95% Wald interval, clipped to -100..100.

    The score is the difference of two shares of one multinomial sample, so its variance is
    (p + d - (p - d)^2) / n (Rocks 2016, "Interval estimation for the net promoter score",
    The American Statistician 70(4)). The Wald form is the usual one in practice and close to
    nominal for the n >= k >= 5 this is ever shown at except near ±100, where it is clipped.
    """
    p, d = promoters / n, detractors / n
    score = p - d
    half = z * math.sqrt(max(p + d - score * score, 0.0) / n)
    return NetScore(100 * score, 100 * max(score - half, -1.0), 100 * min(score + half, 1.0))


Scorer = Callable[[Question, list, dict, int, str], QuestionResult]

#: The scorer for each ``scored_as`` of `surveys.questions.base.SCORERS`.
SCORERS: dict[str, Scorer] = {
    "choice": score_choice,
    "choices": score_choices,
    "net_score": score_net,
}


def as_document(results: Sequence[QuestionResult], instrument: Instrument,
                language: str) -> list[dict]:
    """The ``questions`` block of the results document (docs/results-document.md)."""
    return [
        {
            "id": result.question.id,
            "type": result.question.type_name,
            "scored_as": result.question.scored_as,
            "text": result.question.label(language),
            "page": result.question.page,
            "conditional": _conditional(instrument, result.question),
            "people": result.cells,
            "withheld": result.withheld,
            "outcomes": [
                {
                    "id": outcome.key,
                    "label": outcome.label,
                    "n": outcome.n,
                    "share": _round(outcome.share.share if outcome.share else None),
                    "ci": ([_round(outcome.share.low), _round(outcome.share.high)]
                           if outcome.share and outcome.share.low is not None else None),
                    "reason": outcome.reason,
                }
                for outcome in result.outcomes
            ],
            "net_score": None if result.net_score is None else {
                "score": round(result.net_score.score, 1),
                "ci": [round(result.net_score.low, 1), round(result.net_score.high, 1)],
            },
        }
        for result in results
    ]


def _conditional(instrument: Instrument, question: Question) -> bool:
    return question.show_if is not None or instrument.custom_page(question.page).show_if is not None


def _round(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)
