"""The about-you questions and their groups as a form of rows, edited without JavaScript.

Each question is a block of fields (its wording per language) and each group (an option) a row
(its label per language and how many people are in it). Buttons named ``groups_edit`` add,
remove or move a question or group: the page comes back with the change made and nothing saved.
The text form (`segment_text`) stays as a paste-in: "Use this text" reads it into the rows.

Field names: ``g-<q>-id``, ``g-<q>-text-<lang>``, ``g-<q>-kind``, ``g-<q>-o-<o>-id``,
``g-<q>-o-<o>-label-<lang>``, ``g-<q>-o-<o>-people``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from flask_babel import gettext as _

from . import segment_text

#: languages the console writes about-you texts in, default first
CONSOLE_LANGUAGES = ("en", "de", "fr")
EDIT = "groups_edit"
MAX_QUESTIONS = 12
MAX_OPTIONS = 30
_FIELD = re.compile(r"^g-(\d+)-(?:o-(\d+)-)?(id|kind|people|text|label)(?:-([a-z]{2,3}))?$")


class GroupProblems(ValueError):
    """Problems found in the rows: ``by_field`` maps a field name to its plain sentence."""

    def __init__(self, by_field: dict[str, str]) -> None:
        self.by_field = by_field
        super().__init__("; ".join(by_field.values()))


def text_languages(selected: Sequence[str]) -> list[str]:
    """The languages to write texts in: those chosen first, then the console's others."""
    chosen = [code for code in selected if code]
    return chosen + [code for code in CONSOLE_LANGUAGES if code not in chosen]


def languages_of(rows: Sequence[Mapping], selected: Sequence[str]) -> list[str]:
    """Every language the rows hold a text in or the form offers, those chosen first: the
    fields the page carries (hidden for languages not chosen), so that none is lost."""
    found = text_languages(selected)
    for row in rows:
        texts = [row.get("text") or {}] + [o.get("labels") or {} for o in row.get("options", ())]
        for language in (lang for text in texts for lang in text):
            if language not in found:
                found.append(language)
    return found


def from_stored(segments: Sequence[Mapping] | None, headcounts: Mapping | None) -> list[dict]:
    """Rows for the form from stored questions and their headcounts."""
    headcounts = headcounts or {}
    rows = []
    for question in segments or ():
        people = headcounts.get(question["id"], {})
        rows.append({
            "id": question["id"],
            "kind": question.get("kind", ""),
            "text": dict(question.get("text") or {}),
            "options": [
                {
                    "id": option["id"],
                    "labels": dict(option.get("labels") or {}),
                    "people": "" if people.get(option["id"]) is None
                    else str(people[option["id"]]),
                }
                for option in question.get("options") or ()
            ],
        })
    return rows


def from_form(formdata: Mapping[str, str]) -> list[dict]:
    """The rows as the browser sent them, in their order on the page."""
    questions: dict[int, dict] = {}
    for name in formdata:
        match = _FIELD.match(name)
        if not match:
            continue
        q, o, what, language = match.groups()
        value = (formdata.get(name) or "").strip()
        question = questions.setdefault(
            int(q), {"id": "", "kind": "", "text": {}, "options": {}}
        )
        if o is None:
            if what == "text" and language:
                question["text"][language] = value
            elif what in ("id", "kind"):
                question[what] = value
            continue
        option = question["options"].setdefault(int(o), {"id": "", "labels": {}, "people": ""})
        if what == "label" and language:
            option["labels"][language] = value
        elif what in ("id", "people"):
            option[what] = value
    return [
        question | {"options": [question["options"][i] for i in sorted(question["options"])]}
        for _, question in sorted(questions.items())
    ]


def _blank_option() -> dict:
    return {"id": "", "labels": {}, "people": ""}


