"""Methodology and reliability appendix, and the open comments when released."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context


def methodology(ctx: Context) -> list[Flowable]:
    words = ctx.words
    document = ctx.document
    assessment = document["assessment"]
    points = _points(document)
    fpc = words("method_fpc") if assessment.get("headcount") else ""
    story: list[Flowable] = [
        ctx.heading(words("methodology")),
        ctx.text(words("method_scoring", points=points, fpc=fpc)),
        ctx.text(words("method_index")),
        ctx.text(words("method_reliability")),
        ctx.text(words("method_anonymity", k=assessment.get("k"),
                       comment_k=assessment.get("comment_k"))),
    ]
    bands = document.get("bands") or []
    if bands:
        story.append(KeepTogether([
            ctx.heading(words("method_bands"), 1),
            ctx.table((words("stage"), words("score")),
                      [(band["name"], f"{words.count(band['lower'])}–{words.count(band['upper'])}")
                       for band in sorted(bands, key=lambda b: b["lower"])], [2, 1]),
        ]))
    dimensions = sorted(document.get("dimensions") or [], key=lambda d: d.get("order", 0))
    if dimensions:
        rows = []
        for dimension in dimensions:
            alpha = dimension.get("alpha") or {}
            low, high = words.interval(alpha.get("ci"), 2)
            rows.append((dimension["name"], words.number(alpha.get("value"), 2), f"{low}–{high}",
                         words.count(alpha.get("n")), alpha.get("method") or "–"))
        story.append(KeepTogether([
            ctx.heading(words("alpha"), 1),
            ctx.table((words("dimension"), words("alpha"), words("alpha_interval"),
                       words("people"), words("method")), rows, [2.4, 0.8, 1.2, 0.8, 1],
                      bold_first=True),
        ]))
        for position, dimension in enumerate(dimensions):
            story.append(KeepTogether([
                *([ctx.heading(words("items_table"), 1)] if position == 0 else []),
                ctx.text(dimension["name"], ctx.styles.h3),
                ctx.table((words("item_id"), words("statement"), words("reverse"),
                           words("item_total"), words("weak")),
                          [item_row(ctx, item) for item in dimension.get("items") or []],
                          [0.55, 4.2, 1.05, 1.25, 0.95]),
            ]))
    return story


def item_row(ctx: Context, item: dict) -> tuple[str, ...]:
    words = ctx.words
    return (item["id"], item.get("text") or "",
            words("yes") if item.get("reverse") else words("no"),
            words.number(item.get("item_total_r"), 2),
            words("yes") if item.get("weak") else "")


def _points(document: dict) -> int:
    for dimension in document.get("dimensions") or []:
        for item in dimension.get("items") or []:
            if item.get("distribution"):
                return len(item["distribution"])
    return 5


def comments(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    released = ctx.document.get("comments") or {}
    if not released.get("released"):
        return []
    story: list[Flowable] = [ctx.heading(words("comments")),
                             ctx.text(words("comments_intro"), st.muted)]
    for question in released.get("questions") or []:
        answers = question.get("answers") or []
        story.append(ctx.heading(question.get("text") or question.get("id"), 1))
        if not answers:
            story.append(ctx.text(words("no_comments"), st.muted))
        story += [ctx.text(f"“{answer}”" if answer else "", st.quote) for answer in answers]
    return story
