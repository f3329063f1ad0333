"""Single choice: one of the listed options (or "don't know", when offered)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from surveys.questions.base import NOT_ONE_OF_THEM, OptionsQuestion, Stored
from surveys.questions.registry import register


@register
@dataclass(frozen=True)
class SingleChoice(OptionsQuestion):
    """Stored as the chosen option's id; results give each option's share of the answers."""

    type_name: ClassVar[str] = "single_choice"
    scored_as: ClassVar[str] = "choice"

    def check(self, stored: Stored) -> str | None:
        if stored is None or (isinstance(stored, str) and stored in self.allowed()):
            return None
        return NOT_ONE_OF_THEM
