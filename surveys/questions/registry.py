"""Question types by the name instrument files give them (``type = "single_choice"``)."""

from __future__ import annotations

from typing import TypeVar

from surveys.questions.base import Question

T = TypeVar("T", bound=type[Question])

_TYPES: dict[str, type[Question]] = {}


def register(question_type: T) -> T:
    """Make ``question_type`` usable in instrument files under its ``type_name`` (a decorator)."""
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
