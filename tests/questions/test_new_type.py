"""A question type added by a test, in this file only: it is read from an instrument file, drawn
and checked on the survey page, reviewed, stored, exported, imported and scored, with no change
anywhere else. This is the promise of the registry (`surveys.questions`)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from surveys import questions
from surveys.loader import InstrumentError, instrument_from_text
from surveys.questions.base import NOT_ONE_OF_THEM, Question, Stored
from tests.respond.conftest import Respondent, close_all, review_section, sent

from .conftest import make_pulse_assessment, make_pulse_survey, pulse_source
from .test_end_to_end import upload


@dataclass(frozen=True)
class Mood(Question):
    """How the week felt, on three faces; stored as 1, 2 or 3."""

    type_name: ClassVar[str] = "mood"
    scored_as: ClassVar[str] = "choice"
    keys: ClassVar[tuple[str, ...]] = ("faces",)

    faces: tuple[str, ...] = ("☹", "😐", "☺")

    @classmethod
    def read(cls, entry, common: dict[str, Any]):
        faces = entry.strings("faces", ("☹", "😐", "☺"))
        if len(faces) != 3:
            entry.report(f"needs three faces, found {len(faces)}")
        return cls(**common, faces=tuple(faces))

    def choices(self, language: str) -> list[tuple[str, str]]:
        return [(str(n), face) for n, face in enumerate(self.faces, start=1)]

    def stored(self, value: Any) -> Stored:
        return int(value) if isinstance(value, str) and value in ("1", "2", "3") else (
            value or None)

    def form_value(self, stored: Stored) -> Any:
        return None if stored is None else str(stored)

    def check(self, stored: Stored) -> str | None:
        return None if stored in (None, 1, 2, 3) and stored is not True else NOT_ONE_OF_THEM

    def from_cell(self, text: str) -> Stored:
        stored = self.stored(text.strip())
        if self.check(stored) is not None:
            raise ValueError(NOT_ONE_OF_THEM)
        return stored


MOOD_PAGE = """
[[pages]]
id = "week"
title = { en = "Your week", de = "Ihre Woche", fr = "Votre semaine" }

[[questions]]
id = "mood"
type = "mood"
page = "week"
show_if = { question = "uses_chat", equals = "yes" }
text.en = "How did this week feel?"
text.de = "Wie war diese Woche?"
text.fr = "Comment était cette semaine ?"
"""


@pytest.fixture
def mood():
    questions.register(Mood)
    yield Mood
    questions.unregister("mood")


def test_an_instrument_cannot_use_a_type_that_is_not_registered():
    with pytest.raises(InstrumentError) as raised:
        instrument_from_text(pulse_source(MOOD_PAGE), "mood.toml")
    assert 'questions[5] (id "mood"): unknown type "mood" (known: single_choice, ' \
           'multiple_choice, net_score)' in str(raised.value)


def test_the_type_reads_and_checks_its_own_keys(mood):
    broken = MOOD_PAGE.replace('type = "mood"', 'type = "mood"\nfaces = ["a"]\ncolour = 1')
    with pytest.raises(InstrumentError) as raised:
        instrument_from_text(pulse_source(broken), "mood.toml")
    message = str(raised.value)
    assert 'mood.toml: 2 problems' in message
    assert 'questions[5] (id "mood"): unknown key "colour"' in message
    assert 'questions[5] (id "mood"): needs three faces, found 1' in message


def test_the_new_type_works_in_the_survey(app, client, mood):
    respondent = Respondent(client, make_pulse_survey(app, source=pulse_source(MOOD_PAGE)))
    respondent.start()
    respondent.answer("channels", {"question_uses_chat": "yes"})
    respondent.answer("chat_use", {})
    page = respondent.open("/p/week").get_data(as_text=True)
    assert 'name="question_mood" type="radio" value="3"' in page and "☺" in page
    refused = respondent.post("/p/week", {"question_mood": "4", "nav": "next"})
    assert refused.status_code == 400
    assert respondent.answer("week", {"question_mood": "3"}).status_code == 303
    assert "How did this week feel? ☺" in review_section(respondent.open("/p/review"), "week")
    respondent.submit()
    (stored,) = sent(app)
    assert stored["answers"]["mood"] == 3
    close_all(app)


def test_the_new_type_is_imported_exported_and_scored(app, admin_client, mood):
    assessment_id = make_pulse_assessment(app, source=pulse_source(MOOD_PAGE))
    # Nobody who was asked skips it: with 12 "yes" shown, one skip would be 12 - 11 answers
    # (tests/security/test_custom_question_property.py), and the question would be withheld.
    lines = ["lp1,uses_chat,mood"] + ["4,yes,3"] * 6 + ["4,yes,1"] * 5 + ["4,no,"] * 5
    assert upload(admin_client, assessment_id, "\n".join(lines)).status_code == 302
    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    found = next(q for q in document["questions"] if q["id"] == "mood")
    assert found["type"] == "mood" and found["conditional"] is True
    assert found["people"] == {"answered": 11, "dont_know": 0, "skipped": 0,
                               "not_asked": 5}  # "yes" (11) is shown: so is "not asked"
    assert [(o["label"], o["n"]) for o in found["outcomes"]] == [("☹", 5), ("😐", 0), ("☺", 6)]
    page = admin_client.get(f"/admin/assessments/{assessment_id}/results").get_data(
        as_text=True)
    assert "How did this week feel?" in page
    exported = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert sorted(row["mood"] for row in rows) == [""] * 5 + ["1"] * 5 + ["3"] * 6


def test_the_new_types_check_refuses_an_import_with_its_line(app, admin_client, mood):
    assessment_id = make_pulse_assessment(app, source=pulse_source(MOOD_PAGE))
    lines = ["lp1,uses_chat,mood", "4,yes,3", "4,yes,5", "4,no,2"]
    page = upload(admin_client, assessment_id, "\n".join(lines)).get_data(as_text=True)
    assert "Line 3, mood: “5” is not an answer to this question (1=☹; 2=😐; 3=☺)." in page
    assert "Line 4, mood: this question is asked only when uses_chat is yes" in page
