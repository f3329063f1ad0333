"""The registry of question types that custom pages of an instrument may ask.

``type = "single_choice"`` in an instrument file names a registered type. Each type is one
class (`surveys.questions.base.Question`) that owns everything about its answers; nothing
outside its module needs to know it exists. A test or a plug-in adds one with `register`.
"""

from __future__ import annotations

from surveys.questions.base import Condition, Option, Question
from surveys.questions.choice import SingleChoice
from surveys.questions.multiple import MultipleChoice
from surveys.questions.net_score import NetScore

__all__ = [
    "Condition", "Option", "Question", "register", "registered", "type_named", "unregister",
]  # fmt: skip

_TYPES: dict[str, type[Question]] = {}


def register(question_type: type[Question]) -> type[Question]:
    """Make ``question_type`` usable in instrument files under its ``type_name``."""
    name = question_type.type_name
    if not name:
        raise ValueError(f"{question_type.__name__} has no type_name")
    if _TYPES.get(name, question_type) is not question_type:
        raise ValueError(f'question type "{name}" is already registered')
    _TYPES[name] = question_type
    return question_type


def unregister(name: str) -> None:
    """Forget a type (tests that registered their own)."""
    _TYPES.pop(name, None)


def type_named(name: str) -> type[Question] | None:
    return _TYPES.get(name)


def registered() -> tuple[str, ...]:
    """The type names an instrument may use, in the order registered."""
    return tuple(_TYPES)


for _type in (SingleChoice, MultipleChoice, NetScore):
    register(_type)
