"""People who sign in: comms leads (admin) and leadership (viewer)."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .base import Base

ADMIN = "admin"
VIEWER = "viewer"
ROLES = (ADMIN, VIEWER)

@functools.cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so both paths cost the same (made on
    first use: hashing costs 0.1 s, which every command would pay at start-up)."""
    return generate_password_hash("not-a-password-" + secrets.token_hex(8))


class User(UserMixin, Base):
    __tablename__ = "users"

    #: internal key, never shown
    id: Mapped[int] = mapped_column(primary_key=True)
    #: sign-in name, stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: how the person is addressed in the console
    name: Mapped[str] = mapped_column(String(120), default="")
    #: ``admin`` changes things; ``viewer`` only reads the results they are given
    role: Mapped[str] = mapped_column(String(16), default=VIEWER)
    #: werkzeug scrypt hash; never the password
    password_hash: Mapped[str] = mapped_column(String(255))
    #: rotated at logout and password reset so that older session cookies stop working
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    #: the person has not chosen their own password yet: an invitation still waiting (its
    #: password is random and known to nobody), or, for accounts from before invitations were
    #: e-mailed, a password passed on by hand, replaced at the next sign-in before anything else
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: when the account was made (staff data, not respondent data)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session(self) -> None:
        self.session_token = secrets.token_hex(16)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def spend_dummy_check(password: str) -> None:
    """Cost as much as a real password check, so unknown accounts cannot be told by timing."""
    check_password_hash(_dummy_hash(), password)


class ViewerGrant(Base):
    """A viewer may read the results of the assessments granted to them, and nothing else."""

    __tablename__ = "viewer_grants"
    __table_args__ = (UniqueConstraint("user_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the viewer
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: the assessment they may read
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
