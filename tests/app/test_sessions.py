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
