"""The session cookie's quicker serializer writes exactly what Flask's own would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Flask
from flask.sessions import session_json_serializer
from markupsafe import Markup

from readiness.sessions import SessionInterface, SessionSerializer

SESSIONS = [
    {},
    {"csrf_token": "abc", "language": "de", "_fresh": True, "n": 3, "x": 1.5, "none": None},
    {"respond": {"a": "P" * 32, "code": ["short", "ab" * 32], "items": {"ow1": 4, "sr2": 0},
                 "segments": {"department": "sales"}}, "answered": ["id1", "id2"]},
    {"_flashes": [("info", "Saved."), ("error", Markup("<b>bold</b>"))]},
    {"odd": {" t": [1, 2]}, "tagged": {" di": "x"}, "bytes": b"\x00\xff", "tuple": (1, (2, 3))},
    {"when": datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "id": uuid.UUID(int=7)},
    {"nested": [[{"a": [1, {"b": (2,)}]}]], "text": "漢字 ✓ 'quotes' \"double\""},
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
