"""Survey page forms in plain WTForms: each question builds its own field.

A fresh form class is made per instrument, page and language. The web application passes its
CSRF-aware base class as ``base`` and its translation function as ``gettext``; nothing here
knows about Flask. Every question is optional, but whatever is sent must be a known answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from wtforms import Form, RadioField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from surveys import conditions
from surveys.model import (
    DONT_KNOW,
    Instrument,
    Item,
    OpenQuestion,
    Scale,
    SegmentQuestion,
    pick,
)
from surveys.pages import ABOUT_PAGE, OPEN_PAGE, REVIEW_PAGE, page_sequence
from surveys.questions import Question as CustomQuestion
from surveys.questions.base import NOT_ONE_OF_THEM

try:  # WTForms 3.3 deprecates plain (value, label) pairs in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice as _choice
except ImportError:  # pragma: no cover - older WTForms within the pinned range

    def _choice(value: str, label: str) -> tuple[str, str]:
        return (value, label)


__all__ = [
    "DONT_KNOW_CHOICE",
    "Answers",
    "LikertQuestion",
    "OpenText",
    "SegmentChoice",
    "about_you_form",
    "custom_page_form",
    "custom_page_summary",
    "hidden_questions",
    "dimension_form",
    "form_data",
    "open_questions_form",
    "page_form",
    "page_sequence",
    "stored_answers",
]

Gettext = Callable[[str], str]

#: The form value of "don't know"; stored as ``DONT_KNOW``.
DONT_KNOW_CHOICE = "dk"


def _untranslated(message: str) -> str:
    return message


# The messages are written as literal `gettext("...")` calls so that Babel's extractor finds
# them in this file; the web application's gettext translates them at validation time.


class _KnownChoice:
    """Lets a question be skipped, but accepts only what the question's ``check`` allows (the
    one rule the submit, the import and the export apply too)."""

    def __init__(self, question: Any, gettext: Gettext) -> None:
        self.question = question
        self.gettext = gettext

    def __call__(self, form: Form, field: Any) -> None:
        gettext = self.gettext
        if len(field.raw_data or ()) > 1:
            raise ValidationError(gettext("Please choose just one answer."))
        if field.data in (None, ""):
            return
        if self.question.check(self.question.stored(field.data)) is not None:
            raise ValidationError(gettext("Please choose one of the answers shown."))


class _MaxLength:
    """Keeps an open answer within the question's length, saying how much to trim."""

    def __init__(self, max_length: int, gettext: Gettext) -> None:
        self.max_length = max_length
        self.gettext = gettext

    def __call__(self, form: Form, field: Any) -> None:
        length = len(field.data or "")
        if length > self.max_length:
            gettext = self.gettext
            raise ValidationError(
                gettext(
                    "Thank you for writing so much! Please keep this answer to "
                    "%(max)d characters; it is %(length)d now."
                )
                % {"max": self.max_length, "length": length}
            )


def _clean_text(value: str | None) -> str | None:
    # NUL characters cannot be stored in PostgreSQL text and never carry meaning here.
    if value is None:
        return None
    return value.replace("\x00", "").strip()


def _radio_field(
    question: Any, label: str, choices: list[tuple[str, str]], gettext: Gettext
) -> UnboundField:
    # WTForms' own choice check refuses a skipped question, so ours replaces it.
    return RadioField(
        label,
        choices=[_choice(value, text) for value, text in choices],
        validate_choice=False,
        validators=[_KnownChoice(question, gettext)],
    )


