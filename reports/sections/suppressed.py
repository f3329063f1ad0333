"""The short report for an assessment with fewer than k responses: no figures at all."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.sections.common import Context
from reports.styles import ACCENT, ACCENT_LIGHT


def suppressed(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    return [
        ctx.heading(words("suppressed_title")),
        ctx.box([ctx.text(words("suppressed_body", k=ctx.k), st.body)], ACCENT_LIGHT, ACCENT),
        ctx.space(10),
        ctx.text(words("method_anonymity", k=ctx.k,
                       comment_k=ctx.document["assessment"].get("comment_k")), st.muted),
    ]
