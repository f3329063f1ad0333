"""Sealed submissions: unreadable without the server's key, and all of one size."""

from __future__ import annotations

import pytest

from readiness import create_app
from readiness.sealing import SealBroken, keyed_hash, seal, unseal


def _app(secret: str):
    return create_app({"TESTING": True, "SECRET_KEY": secret, "DATABASE_URL": "sqlite://"})


def test_a_sealed_submission_opens_with_the_same_key_only():
    submission = {"answers": {"lp1": 4}, "comments": {"concerns": "Nothing that names me"}}
    with _app("one key").app_context():
        sealed = seal(submission)
        assert b"names me" not in sealed
        assert unseal(sealed) == submission
    with _app("another key").app_context(), pytest.raises(SealBroken):
        unseal(sealed)


def test_short_and_long_everyday_submissions_are_the_same_size():
    with _app("k").app_context():
        sizes = {
            len(seal({"answers": {f"i{n}": 5 for n in range(32)},
                      "comments": {"first_step": "x" * length}}))
            for length in (0, 10, 500, 2500)
        }
    assert len(sizes) == 1


def test_keyed_hashes_depend_on_the_key():
    with _app("one key").app_context():
        first = keyed_hash("code", "ABCD")
    with _app("another key").app_context():
        assert keyed_hash("code", "ABCD") != first
