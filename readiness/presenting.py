"""Results for people to read: the document, its charts as inline SVG, and the downloads."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from .assessments import instrument_of
from .exports import download_name
from .i18n import own_name
from .models import Assessment
from .releases import MayRead, releasable, released_document
from .results import WITHHELD_MESSAGE, PdfUnavailable, document_language, render_pdf

PAGE_SIZES = ("A4", "letter")
log = logging.getLogger("readiness")


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt_text: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    svg: Markup | None  #: by matplotlib, every text escaped by its SVG writer; None if failed


@dataclass
class ResultsView:
    document: dict
    charts: dict[str, Chart] = field(default_factory=dict)
    #: why the barrier is the barrier, in sentences of the reading language
    barrier_reason: list[str] = field(default_factory=list)
    #: per dimension id: whether its answers hang together, in words (never a negative alpha)
    reliability: dict[str, str] = field(default_factory=dict)
    #: the stage the index alone would earn, by name, when gating held the stage back
    ungated_stage_name: str | None = None

    def items_chart(self, position: int) -> Chart | None:
        return self.charts.get(f"items-{position}")

    def segment_chart(self, position: int) -> Chart | None:
        return self.charts.get(f"segment-{position}")


def wanted_language() -> str | None:
    return request.args.get("language") or (str(get_locale()) if get_locale() else None)


def results_view(
    assessment: Assessment, language: str | None = None, may_read: MayRead | None = None
) -> ResultsView:
    """The released results with their charts; ``may_read`` says which earlier wave the reader
    may see in the trend (None: none)."""
    document = released_document(assessment, "page", language or wanted_language(), may_read)
    from reports.charts import document_charts  # matplotlib only when a page draws charts

    charts = {}
    for view in document_charts(document):
        charts[view.key] = Chart(
            key=view.key,
            title=view.title,
            alt_text=view.alt_text,
            caption=view.table.caption,
            headers=view.table.headers,
            rows=view.table.rows,
            svg=_drawn(view),
        )
    if document.get("suppressed"):
        return ResultsView(document, charts)
    threshold = instrument_of(assessment).gating.barrier_below
    bands = {band.get("id"): band.get("name") for band in document.get("bands") or []}
    return ResultsView(
        document,
        charts,
        barrier_reason=barrier_reason(document, threshold),
        reliability={d["id"]: reliability_words(d) for d in document.get("dimensions") or []},
        ungated_stage_name=bands.get((document.get("index") or {}).get("ungated_stage")),
    )


#: From this Cronbach's alpha on, a dimension's answers are said to hang together well.
GOOD_ALPHA = 0.70


def _score(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, "0.0")


def barrier_reason(document: dict, threshold: float) -> list[str]:
    """Why the barrier is the barrier: it is the first foundation below the line, readiness
    is built in foundation order, and a lower dimension later in that order builds on it."""
    found = document.get("barrier")
    if not found:
        return []
    dimensions = sorted(document.get("dimensions") or [], key=lambda d: d.get("order") or 0)
    name, score = found.get("name") or "", found.get("score")
    sentences = [
        _("%(name)s (%(score)s) is the first foundation below %(threshold)s.", name=name,
          score=_score(score), threshold=format_decimal(threshold, "0")),
        _("Readiness is built in this order: %(order)s. A later dimension cannot carry what an "
          "earlier one lacks, so this is where to start.",
          order=" → ".join(d.get("name") or "" for d in dimensions)),
    ]
    lower = [d for d in dimensions if d.get("id") != found.get("id") and score is not None
             and d.get("score") is not None and d["score"] < score]
    if lower:
        others = ", ".join(f"{d.get('name')} ({_score(d['score'])})" for d in lower)
        sentences.append(ngettext("%(others)s scores lower, but builds on %(name)s.",
                                  "%(others)s score lower, but build on %(name)s.",
                                  len(lower), others=others, name=name))
    return sentences


def reliability_words(dimension: dict) -> str:
    """Cronbach's alpha in words, as in the PDF: a negative alpha is never shown as a number."""
    alpha = (dimension.get("alpha") or {}).get("value")
    if alpha is None:
        return _("too few answers to tell")
    if alpha < 0:
        return _("answers to these statements do not hang together")
    shown = format_decimal(alpha, "0.00")
    if alpha >= GOOD_ALPHA:
        return _("yes (%(alpha)s)", alpha=shown)
    return _("less than we would like (%(alpha)s)", alpha=shown)


