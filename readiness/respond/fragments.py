"""Survey statements drawn once per process and reused.

A statement's HTML (its fieldset of radio buttons) depends only on its form class, which is
built per instrument, page, module and language (`services.page_form_class`), and on the
answer shown. A dimension page draws dozens of radio buttons, most of a page's cost, so the
fieldset is kept per (form class, field, answer) and drawn again only when it shows errors.
"""

from __future__ import annotations

from weakref import WeakSet

from markupsafe import Markup
from wtforms import Field, Form

from . import bp

_drawn: dict[tuple, Markup] = {}
#: Form classes made once per process (`services.page_form_class`); others, such as the
#: console's preview, are drawn every time.
_kept_classes: WeakSet[type[Form]] = WeakSet()
#: Far above what a process meets (pages × statements × answers × languages); a bound anyway.
_MAX_DRAWN = 20_000


def _is_choice(field: Field) -> bool:
    # Only answers the page offers (or none) are kept: a bounded number of variants.
    return field.data is None or any(choice.value == field.data for choice in field.choices)


def keep_drawn(form_class: type[Form] | None) -> type[Form] | None:
    """Let the statements of ``form_class``, which lives as long as the process, be kept."""
    if form_class is not None:
        _kept_classes.add(form_class)
    return form_class


@bp.app_template_global()
def remember_statement(form: Form, field: Field, caller) -> Markup:
    """The HTML that ``caller`` (the template's call block) draws for ``field``, kept."""
    if type(form) not in _kept_classes or field.errors or not _is_choice(field):
        return caller()
    key = (type(form), field.name, field.data)
    found = _drawn.get(key)
    if found is None:
        if len(_drawn) >= _MAX_DRAWN:
            _drawn.clear()
        found = _drawn[key] = caller()
    return found
