"""Unsubscribing: a link and a List-Unsubscribe header in every survey message; an address
that unsubscribed gets no more survey mail."""

from __future__ import annotations

import re

from sqlalchemy import select

from readiness import db
from readiness.models import Unsubscribe
from tests.conftest import csrf_token
from tests.mail.conftest import press, shown_count, upload
from tests.respond.conftest import text_of

PEOPLE = "ana@example.org\nbob@example.org\n"


def _unsubscribe_link(message) -> str:
    found = re.search(r"http://localhost(/mail/unsubscribe/\S+)",
                      message.get_body(("plain",)).get_content())
    assert found
    return found.group(1)


def test_the_unsubscribe_page_asks_then_unsubscribes(app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    link = _unsubscribe_link(smtp_sink.to("ana@example.org")[0])
    visitor = app.test_client()
    assert "Press the button" in text_of(visitor.get(link))
    done = visitor.post(link, data={"csrf_token": csrf_token(visitor, link)})
    assert "this address will get no more e-mails" in text_of(done)
    smtp_sink.clear()
    press(admin_client, survey, "remind")
    assert [to for to, _ in smtp_sink.received] == ["bob@example.org"]
    assert shown_count(admin_client, survey, "unsubscribed") == 1


def test_one_click_unsubscribe_from_the_header_needs_no_form(app, admin_client, survey,
                                                            smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    header = smtp_sink.to("bob@example.org")[0]["List-Unsubscribe"]
    path = header.strip("<>").removeprefix("http://localhost")
    reply = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert reply.status_code == 204
    smtp_sink.clear()
    press(admin_client, survey, "remind")
    assert [to for to, _ in smtp_sink.received] == ["ana@example.org"]


def test_the_unsubscribe_list_keeps_no_address(app, admin_client, survey, smtp_sink):
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    link = _unsubscribe_link(smtp_sink.to("ana@example.org")[0])
    assert "ana" not in link
    visitor = app.test_client()
    visitor.post(link, data={"csrf_token": csrf_token(visitor, link)})
    with app.app_context():
        [kept] = db.session().scalars(select(Unsubscribe.address_hash))
    assert "ana" not in kept and len(kept) == 64


def test_a_forged_unsubscribe_link_is_refused(app):
    page = app.test_client().get("/mail/unsubscribe/not-a-real-token")
    assert page.status_code == 404
    assert "not complete" in text_of(page)
    assert app.test_client().post("/mail/unsubscribe/forged/one-click").status_code == 404
