"""The tracked action plan: adopting recommended actions, adding the team's own, and keeping
owner, due day, status and notes of each; who may read and change it.

A plan belongs to one assessment and carries into its next wave (the assessment whose
``previous_id`` points to it), which measures it. Every change is recorded in the audit log.
Services add and flush; the request or command that called them commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from . import db
from .access import may_read
from .assessments import instrument_of
from .audit import record
from .models import Assessment, ReportLink, User, ViewerGrant
from .models.plan import (
    DONE,
    DROPPED,
    IN_PROGRESS,
    OPEN_STATUSES,
    OWNER_MAX,
    PLANNED,
    STATUSES,
    TEXT_MAX,
    TITLE_MAX,
    PlanAction,
    PlanLinkAccess,
    PlanSettings,
)
from .models.user import ADMIN
from .report_links import now

STATUS_LABELS = {
    PLANNED: _l("Planned"),
    IN_PROGRESS: _l("In progress"),
    DONE: _l("Done"),
    DROPPED: _l("Dropped"),
}
#: The horizons a plan is read in: by the first 30, 60 and 90 days, then later.
HORIZONS = (30, 60, 90)
LATER, UNDATED = "later", "undated"
#: Reminders go out for open actions due within this many days, and for overdue ones.
REMIND_WITHIN_DAYS = 7
#: The editable fields of an action, as the audit log names them.
FIELDS = ("title", "description", "dimension", "owner_name", "owner_user_id", "due_on",
          "status", "notes")


class PlanError(ValueError):
    """The change cannot be made; ``field`` names the field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Who may read and change -------------------------------------------------------------------


def settings_of(assessment: Assessment) -> PlanSettings:
    """The plan's settings (not yet stored: the defaults, nobody but the comms lead edits)."""
    found = db.session().get(PlanSettings, assessment.id)
    return found or PlanSettings(assessment_id=assessment.id, viewers_may_edit=False)


def may_read_plan(user: User, assessment: Assessment) -> bool:
    """The comms lead, and leadership granted the assessment's results."""
    return may_read(user, assessment)


def may_edit_plan(user: User, assessment: Assessment) -> bool:
    """The comms lead; a granted viewer only when the comms lead allowed viewers to edit."""
    if user.is_admin:
        return True
    return may_read(user, assessment) and bool(settings_of(assessment).viewers_may_edit)


def link_shows_plan(link: ReportLink) -> bool:
    """Whether a (live) report link may also show the plan, read only."""
    return db.session().get(PlanLinkAccess, link.id) is not None


def links_showing_plan(assessment: Assessment) -> set[int]:
    return set(
        db.session().scalars(
            select(PlanLinkAccess.report_link_id)
            .join(ReportLink, ReportLink.id == PlanLinkAccess.report_link_id)
            .where(ReportLink.assessment_id == assessment.id)
        )
    )


def change_settings(
    assessment: Assessment, *, viewers_may_edit: bool, link_ids: set[int]
) -> None:
    """Store who besides the comms lead may change the plan and which links show it."""
    settings = db.session().get(PlanSettings, assessment.id)
    if settings is None:
        settings = PlanSettings(assessment_id=assessment.id)
        db.session().add(settings)
    own_links = set(
        db.session().scalars(select(ReportLink.id).where(ReportLink.assessment_id == assessment.id))
    )
    wanted = link_ids & own_links
    before = links_showing_plan(assessment)
    for link_id in before - wanted:
        db.session().delete(db.session().get(PlanLinkAccess, link_id))
    for link_id in wanted - before:
        db.session().add(PlanLinkAccess(report_link_id=link_id))
    changed = bool(settings.viewers_may_edit) != viewers_may_edit or before != wanted
    settings.viewers_may_edit = viewers_may_edit
    db.session().flush()
    if changed:
        record("plan.settings", assessment.id, viewers_may_edit=viewers_may_edit,
               links=sorted(wanted))


# Reading -----------------------------------------------------------------------------------


