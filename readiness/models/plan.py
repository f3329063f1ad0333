"""The tracked action plan of an assessment: what leadership decided to do, who does it, by when.

Staff data only: nothing here is respondent data. A plan belongs to one assessment; the next
wave (an assessment whose ``previous_id`` points here) carries it on and measures it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

PLANNED, IN_PROGRESS, DONE, DROPPED = "planned", "in_progress", "done", "dropped"
STATUSES = (PLANNED, IN_PROGRESS, DONE, DROPPED)
#: Statuses of an action still to be done: these get reminders and can be overdue.
OPEN_STATUSES = (PLANNED, IN_PROGRESS)
#: Statuses that count as "action taken" when the next wave measures the plan.
TAKEN_STATUSES = (IN_PROGRESS, DONE)

TITLE_MAX = 200
TEXT_MAX = 2000
OWNER_MAX = 120


class PlanAction(Base):
    """One action of a plan: adopted from a recommendation or written by the team."""

    __tablename__ = "plan_actions"

    #: internal key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the assessment whose plan this is
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: the recommendation it was adopted from (its id in the results document); None if own
    recommendation_id: Mapped[str | None] = mapped_column(String(80))
    #: the dimension it works on (instrument dimension id); None for a general action
    dimension: Mapped[str | None] = mapped_column(String(80))
    #: what is to be done, in the team's words
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    #: a longer description (the recommendation's text when adopted), editable
    description: Mapped[str] = mapped_column(Text, default="")
    #: who does it when that is a name rather than a console user
    owner_name: Mapped[str] = mapped_column(String(OWNER_MAX), default="")
    #: who does it when that is a console user (reminders go to their address)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the day it should be done by
    due_on: Mapped[date | None]
    #: planned, in_progress, done or dropped
    status: Mapped[str] = mapped_column(String(12), default=PLANNED)
    #: free notes of the team
    notes: Mapped[str] = mapped_column(Text, default="")
    #: staff-side timestamps
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class PlanSettings(Base):
    """Who besides the comms lead may change an assessment's plan."""

    __tablename__ = "plan_settings"

    #: the assessment whose plan this governs
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    #: leadership viewers granted the assessment may change the plan, not only read it
    viewers_may_edit: Mapped[bool] = mapped_column(default=False, server_default=false())


class PlanLinkAccess(Base):
    """A report link that may also show the plan (read only); links without a row may not."""

    __tablename__ = "plan_link_access"

    #: the report link allowed to show the plan
    report_link_id: Mapped[int] = mapped_column(
        ForeignKey("report_links.id", ondelete="CASCADE"), primary_key=True
    )
