"""Failure counts shared by every worker through the database, when no Redis is configured."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ThrottleCounter(Base):
    """How many attempts one subject (an account, a browser, an assessment) made in a window."""

    __tablename__ = "throttle_counters"

    #: SHA-256 of the throttle's key, so the table never holds an e-mail address or a code
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: attempts counted in the current window
    hits: Mapped[int]
    #: when the window ends, in seconds since the epoch; the row counts for nothing after it
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