def actions_of(assessment: Assessment) -> list[PlanAction]:
    """The plan's actions, soonest due first, undated last."""
    return list(
        db.session().scalars(
            select(PlanAction)
            .where(PlanAction.assessment_id == assessment.id)
            .order_by(PlanAction.due_on.is_(None), PlanAction.due_on, PlanAction.id)
        )
    )


def action_of(assessment: Assessment, action_id: int) -> PlanAction | None:
    """The action ``action_id`` when it belongs to ``assessment``'s plan."""
    action = db.session().get(PlanAction, action_id)
    return action if action is not None and action.assessment_id == assessment.id else None


def earlier_wave(assessment: Assessment) -> Assessment | None:
    """The wave this one follows, whose plan it carries on."""
    if assessment.previous_id is None:
        return None
    return db.session().get(Assessment, assessment.previous_id)


def start_day(assessment: Assessment) -> date:
    """Day 0 of the plan's 30/60/90 days: when its results came out (or closed, or today)."""
    return assessment.released_on or assessment.closed_on or assessment.closes_on or date.today()


def horizon_of(action: PlanAction, start: date) -> int | str:
    """30, 60 or 90 for an action due within that many days of ``start``; else later/undated."""
    if action.due_on is None:
        return UNDATED
    for days in HORIZONS:
        if action.due_on <= start + timedelta(days=days):
            return days
    return LATER


def is_overdue(action: PlanAction, today: date | None = None) -> bool:
    return (action.status in OPEN_STATUSES and action.due_on is not None
            and action.due_on < (today or date.today()))


def dimension_names(assessment: Assessment, language: str) -> dict[str, str]:
    """The instrument's dimensions by id, named in ``language``."""
    from surveys.model import pick

    return {
        dimension.id: pick(dimension.names, language)
        for dimension in instrument_of(assessment).dimensions
    }


def possible_owners(assessment: Assessment) -> list[User]:
    """The console users an action can be given to: comms leads, and the leadership viewers
    granted this assessment (nobody else's name or address is shown to a plan's editors)."""
    granted = select(ViewerGrant.user_id).where(ViewerGrant.assessment_id == assessment.id)
    return list(db.session().scalars(
        select(User).where((User.role == ADMIN) | User.id.in_(granted))
        .order_by(User.name, User.email)
    ))


def owners_of(actions: list[PlanAction]) -> dict[int, User]:
    """The console users who own any of ``actions``, by id."""
    ids = {a.owner_user_id for a in actions if a.owner_user_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session().scalars(select(User).where(User.id.in_(ids)))}


def owner_label(action: PlanAction, users: Mapping[int, User]) -> str:
    user = users.get(action.owner_user_id) if action.owner_user_id else None
    if user is not None:
        return user.name or user.email
    return action.owner_name


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    actions: tuple[PlanAction, ...]


def by_dimension(actions: list[PlanAction], names: Mapping[str, str]) -> list[Group]:
    """Actions grouped by dimension in instrument order; general actions last."""
    groups = [
        Group(key, name, tuple(a for a in actions if a.dimension == key))
        for key, name in names.items()
    ]
    general = tuple(a for a in actions if a.dimension not in names)
    groups.append(Group("general", _("General"), general))
    return [group for group in groups if group.actions]


def by_horizon(actions: list[PlanAction], start: date) -> list[Group]:
    """Actions grouped by the first 30, 60, 90 days, later, and without a day."""
    titles = {
        30: _("First 30 days"), 60: _("Days 31 to 60"), 90: _("Days 61 to 90"),
        LATER: _("Later"), UNDATED: _("No due day yet"),
    }
    return [
        Group(str(key), title, tuple(a for a in actions if horizon_of(a, start) == key))
        for key, title in titles.items()
        if any(horizon_of(a, start) == key for a in actions)
    ]


# Changing ----------------------------------------------------------------------------------


def recommendation_in(document: Mapping, recommendation_id: str) -> dict | None:
    for recommendation in document.get("recommendations") or []:
        if recommendation.get("id") == recommendation_id:
            return recommendation
    return None


def adopted_ids(assessment: Assessment) -> set[str]:
    return {
        a.recommendation_id for a in actions_of(assessment) if a.recommendation_id is not None
    }