class LikertQuestion:
    """A statement answered on the instrument's agreement scale, or with "don't know"."""

    answers_key = "items"

    def __init__(self, item: Item, scale: Scale) -> None:
        self.item = item
        self.scale = scale
        self.id = item.id
        self.name = f"item_{item.id}"

    def text(self, language: str) -> str:
        return pick(self.item.text, language)

    def choices(self, language: str) -> list[tuple[str, str]]:
        """Answer values with their labels: "1".."points", then "dk"."""
        labels = self.scale.labels.get(language) or self.scale.labels.get("en") or ()
        points = [(str(point), labels[point - 1]) for point in range(1, self.scale.points + 1)]
        return [*points, (DONT_KNOW_CHOICE, pick(self.scale.dont_know, language))]

    def field(self, language: str, gettext: Gettext = _untranslated) -> UnboundField:
        """An optional radio field with the statement and scale labels in ``language``."""
        return _radio_field(self, self.text(language), self.choices(language), gettext)

    def stored(self, value: str | None) -> int | str | None:
        """The stored answer: 1..points, DONT_KNOW, or None when skipped (anything else is
        returned as it came, for ``check`` to refuse)."""
        if value in (None, ""):
            return None
        if value == DONT_KNOW_CHOICE:
            return DONT_KNOW
        # "0" is not a form value ("dk" is): it stays a string, which ``check`` refuses.
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)
        return value

    def check(self, stored: object) -> str | None:
        """None when ``stored`` is an answer this statement takes (1..points, DONT_KNOW or
        None), else why not: the one rule of the form, the submit, the import and the export."""
        if stored is None or (
            isinstance(stored, int) and not isinstance(stored, bool)
            and DONT_KNOW <= stored <= self.scale.points
        ):
            return None
        return NOT_ONE_OF_THEM

    def to_cell(self, stored: int | None) -> str:
        """The answer in a CSV cell: 1..points, ``dk``, or "" when skipped."""
        if stored is None:
            return ""
        return DONT_KNOW_CHOICE if stored == DONT_KNOW else str(stored)

    def from_cell(self, text: str) -> int | None:
        """The stored answer a CSV cell holds (``dk`` or ``0`` for don't know); ValueError."""
        value = text.strip().lower()
        stored = DONT_KNOW if value in (DONT_KNOW_CHOICE, "0") else self.stored(value)
        if self.check(stored) is not None:
            raise ValueError(NOT_ONE_OF_THEM)
        return stored  # type: ignore[return-value]

    def cell_values(self, language: str) -> str:
        labels = self.scale.labels.get(language) or next(iter(self.scale.labels.values()))
        text = "; ".join(f"{point}={label}" for point, label in enumerate(labels, start=1))
        return text + f"; {DONT_KNOW_CHOICE}={pick(self.scale.dont_know, language)}"

    def form_value(self, stored: int | None) -> str | None:
        """The form value that shows a stored answer again (Back keeps answers)."""
        if stored is None:
            return None
        return DONT_KNOW_CHOICE if stored == DONT_KNOW else str(stored)


class SegmentChoice:
    """An "about you" question: one of its options, "prefer not to say" included."""

    answers_key = "segments"

    def __init__(self, question: SegmentQuestion) -> None:
        self.question = question
        self.id = question.id
        self.name = f"segment_{question.id}"

    def text(self, language: str) -> str:
        return pick(self.question.text, language)

    def choices(self, language: str) -> list[tuple[str, str]]:
        return [(option.id, pick(option.labels, language)) for option in self.question.options]

    def field(self, language: str, gettext: Gettext = _untranslated) -> UnboundField:
        """An optional radio field with the question and options in ``language``."""
        return _radio_field(self, self.text(language), self.choices(language), gettext)

    def stored(self, value: str | None) -> str | None:
        """The stored answer: an option id, or None when skipped."""
        return value or None

    def check(self, stored: object) -> str | None:
        """None when ``stored`` is one of the options ("prefer not to say" included) or None."""
        if stored is None or stored in self.question.option_ids():
            return None
        return NOT_ONE_OF_THEM

    def from_cell(self, text: str) -> str | None:
        stored = text.strip() or None
        if self.check(stored) is not None:
            raise ValueError(NOT_ONE_OF_THEM)
        return stored

    def form_value(self, stored: str | None) -> str | None:
        return stored


class OpenText:
    """An open question answered in the respondent's own words, up to ``max_length``."""

    answers_key = "open_texts"

    def __init__(self, question: OpenQuestion) -> None:
        self.question = question
        self.id = question.id
        self.name = f"open_{question.id}"

    def text(self, language: str) -> str:
        return pick(self.question.text, language)

    def field(self, language: str, gettext: Gettext = _untranslated) -> UnboundField:
        """An optional text area whose length is checked after trimming."""
        return TextAreaField(
            self.text(language),
            filters=[_clean_text],
            validators=[_MaxLength(self.question.max_length, gettext)],
            render_kw={"maxlength": self.question.max_length},
        )

    def stored(self, value: str | None) -> str | None:
        """The stored answer: the trimmed text, or None when left empty."""
        return value or None

    def form_value(self, stored: str | None) -> str | None:
        return stored


Question = LikertQuestion | SegmentChoice | OpenText | CustomQuestion


@dataclass(frozen=True)
class Answers:
    """What one page (or, merged, the whole survey) stores, keyed by question id."""

    items: dict[str, int | None] = field(default_factory=dict)
    segments: dict[str, str | None] = field(default_factory=dict)
    open_texts: dict[str, str | None] = field(default_factory=dict)
    #: answers to the custom pages' questions (`surveys.questions`), as each type stores them
    questions: dict[str, Any] = field(default_factory=dict)

    def merged(self, other: Answers) -> Answers:
        """These answers updated with ``other``'s, e.g. a page answered again after Back."""
        return Answers(
            items={**self.items, **other.items},
            segments={**self.segments, **other.segments},
            open_texts={**self.open_texts, **other.open_texts},
            questions={**self.questions, **other.questions},
        )


