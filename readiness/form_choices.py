"""Choices for WTForms select and radio fields, one way for every blueprint's forms."""

from __future__ import annotations

try:  # WTForms 3.3 deprecates plain (value, label) pairs in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):  # type: ignore[no-redef]
        return (value, label)


def choices(pairs) -> list:
    """Choices for a select or radio field from ``(value, label)`` pairs."""
    return [choice(value, label) for value, label in pairs]


__all__ = ["choice", "choices"]
