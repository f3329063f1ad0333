"""The benchmark harness itself: it reads our forms, notices cut-short replies, and counts
losses right. Throughput is measured in bench/, never asserted here."""

from __future__ import annotations

import socket
from collections import Counter

import pytest

from bench.client import IncompleteResponse, NoResponse, parse_response
from bench.html_forms import forms, page_forms
from bench.journey import Submission, Tally, forward_button
from bench.verify import compare

PAGE = """
<form method="post" action="/s/x/language"><input type="hidden" name="csrf_token" value="t">
  <button type="submit" name="language" value="de">Deutsch</button></form>
<form method="post" novalidate>
  <input type="hidden" name="csrf_token" value="abc&amp;d">
  <input type="radio" name="item_lp1" value="1"><input type="radio" name="item_lp1" value="dk">
  <textarea name="open_first_step" maxlength="2000"></textarea>
  <button type="submit" name="nav" value="next" class="button primary">Next</button>
  <button type="submit" name="nav" value="back" class="button">Back</button>
</form>
"""


def test_forms_are_read_with_their_questions_hidden_fields_and_buttons():
    language, page = forms(PAGE, "/s/x/p/lp")

    assert language.action == "/s/x/language"
    assert page.action == "/s/x/p/lp" and page.method == "post"
    assert page.hidden == [("csrf_token", "abc&d")]
    assert page.radios == {"item_lp1": ["1", "dk"]}
    assert page.texts == {"open_first_step": 2000}


def test_a_page_seen_before_is_read_alike_with_this_respondents_hidden_values():
    first = page_forms(PAGE, "/s/x/p/lp")
    other = PAGE.replace('value="t"', 'value="u2"').replace('value="abc&amp;d"', 'value="zz"')
    again = page_forms(other, "/s/x/p/lp")

    assert first == forms(PAGE, "/s/x/p/lp")
    assert again == forms(other, "/s/x/p/lp")
    assert [form.hidden for form in again] == [[("csrf_token", "u2")], [("csrf_token", "zz")]]


def test_hidden_values_written_otherwise_are_read_in_full():
    odd = PAGE.replace('<input type="hidden" name="csrf_token" value="t">',
                       '<input name="csrf_token" type="hidden" value="t">')

    assert page_forms(odd, "/s/x/p/lp") == forms(odd, "/s/x/p/lp")
    assert page_forms(odd, "/s/x/p/lp")[0].hidden == [("csrf_token", "t")]


def test_the_respondent_presses_next_not_back():
    _, page = forms(PAGE, "/s/x/p/lp")

    assert forward_button(page).value == "next"


def test_a_body_shorter_than_its_content_length_is_an_incomplete_response():
    with pytest.raises(IncompleteResponse):
        parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")


def test_a_connection_closed_before_any_byte_is_no_response_not_a_partial_one():
    with pytest.raises(NoResponse):
        parse_response(b"")


def test_a_whole_response_keeps_status_headers_and_body():
    reply = parse_response(b"HTTP/1.1 303 SEE OTHER\r\nLocation: /s/x/thanks\r\n"
                           b"Content-Length: 2\r\n\r\nok")

    assert (reply.status, reply.location, reply.body) == (303, "/s/x/thanks", b"ok")


def _tally(acknowledged: list[str], in_doubt: list[str] = ()) -> Tally:
    return Tally(acknowledged=list(acknowledged), in_doubt=list(in_doubt))


def test_a_missing_acknowledged_response_counts_as_lost():
    a, b = Submission(answers={"lp1": 1}).key(), Submission(answers={"lp1": 2}).key()

    verdict = compare(_tally([a, b]), Counter([a]), Counter())

    assert (verdict.lost, verdict.unexpected, verdict.ok) == (1, 0, False)


def test_a_stored_response_that_was_never_sent_whole_counts_as_unexpected():
    sent, partial = Submission(answers={"lp1": 1, "lp2": 3}), Submission(answers={"lp1": 1})

    verdict = compare(_tally([sent.key()]), Counter([sent.key(), partial.key()]), Counter())

    assert (verdict.unexpected, verdict.ok) == (1, False)


def test_an_in_doubt_submission_may_be_stored_or_not_but_only_once():
    doubt = Submission(answers={"lp1": 4}).key()

    assert compare(_tally([], [doubt]), Counter(), Counter()).ok
    assert compare(_tally([], [doubt]), Counter([doubt]), Counter()).ok
    assert compare(_tally([], [doubt]), Counter([doubt, doubt]), Counter()).duplicated == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_short_load_run_against_the_ceiling_app_stores_every_acknowledged_survey():
    from bench.load import Plan, run
    from bench.serve import running
    from bench.verify import verify

    with running("ceiling", "sqlite", workers=1, ports=(_free_port(),)) as deployment:
        tally, seconds, _ = run(deployment, Plan(clients=4, duration=1.5, max_surveys=200))
        verdict = verify(deployment, tally)

    assert tally.completed > 0 and not tally.errors
    assert verdict.ok and verdict.stored == tally.completed


@pytest.mark.parametrize("stagger", [0.0, 0.5])
def test_respondents_begin_one_after_another_over_the_stagger(monkeypatch, stagger):
    import asyncio
    import time
    from types import SimpleNamespace

    import bench.load as load

    began: dict[int, float] = {}

    async def journey(respondent, landing):
        # Each simulated respondent keeps its own random generator from survey to survey.
        began.setdefault(id(respondent.rng), time.monotonic())
        raise load.Abandoned  # ends this survey at once

    monkeypatch.setattr(load, "product_journey", journey)
    deployment = SimpleNamespace(app="product", ports=(1,), public_id=None, landing="/s/x")
    plan = load.Plan(clients=10, stagger=stagger)
    deadline = time.time() + stagger + 0.3
    asyncio.run(load._respondents(deployment, plan, 0, 10, cap=10_000, deadline=deadline))

    assert len(began) == 10  # every respondent began
    spread = max(began.values()) - min(began.values())
    if stagger:
        # Evenly: the last of ten begins nine tenths of the way through.
        assert 0.9 * stagger * 0.9 <= spread <= stagger
    else:
        assert spread < 0.05


def _figures(rate: float, p95: float, errors: int = 0, lost: int = 0) -> dict:
    return {"surveys_per_second": rate, "worst_p95_ms": p95, "errors": errors, "lost": lost,
            "all_verified": lost == 0, "host_ms": 70.0, "server_cpu_ms_per_survey": 19.6}


def test_the_suite_reads_each_target_off_the_medians():
    from bench.suite import verdicts

    lines = verdicts({
        "sqlite product": _figures(52.0, 149.0),
        "sqlite ceiling": _figures(900.0, 60.0),
        "postgres product, 1 server": _figures(49.9, 80.0),
        "postgres product, 2 servers × 2 workers": _figures(60.0, 150.0, lost=1),
        "ratio product/ceiling requests per second": 0.34,
        "commit": "abc",
    }).splitlines()

    assert lines[0].startswith("sqlite product:") and "MISSED" not in lines[0]
    # The code's cost read against the host it ran on: 19.6 ms on a 70 ms host.
    assert lines[0].endswith("host speed 70 ms, server CPU per survey 19.6 ms = 0.28 loops")
    assert "(≥ 50 MISSED)" in lines[1] and "(< 150 met)" in lines[1]
    assert "(< 150 MISSED)" in lines[2] and "1 lost (MISSED)" in lines[2]
    assert lines[3] == "product ÷ ceiling, requests/s: 0.34 (≥ 0.35 MISSED)"
    assert not any("ceiling:" in line for line in lines)  # the ceiling has no targets of its own
