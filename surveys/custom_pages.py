"""The ``[[pages]]`` and ``[[questions]]`` of an instrument file: custom pages of questions of
the registered types (`surveys.questions`), and their conditions.

Each question names its ``type``; the type reads its own keys. A condition
(``show_if = { question = "uses_chat", equals = "yes" }`` or ``any_of = [...]``) must name a
question on an earlier page and a value that question takes; anything else is refused here,
naming the file's entry, so the survey never meets it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from surveys import questions as registry
from surveys.entries import Entry
from surveys.model import Condition, CustomPage, Texts
from surveys.questions.base import Question

COMMON_KEYS = ("id", "type", "page", "text", "show_if")


def read_custom_pages(
    top: Entry, taken: dict[str, str], reserved_pages: set[str], dont_know: Texts
) -> tuple[tuple[CustomPage, ...], tuple[Question, ...]]:
    """The custom pages and their questions, in the order asked (pages in file order).

    ``taken`` maps ids already used by items, segments and open questions to where (they
    share the CSV's columns); ``reserved_pages`` holds the other pages' ids.
    """
    page_entries = top.tables("pages", [])
    page_ids: dict[str, str] = {}
    titles: dict[str, Texts] = {}
    for entry in page_entries:
        entry.allow("id", "title", "show_if")
        page_id = entry.slug("id")
        if page_id in reserved_pages:
            entry.report(f'"{page_id}" is already a page of the survey; choose another id')
        elif page_id in page_ids:
            entry.report(f'id "{page_id}" is already used by {page_ids[page_id]}')
        elif page_id is not None:
            page_ids[page_id] = entry.where
        titles[page_id or ""] = entry.texts("title")

    order = {page_id: position for position, page_id in enumerate(page_ids)}
    read: list[tuple[Question, Entry]] = []
    for entry in top.tables("questions", []):
        question = _read_question(entry, taken, order, dont_know)
        if question is not None:
            read.append((question, entry))
    # Asked page by page; within a page, in file order.
    read.sort(key=lambda pair: order[pair[0].page])
    for page_id, where in page_ids.items():
        if not any(question.page == page_id for question, _ in read):
            top.problems.add(where, "has no questions; add some or leave the page out")

    position = {question.id: order[question.page] for question, _ in read}
    by_id = {question.id: question for question, _ in read}
    questions = []
    for question, entry in read:
        condition = _read_condition(entry, order[question.page], position, by_id)
        questions.append(_with_condition(question, condition))
    pages = []
    for entry in page_entries:
        page_id = entry.data.get("id")
        if page_id not in order:
            continue
        condition = _read_condition(entry, order[page_id], position, by_id)
        pages.append(CustomPage(page_id, titles[page_id], condition))
    return tuple(pages), tuple(questions)


def _with_condition(question: Question, condition: Condition | None) -> Question:
    return dataclasses.replace(question, show_if=condition)


def _read_question(
    entry: Entry, taken: dict[str, str], pages: dict[str, int], dont_know: Texts
) -> Question | None:
    type_name = entry.string("type")
    question_type = registry.type_named(type_name) if type_name else None
    if type_name is not None and question_type is None:
        entry.report(
            f'unknown type "{type_name}" (known: {", ".join(registry.registered())})'
        )
    entry.allow(*COMMON_KEYS, *(question_type.keys if question_type else ()))
    question_id = entry.slug("id")
    if question_id is not None:
        if question_id in taken:
            entry.report(f'id "{question_id}" is already used by {taken[question_id]}')
        else:
            taken[question_id] = entry.where
    page = entry.string("page")
    if page is not None and page not in pages:
        known = ", ".join(pages) if pages else "none are defined in [[pages]]"
        entry.report(f'unknown page "{page}" (known: {known})')
    text = entry.texts("text")
    if question_type is None or question_id is None or page not in pages:
        return None
    entry.dont_know_label = dont_know  # type: ignore[attr-defined]
    common: dict[str, Any] = {"id": question_id, "text": text, "page": page}
    return question_type.read(entry, common)


def _read_condition(
    entry: Entry, page_position: int, position: dict[str, int], by_id: dict[str, Question]
) -> Condition | None:
    table = entry.table("show_if", None)
    if table is None:
        return None
    table.allow("question", "equals", "any_of")
    target = table.string("question")
    if table.has("equals") == table.has("any_of"):
        table.report('give either "equals" (one answer) or "any_of" (a list of answers)')
        return None
    raw = [table.data["equals"]] if table.has("equals") else table.data["any_of"]
    if not isinstance(raw, list) or not raw:
        table.problems.add(table.at("any_of"), "expected a non-empty array of answers")
        return None
    if target is None:
        return None
    if target not in by_id:
        table.problems.add(
            table.at("question"),
            f'unknown question "{target}" (a condition names a question of a custom page)',
        )
        return None
    if position[target] >= page_position:
        table.problems.add(
            table.at("question"),
            f'"{target}" is not asked on an earlier page; a condition can only look back',
        )
        return None
    values = []
    for value in raw:
        stored, problem = by_id[target].condition_value(value)
        if problem is not None:
            table.report(f'"{value}" is not an answer to "{target}"')
        values.append(stored)
    return Condition(target, tuple(values))
