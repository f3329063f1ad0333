"""The plan as files: a CSV for spreadsheets (formula-safe) and an iCalendar file of due days.

Every text in them was typed by someone: the CSV neutralises what a spreadsheet would run as a
formula; the calendar escapes iCalendar's special characters, drops control characters and
folds long lines at 75 octets (RFC 5545), so no text can start a property or an event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from flask_babel import gettext as _

from ..exports import write_csv
from ..models import User
from ..models.plan import DROPPED, PlanAction
from ..plans import STATUS_LABELS, horizon_of, is_overdue, owner_label
from ..report_links import now

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plan_csv(actions: list[PlanAction], names: Mapping[str, str], users: Mapping[int, User],
             start: date, today: date) -> str:
    """One row per action, in the reader's language."""
    header = [_("Action"), _("Details"), _("Dimension"), _("Owner"), _("Due on"),
              _("Horizon (days)"), _("Status"), _("Overdue"), _("Notes"), _("Recommendation")]
    rows = [
        [
            action.title,
            action.description,
            names.get(action.dimension or "", _("General")),
            owner_label(action, users),
            action.due_on.isoformat() if action.due_on else "",
            str(horizon_of(action, start)) if action.due_on else "",
            str(STATUS_LABELS[action.status]),
            _("Yes") if is_overdue(action, today) else _("No"),
            action.notes,
            action.recommendation_id or "",
        ]
        for action in actions
    ]
    return write_csv(header, rows)


def ics_text(value: str) -> str:
    """A TEXT value escaped for iCalendar: backslash, semicolon, comma and line breaks."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """An iCalendar content line folded at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def plan_ics(actions: list[PlanAction], calendar_name: str, users: Mapping[int, User],
             host: str) -> str:
    """An iCalendar file with one all-day event on the due day of each dated action."""
    stamp = now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Readiness//Action plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(calendar_name)}",
    ]
    for action in actions:
        if action.due_on is None:
            continue
        owner = owner_label(action, users)
        status, owner_word, notes = _("Status"), _("Owner"), _("Notes")
        details = [f"{status}: {STATUS_LABELS[action.status]}"]
        if owner:
            details.append(f"{owner_word}: {owner}")
        if action.description:
            details.append(action.description)
        if action.notes:
            details.append(f"{notes}: {action.notes}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:plan-action-{action.id}@{ics_text(host)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{action.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{action.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(action.title)}",
            f"DESCRIPTION:{ics_text(chr(10).join(details))}",
            "TRANSP:TRANSPARENT",
            f"STATUS:{'CANCELLED' if action.status == DROPPED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

