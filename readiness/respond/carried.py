"""Open answers carried from page to page in the forms themselves, never in the cookie.

Two open answers of 2,000 characters each (in Greek or Chinese, say) do not fit in a session
cookie, and nothing about a respondent may reach the database before they submit. So once
written on the open-questions page, the texts travel as form fields: hidden in the review
page's form, in any page reached from the review, and in the language switch. Every request
that carries them checks them again with the open page's own validators.

A POST to a page normally holds that page's answers. A POST to a page's URL with
``?carrying=1`` only brings the open answers along (from the review's "Change" and "Back"
buttons, or re-sent by the browser after a 307 redirect) and changes no answer.

A page opened with the review's "Change" carries ``?return=review`` in its URL and form: its
Next goes back to the review rather than through every later page.
"""

from __future__ import annotations

from flask import redirect, request, url_for
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from wtforms import Form

from surveys.forms import OpenText, stored_answers
from surveys.model import Instrument
from surveys.pages import REVIEW_PAGE

from . import services

#: The query argument that marks a POST as only carrying the open answers to a page.
CARRYING = "carrying"
#: The query argument of a page opened from the review, which its Next goes back to.
RETURN = "return"
#: How the open questions' fields are named (`OpenText.name`).
_FIELD_PREFIX = "open_"


def is_carrying() -> bool:
    """Whether this request brings the open answers to its page rather than answering it."""
    return request.method == "POST" and CARRYING in request.args


def is_returning() -> bool:
    """Whether this page was opened from the review, to go back to it (any other value of
    ``return`` is ignored: it only ever names the review)."""
    return request.args.get(RETURN) == REVIEW_PAGE


def form_data() -> ImmutableMultiDict:
    """The posted form, with the open answers' line breaks as browsers count them.

    A browser counts a line break as one character against ``maxlength`` but sends it as CR LF;
    counted as sent, a text the browser accepted could be refused for being too long.
    """
    fields = MultiDict()
    for name, value in request.form.items(multi=True):
        if name.startswith(_FIELD_PREFIX):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        fields.add(name, value)
    return ImmutableMultiDict(fields)


def from_request(instrument: Instrument, language: str, gettext) -> dict[str, str]:
    """The open answers this request carries, by question id, checked as the open page checks.

    Raises Refusal when a field names no open question, comes twice, or is too long: the
    survey's own pages never send such a thing.
    """
    if not any(name.startswith(_FIELD_PREFIX) for name in request.form):
        return {}  # nothing carried (most requests): no form to build and check
    form_class = services.open_texts_form_class(instrument, language)
    known = {question.name for question in form_class.questions}
    data = form_data()
    for name in data:
        if name.startswith(_FIELD_PREFIX) and (name not in known or len(data.getlist(name)) > 1):
            raise services.Refusal()
    form = form_class(formdata=data)
    if not form.validate():
        raise services.Refusal()
    return texts_of(form)


def texts_of(form: Form) -> dict[str, str]:
    """The open answers of a validated form that holds them, leaving out empty ones."""
    return {key: text for key, text in stored_answers(form).open_texts.items() if text}


def fields(instrument: Instrument, texts: dict[str, str]) -> list[tuple[str, str]]:
    """``(field name, text)`` for the hidden fields that carry ``texts`` on."""
    return [
        (OpenText(question).name, texts[question.id])
        for question in instrument.open_questions
        if texts.get(question.id)
    ]


def url_to(page: str, returning: bool = False) -> str:
    """Where a form posts to bring the open answers it holds to ``page`` (back to the review
    from there when ``returning``)."""
    # The fixed query is appended rather than built: werkzeug's query encoding cost more than
    # the rest of the review page's links together.
    url = f"{url_for('respond.page', page=page)}?{CARRYING}=1"
    return f"{url}&{RETURN}={REVIEW_PAGE}" if returning else url


def page_url(page: str, returning: bool = False) -> str:
    """The address of ``page`` (back to the review from there when ``returning``)."""
    url = url_for("respond.page", page=page)
    return f"{url}?{RETURN}={REVIEW_PAGE}" if returning else url


def go_to(page: str, carrying: bool, returning: bool = False):
    """Redirect to ``page``; when open answers are carried, the browser posts them there."""
    if carrying:
        # 307 makes the browser send the same form again, open answers included.
        return redirect(url_to(page, returning), 307)
    return redirect(page_url(page, returning), 303)
