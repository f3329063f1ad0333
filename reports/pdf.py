"""The PDF report: ``ReportBuilder(document).build()`` returns the bytes of a finished PDF.

Built with reportlab's platypus from the results document alone. Every user-supplied string
passes through ``reports.markup``; nothing is fetched from anywhere while building.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from reports import fonts, markup
from reports.sections import (
    actions,
    appendix,
    comparisons,
    cover,
    dimensions,
    plan_change,
    questions,
    summary,
)
from reports.sections.common import Context, Heading
from reports.sections.suppressed import suppressed
from reports.styles import ACCENT, MUTED, RULE
from reports.texts import labels

SCHEMA = "readiness.results/1"
PAGE_SIZES = {"A4": A4, "letter": LETTER}
MARGIN_SIDE = 22 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm


#: Binary image streams: reportlab's pure-Python ASCII85 encoder was a tenth of the build time,
#: and the PDF gets smaller. This only changes how streams are written.
rl_config.useA85 = 0


#: Where a section starts: on a new page, on the same page when a third of it is left, or
#: straight after the previous section.
NEW_PAGE, SHARES, FOLLOWS = "new page", "shares", "follows"


class ReportError(ValueError):
    """The document cannot be printed (wrong schema, unknown page size)."""


class _NumberedCanvas(Canvas):
    """A canvas that holds pages back until the end, to print "Page n of N" on each."""

    def __init__(self, *args, decorate: Callable[[Canvas, int], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []
        self._decorate = decorate
        self._page_bookmarks: list[tuple[str, dict]] = []

    def bookmarkPage(self, key: str, **kwargs) -> None:  # noqa: N802 (reportlab's name)
        """Remember the bookmark with its page: the PDF page it points to exists only once
        the held pages are written (bookmarking now would point every entry at page 1)."""
        self._page_bookmarks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            for key, where in state["_page_bookmarks"]:
                Canvas.bookmarkPage(self, key, **where)
            self._decorate(self, total)
            super().showPage()
        super().save()


class _ReportTemplate(BaseDocTemplate):
    """Adds an outline entry for every ``Heading`` as it is placed."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Heading):
            # The heading's top on its page: the reader lands on the heading, not the page top.
            top = self.frame._y + flowable.height + 6  # noqa: SLF001 (reportlab's frame state)
            self.canv.bookmarkPage(flowable.outline_key, fit="XYZ", top=top, left=0)
            self.canv.addOutlineEntry(flowable.outline_text, flowable.outline_key,
                                      level=flowable.outline_level, closed=True)


