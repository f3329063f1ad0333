"""The top five actions with why each was chosen and the 90-day plan; the rest in the
appendix."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context

#: Actions described in the report's body; the others go to the appendix.
TOP = 5


def ranked(ctx: Context) -> list[dict]:
    """The actions in the document's ranking: re-sorting by priority alone would put another
    dimension's action before the barrier's."""
    return list(ctx.document.get("recommendations") or [])


def recommendation(ctx: Context, rank: int, item: dict, *, compact: bool = False) -> Flowable:
    words, st = ctx.words, ctx.styles
    facts = " · ".join([
        f"{words('effort')}: {words.level(item.get('effort'))}",
        f"{words('impact')}: {words.level(item.get('impact'))}",
        f"{words('horizon')}: {words('horizon_value', days=item.get('horizon', '–'))}",
    ])
    return KeepTogether([
        ctx.text(f"{rank}. {item.get('title') or ''}", st.h3),
        ctx.text(item.get("action"), st.small if compact else st.body),
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
    """The five most important actions in full, then the 90-day plan."""
    words, st = ctx.words, ctx.styles
    if (ctx.document.get("rules") or {}).get("library", True) is None:
        return [KeepTogether([ctx.heading(words("recommendations")),
                              ctx.text(words("method_no_library"))])]
    actions = ranked(ctx)
    story: list[Flowable] = [ctx.heading(words("top_five")),
                             ctx.text(words("recommendations_intro"), st.muted)]
    if not actions:
        story.append(ctx.text(words("no_actions")))
        return story
    story += [recommendation(ctx, rank, item)
              for rank, item in enumerate(actions[:TOP], start=1)]
    story += [ctx.space(6), KeepTogether([ctx.heading(words("plan"), 1), plan_table(ctx)])]
    return story


def more_actions(ctx: Context) -> list[Flowable]:
    """Appendix: the actions ranked after the top five."""
    words, st = ctx.words, ctx.styles
    rest = ranked(ctx)[TOP:]
    if not rest:
        return []
    return [ctx.heading(words("more_actions"), 1), ctx.text(words("more_actions_intro"), st.muted),
            *(recommendation(ctx, rank, item, compact=True)
              for rank, item in enumerate(rest, start=TOP + 1))]
