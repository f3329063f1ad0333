"""A respondent who presses Send while the database is unreachable loses nothing."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from surveys.loader import default_instrument

from .conftest import counts, form_fields, text_of

UNSAVED = {
    "en": ("Your answers were not saved", "press Send again", "Send again"),
    "de": ("Ihre Antworten wurden nicht gespeichert", "„Erneut senden“", "Erneut senden"),
    "fr": ("Vos réponses n'ont pas été enregistrées", "« Envoyer à nouveau »",
           "Envoyer à nouveau"),
}


def _sqlite_path(app) -> str:
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite"):
        pytest.skip("takes the SQLite file away")
    return url.removeprefix("sqlite:///")


@contextmanager
def database_gone(app):
    """The database file replaced by a directory: no worker can open it, as on a lost volume."""
    path = _sqlite_path(app)
    app.extensions["readiness.db"][0].dispose()
    os.rename(path, f"{path}.away")
    os.mkdir(path)
    try:
        yield
    finally:
        os.rmdir(path)
        os.rename(f"{path}.away", path)


def reach_the_review(respondent, language: str) -> None:
    instrument = default_instrument()
    respondent.choose_language(language)
    respondent.start()
    respondent.answer("about", {f"segment_{q.id}": q.options[0].id for q in instrument.segments})
    for dimension in instrument.dimensions:
        items = {f"item_{item.id}": "4" for item in instrument.items_of(dimension.id)}
        respondent.answer(dimension.id, items)
    respondent.answer("open", {"open_first_step": "Short videos from our leaders"})
    assert respondent.shows_review()


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_send_while_the_database_is_unreachable_is_a_503_saying_nothing_was_saved(
    app, respondent, language
):
    reach_the_review(respondent, language)
    with database_gone(app):
        reply = respondent.submit()
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "60"
    title, advice, button = UNSAVED[language]
    page = text_of(reply)
    assert title in page and advice in page and button in page
    assert "Something went wrong" not in page and "OperationalError" not in page
    assert counts(app) == (0, 0, 0)


def test_send_again_on_the_503_page_stores_the_answers_once_the_database_is_back(
    app, respondent
):
    reach_the_review(respondent, "en")
    sent = form_fields(respondent.shown, "/submit")
    with database_gone(app):
        reply = respondent.submit()
    again = form_fields(reply, "/submit")
    assert again == sent  # the open answer and the form token travel back as they came
    assert respondent.client.post(respondent.base + "/submit", data=again).status_code == 303
    assert counts(app) == (1, 1, 0)


def test_a_survey_page_while_the_database_is_unreachable_is_a_503_not_a_500(app, respondent):
    with database_gone(app):
        reply = respondent.client.get(respondent.base, headers={"Accept-Language": "fr"})
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "60"
    assert "Le service est momentanément indisponible" in text_of(reply)
