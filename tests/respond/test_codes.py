"""Single-use codes: made in pairs, stored as hashes, exchanged once, spent exactly once."""

from __future__ import annotations

import json
import re
import threading

import pytest
from sqlalchemy import select

from readiness import db
from readiness.codes import (
    CodeError,
    generate_codes,
    hash_code,
    legacy_hash,
    normalise_short,
)
from readiness.models import AccessCode, Assessment

from .conftest import Respondent, counts, make_codes, make_survey, text_of

LETTERS = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]"
SHORT = re.compile(rf"{LETTERS}{{4}}(-{LETTERS}{{4}}){{2}}")


@pytest.fixture
def coded(app):
    return make_survey(app, distribution="codes")


def test_generate_codes_returns_long_and_short_forms(app, coded):
    pairs = make_codes(app, coded, 25)
    assert len(pairs) == 25 and len({long for long, _ in pairs}) == 25
    for long_code, short_code in pairs:
        assert len(long_code) >= 22  # token_urlsafe(16) or more: at least 128 bits
        assert SHORT.fullmatch(short_code)


def test_only_hashes_of_codes_are_stored(app, coded):
    pairs = make_codes(app, coded, 3)
    with app.app_context():
        rows = db.session().scalars(select(AccessCode)).all()
        stored = {value for row in rows for value in (row.link_hash, row.short_hash)}
        for long_code, short_code in pairs:
            assert hash_code(long_code) in stored
            assert hash_code(short_code.replace("-", "")) in stored
            assert long_code not in stored and short_code not in stored
            # Keyed: the plain SHA-256 of a code from the list finds nothing.
            assert legacy_hash(long_code) not in stored


def test_codes_are_refused_for_a_link_only_assessment(app):
    public_id = make_survey(app, distribution="link")
    with pytest.raises(CodeError):
        make_codes(app, public_id)


@pytest.mark.parametrize("n", [0, -1, 20_001])
def test_code_batches_have_sensible_sizes(app, coded, n):
    with app.app_context(), pytest.raises(CodeError):
        assessment = db.session().scalar(select(Assessment))
        generate_codes(assessment, n)


def test_short_codes_are_read_forgivingly():
    assert normalise_short(" abcd-efgh-jkmn ") == "ABCDEFGHJKMN"
    assert normalise_short(" abcde-fghjk ") == "ABCDEFGHJK"  # printed before codes grew
    assert normalise_short("ABCDE FGHJK") == "ABCDEFGHJK"
    assert normalise_short("ABCDE-FGHJ") is None
    assert normalise_short("ABCDE-FGHJ0") is None  # 0 is not in the alphabet


def test_code_link_is_exchanged_and_redirects_to_the_clean_url(app, client, coded):
    [(long_code, _)] = make_codes(app, coded)
    page = client.get(f"/s/{coded}/c/{long_code}")
    assert page.status_code == 303
    assert page.headers["Location"] == f"/s/{coded}"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    landing = client.get(page.headers["Location"])
    assert "Your code has been accepted." in text_of(landing)
    assert "Start the survey" in text_of(landing)


def test_session_holds_the_codes_hash_not_the_code(app, client, coded):
    [(long_code, _)] = make_codes(app, coded)
    client.get(f"/s/{coded}/c/{long_code}")
    cookie = client.get_cookie("readiness_session").value
    with app.test_request_context():
        serializer = app.session_interface.get_signing_serializer(app)
        content = json.dumps(serializer.loads(cookie))
        assert long_code not in content and hash_code(long_code) in content


def test_a_typed_short_code_starts_the_survey(app, client, coded):
    [(_, short_code)] = make_codes(app, coded)
    respondent = Respondent(client, coded)
    respondent.open()
    page = respondent.post("/code", {"code": short_code.lower().replace("-", " ")})
    assert page.status_code == 303 and page.headers["Location"].endswith("/p/leadership_presence")
    respondent.submit()
    assert counts(app) == (1, 0, 1)


def test_a_wrong_short_code_is_404_with_the_form_again(app, client, coded):
    make_codes(app, coded)
    respondent = Respondent(client, coded)
    respondent.open()
    page = respondent.post("/code", {"code": "AAAAA-AAAAA"})
    assert page.status_code == 404
    assert "We do not recognise this code" in text_of(page) and 'name="code"' in text_of(page)


def test_short_code_entry_is_throttled_per_session(app, client, coded):
    app.config["CODE_MAX_FAILURES"] = 3
    [(_, short_code)] = make_codes(app, coded)
    respondent = Respondent(client, coded)
    respondent.open()
    for _ in range(3):
        assert respondent.post("/code", {"code": "AAAAA-AAAAA"}).status_code == 404
    blocked = respondent.post("/code", {"code": short_code})
    assert blocked.status_code == 429 and "Too many attempts" in text_of(blocked)
    other = Respondent(type(client)(app), coded)
    other.open()
    assert other.post("/code", {"code": short_code}).status_code == 303
    assert counts(app) == (0, 0, 0)


def test_a_flood_of_wrong_codes_is_logged_but_never_locks_out_honest_people(app, coded, caplog):
    app.config["CODE_ASSESSMENT_MAX_FAILURES"] = 4
    [(_, short_code)] = make_codes(app, coded)
    for _ in range(6):  # fresh browsers each time, as a script would
        guesser = Respondent(app.test_client(), coded)
        guesser.open()
        wrong = guesser.post("/code", {"code": "AAAA-AAAA-AAAA"})
        assert wrong.status_code == 404
    assert "someone may be guessing" in caplog.text
    honest = Respondent(app.test_client(), coded)
    honest.open()
    assert honest.post("/code", {"code": short_code}).status_code == 303


def test_both_open_link_and_codes_offer_both_ways_in(app, client):
    public_id = make_survey(app, distribution="both")
    landing = text_of(Respondent(client, public_id).open())
    assert "Start the survey" in landing and "Have a code on paper?" in landing


def test_code_answers_are_not_blocked_by_an_earlier_answer_in_the_same_browser(app, client):
    public_id = make_survey(app, distribution="both")
    first, second = make_codes(app, public_id, 2)
    respondent = Respondent(client, public_id)
    for long_code, _ in (first, second):  # a shared computer in a staff room
        respondent.open(f"/c/{long_code}")
        respondent.start()
        assert respondent.submit().status_code == 303
    assert counts(app) == (2, 0, 2)


def test_twenty_parallel_submissions_with_one_code_store_one_response(app, coded):
    [(long_code, _)] = make_codes(app, coded)
    respondents = []
    for _ in range(20):
        respondent = Respondent(app.test_client(), coded)
        respondent.open(f"/c/{long_code}")
        respondent.start()
        respondent.answer("ownership", {"item_ow1": "4"})
        respondent.answer("open", {"open_concerns": "Only once, please"})
        assert respondent.shows_review()
        respondents.append(respondent)
    barrier = threading.Barrier(len(respondents))
    statuses = []

    def send(respondent):
        barrier.wait()
        statuses.append(respondent.submit().status_code)

    threads = [threading.Thread(target=send, args=(r,)) for r in respondents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [303] + [410] * 19
    assert counts(app) == (1, 1, 1)
