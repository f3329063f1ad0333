"""Single-use codes: made here, kept only as keyed hashes, consumed once at submit.

Each invitation has two forms of the same secret standing: a long code (192 bits) carried in a
link, and a short code (12 characters, about 59 bits) that people can type from paper. Short
codes are guessable only in theory: code entry is throttled per browser, and a hit would only
let someone answer in another person's place, never read anything.

The hashes are HMACs under a key that is not in the database (`readiness.sealing`), and a
batch's rows are written in an order unrelated to the list handed out: holding the codes list
and the database files, nobody can tell which row is whose. Codes made before keyed hashing
(plain SHA-256) are still recognised.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from . import db
from .audit import record
from .models import AccessCode, Assessment
from .models.assessment import BOTH, CODES
from .sealing import keyed_hash

#: No 0/O, 1/I/L: nothing that reads two ways on paper.
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_LENGTH = 12
#: Short codes printed before they grew to 12 characters are still accepted.
SHORT_LENGTHS = (10, 12)
LONG_BYTES = 24  # 192 bits; the design asks for at least 128
MAX_PER_BATCH = 20_000

LINK = "link"
SHORT = "short"
KINDS = (LINK, SHORT)

_SHORT_INPUT = re.compile(rf"[{SHORT_ALPHABET}]{{10}}(?:[{SHORT_ALPHABET}]{{2}})?")
_LONG_INPUT = re.compile(r"[A-Za-z0-9_-]{22,64}")


class CodeError(ValueError):
    """Codes cannot be made for this assessment; the message says why."""


def hash_code(code: str) -> str:
    """The keyed hash stored in place of a code."""
    return keyed_hash("code", code)


def legacy_hash(code: str) -> str:
    """The plain SHA-256 that codes made before keyed hashing were stored as."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def normalise_short(text: str) -> str | None:
    """The canonical short code from what someone typed, or None if it cannot be one.

    Case, spaces and dashes do not matter: "abcde-fghjk" and "ABCDE FGHJK" are the same code.
    """
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    return cleaned if _SHORT_INPUT.fullmatch(cleaned) else None


def is_long_code(text: str) -> bool:
    return bool(_LONG_INPUT.fullmatch(text or ""))


def format_short(code: str) -> str:
    """A short code grouped for reading aloud and typing: ``XXXX-XXXX-XXXX``."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def _new_short() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def _taken(column, digests: Iterable[str]) -> set[str]:
    digests = list(digests)
    found: set[str] = set()
    for start in range(0, len(digests), 500):
        chunk = digests[start : start + 500]
        found.update(db.session().scalars(select(column).where(column.in_(chunk))))
    return found


def next_batch(assessment: Assessment) -> int:
    """The number the next batch of codes of ``assessment`` gets (1 for the first)."""
    highest = db.session().scalar(
        select(func.max(AccessCode.batch)).where(AccessCode.assessment_id == assessment.id)
    )
    return (highest or 0) + 1


def generate_codes(
    assessment: Assessment, n: int, batch: int | None = None
) -> list[tuple[str, str]]:
    """Add ``n`` single-use codes to ``assessment``; returns ``(long_code, short_code)`` pairs.

    The plain codes exist only in the returned list: hand them out (CSV, mail merge, paper)
    and let them go. The short code is returned grouped as ``XXXX-XXXX-XXXX``. The rows are
    written in a fresh random order, so their ids say nothing about a code's place in the
    list. The caller's request commits.
    """
    if assessment.distribution not in (CODES, BOTH):
        raise CodeError(
            _("This assessment is shared by open link only; choose codes or both first.")
        )
    if not 1 <= n <= MAX_PER_BATCH:
        raise CodeError(
            _("Ask for between 1 and %(n)s codes at a time.", n=format_number(MAX_PER_BATCH))
        )
    pairs: dict[str, str] = {}  # short hash -> short code
    while len(pairs) < n:
        wanted = {hash_code(code): code for code in (_new_short() for _ in range(n - len(pairs)))}
        for digest in _taken(AccessCode.short_hash, wanted):
            wanted.pop(digest)
        pairs.update(wanted)
    batch = batch or next_batch(assessment)
    codes = []
    rows = []
    for short_digest, short in pairs.items():
        long_code = secrets.token_urlsafe(LONG_BYTES)
        rows.append({
            "assessment_id": assessment.id,
            "link_hash": hash_code(long_code),
            "short_hash": short_digest,
            "batch": batch,
        })
        codes.append((long_code, format_short(short)))
    secrets.SystemRandom().shuffle(rows)
    db.session().execute(AccessCode.__table__.insert(), rows)
    record("codes.generate", assessment.id, count=n, batch=batch)
    return codes


def _hash_column(kind: str):
    return AccessCode.link_hash if kind == LINK else AccessCode.short_hash


def find(assessment: Assessment, kind: str, code: str) -> AccessCode | None:
    """The code of ``assessment`` written as ``code`` (plain), used or not."""
    return db.session().scalar(
        select(AccessCode).where(
            _hash_column(kind).in_((hash_code(code), legacy_hash(code))),
            AccessCode.assessment_id == assessment.id,
        )
    )


def consume(assessment: Assessment, kind: str, digest: str) -> bool:
    """Mark the code used, once: True for the one caller that flipped it, False for any other.

    A single conditional UPDATE, so two submissions racing with the same code cannot both win
    on SQLite (one writer at a time) or PostgreSQL (the second re-checks ``used`` after the
    first commits).
    """
    result = db.session().execute(
        update(AccessCode)
        .where(
            _hash_column(kind) == digest,
            AccessCode.assessment_id == assessment.id,
            AccessCode.used.is_(False),
        )
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
