""""What changed since the plan": each dimension's change beside the earlier plan's actions.

The block (``document["plan_change"]``) arrives with its texts already in the document's
language and its figures already written; this lays it out. Every text passes through the
Context's escaping helpers, whoever typed it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context


def headline(ctx: Context) -> str | None:
    """The executive summary's one sentence on the plan: did the dimensions that got action
    move more than the others? None when the document measures no plan."""
    block = ctx.document.get("plan_change")
    return block.get("summary") if block else None


def plan_change(ctx: Context) -> list[Flowable]:
    """The section, or nothing when the document measures no plan."""
    block = ctx.document.get("plan_change")
    if not block:
        return []
    st = ctx.styles
    headers = block.get("headers") or {}
    rows: list[tuple[object, ...]] = []
    for row in block.get("rows") or []:
        actions = row.get("actions") or []
        cell = ([ctx.text(f"• {a.get('title')} ({a.get('status_name')})", st.cell)
                 for a in actions] or ctx.text(block.get("no_actions"), st.cell))
        rows.append((row.get("name"), row.get("change_text"), row.get("interval_text"),
                     row.get("noise_text"), cell))
    story: list[Flowable] = [
        KeepTogether([
            ctx.heading(block.get("title")),
            ctx.text(block.get("summary"), st.body),
            ctx.text(block.get("intro"), st.muted),
        ]),
        ctx.table(
            [str(headers.get(key) or "") for key in
             ("dimension", "change", "interval", "noise", "actions")],
            rows, [2.2, 1, 1.6, 1.1, 3.4], bold_first=True,
        ),
    ]
    general = block.get("general") or []
    if general:
        story.append(ctx.space(4))
        story.append(ctx.text(block.get("general_title"), st.h3))
        story += [ctx.text(f"• {a.get('title')} ({a.get('status_name')})") for a in general]
    story += [ctx.space(4), ctx.text(block.get("note"), st.muted)]
    return story