def adopt(assessment: Assessment, document: Mapping, recommendation_id: str) -> PlanAction:
    """Add a recommended action of the released results to the plan, due at its horizon."""
    found = recommendation_in(document, recommendation_id)
    if found is None:
        raise PlanError(_("That action is not among this assessment's recommendations."))
    if recommendation_id in adopted_ids(assessment):
        raise PlanError(_("That action is already in the plan."))
    horizon = found.get("horizon") if found.get("horizon") in HORIZONS else 90
    action = PlanAction(
        assessment_id=assessment.id,
        recommendation_id=recommendation_id,
        dimension=found.get("dimension"),
        title=str(found.get("title") or "")[:TITLE_MAX],
        description=str(found.get("action") or "")[:TEXT_MAX],
        owner_name="",
        due_on=max(start_day(assessment), date.today()) + timedelta(days=horizon),
        status=PLANNED,
        notes="",
    )
    db.session().add(action)
    db.session().flush()
    record("plan.adopt", assessment.id, item=action.id, recommendation=recommendation_id)
    return action


def add(assessment: Assessment, values: Mapping) -> PlanAction:
    """Add the team's own action."""
    checked = _checked(assessment, values)
    action = PlanAction(assessment_id=assessment.id, recommendation_id=None, **checked)
    db.session().add(action)
    db.session().flush()
    record("plan.add", assessment.id, item=action.id)
    return action


def update(action: PlanAction, values: Mapping) -> list[str]:
    """Change an action; returns the names of the fields that changed."""
    assessment = db.session().get(Assessment, action.assessment_id)
    checked = _checked(assessment, values, action.owner_user_id)
    changed = [name for name in FIELDS if getattr(action, name) != checked[name]]
    if not changed:
        return []
    detail: dict = {"item": action.id, "fields": changed}
    if "status" in changed:
        detail["status"] = [action.status, checked["status"]]
    for name in changed:
        setattr(action, name, checked[name])
    action.updated_at = now().replace(microsecond=0)
    db.session().flush()
    record("plan.update", action.assessment_id, **detail)
    return changed


def _checked(assessment: Assessment, values: Mapping, owner: int | None = None) -> dict:
    """The fields of an action, checked again here whatever the form did (``owner``, the
    action's present console owner, may stay even when no longer offered)."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise PlanError(_("Say what is to be done."), "title")
    limits = {"title": TITLE_MAX, "description": TEXT_MAX, "notes": TEXT_MAX,
              "owner_name": OWNER_MAX}
    texts = {name: str(values.get(name) or "").strip() for name in limits}
    texts["title"] = title
    for name, limit in limits.items():
        if len(texts[name]) > limit:
            raise PlanError(_("Keep this to %(n)s characters or fewer.", n=limit), name)
    status = values.get("status") or PLANNED
    if status not in STATUSES:
        raise PlanError(_("Choose one of the statuses offered."), "status")
    dimension = values.get("dimension") or None
    if dimension is not None and dimension not in {d.id for d in
                                                   instrument_of(assessment).dimensions}:
        raise PlanError(_("Choose one of the dimensions offered."), "dimension")
    owner_user_id = values.get("owner_user_id") or None
    if owner_user_id is not None:
        owner_user_id = int(owner_user_id)
        offered = {user.id for user in possible_owners(assessment)} | {owner}
        if owner_user_id not in offered:
            raise PlanError(_("Choose one of the people offered."), "owner_user_id")
    due_on = values.get("due_on")
    if due_on is not None and not isinstance(due_on, date):
        raise PlanError(_("Enter the day as year-month-day, for example 2027-03-31."), "due_on")
    if isinstance(due_on, datetime):
        due_on = due_on.date()
    if due_on is not None and not date(2000, 1, 1) <= due_on <= date(2100, 12, 31):
        raise PlanError(_("Enter a day between the years 2000 and 2100."), "due_on")
    return {**texts, "status": status, "dimension": dimension,
            "owner_user_id": owner_user_id, "due_on": due_on}