def _form_class(
    name: str,
    questions: Iterable[Question],
    language: str,
    base: type[Form],
    gettext: Gettext,
) -> type[Form]:
    questions = tuple(questions)
    attributes: dict[str, Any] = {q.name: q.field(language, gettext) for q in questions}
    #: the questions in page order, for templates and for `stored_answers`
    attributes["questions"] = questions
    return type(name, (base,), attributes)


def about_you_form(
    instrument: Instrument,
    language: str,
    base: type[Form] = Form,
    gettext: Gettext = _untranslated,
) -> type[Form]:
    """A form class for the "about you" page: one field per segment question."""
    questions = [SegmentChoice(question) for question in instrument.segments]
    return _form_class("AboutYouForm", questions, language, base, gettext)


def dimension_form(
    instrument: Instrument,
    dimension_id: str,
    module: str | None,
    language: str,
    base: type[Form] = Form,
    gettext: Gettext = _untranslated,
) -> type[Form]:
    """A form class for one dimension's page: its core items plus those of ``module``.

    Raises KeyError for a dimension or module the instrument does not have.
    """
    instrument.dimension(dimension_id)
    if module is not None and module not in {m.id for m in instrument.modules}:
        raise KeyError(module)
    items = instrument.items_of(dimension_id, module)
    questions = [LikertQuestion(item, instrument.scale) for item in items]
    return _form_class("DimensionForm", questions, language, base, gettext)


def open_questions_form(
    instrument: Instrument,
    language: str,
    base: type[Form] = Form,
    gettext: Gettext = _untranslated,
) -> type[Form]:
    """A form class for the open questions page."""
    questions = [OpenText(question) for question in instrument.open_questions]
    return _form_class("OpenQuestionsForm", questions, language, base, gettext)


def custom_page_form(
    instrument: Instrument,
    page: str,
    language: str,
    base: type[Form] = Form,
    gettext: Gettext = _untranslated,
) -> type[Form]:
    """A form class for a custom page: each question's type makes its field.

    It holds every question of the page; whether one is asked depends on earlier answers
    (`surveys.conditions`), so the page draws, and the draft keeps, only those asked.
    """
    return _form_class("CustomPageForm", instrument.questions_on(page), language, base, gettext)


def page_form(
    instrument: Instrument,
    page: str,
    module: str | None,
    language: str,
    base: type[Form] = Form,
    gettext: Gettext = _untranslated,
) -> type[Form] | None:
    """The form class for a page id from `page_sequence`; None for review; KeyError if unknown."""
    if page not in page_sequence(instrument):
        raise KeyError(page)
    if page == REVIEW_PAGE:
        return None
    if page == ABOUT_PAGE:
        return about_you_form(instrument, language, base, gettext)
    if page == OPEN_PAGE:
        return open_questions_form(instrument, language, base, gettext)
    if instrument.questions_on(page):
        return custom_page_form(instrument, page, language, base, gettext)
    return dimension_form(instrument, page, module, language, base, gettext)


def stored_answers(form: Form) -> Answers:
    """The values to store from a validated page form; call only after ``form.validate()``."""
    groups: dict[str, dict[str, Any]] = {
        "items": {}, "segments": {}, "open_texts": {}, "questions": {},
    }  # fmt: skip
    for question in form.questions:
        groups[question.answers_key][question.id] = question.stored(form[question.name].data)
    return Answers(**groups)


def form_data(form_class: type[Form], answers: Answers) -> dict[str, str]:
    """Data that refills a page form with earlier answers: ``form_class(data=...)``."""
    data = {}
    for question in form_class.questions:
        earlier = getattr(answers, question.answers_key).get(question.id)
        value = question.form_value(earlier)
        if value is not None:
            data[question.name] = value
    return data


def custom_page_summary(
    instrument: Instrument, page: str, answers: Answers, language: str
) -> list[tuple[str, str | None]] | None:
    """The review's lines for a custom page: each question asked, with the answer given in
    its type's words (None: skipped); None when the page itself is not shown."""
    if page not in conditions.shown_pages(instrument, answers.questions):
        return None
    asked = conditions.asked(instrument, answers.questions)
    return [
        (question.label(language),
         question.summary(answers.questions.get(question.id), language,
                          instrument.scale.dont_know))
        for question in instrument.questions_on(page)
        if question.id in asked
    ]


def hidden_questions(instrument: Instrument, answers: Answers) -> frozenset[str]:
    """The custom questions not asked of this respondent: their pages leave them out."""
    if not instrument.questions:
        return frozenset()
    return conditions.hidden_questions(instrument, answers.questions)
