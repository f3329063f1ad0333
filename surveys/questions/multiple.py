"""Multiple choice: any of the listed options, stored as their ids in the listed order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from wtforms import SelectMultipleField
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.model import Texts, pick
from surveys.questions.base import (
    NOT_ONE_OF_THEM,
    Gettext,
    OptionsQuestion,
    Stored,
    _Checked,
    _choice,
    untranslated,
)
from surveys.questions.registry import register

#: Separates the chosen options in a CSV cell: "email;intranet".
CELL_SEPARATOR = ";"


@register
@dataclass(frozen=True)
class MultipleChoice(OptionsQuestion):
    """Results give, per option, the share of those who answered that chose it."""

    type_name: ClassVar[str] = "multiple_choice"
    scored_as: ClassVar[str] = "choices"
    widget: ClassVar[str] = "checkbox"
    keys: ClassVar[tuple[str, ...]] = ("options",)

    def field(self, language: str, gettext: Gettext = untranslated) -> UnboundField:
        """Check boxes, any number of them; nothing ticked is a skipped question."""
        return SelectMultipleField(
            self.label(language),
            choices=[_choice(value, text) for value, text in self.choices(language)],
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            validators=[_Checked(self, gettext)],
        )

    def stored(self, value: Any) -> Stored:
        if not value:
            return None
        if not isinstance(value, list | tuple):
            return [value]
        # Listed order, each once: the same choice is always stored the same way.
        chosen = set(value)
        ordered = [option for option in self.option_ids() if option in chosen]
        unknown = [v for v in value if v not in self.option_ids()]
        return ordered + unknown

    def check(self, stored: Stored) -> str | None:
        if stored is None:
            return None
        if (
            isinstance(stored, list)
            and stored
            and all(isinstance(v, str) for v in stored)
            and stored == [o for o in self.option_ids() if o in stored]
        ):
            return None
        return NOT_ONE_OF_THEM

    def condition_value(self, raw: Any) -> tuple[Stored, str | None]:
        if isinstance(raw, str) and raw in self.option_ids():
            return raw, None
        return raw, NOT_ONE_OF_THEM

    def matches(self, stored: Stored, values: Sequence[Stored]) -> bool:
        return bool(stored) and any(value in stored for value in values)

    def summary(self, stored: Stored, language: str, dont_know: Texts) -> str | None:
        if not stored:
            return None
        labels = {option.id: pick(option.labels, language) for option in self.options}
        return ", ".join(labels.get(v, v) for v in stored)

    def to_cell(self, stored: Stored) -> str:
        return CELL_SEPARATOR.join(stored or ())

    def from_cell(self, text: str) -> Stored:
        parts = [part.strip() for part in text.split(CELL_SEPARATOR) if part.strip()]
        stored = self.stored(parts)
        problem = self.check(stored)
        if problem is not None or len(set(parts)) != len(parts):
            raise ValueError(problem or NOT_ONE_OF_THEM)
        return stored

    def cell_values(self, language: str) -> str:
        return super().cell_values(language) + f" (several: separated by {CELL_SEPARATOR})"

    def counted_under(self, stored: Stored) -> tuple[str, ...]:
        return tuple(stored or ())
