"""Survey pages that every respondent sees alike, drawn once per process.

At nine o'clock thousands of people open the same empty question page of the same survey in
the same language. Apart from the CSRF token, which is each respondent's own, that page is the
same for all of them. So it is drawn once, cut where the token stands, and joined again around
the token of each respondent who asks for it.

Only pages that hold nothing of the respondent are shared: a page showing earlier answers, an
error, open answers carried along or a flashed message is always drawn for its request. The key
names everything else the page is drawn from (the survey's settings, the page, its language and
the address the application is mounted at), so a change to any of them draws a new page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import request, session
from flask_wtf.csrf import generate_csrf

from surveys.model import Instrument

#: (instrument id, survey settings, page key, language, mount point) -> (instrument, pieces)
_pages: dict[tuple, tuple[Instrument, list[str]]] = {}
#: Pages × variants × languages × open surveys stay far below this; a bound anyway.
_MAX_PAGES = 1_000


def draw(
    instrument: Instrument,
    survey: Hashable,
    page: Hashable,
    language: str,
    render: Callable[[], str],
) -> str:
    """The page ``render`` draws, shared between respondents as described above.

    ``survey`` and ``page`` must together name everything ``render`` reads apart from the
    instrument, the language and the CSRF token; pass ``page=None`` when the page holds
    something of this respondent, and it is drawn for them alone.
    """
    if page is None or "_flashes" in session:
        return render()
    token = generate_csrf()
    key = (id(instrument), survey, page, language, request.script_root)
    found = _pages.get(key)
    if found is not None and found[0] is instrument:
        return token.join(found[1])
    html = render()
    if len(_pages) >= _MAX_PAGES:
        _pages.clear()
    # Kept with the instrument itself, so that its id cannot be reused while the entry lives.
    _pages[key] = (instrument, html.split(token))
    return html


def forget() -> None:
    """Drop every shared page (tests; a process never needs to)."""
    _pages.clear()
