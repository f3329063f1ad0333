"""The one write a respondent makes: their submission sealed, their code spent.

Everything that needs no lock (reading the draft, checking and cleaning the answers) happens
first. Then one short write transaction begins (`db.begin_write()`, BEGIN IMMEDIATE on SQLite):
the survey's row is read afresh inside it and checked, the submission is stored sealed
(`collection.add`: answers, segments and comments encrypted together, mixed into responses
only at close; a draft stored before, a Send pressed again after the browser gave up, is
recognised and stored once), the code is consumed with a conditional UPDATE (refused: all of
it is rolled back), and the caller commits at once:
either all of it is kept or none of it. On SQLite only one writer runs at a time, so the lock
is held for the writes alone, never while Python checks a form.
"""

from __future__ import annotations

from surveys import conditions
from surveys.forms import Answers, LikertQuestion, SegmentChoice
from surveys.model import Instrument

from .. import codes, collection, db
from . import journey, services


def clean_answers(instrument: Instrument, module: str | None, answers: Answers) -> Answers:
    """Only answers the instrument knows, in range; anything else is dropped, not stored."""
    # Each question's own check decides, as it did on the page (`surveys.forms`).
    items = {
        item.id: value
        for item in instrument.items_for(module)
        if (value := answers.items.get(item.id)) is not None
        and LikertQuestion(item, instrument.scale).check(value) is None
    }
    segments = {
        question.id: value
        for question in instrument.segments
        if (value := answers.segments.get(question.id)) is not None
        and SegmentChoice(question).check(value) is None
    }
    texts = {}
    for question in instrument.open_questions:
        text = answers.open_texts.get(question.id)
        if isinstance(text, str) and text.strip():
            texts[question.id] = text.strip()[: question.max_length]
    # Each type decides what it takes; answers to questions not asked (their condition was
    # not met) are dropped: not asked is not the same as skipped.
    custom = {
        question.id: value
        for question in instrument.questions
        if (value := answers.questions.get(question.id)) is not None
        and question.check(value) is None
    }
    custom = conditions.only_asked(instrument, custom)
    return Answers(items=items, segments=segments, open_texts=texts, questions=custom)


def submit(
    assessment: services.SurveyAssessment,
    instrument: Instrument,
    draft: journey.Draft,
    open_texts: dict[str, str],
    language: str,
) -> None:
    """Store the draft as one response, the open answers sent with it as comments apart.

    Raises a Refusal otherwise. The caller has checked ``open_texts`` as the open page does
    (`carried.from_request`) and commits after this returns; this begins the transaction.
    """
    # The pages' copy of the survey was already checked before the view ran (routes).
    given = draft.answers.merged(Answers(open_texts=open_texts))
    answers = clean_answers(instrument, assessment.module, given)

    db.begin_write()
    # The copy the pages use may be a second old: whether the survey still accepts answers is
    # decided by the row as it stands now, under the write lock.
    assessment = services.current_assessment(assessment.public_id)
    services.check_accepting(assessment)
    if draft.code is None:
        if not services.accepts_link(assessment):
            raise services.CodeRequired()
        if journey.has_answered(assessment.public_id):
            raise services.AlreadyAnswered()
    stored = collection.add(
        assessment.id,
        draft.token or journey.new_token(),
        # Custom questions' ids never clash with items' (the loader checks), so they share.
        answers={**answers.items, **answers.questions},
        segments=answers.segments,
        comments=answers.open_texts,
        language=language,
    )
    if not stored:
        return  # sent before; the browser never heard back. Keep the one copy.
    if draft.code is not None:
        kind, digest = draft.code
        if not codes.consume(assessment, kind, digest):
            raise services.CodeUsed()  # the caller rolls back: nothing of this is kept