def edit(rows: list[dict], action: str) -> list[dict]:
    """The rows after pressing one of the editor's buttons (``action`` as the button sends it:
    ``add-question``, ``remove-question:0``, ``up-question:1``, ``down-question:0``,
    ``add-option:0``, ``remove-option:0:2``, ``up-option:0:2``, ``down-option:0:1``)."""
    name, *numbers = action.split(":")
    try:
        at = [int(n) for n in numbers]
    except ValueError:
        return rows
    if name == "add-question" and len(rows) < MAX_QUESTIONS:
        rows.append(
            {"id": "", "kind": "", "text": {}, "options": [_blank_option(), _blank_option()]}
        )
    elif len(at) >= 1 and 0 <= at[0] < len(rows):
        q = at[0]
        options = rows[q]["options"]
        if name == "remove-question":
            rows.pop(q)
        elif name in ("up-question", "down-question"):
            _move(rows, q, -1 if name == "up-question" else 1)
        elif name == "add-option" and len(options) < MAX_OPTIONS:
            options.append(_blank_option())
        elif len(at) == 2 and 0 <= at[1] < len(options):
            if name == "remove-option":
                options.pop(at[1])
            elif name in ("up-option", "down-option"):
                _move(options, at[1], -1 if name == "up-option" else 1)
    return rows


def _move(items: list, index: int, step: int) -> None:
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def _unique(wanted: str, taken: set[str]) -> str:
    found, n = wanted, 2
    while found in taken:
        found = f"{wanted[:36]}_{n}"
        n += 1
    taken.add(found)
    return found


def to_stored(rows: list[dict], default_language: str) -> tuple[list[dict], dict]:
    """Stored questions and headcounts from the rows; GroupProblems names each bad field.

    Empty rows (no text in any language) are left out; ids are kept, or made from the text.
    """
    problems: dict[str, str] = {}
    questions: list[dict] = []
    headcounts: dict[str, dict[str, int]] = {}
    question_ids: set[str] = set()
    for q, row in enumerate(rows):
        texts = {lang: text for lang, text in row["text"].items() if text}
        options = [
            (o, option) for o, option in enumerate(row["options"])
            if any(option["labels"].values()) or option["people"]
        ]
        if not texts and not options:
            continue
        where = f"g-{q}-text-{default_language}"
        if not texts.get(default_language):
            problems[where] = _("Please write this question in the first language you offer.")
        name = texts.get(default_language) or next(iter(texts.values()), "")
        if len(options) < 2:
            problems.setdefault(
                where, _("“%(question)s” needs at least two groups to choose between.",
                         question=name or _("This question"))
            )
        question_id = _unique(row["id"] or segment_text.slugify(name or "question"), question_ids)
        option_ids: set[str] = set()
        stored_options = []
        for o, option in options:
            labels = {lang: text for lang, text in option["labels"].items() if text}
            label_field = f"g-{q}-o-{o}-label-{default_language}"
            if not labels.get(default_language):
                problems[label_field] = _("Please name this group in the first language you "
                                          "offer.")
            label = labels.get(default_language) or next(iter(labels.values()), "")
            wanted = option["id"] or segment_text.slugify(label or "group")
            if wanted == "prefer_not_to_say":
                problems[label_field] = _("“Prefer not to say” is added to every question for "
                                          "you; please remove this group.")
            option_id = _unique(wanted, option_ids)
            stored_options.append({"id": option_id, "labels": labels})
            people = option["people"]
            if people:
                if not people.isdigit() or not 0 < int(people) <= 10_000_000:
                    problems[f"g-{q}-o-{o}-people"] = _(
                        "The number of people in “%(group)s” must be a whole number above 0, "
                        "or left empty.", group=label or _("this group"))
                else:
                    headcounts.setdefault(question_id, {})[option_id] = int(people)
        question = {"id": question_id, "text": texts, "options": stored_options}
        if {option["id"] for option in stored_options} == segment_text.ROLE_LEVEL_OPTIONS:
            question["kind"] = "role_level"
        questions.append(question)
    if problems:
        raise GroupProblems(problems)
    return questions, headcounts
