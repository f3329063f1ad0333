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
itsdangerous, for its part, builds a new signer and derives its key again (one more HMAC) for
every signature made or checked, and computes HMAC-SHA1 in Python around two hash objects;
`KeptSerializer` keeps the signers, their keys and their keyed HMACs.
The bytes signed and checked are exactly itsdangerous' own.

The CSRF token on every page is signed the same way. Flask-WTF builds a new serializer each
time it makes or checks a token (on every POST); it is handed a kept one instead, and goes on
making and checking tokens with its own code (`_keep_flask_wtf_serializers`).
"""

from __future__ import annotations

import hmac

import flask_wtf.csrf
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm

_PLAIN = (str, int, float, bool, type(None))
_PLAIN_KINDS = frozenset(_PLAIN)


class SessionSerializer(TaggedJSONSerializer):
    def tag(self, value):
        kind = type(value)
        if kind in _PLAIN:
            return value
        # A list or dictionary of plain values (a draft's answers) goes to JSON as it is.
        if kind is list:
            if _PLAIN_KINDS.issuperset(map(type, value)):
                return value
            return [self.tag(item) for item in value]
        # A dictionary of one key that names a tag is itself tagged, as Flask does.
        if kind is dict and (len(value) != 1 or next(iter(value)) not in self.tags):
            if _PLAIN_KINDS.issuperset(map(type, value.values())):
                return value
            return {key: self.tag(item) for key, item in value.items()}
        return super().tag(value)


class _KeyedSHA1(HMACAlgorithm):
    """HMAC-SHA1 from a copy of an HMAC already keyed: the same signature as `HMACAlgorithm`,
    without setting up the key and the digest again for each signature."""

    def __init__(self, digest_method) -> None:
        super().__init__(digest_method)
        self._keyed: dict[bytes, hmac.HMAC] = {}

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        keyed = self._keyed.get(key)
        if keyed is None:
            keyed = self._keyed[key] = hmac.new(key, digestmod="sha1")
        mac = keyed.copy()
        mac.update(value)
        return mac.digest()


class _KeptKeySigner(TimestampSigner):
    """A timestamp signer that derives each secret key's signing key once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict = {}
        algorithm = self.algorithm
        if type(algorithm) is HMACAlgorithm and algorithm.digest_method().name == "sha1":
            self.algorithm = _KeyedSHA1(algorithm.digest_method)

    def derive_key(self, secret_key=None) -> bytes:
        found = self._derived.get(secret_key)
        if found is None:
            found = self._derived[secret_key] = super().derive_key(secret_key)
        return found


class KeptSerializer(URLSafeTimedSerializer):
    """itsdangerous' URL-safe timed serializer, same output, with its signers kept."""

    default_signer = _KeptKeySigner

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict = {}

    def make_signer(self, salt=None):
        found = self._signers.get(salt)
        if found is None:
            found = self._signers[salt] = super().make_signer(salt)
        return found


class SessionInterface(SecureCookieSessionInterface):
    serializer = SessionSerializer()

    def __init__(self) -> None:
        self._signer: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._signer is None or self._signer[0] != keys:
            self._signer = (keys, self._new_serializer(app))
        return self._signer[1]

    def _new_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # As Flask's own get_signing_serializer, with the kept signers.
        if not app.secret_key:
            return None
        keys = [*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key]  # current last
        return KeptSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={"key_derivation": self.key_derivation,
                           "digest_method": self.digest_method},
        )


_flask_wtf_serializers: dict[tuple, KeptSerializer] = {}


def _kept_for_flask_wtf(secret_key, salt: str) -> KeptSerializer:
    """What Flask-WTF gets when it builds its token serializer: one kept per key and salt."""
    found = _flask_wtf_serializers.get((secret_key, salt))
    if found is None:
        if len(_flask_wtf_serializers) > 8:  # keys change rarely; a bound anyway
            _flask_wtf_serializers.clear()
        found = _flask_wtf_serializers[secret_key, salt] = KeptSerializer(secret_key, salt=salt)
    return found


def _keep_flask_wtf_serializers() -> None:
    # Flask-WTF makes and checks tokens with `URLSafeTimedSerializer(secret_key, salt=...)`,
    # looked up in its module on each call; the kept serializer signs the same bytes.
    flask_wtf.csrf.URLSafeTimedSerializer = _kept_for_flask_wtf


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    _keep_flask_wtf_serializers()
