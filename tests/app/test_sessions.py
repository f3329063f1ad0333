"""The session cookie's quicker serializer writes exactly what Flask's own would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.sessions import session_json_serializer
from markupsafe import Markup

from readiness.speedups.sessions import SessionInterface, SessionSerializer

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

SESSIONS = [
    {},
    {"csrf_token": "abc", "language": "de", "_fresh": True, "n": 3, "x": 1.5, "none": None},
    {"respond": {"a": "P" * 32, "code": ["short", "ab" * 32], "items": {"ow1": 4, "sr2": 0},
                 "segments": {"department": "sales"}}, "answered": ["id1", "id2"]},
    {"_flashes": [("info", "Saved."), ("error", Markup("<b>bold</b>"))]},
    {"odd": {" t": [1, 2]}, "tagged": {" di": "x"}, "bytes": b"\x00\xff", "tuple": (1, (2, 3))},
    {"when": datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "id": uuid.UUID(int=7)},
    {"nested": [[{"a": [1, {"b": (2,)}]}]], "text": "漢字 ✓ 'quotes' \"double\""},
    # Plain lists and dictionaries pass whole; one odd value among them sends them the long way.
    {"items": {f"i{n}": n % 6 for n in range(40)}, "plain": [1, "a", None, 2.5, True, False]},
    {"mixed": [1, "a", (2, 3)], "m": {"k": "v", "html": Markup("<i>x</i>")}, "b": [b"\x01"]},
    {"two keys, one a tag": {" t": 1, "a": 2}, "one key, a tag": {" m": "x"}, "empty": [{}]},
]


def test_the_quicker_serializer_writes_what_flasks_writes_and_reads_back_the_same():
    quick = SessionSerializer()
    with Flask(__name__).app_context():
        for data in SESSIONS:
            written = quick.dumps(data)
            assert written == session_json_serializer.dumps(data)
            assert quick.loads(written) == session_json_serializer.loads(written)


def test_the_application_signs_its_session_with_it(app):
    assert isinstance(app.session_interface, SessionInterface)
    with app.test_request_context("/"):
        signer = app.session_interface.get_signing_serializer(app)
        assert isinstance(signer.serializer, SessionSerializer)


def test_the_signer_is_kept_until_the_secret_key_changes(app):
    interface = app.session_interface
    with app.test_request_context("/"):
        first = interface.get_signing_serializer(app)
        assert interface.get_signing_serializer(app) is first
        signed = first.dumps({"a": 1})
        app.secret_key = "another-secret-key"
        renewed = interface.get_signing_serializer(app)
        assert renewed is not first
        # A cookie signed with the old key no longer passes, unless the old key is a fallback.
        assert interface.open_session(app, _request_with(app, signed)) == {}
        app.config["SECRET_KEY_FALLBACKS"] = ["test-secret-key"]
        assert interface.open_session(app, _request_with(app, signed)) == {"a": 1}


def _request_with(app, cookie: str):
    from flask import Request
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"})
    return Request(builder.get_environ())


def test_the_kept_signers_sign_exactly_as_itsdangerous_and_read_its_signatures(monkeypatch):
    import itsdangerous.timed
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    from readiness.speedups.sessions import KeptSerializer

    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: 1_795_000_000.5)
    for keys, salt in ((["k" * 32], "cookie-session"), (["old", "new"], "wtf-csrf-token")):
        kept, plain = KeptSerializer(keys, salt=salt), URLSafeTimedSerializer(keys, salt=salt)
        for data in ("a" * 40, {"respond": {"items": {"ow1": 4}}}, [1, 2, 3]):
            signed = kept.dumps(data)
            assert signed == plain.dumps(data)  # same bytes, second after second
            assert kept.dumps(data) == signed  # and the same again from the kept signer
            assert plain.loads(signed) == kept.loads(signed) == data
    # Rotation still works through the kept signers: the old key reads, the new one signs.
    old_only = URLSafeTimedSerializer(["old"], salt="s").dumps("x")
    rotated = KeptSerializer(["old", "new"], salt="s")
    assert rotated.loads(old_only) == "x"
    assert URLSafeTimedSerializer(["new"], salt="s").loads(rotated.dumps("y")) == "y"
    with pytest.raises(BadSignature):
        KeptSerializer(["new"], salt="s").loads(old_only)
    with pytest.raises(BadSignature):
        KeptSerializer(["old"], salt="another salt").loads(old_only)


def test_csrf_tokens_from_the_kept_serializer_pass_flask_wtfs_check(app):
    from flask import g, render_template_string, session
    from flask_wtf.csrf import ValidationError, generate_csrf, validate_csrf

    with app.test_request_context("/"):
        token = generate_csrf()
        assert generate_csrf() == token == g.csrf_token  # one per request
        assert token in render_template_string("{{ csrf_token() }}")  # what the pages show
        raw = session["csrf_token"]
        validate_csrf(token)
    with app.test_request_context("/"):
        session["csrf_token"] = raw  # the same browser, a later request
        validate_csrf(generate_csrf())
    with app.test_request_context("/"):
        session["csrf_token"] = "another browser's token"
        with pytest.raises(ValidationError):
            validate_csrf(token)
    app.secret_key = "a new secret key"
    with app.test_request_context("/"):
        session["csrf_token"] = raw
        with pytest.raises(ValidationError):
            validate_csrf(token)  # signed with the old key
        validate_csrf(generate_csrf())  # the kept serializer follows the key


def test_flask_wtf_checks_tokens_with_a_kept_serializer_and_refuses_bad_ones(app, monkeypatch):
    import flask_wtf.csrf
    import itsdangerous.timed
    from flask import session
    from flask_wtf.csrf import ValidationError, generate_csrf, validate_csrf

    from readiness.speedups import sessions

    assert flask_wtf.csrf.URLSafeTimedSerializer is sessions._kept_for_flask_wtf
    with app.test_request_context("/"):
        made = flask_wtf.csrf.URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        assert flask_wtf.csrf.URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token") is made
        token = generate_csrf()
        validate_csrf(token)
        for bad, reason in (("", "missing"), (token[:-2] + "xx", "invalid"),
                            ("not.a.token", "invalid")):
            with pytest.raises(ValidationError, match=reason):
                validate_csrf(bad)
        # A time limit, where one is set, still applies to the kept serializer's tokens.
        app.config["WTF_CSRF_TIME_LIMIT"] = 60
        later = itsdangerous.timed.time.time() + 3600
        monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
        with pytest.raises(ValidationError, match="expired"):
            validate_csrf(token)
        session.pop("csrf_token")
        with pytest.raises(ValidationError, match="session token is missing"):
            validate_csrf(token)
