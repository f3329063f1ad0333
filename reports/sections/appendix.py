"""The appendix's method: the rules this instrument scores by (and no others), what the
statistics mean in plain words, how well each dimension's answers hang together, and the
open comments when released."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context

#: Cronbach's alpha from which a dimension's answers hang together acceptably / well.
ACCEPTABLE_ALPHA = 0.70
GOOD_ALPHA = 0.80
#: Below this they hang together only loosely; at or below zero (or missing), not at all.
LOOSE_ALPHA = 0.0


def appendix_start(ctx: Context) -> list[Flowable]:
    words = ctx.words
    return [ctx.heading(words("appendix")), ctx.text(words("appendix_intro"), ctx.styles.muted)]


def hang_together(ctx: Context, alpha: dict | None) -> str:
    """How well a dimension's answers hang together, in words (alpha in brackets)."""
    words = ctx.words
    value = (alpha or {}).get("value")
    if value is None:
        return words("alpha_unknown") if not (alpha or {}).get("n") else words("alpha_none")
    value = round(value, 2)  # judged as printed: 0.699 reads 0.70, acceptable
    if value <= LOOSE_ALPHA:
        return words("alpha_none")
    shown = words.number(value, 2)
    if value >= GOOD_ALPHA:
        return words("alpha_good", value=shown)
    if value >= ACCEPTABLE_ALPHA:
        return words("alpha_acceptable", value=shown)
    return words("alpha_loose", value=shown)


def rule_sentences(ctx: Context) -> list[str]:
    """How the stage is set, naming only the rules the instrument uses."""
    words = ctx.words
    rules = ctx.document.get("rules") or {}
    sentences = [words("method_index")]
    gate = rules.get("weakest_gate")
    if gate is not None:
        key = {0: "method_weakest_gate_zero", 1: "method_weakest_gate_one"}.get(
            gate, "method_weakest_gate_many")
        sentences.append(words(key, bands=gate))
    cap = rules.get("security_cap")
    if cap:
        sentences.append(words("method_security_cap", name=cap.get("name"),
                               floor=words.count(cap.get("floor")),
                               stage=cap.get("stage_name") or cap.get("stage")))
    if gate is None and not cap:
        sentences.append(words("method_no_gate"))
    sentences.append(words("method_barrier",
                           threshold=words.count(rules.get("barrier_below", 55))))
    if rules and rules.get("library") is None:
        sentences.append(words("method_no_library"))
    return sentences


def methodology(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    document = ctx.document
    assessment = document["assessment"]
    rules = document.get("rules") or {}
    fpc = words("method_fpc") if assessment.get("headcount") else ""
    missing = words("method_missing_dont_know" if rules.get("dont_know", True)
                    else "method_missing_blank")
    story: list[Flowable] = [
        ctx.heading(words("methodology"), 1),
        ctx.text(words("method_scoring", points=rules.get("points") or _points(document),
                       fpc=fpc, missing=missing), st.small),
        ctx.text(words("method_anonymity", k=assessment.get("k"),
                       comment_k=assessment.get("comment_k")), st.small),
        KeepTogether([ctx.text(words("method_rules"), st.h3),
                      *(ctx.text(sentence, st.small) for sentence in rule_sentences(ctx))]),
    ]
    bands = document.get("bands") or []
    if bands:
        story.append(KeepTogether([
            ctx.text(words("method_bands"), st.h3),
            ctx.table((words("stage"), words("score")),
                      [(band["name"], f"{words.count(band['lower'])}–{words.count(band['upper'])}")
                       for band in sorted(bands, key=lambda b: b["lower"])], [2, 1]),
        ]))
    story.append(KeepTogether([
        ctx.text(words("method_stats"), st.h3),
        *(ctx.text(words(key), st.small) for key in
          ("stat_interval", "stat_alpha", "stat_item_total",
           *(("stat_clear_change",) if document.get("trend") else ()))),
    ]))
    dimensions = sorted(document.get("dimensions") or [], key=lambda d: d.get("order", 0))
    if dimensions:
        story.append(KeepTogether([
            ctx.text(words("alpha"), st.h3),
            ctx.table((words("dimension"), words("hang_together"), words("people")),
                      [(d["name"], hang_together(ctx, d.get("alpha")),
                        words.count((d.get("alpha") or {}).get("n")))
                       for d in dimensions], [2.2, 3, 0.8], bold_first=True),
        ]))
        for position, dimension in enumerate(dimensions):
            story.append(KeepTogether([
                *([ctx.text(words("items_table"), st.h3)] if position == 0 else []),
                ctx.text(dimension["name"], st.cell_bold),
                ctx.table((words("statement"), words("reverse"), words("item_total"),
                           words("weak")),
                          [item_row(ctx, item) for item in dimension.get("items") or []],
                          [4.3, 1.1, 1.2, 1.0]),
            ]))
    return story


def item_row(ctx: Context, item: dict) -> tuple[str, ...]:
    words = ctx.words
    return (item.get("text") or "",
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
    story: list[Flowable] = [ctx.heading(words("comments"), 1),
                             ctx.text(words("comments_intro"), st.muted)]
    for question in released.get("questions") or []:
        answers = question.get("answers") or []
        story.append(ctx.text(question.get("text") or question.get("id"), st.h3))
        if not answers:
            story.append(ctx.text(words("no_comments"), st.muted))
        story += [ctx.text(f"“{answer}”" if answer else "", st.quote) for answer in answers]
    return story
