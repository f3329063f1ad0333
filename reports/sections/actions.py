"""Recommendations, ranked, with why each was chosen, and the 90-day plan."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context


def recommendation(ctx: Context, rank: int, item: dict) -> Flowable:
    words, st = ctx.words, ctx.styles
    facts = " · ".join([
        f"{words('effort')}: {words.level(item.get('effort'))}",
        f"{words('impact')}: {words.level(item.get('impact'))}",
        f"{words('horizon')}: {words('horizon_value', days=item.get('horizon', '–'))}",
    ])
    return KeepTogether([
        ctx.text(f"{rank}. {item.get('title') or ''}", st.h3),
        ctx.text(item.get("action")),
        ctx.text(f"{words('why')}: {item.get('why') or ''}", st.small),
        ctx.text(facts, st.muted),
    ])


def plan_table(ctx: Context) -> Flowable:
    words = ctx.words
    by_id = {r["id"]: r for r in ctx.document.get("recommendations") or []}
    plan = ctx.document.get("plan") or {}
    columns = []
    for horizon in ("30", "60", "90"):
        titles = [by_id[i].get("title") for i in plan.get(horizon) or [] if i in by_id]
        columns.append([ctx.text(f"• {title}", ctx.styles.cell) for title in titles]
                       or [ctx.text(words("plan_empty"), ctx.styles.cell)])
    return ctx.table((words("plan_30"), words("plan_60"), words("plan_90")), [tuple(columns)],
                     [1, 1, 1])


def recommendations(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    ranked = sorted(ctx.document.get("recommendations") or [],
                    key=lambda r: r.get("priority") or 0, reverse=True)
    story: list[Flowable] = [ctx.heading(words("recommendations")),
                             ctx.text(words("recommendations_intro"), st.muted)]
    if not ranked:
        story.append(ctx.text(words("no_actions")))
    story += [recommendation(ctx, rank, item) for rank, item in enumerate(ranked, start=1)]
    story += [ctx.space(6), KeepTogether([ctx.heading(words("plan"), 1), plan_table(ctx)])]
    return story
