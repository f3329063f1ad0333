""""What changed since the plan": the next wave's results set beside the earlier wave's plan.

Attached to a released document (`releases.released_document`) only when that document carries
a released trend, that is when the reader may see the earlier wave under its own release rules;
the earlier wave's own figures (its intervals) come from its results as the trend released
them. The block is written in the document's language, like everything else in the document,
so the page and the PDF only lay it out. It says what moved alongside what was done, never that
the actions caused it.
"""

from __future__ import annotations

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from scoring.plan_change import (
    ALL_ACTED,
    LESS,
    MORE,
    NONE_ACTED,
    SAME,
    Action,
    PlanChange,
    measure,
    measured_from,
)

from .models import Assessment
from .plans import STATUS_LABELS, actions_of
from .results import document_for

#: The outputs that show the section: the results pages and the PDF.
SHOWN_IN = ("page", "pdf")


def with_plan_change(
    document: dict, assessment: Assessment, earlier: Assessment | None, output: str
) -> dict:
    """``document`` with a ``plan_change`` block when its released trend measures a plan."""
    if output not in SHOWN_IN or earlier is None or not document.get("trend"):
        return document
    actions = actions_of(earlier)
    if not actions:
        return document
    earlier_document = document_for(earlier, document.get("language"))
    found = measure(
        measured_from(document, earlier_document),
        [Action(a.dimension, a.title, a.status) for a in actions],
    )
    with force_locale(document.get("language") or "en"):
        block = _block(found, earlier)
    return {**document, "plan_change": block}


def _number(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "–"
    text = format_decimal(value, format="+0.0;-0.0" if signed else "0.0")
    return text.replace("-", "−")


def _block(found: PlanChange, earlier: Assessment) -> dict:
    def actions(items) -> list[dict]:
        return [
            {"title": a.title, "status": a.status, "status_name": str(STATUS_LABELS[a.status]),
             "taken": a.taken}
            for a in items
        ]

    return {
        "title": _("What changed since the plan"),
        "intro": _(
            "How each dimension moved since %(title)s, beside the actions of that wave's plan. "
            "The interval is the likely range of the change; a change is beyond noise when the "
            "trend test finds it larger than chance would explain.",
            title=earlier.title,
        ),
        "summary": summary_sentence(found),
        "note": _("These figures show what moved alongside the plan, not what the actions "
                  "caused: other things changed too."),
        "headers": {
            "dimension": _("Dimension"), "change": _("Change (points)"), "interval": _("Interval"),
            "noise": _("Beyond noise"), "actions": _("Actions and their status"),
        },
        "no_actions": _("No action in the plan"),
        "general_title": _("Actions for no single dimension"),
        "rows": [
            {
                "id": row.id,
                "name": row.name,
                "previous": row.previous,
                "current": row.current,
                "change": row.change,
                "change_text": _number(row.change),
                "interval": list(row.interval) if row.interval else None,
                # No-break spaces: the interval never wraps inside itself.
                "interval_text": (f"{_number(row.interval[0])}\u00a0…\u00a0"
                                  f"{_number(row.interval[1])}" if row.interval else "–"),
                "beyond_noise": row.beyond_noise,
                "noise_text": (_("Yes") if row.beyond_noise
                               else _("No") if row.beyond_noise is not None
                               else _("Not tested")),
                "acted": row.acted,
                "actions": actions(row.actions),
            }
            for row in found.rows
        ],
        "general": actions(found.general),
        "acted_mean": found.acted_mean,
        "others_mean": found.others_mean,
        "verdict": found.verdict,
    }


def summary_sentence(found: PlanChange) -> str:
    """One sentence: did the dimensions that got action move more than the others?"""
    acted, others = _number(found.acted_mean), _number(found.others_mean)
    if found.verdict == MORE:
        return _("The dimensions where actions were taken moved more (on average %(acted)s "
                 "points) than those without (%(others)s).", acted=acted, others=others)
    if found.verdict == LESS:
        return _("The dimensions where actions were taken moved less (on average %(acted)s "
                 "points) than those without (%(others)s).", acted=acted, others=others)
    if found.verdict == SAME:
        return _("The dimensions where actions were taken moved about as much (on average "
                 "%(acted)s points) as those without (%(others)s).", acted=acted, others=others)
    if found.verdict == ALL_ACTED:
        return _("Actions were taken on every dimension; on average they moved %(acted)s "
                 "points.", acted=acted)
    if found.verdict == NONE_ACTED:
        return _("No action of the plan was in progress or done, so there is nothing to set "
                 "the changes beside.")
    return _("The changes could not be measured for this plan.")