class ReportBuilder:
    """Prints one results document as a PDF report in the document's language."""

    def __init__(self, document: dict, page_size: str = "A4") -> None:
        if document.get("schema") != SCHEMA:
            raise ReportError(f"expected a {SCHEMA} document, got {document.get('schema')!r}")
        if page_size not in PAGE_SIZES:
            raise ReportError(f"page size must be one of {', '.join(PAGE_SIZES)}")
        self.document = document
        self.page_size = PAGE_SIZES[page_size]
        self.words = labels(document.get("language") or "en")
        fonts.register()

    def build(self) -> bytes:
        """Return the finished PDF."""
        buffer = io.BytesIO()
        assessment = self.document["assessment"]
        template = _ReportTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=markup.plain(f"{report_title(self.document)}: {assessment.get('title') or ''}"),
            author=markup.plain(assessment.get("organisation")),
            subject=markup.plain(assessment.get("title")),
            creator=self.words("creator"),
            producer=self.words("creator"),
            lang=self.words.language,
            initialFontName=fonts.REGULAR,
        )
        frame = Frame(template.leftMargin, template.bottomMargin, template.width,
                      template.height, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        template.addPageTemplates([PageTemplate("cover", [frame]),
                                   PageTemplate("body", [frame])])
        self._frame_height = template.height
        context = Context.create(self.document, self.words, template.width)
        template.build(self.story(context), canvasmaker=self._canvas_maker())
        return buffer.getvalue()

    def story(self, ctx: Context) -> list[Flowable]:
        """The report's flowables: a main body of at most a few pages, then the appendix.

        A section starts a new page only when it has something to show; a section with
        nothing to show (one sentence) follows on the same page. Sections marked ``SHARES``
        start a new page only when less than a third of the page is left.
        """
        story: list[Flowable] = [*cover.cover(ctx), NextPageTemplate("body"), PageBreak()]
        if self.document.get("suppressed"):
            return story + suppressed(ctx)
        body = [
            (summary.summary, NEW_PAGE),
            (dimensions.dimensions, NEW_PAGE),
            (dimensions.barrier, SHARES),
            (comparisons.segments, NEW_PAGE),
            (comparisons.perception_gap, NEW_PAGE),
            (comparisons.trend_section, SHARES),
            (plan_change.plan_change, SHARES),  # the earlier wave's plan beside the trend
            (questions.questions, NEW_PAGE),  # custom pages' questions, when there are any
            (actions.recommendations, NEW_PAGE),
            (appendix.appendix_start, NEW_PAGE),
            (dimensions.statement_details, FOLLOWS),
            (comparisons.group_sizes, SHARES),
            (actions.more_actions, SHARES),
            (appendix.methodology, SHARES),
            (appendix.comments, SHARES),
        ]
        first = True
        for section, placing in body:
            flowables = section(ctx)
            if not flowables:
                continue
            brief = len(flowables) == 1 and not first
            if placing == NEW_PAGE and not first and not brief:
                story.append(PageBreak())
            elif placing in (SHARES, NEW_PAGE) and not first:
                story.append(CondPageBreak(self._frame_height / 3))
            story += flowables
            first = False
        return story

    def _canvas_maker(self) -> Callable[..., Canvas]:
        def make(*args, **kwargs) -> Canvas:
            return _NumberedCanvas(*args, decorate=self._decorate, **kwargs)

        return make

    def _decorate(self, canvas: Canvas, total: int) -> None:
        """Header and footer of every page but the cover."""
        width, height = self.page_size
        page = canvas.getPageNumber()
        canvas.saveState()
        if page == 1:
            canvas.setFillColor(ACCENT)
            canvas.rect(0, height - 8 * mm, width, 8 * mm, stroke=0, fill=1)
            canvas.restoreState()
            return
        assessment = self.document["assessment"]
        usable = width - 2 * MARGIN_SIDE
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_SIDE, height - MARGIN_TOP + 8 * mm, width - MARGIN_SIDE,
                    height - MARGIN_TOP + 8 * mm)
        canvas.setFillColor(MUTED)
        header = " · ".join(markup.plain(part) for part in
                            (assessment.get("organisation"), assessment.get("title")) if part)
        _draw_fitted(canvas, header, MARGIN_SIDE, height - MARGIN_TOP + 10 * mm, usable)
        footer_y = MARGIN_BOTTOM - 10 * mm
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawRightString(width - MARGIN_SIDE, footer_y,
                               self.words("page_of", page=page, pages=total))
        note = self.words("confidential", date=self.words.date(self.document.get("generated_on")))
        _draw_fitted(canvas, note, MARGIN_SIDE, footer_y, usable * 0.6)
        canvas.restoreState()


def _draw_fitted(canvas: Canvas, text: str, x: float, y: float, width: float) -> None:
    """Draw plain ``text`` at (x, y), shortened with an ellipsis to fit ``width``."""
    covered = fonts.register().regular_codepoints
    text = "".join(char if ord(char) in covered else markup.REPLACEMENT for char in text)
    size = 7.5
    if stringWidth(text, fonts.REGULAR, size) > width:
        while text and stringWidth(text + "…", fonts.REGULAR, size) > width:
            text = text[:-1]
        text += "…"
    canvas.setFont(fonts.REGULAR, size)
    canvas.drawString(x, y, text)


def report_title(document: dict) -> str:
    """The report's title: its instrument's (any instrument), else the generic one."""
    instrument = (document.get("assessment") or {}).get("instrument") or {}
    words = labels(document.get("language") or "en")
    return instrument.get("title") or words("report_title")


def build_pdf(document: dict, page_size: str = "A4") -> bytes:
    """Return the PDF report for ``document`` (A4 or "letter")."""
    return ReportBuilder(document, page_size=page_size).build()
