"""The registry of question types that custom pages of an instrument may ask.

``type = "single_choice"`` in an instrument file names a registered type. Each type is one
class (`surveys.questions.base.Question`) in its own module of this package, registered there
with ``@register``; every module here is imported on first use, so a new type is one new file.
A test or a plug-in elsewhere registers its own with `register`.
"""

from __future__ import annotations

import importlib
import pkgutil

from surveys.questions.base import Condition, Option, Question
from surveys.questions.registry import register, registered, type_named, unregister

__all__ = [
    "Condition", "Option", "Question", "register", "registered", "type_named", "unregister",
]  # fmt: skip

#: Modules of this package that hold no type.
_NOT_TYPES = {"base", "registry"}

# In name order, so that the known types are listed the same way everywhere.
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in _NOT_TYPES:
        importlib.import_module(f"{__name__}.{_module.name}")