def _drawn(view) -> Markup | None:
    """The chart as inline SVG; None if it cannot be drawn (its text and table still show)."""
    try:
        svg = view.svg()  # reports.charts already writes CSP-safe presentation attributes
        # Trusted markup: matplotlib's SVG writer escapes every text it draws, to_svg escapes
        # the title, and tests/security/test_payloads.py proves hostile labels stay inert.
        return Markup(svg)  # noqa: S704  # nosec B704
    except Exception:  # a chart must never take the results page down with it
        log.exception("chart %s could not be drawn", view.key)
        return None


def withheld_message() -> str:
    """The plain words shown instead of results while the survey is open."""
    return _(WITHHELD_MESSAGE)


def withheld_download() -> Response:
    """What a download of results answers while the survey is open: 409 and no figures."""
    return Response(
        withheld_message() + "\n",
        status=409,
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )


def results_view_or_none(
    assessment: Assessment, language: str, may_read: MayRead | None = None
) -> ResultsView | None:
    """The results to show, or None while they are withheld (the page says why)."""
    if not releasable(assessment):
        return None
    return results_view(assessment, language, may_read)


@dataclass(frozen=True)
class ReadingLanguage:
    code: str
    name: str  #: in its own language, e.g. "Deutsch"
    url: str  #: this page in that language


def reading_languages(assessment: Assessment) -> list[ReadingLanguage]:
    """The languages the results can be read in: the instrument's, among those we translate."""
    offered = current_app.config["LANGUAGES"]
    values = dict(request.view_args or {})
    return [
        ReadingLanguage(code, own_name(code), url_for(request.endpoint, **values, language=code))
        for code in instrument_of(assessment).languages
        if code in offered
    ]


def json_download(assessment: Assessment, may_read: MayRead | None = None) -> Response:
    if not releasable(assessment):
        return withheld_download()
    document = released_document(assessment, "json", wanted_language(), may_read)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{download_name(assessment, "results.json")}"'
            )
        },
    )


def pdf_download(assessment: Assessment, may_read: MayRead | None = None) -> Response:
    if not releasable(assessment):
        return withheld_download()
    page_size = request.args.get("page_size", "A4")
    if page_size not in PAGE_SIZES:
        page_size = "A4"
    document = released_document(assessment, "pdf", wanted_language(), may_read)
    try:
        body = render_pdf(document, page_size=page_size)
    except PdfUnavailable:
        abort(503)
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{download_name(assessment, "report.pdf")}"'
            )
        },
    )


PPTX_MIMETYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def slides_download(assessment: Assessment, may_read: MayRead | None = None) -> Response:
    """The slides (PPTX) of the released results, released and audited as output "pptx"."""
    if not releasable(assessment):
        return withheld_download()
    from reports.slides import build_slides  # python-pptx only when someone asks for slides

    document = released_document(assessment, "pptx", wanted_language(), may_read)
    return Response(
        build_slides(document, barrier_below=instrument_of(assessment).gating.barrier_below),
        mimetype=PPTX_MIMETYPE,
        headers={
            "Content-Disposition": (
                f'attachment; filename="{download_name(assessment, "slides.pptx")}"'
            )
        },
    )


def slides_url_for(pdf_url: str) -> str | None:
    """Where the slides are, beside the PDF: every results PDF route ``….pdf`` has its slides
    at ``….pptx``."""
    return pdf_url[: -len(".pdf")] + ".pptx" if pdf_url.endswith(".pdf") else None


def render_results(
    template: str, assessment, pdf_url: str, may_read: MayRead | None = None, **context
) -> str:
    """A results page: the figures once released, otherwise the plain withheld message.

    The whole page, not only the figures, is in the language the results are written in, and
    the PDF and the slides it offers are in that language too.
    """
    language = document_language(assessment, wanted_language())
    slides_url = slides_url_for(pdf_url)
    with force_locale(language):
        return render_template(
            template,
            assessment=assessment,
            view=results_view_or_none(assessment, language, may_read),
            withheld=withheld_message(),
            pdf_url=f"{pdf_url}?language={language}",  # one of the instrument's language codes
            slides_url=f"{slides_url}?language={language}" if slides_url else None,
            reading_language=language,
            reading_languages=reading_languages(assessment),
            **context,
        )
