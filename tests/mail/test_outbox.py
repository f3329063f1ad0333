"""The outbox: one message per key, delivered by the queue after the commit, never before."""

from __future__ import annotations

from sqlalchemy import select

from readiness import db
from readiness.mail.delivery import deliver_due
from readiness.mail.outbox import queue_message
from readiness.mail.queue import get_huey
from readiness.models.mail import SENT, MailMessage


def _queue(app, key="k1", to="ana@example.org", **extra):
    with app.app_context(), db.writing():
        queue_message(to=to, subject="Hello", text="Plain words", html="<p>Plain words</p>",
                      key=key, kind="test", **extra)


def test_a_queued_message_arrives_with_text_and_html(app, smtp_sink):
    _queue(app)
    [message] = smtp_sink.to("ana@example.org")
    assert message["Subject"] == "Hello"
    assert message.get_body(("plain",)).get_content().strip() == "Plain words"
    assert "<p>Plain words</p>" in message.get_body(("html",)).get_content()


def test_the_same_key_twice_sends_one_message(app, smtp_sink):
    _queue(app)
    _queue(app, to="someone-else@example.org")
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.to("someone-else@example.org") == []


def test_nothing_is_sent_when_the_transaction_rolls_back(app, smtp_sink):
    with app.app_context():
        try:
            with db.writing():
                queue_message(to="ana@example.org", subject="Hi", text="x", key="k", kind="test")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
        assert db.session().scalar(select(MailMessage)) is None
        assert deliver_due() == 0
    assert smtp_sink.messages == []


def test_a_sent_message_keeps_no_body(app, smtp_sink):
    _queue(app)
    with app.app_context():
        message = db.session().scalar(select(MailMessage))
        assert message.state == SENT
        assert message.sealed_body is None


def test_nothing_is_sent_inside_the_request_only_by_a_worker_afterwards(app):
    from readiness.mail.sink import Sink

    sink = Sink().start()
    try:
        app.config["SMTP_PORT"] = sink.port
        _queue(app)
        assert sink.messages == []  # queued and the queue woken, nothing sent
        with app.app_context():
            assert get_huey(app).pending_count() >= 1
            assert deliver_due() == 1  # what a worker's task does
    finally:
        sink.stop()
    assert [to for to, _ in sink.received] == ["ana@example.org"]
