"""The signed session cookie, with a quicker walk over its contents and one signer per key.

Flask signs the session as "tagged" JSON, so that tuples, bytes, Markup, UUIDs and dates come
back as what they were. Finding the tag of a value asks eight tag classes in turn, for every
value in the session; a survey draft has about forty, and every answered page writes the draft
(and `respond.journey.fits_in_cookie` measures it once more). Strings, numbers, lists and plain
dictionaries need no tag, so they are passed through directly here; anything else goes to
Flask's own tagging. The JSON written is exactly Flask's, and reading it is Flask's own code.

Flask also builds a new signing serializer twice a request (to read the cookie and to write
it), and building one serializes an empty dict to learn what kind of serializer it is. The
signer depends only on the secret keys, so it is kept and reused while they stay the same.
"""

from __future__ import annotations

from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

_PLAIN = (str, int, float, bool, type(None))


class SessionSerializer(TaggedJSONSerializer):
    def tag(self, value):
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is list:
            return [self.tag(item) for item in value]
        # A dictionary of one key that names a tag is itself tagged, as Flask does.
        if kind is dict and (len(value) != 1 or next(iter(value)) not in self.tags):
            return {key: self.tag(item) for key, item in value.items()}
        return super().tag(value)


class SessionInterface(SecureCookieSessionInterface):
    serializer = SessionSerializer()

    def __init__(self) -> None:
        self._signer: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._signer is None or self._signer[0] != keys:
            self._signer = (keys, super().get_signing_serializer(app))
        return self._signer[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
