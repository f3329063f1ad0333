"""The plan as a timeline: an SVG drawn on the server, readable without JavaScript.

Each dated action is a row: its title and status in words above a track from the plan's day 0,
with a marker on its due day whose shape (not only its colour) tells the status. Every text is
escaped; the list of actions on the same page says the same in full.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..models.plan import DONE, DROPPED, IN_PROGRESS, PlanAction
from ..plans import HORIZONS, STATUS_LABELS, is_overdue

WIDTH, LEFT, RIGHT, ROW, TOP = 640, 8, 16, 44, 40
#: Colour-blind-safe (Okabe–Ito); the marker's shape carries the status as well.
COLOURS = {"planned": "#0072B2", IN_PROGRESS: "#E69F00", DONE: "#009E73", DROPPED: "#767676",
           "overdue": "#D55E00"}
TITLE_CHARS = 70


def timeline_svg(actions: list[PlanAction], start: date, today: date) -> Markup | None:
    """The timeline of the dated actions, or None when no action has a due day."""
    dated = [a for a in actions if a.due_on is not None]
    if not dated:
        return None
    first = min([start, *(a.due_on for a in dated)])
    last = max([start + timedelta(days=HORIZONS[-1]), *(a.due_on for a in dated)])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    height = TOP + ROW * len(dated) + 8
    description = _("Each action's due day from the start of the plan; the list below gives "
                    "the same actions in words.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="timeline-title timeline-desc" '
        f'font-family="sans-serif" font-size="13">',
        '<title id="timeline-title">' + escape(_("Timeline of the plan")) + "</title>",
        f'<desc id="timeline-desc">{escape(description)}</desc>',
    ]
    for days in (0, *HORIZONS):
        tick = start + timedelta(days=days)
        if first <= tick <= last:
            label = _("Start") if days == 0 else _("Day %(n)s", n=days)
            # Labels at the edges are anchored inwards, so none is cut off.
            anchor = ("start" if x(tick) < WIDTH * 0.1 else "end" if x(tick) > WIDTH * 0.9
                      else "middle")
            parts.append(f'<line x1="{x(tick):.1f}" y1="18" x2="{x(tick):.1f}" y2="{height - 4}" '
                         f'stroke="#c8c8c8" stroke-width="1"/>')
            parts.append(f'<text x="{x(tick):.1f}" y="13" text-anchor="{anchor}" '
                         f'fill="#444">{escape(label)}</text>')
    if first <= today <= last:
        parts.append(f'<line x1="{x(today):.1f}" y1="18" x2="{x(today):.1f}" y2="{height - 4}" '
                     f'stroke="#222" stroke-width="1.5" stroke-dasharray="4 3"/>')
        today_label = escape(_("Today"))  # outside the f-string, where pybabel finds it
        parts.append(f'<text x="{min(x(today) + 4, WIDTH - 60):.1f}" y="32" fill="#222">'
                     f'{today_label}</text>')
    for row, action in enumerate(dated):
        y = TOP + ROW * row
        late = is_overdue(action, today)
        state = _("Overdue") if late else STATUS_LABELS[action.status]
        title = action.title if len(action.title) <= TITLE_CHARS else (
            action.title[: TITLE_CHARS - 1] + "…")
        words = f"{title} · {state} · {format_date(action.due_on, 'medium')}"
        parts.append(f'<text x="{LEFT}" y="{y + 14}" fill="#1a1a1a">{escape(words)}</text>')
        track = y + 28
        parts.append(f'<line x1="{x(start):.1f}" y1="{track}" x2="{x(action.due_on):.1f}" '
                     f'y2="{track}" stroke="#9a9a9a" stroke-width="2"/>')
        parts.append(_marker(action.status, late, x(action.due_on), track))
    parts.append("</svg>")
    # Trusted markup: built here, every text passed through escape().
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def _marker(status: str, late: bool, cx: float, cy: float) -> str:
    colour = COLOURS["overdue"] if late else COLOURS.get(status, COLOURS["planned"])
    if late:  # a diamond
        return (f'<path d="M{cx:.1f} {cy - 8} L{cx + 8:.1f} {cy} L{cx:.1f} {cy + 8} '
                f'L{cx - 8:.1f} {cy} Z" fill="{colour}"/>')
    if status == DONE:  # a filled square
        return (f'<rect x="{cx - 6:.1f}" y="{cy - 6}" width="12" height="12" '
                f'fill="{colour}"/>')
    if status == DROPPED:  # a cross
        return (f'<path d="M{cx - 6:.1f} {cy - 6} L{cx + 6:.1f} {cy + 6} M{cx + 6:.1f} {cy - 6} '
                f'L{cx - 6:.1f} {cy + 6}" stroke="{colour}" stroke-width="2.5"/>')
    if status == IN_PROGRESS:  # a filled circle
        return f'<circle cx="{cx:.1f}" cy="{cy}" r="7" fill="{colour}"/>'
    return (f'<circle cx="{cx:.1f}" cy="{cy}" r="6" fill="#fff" stroke="{colour}" '
            f'stroke-width="2.5"/>')  # planned: a ring
