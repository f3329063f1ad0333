"""What every question type owns, in one class per type (as Indico's survey fields do).

A question type is a frozen dataclass that subclasses `Question`. It says, for its own answers:

* which keys its definition in an instrument file takes and what they must hold (``read``);
* the WTForms field it draws (``field``), and how a form value becomes a stored answer and
  back (``stored``, ``form_value``);
* which stored answers it accepts (``check``): the ONE place that decides what is allowed. The
  form, the submit, the import and the export all ask it;
* how an answer reads on the review page (``summary``) and in a CSV cell (``to_cell``,
  ``from_cell``);
* its role in scoring (``scored_as``, ``outcomes``, ``counted_under``): which of the results
  scorers in ``scoring.questions`` reads it, and which outcomes each answer counts under.

A type registers itself with `surveys.questions.register`. Adding one touches its own module,
the registration and, only when no existing scorer fits, a scorer in ``scoring.questions``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from wtforms import Form, RadioField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from surveys.entries import Entry
from surveys.model import Condition, Texts, pick

try:  # WTForms 3.3 deprecates plain (value, label) pairs in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice as _choice
except ImportError:  # pragma: no cover - older WTForms within the pinned range

    def _choice(value: str, label: str) -> tuple[str, str]:
        return (value, label)


Gettext = Callable[[str], str]
Stored = Any
"""A stored answer: whatever JSON value the type keeps (an option id, a list, a number)."""

#: The form and CSV value of "don't know" for the types that offer it.
DONT_KNOW = "dk"

#: What scorers read: ``choice`` (one outcome per answer), ``choices`` (any number of outcomes
#: per answer, shares of the answerers) and ``net_score`` (0-10 with promoters and detractors).
SCORERS = ("choice", "choices", "net_score")


def N_(message: str) -> str:
    """Marks a message for the translation catalogues; the caller translates it when shown."""
    return message


#: The messages `check` returns, translated by whoever shows them.
NOT_ONE_OF_THEM = N_("Please choose one of the answers shown.")
JUST_ONE = N_("Please choose just one answer.")


def untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Option:
    id: str
    labels: Texts


__all__ = ["Condition", "Option", "Question"]

Q = TypeVar("Q", bound="Question")


@dataclass(frozen=True)
class Question:
    """One question of a custom page. Subclasses add their own definition fields."""

    #: the value of ``type`` in an instrument file
    type_name: ClassVar[str] = ""
    #: which scorer of ``scoring.questions`` reads its answers (one of SCORERS)
    scored_as: ClassVar[str] = "choice"
    #: the definition keys this type reads besides the common ones
    keys: ClassVar[tuple[str, ...]] = ()
    #: where a page's answers of this kind are kept (`surveys.forms.Answers`)
    answers_key: ClassVar[str] = "questions"
    #: how the survey page draws it (templates/respond/fields/question.html): "radio" (one
    #: answer), "checkbox" (several) or "scale" (one row of numbers with ``end_labels``)
    widget: ClassVar[str] = "radio"
    #: whether an answer may be a fact that others know about a person (a site, the tools
    #: used) rather than an opinion: the responses export then blanks it in rare combinations
    #: with the about-you answers (``scoring.anonymity.export_answers``)
    identifying: ClassVar[bool] = True

    id: str
    text: Texts
    page: str
    show_if: Condition | None = None

    @property
    def name(self) -> str:
        """The form field's name."""
        return f"question_{self.id}"

    # ------------------------------------------------------------ the definition

    @classmethod
    def read(cls: type[Q], entry: Entry, common: dict[str, Any]) -> Q:
        """The question from its entry; problems are reported on ``entry``.

        ``common`` holds id, text, page and show_if, already read."""
        return cls(**common)

    # ------------------------------------------------------------ the form

    def label(self, language: str) -> str:
        return pick(self.text, language)

    def choices(self, language: str) -> list[tuple[str, str]]:
        """Form values with their labels, in the order drawn."""
        return []

    def field(self, language: str, gettext: Gettext = untranslated) -> UnboundField:
        """An optional radio field; the type's ``check`` decides what it accepts."""
        return RadioField(
            self.label(language),
            choices=[_choice(value, text) for value, text in self.choices(language)],
            validate_choice=False,
            validators=[_Checked(self, gettext)],
        )

    def stored(self, value: Any) -> Stored:
        """The stored answer for a form value (None when skipped); never raises."""
        return None if value in (None, "", []) else value

    def form_value(self, stored: Stored) -> Any:
        """The form value that shows a stored answer again (Back keeps answers)."""
        return stored

    # ------------------------------------------------------------ what is allowed

    def check(self, stored: Stored) -> str | None:
        """None when ``stored`` is an answer this question takes (or None: skipped), else the
        message saying why not. The one place that decides."""
        return None

    def condition_value(self, raw: Any) -> tuple[Stored, str | None]:
        """A value from an instrument's ``show_if`` as a stored answer, or the problem."""
        problem = self.check(raw) if raw is not None else "is empty"
        return raw, problem

    def matches(self, stored: Stored, values: Sequence[Stored]) -> bool:
        """Whether an answer meets a condition on this question."""
        return stored is not None and stored in values

    # ------------------------------------------------------------ words and cells

    def summary(self, stored: Stored, language: str, dont_know: Texts) -> str | None:
        """The answer as the review page shows it (None: not answered)."""
        if stored is None:
            return None
        labels = dict(self.choices(language))
        if stored == DONT_KNOW:
            return pick(dont_know, language)
        return labels.get(str(stored), str(stored))

    def to_cell(self, stored: Stored) -> str:
        """The answer in a CSV cell; "" when skipped."""
        return "" if stored is None else str(stored)

    def from_cell(self, text: str) -> Stored:
        """The stored answer a CSV cell holds; ValueError (a `check` message) if none."""
        value = text.strip() or None
        problem = self.check(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def cell_values(self, language: str) -> str:
        """What the cells may hold, for the codebook and import messages."""
        return "; ".join(f"{value}={label}" for value, label in self.choices(language))

    # ------------------------------------------------------------ scoring

    def outcomes(self, language: str) -> list[tuple[str, str]]:
        """The outcomes results count, with their labels, in order."""
        return [(v, label) for v, label in self.choices(language) if v != DONT_KNOW]

    def counted_under(self, stored: Stored) -> tuple[str, ...]:
        """The outcomes one (checked, not "don't know") answer counts under."""
        return () if stored is None else (str(stored),)


class _Checked:
    """Lets a question be skipped, but accepts only what the type's ``check`` allows."""

    def __init__(self, question: Question, gettext: Gettext) -> None:
        self.question = question
        self.gettext = gettext

    def __call__(self, form: Form, field: Any) -> None:
        if len(field.raw_data or ()) > 1 and not isinstance(field.data, list):
            raise ValidationError(self.gettext(JUST_ONE))
        problem = self.question.check(self.question.stored(field.data))
        if problem is not None:
            raise ValidationError(self.gettext(problem))


@dataclass(frozen=True)
class OptionsQuestion(Question):
    """A question whose answers are the options listed in its definition."""

    keys: ClassVar[tuple[str, ...]] = ("options", "dont_know")

    options: tuple[Option, ...] = ()
    #: whether "don't know" is offered after the options (its label: the scale's)
    dont_know: bool = False
    dont_know_label: Texts = field(default_factory=dict)

    @classmethod
    def read(cls: type[Q], entry: Entry, common: dict[str, Any]) -> Q:
        return cls(  # type: ignore[call-arg]
            **common,
            options=read_options(entry),
            dont_know=bool(entry.boolean("dont_know", False)),
            dont_know_label=common_dont_know(entry),
        )

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def choices(self, language: str) -> list[tuple[str, str]]:
        listed = [(option.id, pick(option.labels, language)) for option in self.options]
        if self.dont_know:
            listed.append((DONT_KNOW, pick(self.dont_know_label, language)))
        return listed

    def allowed(self) -> tuple[str, ...]:
        return (*self.option_ids(), DONT_KNOW) if self.dont_know else self.option_ids()


#: Set by the schema before reading questions: the instrument's "don't know" label.
_DONT_KNOW_KEY = "dont_know_label"


def common_dont_know(entry: Entry) -> Texts:
    return dict(getattr(entry, _DONT_KNOW_KEY, {}) or {})


def read_options(entry: Entry, minimum: int = 2) -> tuple[Option, ...]:
    """The ``options`` of a question: at least ``minimum``, unique ids, "dk" reserved."""
    why = f'"{DONT_KNOW}" is kept for "don\'t know"; set dont_know = true instead'
    return tuple(Option(option_id, labels)
                 for option_id, labels in entry.options(minimum, DONT_KNOW, why))
