"""Single-use codes: only their hashes are kept."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AccessCode(Base):
    """One invitation. ``used`` flips once; when it flipped is deliberately not recorded."""

    __tablename__ = "access_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the assessment it opens
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: SHA-256 of the long code carried in links (≥ 128 bits)
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: SHA-256 of the short typeable form for paper
    short_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: consumed in the same transaction as the response insert
    used: Mapped[bool] = mapped_column(default=False)
    #: which making of codes it came from (1, 2, …), to count codes made and used per batch
    batch: Mapped[int | None]
