"""Which custom pages and questions a respondent is asked, given their earlier answers.

A condition names a question on an earlier page (the loader refuses anything else), so one
pass in survey order decides everything. A question that was not asked counts as unanswered
in every later condition: if the first question was hidden, what depends on it is hidden too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.model import Condition, Instrument


def _met(instrument: Instrument, condition: Condition | None, given: Mapping[str, Any]) -> bool:
    if condition is None:
        return True
    question = instrument.question(condition.question)
    return question.matches(given.get(condition.question), condition.values)


def asked(instrument: Instrument, answers: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the custom questions asked of someone whose answers are ``answers`` (question id
    -> stored answer; other keys, such as item ids, are ignored)."""
    pages = {page.id: page for page in instrument.pages}
    given: dict[str, Any] = {}
    shown_pages: dict[str, bool] = {}
    found = set()
    for question in instrument.questions:
        if question.page not in shown_pages:
            shown_pages[question.page] = _met(instrument, pages[question.page].show_if, given)
        if shown_pages[question.page] and _met(instrument, question.show_if, given):
            found.add(question.id)
            given[question.id] = answers.get(question.id)
    return frozenset(found)


def hidden_questions(instrument: Instrument, answers: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the custom questions not asked, given ``answers``."""
    return frozenset(q.id for q in instrument.questions) - asked(instrument, answers)


def pages_met(instrument: Instrument, answers: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the custom pages whose own condition is met, given ``answers``."""
    given = {qid: answers.get(qid) for qid in asked(instrument, answers)}
    return frozenset(page.id for page in instrument.pages
                     if _met(instrument, page.show_if, given))


def shown_pages(instrument: Instrument, answers: Mapping[str, Any]) -> frozenset[str]:
    """Ids of the custom pages shown, given ``answers``: those that ask something. A question
    is asked only on a page whose condition is met, and every page has questions (the loader
    refuses one without), so a page whose every question is hidden is skipped, not shown
    empty."""
    kept = asked(instrument, answers)
    return frozenset(question.page for question in instrument.questions if question.id in kept)


def only_asked(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` to custom questions, without those to questions that were not asked."""
    kept = asked(instrument, answers)
    return {qid: value for qid, value in answers.items() if qid in kept}
