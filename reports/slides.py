"""The slides: a PPTX deck of six to ten editable slides from a released results document.

Index and stage, the dimensions, the barrier and why it is the barrier, groups, the leader/staff
gap and the trend when the document has them, the top actions, the 90-day plan, and a closing
slide on how to read the figures. Everything comes from the ``readiness.results/1`` document
after suppression: a group the document marks suppressed never appears, not even its name.

Charts are native PowerPoint charts and tables are native tables, so a reader can restyle them;
every text is real text, sized so that it fits its box whole (``reports.fitting``): lines wrap at
spaces and the type shrinks, never a word cut or an ellipsis. Words come from ``slides.toml``
(en, de, fr; other languages read English), numbers and dates are written by Babel.
"""

from __future__ import annotations

import datetime
import functools
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from reports import palette
from reports.fitting import FONT_NAME, LAST_RESORT, Line, clean, fit, height_needed, text_width

TEXTS_FILE = Path(__file__).with_name("slides.toml")
FALLBACK = "en"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.55)
TOP_ACTIONS = 5
GROUP_SLIDES = 2
BARRIER_STATEMENTS = 2
#: The default instrument's barrier line, for a document without its rules.
BARRIER_BELOW = 55.0
#: Reliability (Cronbach's alpha) from which answers are said to hang together well.
GOOD_ALPHA = 0.70
LOW_N = 30
_EMU_PER_POINT = 12700
#: Text inset inside text boxes and table cells, in points.
BOX_INSET, CELL_INSET_X, CELL_INSET_Y = 4.0, 5.0, 3.0


class SlidesTextsError(ValueError):
    """slides.toml is incomplete."""


@functools.cache
def _texts() -> dict[str, dict[str, str]]:
    with TEXTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    for language, table in data.items():
        missing = sorted(set(data[FALLBACK]) - set(table))
        if missing:
            raise SlidesTextsError(f"{TEXTS_FILE.name}: [{language}] lacks {', '.join(missing)}")
    return data


def languages() -> tuple[str, ...]:
    return tuple(_texts())


@dataclass(frozen=True)
class Words:
    """The slides' words and number formats in one language."""

    language: str
    locale: Locale

    @classmethod
    def of(cls, language: str | None) -> Words:
        texts = _texts()
        code = language if language in texts else FALLBACK
        try:
            locale = Locale.parse(str(language or FALLBACK).replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            locale = Locale.parse(code)
        return cls(code, locale)

    def __call__(self, key: str, **values: object) -> str:
        template = _texts()[self.language][key]
        return template.format(**values) if values else template

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        return format_decimal(value, format="0." + "0" * digits if digits else "0",
                              locale=self.locale)

    def signed(self, value: float | None) -> str:
        if value is None:
            return "–"
        text = self.number(abs(value))
        return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)

    def count(self, value: int | None) -> str:
        return "–" if value is None else format_decimal(value, locale=self.locale)

    def percent(self, share: float | None) -> str:
        return "–" if share is None else format_percent(share, locale=self.locale)

    def day(self, iso: str | None) -> str:
        if not iso:
            return "–"
        try:
            day = datetime.date.fromisoformat(str(iso)[:10])
        except ValueError:
            return "–"
        return format_date(day, format="long", locale=self.locale)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _points(emu: int) -> float:
    return emu / _EMU_PER_POINT


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int


def build_slides(document: dict[str, Any], *, barrier_below: float | None = None) -> bytes:
    """The PPTX deck of ``document``, as bytes; ``barrier_below`` is the instrument's barrier
    line (else the document's ``rules``, else the default instrument's)."""
    return _Deck(document, barrier_below).build()


class _Deck:
    """Builds the deck slide by slide; each method adds one slide when it has something."""

    def __init__(self, document: dict[str, Any], barrier_below: float | None = None) -> None:
        self.document = document
        rules = document.get("rules")
        if barrier_below is None and isinstance(rules, dict):
            barrier_below = rules.get("barrier_below")
        self.barrier_below = (float(barrier_below) if isinstance(barrier_below, int | float)
                              else BARRIER_BELOW)
        self.words = Words.of(document.get("language"))
        self.deck = Presentation()
        self.deck.slide_width, self.deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        self.blank = self.deck.slide_layouts[6]
        assessment = document.get("assessment") or {}
        self.k = assessment.get("k")
        self.dimensions = sorted(document.get("dimensions") or [],
                                 key=lambda d: (d.get("order") or 0))
        self.barrier_id = (document.get("barrier") or {}).get("id")

    # ------------------------------------------------------------------ the deck

    def build(self) -> bytes:
        self.cover()
        if self.document.get("suppressed") or self.document.get("index") is None:
            self.withheld()
        else:
            self.profile()
            self.barrier()
            self.groups()
            self.gap()
            self.trend()
            self.actions()
            self.plan()
            self.about()
        self.deck.core_properties.title = clean(self._title())[:255]
        self.deck.core_properties.language = self.words.language
        buffer = io.BytesIO()
        self.deck.save(buffer)
        return buffer.getvalue()

    def _title(self) -> str:
        assessment = self.document.get("assessment") or {}
        return (assessment.get("title") or (assessment.get("instrument") or {}).get("title")
                or self.words("deck_title"))

    def _slide(self, title: str):
        slide = self.deck.slides.add_slide(self.blank)
        self.text(slide, Box(MARGIN, Inches(0.35), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)),
                  [Line(title, bold=True)], largest=30, smallest=16, colour=palette.ACCENT)
        return slide

    def _body(self, top: float = 1.35, left: int | None = None,
              width: int | None = None, bottom: float = 0.45) -> Box:
        left = MARGIN if left is None else left
        width = SLIDE_WIDTH - 2 * MARGIN if width is None else width
        return Box(left, Inches(top), width, SLIDE_HEIGHT - Inches(top) - Inches(bottom))

    # ------------------------------------------------------------------ slides

    def cover(self) -> None:
        words, document = self.words, self.document
        assessment = document.get("assessment") or {}
        instrument = (assessment.get("instrument") or {}).get("title") or words("deck_title")
        slide = self.deck.slides.add_slide(self.blank)
        lines = [Line(instrument, scale=0.6)]
        lines.append(Line(self._title(), bold=True, scale=1.0))
        if assessment.get("organisation"):
            lines.append(Line(assessment["organisation"], scale=0.65))
        if assessment.get("opens_on") or assessment.get("closes_on"):
            lines.append(Line(words("period", start=words.day(assessment.get("opens_on")),
                                    end=words.day(assessment.get("closes_on"))), scale=0.55))
        left = Box(MARGIN, Inches(0.6), Inches(6.4), Inches(3.6))
        self.text(slide, left, lines, largest=34, smallest=12, colour=palette.INK)
        index = document.get("index")
        if document.get("suppressed") or not index:
            return
        right = Box(Inches(7.4), Inches(0.6), SLIDE_WIDTH - Inches(7.4) - MARGIN, Inches(3.6))
        low, high = (index.get("ci") or [None, None])
        figures = [
            Line(words("index_title"), scale=0.3),
            Line(words.number(index.get("score")), bold=True, scale=1.0, space_after=0.0),
            Line(words("out_of"), scale=0.3),
            Line(words("stage", stage=index.get("stage_name") or "–"), bold=True, scale=0.5),
            Line(words("interval", low=words.number(low), high=words.number(high)), scale=0.3),
            Line(self._people(), scale=0.3),
        ]
        self.text(slide, right, figures, largest=60, smallest=14, colour=palette.ACCENT)
        notes = self._stage_notes()
        top: int = Inches(4.35)
        if notes:
            self.text(slide, Box(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(0.8)),
                      [Line(note) for note in notes], largest=16, smallest=9,
                      colour=palette.MUTED)
            top += Inches(0.85)
        self._stage_ladder(slide, Box(MARGIN, int(top), SLIDE_WIDTH - 2 * MARGIN,
                                      SLIDE_HEIGHT - top - Inches(0.5)), index.get("stage"))

    def _people(self) -> str:
        words, document = self.words, self.document
        headcount = (document.get("assessment") or {}).get("headcount")
        if headcount and document.get("response_rate") is not None:
            return words("people_rate", n=words.count(document.get("n")),
                         rate=words.percent(document["response_rate"]),
                         headcount=words.count(headcount))
        return words("people", n=words.count(document.get("n")))

    def _stage_notes(self) -> list[str]:
        words, index = self.words, self.document.get("index") or {}
        bands = {b.get("id"): b.get("name") for b in self.document.get("bands") or []}
        notes = []
        ungated = index.get("ungated_stage")
        if index.get("gates") and ungated and ungated != index.get("stage"):
            notes.append(words("gated", stage=index.get("stage_name") or "–",
                               ungated=bands.get(ungated) or "–"))
        if index.get("borderline"):
            notes.append(words("borderline"))
        return notes

    def _stage_ladder(self, slide, box: Box, current: str | None) -> None:
        bands = self.document.get("bands") or []
        if not bands:
            return
        words = self.words
        header = [band.get("name") or "" for band in bands]
        row = [words("stage_range", lower=words.number(band.get("lower"), 0),
                     upper=words.number(band.get("upper"), 0)) for band in bands]
        fills = {(r, c): (palette.ACCENT if band.get("id") == current
                          else palette.band_colour(c))
                 for c, band in enumerate(bands) for r in (0, 1)}
        inks = {(r, c): "#ffffff" for c, band in enumerate(bands) for r in (0, 1)
                if band.get("id") == current}
        self.table(slide, Box(box.left, box.top, box.width, min(box.height, Inches(1.3))),
                   None, [header, row], largest=18, smallest=9, equal=True,
                   fills=fills, inks=inks, bold_rows={0}, align=PP_ALIGN.CENTER)

    def withheld(self) -> None:
        words = self.words
        slide = self._slide(words("withheld_title"))
        self.text(slide, self._body(), [Line(words("withheld", k=self.k or "–"))],
                  largest=24, smallest=12)

    def profile(self) -> None:
        words = self.words
        slide = self._slide(words("dimensions_title"))
        self.text(slide, Box(MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.45)),
                  [Line(words("dimensions_intro"))], largest=16, smallest=9,
                  colour=palette.MUTED)
        shown = [d for d in self.dimensions if d.get("score") is not None]
        half = (SLIDE_WIDTH - 2 * MARGIN) // 2
        if shown:
            self.bar_chart(slide, self._body(top=1.75, width=half - Inches(0.2)),
                           [d["name"] for d in shown],
                           [("", [d["score"] for d in shown])],
                           highlight={i for i, d in enumerate(shown)
                                      if d.get("id") == self.barrier_id})
        rows = [
            [d.get("name") or "", words.number(d.get("score")), d.get("stage_name") or "–",
             words.percent((d.get("favourable") or {}).get("share"))]
            for d in self.dimensions
        ]
        bold = {i + 1 for i, d in enumerate(self.dimensions) if d.get("id") == self.barrier_id}
        self.table(slide, self._body(top=1.75, left=MARGIN + half, width=half),
                   [words("dimension"), words("score"), words("stage_column"),
                    words("favourable")], rows, largest=18, smallest=9, bold_rows=bold)

    def barrier(self) -> None:
        words = self.words
        found = self.document.get("barrier")
        threshold = words.number(self.barrier_below, 0)
        if not found:
            weakest = next((d for d in self.dimensions
                            if d.get("id") == self.document.get("weakest")), None)
            slide = self._slide(words("barrier_none_title"))
            text = words("barrier_none", threshold=threshold,
                         name=(weakest or {}).get("name") or "–",
                         score=words.number((weakest or {}).get("score")))
            self.text(slide, self._body(), [Line(text)], largest=24, smallest=12)
            return
        name = found.get("name") or ""
        slide = self._slide(words("barrier_title", name=name))
        lines = [Line(sentence) for sentence in barrier_reason(self.document, words,
                                                               self.barrier_below)]
        dimension = next((d for d in self.dimensions if d.get("id") == found.get("id")), None)
        statements = weakest_statements(dimension, BARRIER_STATEMENTS)
        if statements:
            lines.append(Line(words("barrier_statements", name=name), bold=True))
            lines += [Line("• " + words("statement_agree",
                                        agree=words.percent(share), text=text), scale=0.9)
                      for text, share in statements]
        body = self._body()
        strip = Inches(1.25)
        self.text(slide, Box(body.left, body.top, body.width, body.height - strip - Inches(0.2)),
                  lines, largest=24, smallest=10)
        self._foundations(slide, Box(body.left, body.top + body.height - strip, body.width,
                                     strip), found.get("id"))

    def _foundations(self, slide, box: Box, barrier_id: str | None) -> None:
        """The dimensions in foundation order with their scores, the barrier marked and those
        below the line tinted: why a lower score later in the order is not the barrier."""
        words = self.words
        names = [f"{position}. {d.get('name') or ''}"
                 for position, d in enumerate(self.dimensions, start=1)]
        scores = [words.number(d.get("score")) for d in self.dimensions]
        fills, inks = {}, {}
        for c, dimension in enumerate(self.dimensions):
            score = dimension.get("score")
            if dimension.get("id") == barrier_id:
                fills[(0, c)] = fills[(1, c)] = palette.VERMILLION
                inks[(0, c)] = inks[(1, c)] = "#ffffff"
            elif score is not None and score < self.barrier_below:
                fills[(0, c)] = fills[(1, c)] = palette.HEAT[1]
            else:
                fills[(0, c)] = fills[(1, c)] = palette.PAPER_TINT
        self.table(slide, box, None, [names, scores], largest=16, smallest=8, equal=True,
                   fills=fills, inks=inks, bold_rows={1}, align=PP_ALIGN.CENTER)

    def groups(self) -> None:
        words = self.words
        made = 0
        for segment in self.document.get("segments") or []:
            shown = [g for g in segment.get("groups") or [] if not g.get("suppressed")]
            if not shown or made >= GROUP_SLIDES:
                continue
            made += 1
            slide = self._slide(words("groups_title", question=segment.get("name") or ""))
            note = words("groups_intro", k=self.k or "–")
            self.text(slide, Box(MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6)),
                      [Line(note)], largest=15, smallest=9, colour=palette.MUTED)
            header = [words("group"), words("index")] + [d.get("name") or ""
                                                         for d in self.dimensions]
            rows, fills, inks = [], {}, {}
            for r, group in enumerate(shown, start=1):
                values = [group.get("index")] + [(group.get("dimensions") or {}).get(d.get("id"))
                                                  for d in self.dimensions]
                rows.append([group.get("label") or ""] + [words.number(v) for v in values])
                for c, value in enumerate(values, start=1):
                    fills[(r, c)] = heat_colour(value)
                    if fills[(r, c)] in (palette.HEAT[0], palette.HEAT[-1]):
                        inks[(r, c)] = "#ffffff"
            self.table(slide, self._body(top=1.9), header, rows, largest=16, smallest=7,
                       fills=fills, inks=inks)

    def gap(self) -> None:
        gap = self.document.get("perception_gap") or {}
        if not gap.get("available"):
            return
        words = self.words
        rows = [r for r in gap.get("dimensions") or []
                if r.get("leaders") is not None and r.get("others") is not None]
        if not rows:
            return
        slide = self._slide(words("gap_title"))
        index = gap.get("index") or {}
        lines = [Line(words("gap_index", leaders=words.number(index.get("leaders")),
                            others=words.number(index.get("others"))))]
        largest = max(rows, key=lambda r: abs(r.get("gap") or 0.0))
        lines.append(Line(words("gap_largest", name=largest.get("name") or "",
                                gap=words.signed(largest.get("gap")))))
        self.text(slide, Box(MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)),
                  lines, largest=18, smallest=9, colour=palette.INK)
        self.bar_chart(slide, self._body(top=2.2), [r.get("name") or "" for r in rows],
                       [(words("leaders"), [r["leaders"] for r in rows]),
                        (words("others"), [r["others"] for r in rows])],
                       colours=(palette.LEADERS, palette.OTHERS))

    def trend(self) -> None:
        trend = self.document.get("trend")
        if not trend:
            return
        words = self.words
        previous = trend.get("previous") or {}
        slide = self._slide(words("trend_title", title=previous.get("title") or ""))
        index = trend.get("index") or {}
        lines = [Line(words("trend_index", before=words.number(index.get("previous")),
                            after=words.number(index.get("current")),
                            change=words.signed(index.get("change")))),
                 Line(words("trend_significant" if index.get("significant")
                            else "trend_chance"))]
        self.text(slide, Box(MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.95)),
                  lines, largest=18, smallest=9)
        rows = [[row.get("name") or "", words.number(row.get("previous")),
                 words.number(row.get("current")), words.signed(row.get("change")),
                 words("yes") if row.get("significant") else words("no")]
                for row in trend.get("dimensions") or []]
        self.table(slide, self._body(top=2.25),
                   [words("dimension"), words("before"), words("now"), words("change"),
                    words("beyond_chance")], rows, largest=18, smallest=8)

    def actions(self) -> None:
        words = self.words
        slide = self._slide(words("actions_title"))
        chosen = top_actions(self.document)
        if not chosen:
            self.text(slide, self._body(), [Line(words("actions_none"))], largest=22)
            return
        lines: list[Line] = []
        for number, action in enumerate(chosen, start=1):
            lines.append(Line(f"{number}. {action.get('title') or ''}", bold=True,
                              space_after=0.1))
            lines.append(Line(f"{words('why')}: {action.get('why') or ''}", scale=0.75,
                              space_after=0.6))
        self.text(slide, self._body(), lines, largest=24, smallest=9)

    def plan(self) -> None:
        words = self.words
        slide = self._slide(words("plan_title"))
        by_id = {r.get("id"): r for r in self.document.get("recommendations") or []}
        plan = self.document.get("plan") or {}
        cells = []
        for horizon in ("30", "60", "90"):
            titles = [by_id[i].get("title") or "" for i in plan.get(horizon) or [] if i in by_id]
            cells.append(["• " + title for title in titles] or [words("plan_empty")])
        self.table(slide, self._body(), [words("plan_30"), words("plan_60"), words("plan_90")],
                   [cells], largest=20, smallest=9, equal=True)

    def about(self) -> None:
        words, document = self.words, self.document
        slide = self._slide(words("about_title"))
        lines = [Line(words("about_people", n=words.count(document.get("n")),
                            k=self.k or "–"))]
        headcount = (document.get("assessment") or {}).get("headcount")
        if headcount and document.get("response_rate") is not None:
            lines.append(Line(words("about_rate", rate=words.percent(document["response_rate"]),
                                    headcount=words.count(headcount))))
        if (document.get("reliability") or {}).get("low_n") or (document.get("n") or 0) < LOW_N:
            lines.append(Line(words("about_low_n")))
        lines.append(Line(words("about_method")))
        lines.append(Line(words("more_in_pdf")))
        half = (SLIDE_WIDTH - 2 * MARGIN) // 2
        self.text(slide, self._body(width=half - Inches(0.3)), lines, largest=20, smallest=9)
        rows = [[d.get("name") or "", words.count(d.get("n")), reliability_words(d, words)]
                for d in self.dimensions]
        self.table(slide, self._body(left=MARGIN + half, width=half),
                   [words("dimension"), words("people_column"), words("reliability")], rows,
                   largest=16, smallest=8)

    # ------------------------------------------------------------------ drawing

    def text(self, slide, box: Box, lines: list[Line], *, largest: float, smallest: float = 8,
             colour: str = palette.INK, align=PP_ALIGN.LEFT) -> None:
        """A text box holding ``lines`` whole, at the largest size that fits it."""
        lines = [Line(clean(line.text), line.bold, line.scale, line.space_after)
                 for line in lines]
        inner_width = _points(box.width) - 2 * BOX_INSET
        inner_height = _points(box.height) - 2 * BOX_INSET
        size = fit(lines, inner_width, inner_height, largest, smallest)
        shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width),
                                         Emu(box.height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", Pt(BOX_INSET))
        for position, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
            paragraph.alignment = align
            paragraph.line_spacing = 1.0
            paragraph.space_after = Pt(size * line.scale * line.space_after)
            run = paragraph.add_run()
            run.text = line.text
            _style(run.font, size * line.scale, line.bold, colour)

    def table(self, slide, box: Box, header: list[str] | None, rows: list[list[Any]], *,
              largest: float, smallest: float = 7, equal: bool = False,
              fills: dict | None = None, inks: dict | None = None,
              bold_rows: frozenset[int] | set[int] = frozenset(),
              align=PP_ALIGN.LEFT) -> None:
        """A native table whose every cell holds its text whole, in one type size; a cell may
        hold a list of lines (one paragraph each). Columns get the width their words need
        (or equal widths), and the type is the largest at which the table fits the box."""
        grid = ([list(header)] if header else []) + rows
        grid = [[_cell_lines(cell) for cell in row] for row in grid]
        bold = set(bold_rows) | ({0} if header else set())
        size, widths = smallest, _column_widths(grid, box.width, smallest, bold, equal)
        candidate = largest
        while candidate >= LAST_RESORT:  # below smallest only for absurd words
            found = _column_widths(grid, box.width, candidate, bold, equal)
            if found is not None and sum(_row_height(row, found, candidate, r in bold)
                                         for r, row in enumerate(grid)) <= box.height:
                size, widths = candidate, found
                break
            candidate -= 0.5 if candidate > smallest else 0.25
        else:
            size, widths = LAST_RESORT, None
        if widths is None:  # nothing fits even so: equal columns, text still whole
            widths = [box.width / len(grid[0])] * len(grid[0])
        heights = [min(_row_height(row, widths, size, r in bold), box.height)
                   for r, row in enumerate(grid)]
        shape = slide.shapes.add_table(len(grid), len(grid[0]), Emu(box.left), Emu(box.top),
                                       Emu(box.width), Emu(int(sum(heights))))
        table = shape.table
        table.first_row = bool(header)
        for c, width in enumerate(widths):
            table.columns[c].width = Emu(int(width))
        for r, row in enumerate(grid):
            table.rows[r].height = Emu(int(heights[r]))
            for c, lines in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Pt(CELL_INSET_X)
                cell.margin_top = cell.margin_bottom = Pt(CELL_INSET_Y)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                fill = (fills or {}).get((r, c)) or (palette.PAPER_TINT if header and r == 0
                                                     else "#ffffff")
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fill)
                frame = cell.text_frame
                frame.word_wrap = True
                for position, text in enumerate(lines):
                    paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
                    paragraph.alignment = align
                    paragraph.line_spacing = 1.0
                    run = paragraph.add_run()
                    run.text = text
                    _style(run.font, size, r in bold, (inks or {}).get((r, c), palette.INK))

    def bar_chart(self, slide, box: Box, categories: list[str],
                  series: list[tuple[str, list[float]]], *,
                  highlight: frozenset[int] | set[int] = frozenset(),
                  colours: tuple[str, ...] = (palette.BLUE,)) -> None:
        """A native horizontal bar chart, 0–100, labelled with Babel-formatted numbers."""
        data = CategoryChartData(number_format="0.0")
        data.categories = [clean(category) for category in categories]
        for name, values in series:
            data.add_series(clean(name) or " ", values)
        frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Emu(box.left), Emu(box.top),
                                       Emu(box.width), Emu(box.height), data)
        chart = frame.chart
        chart.font.name = FONT_NAME
        chart.font.size = Pt(12)
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        value_axis = chart.value_axis
        value_axis.minimum_scale, value_axis.maximum_scale = 0, 100
        value_axis.major_unit = 20
        value_axis.has_major_gridlines = True
        value_axis.major_gridlines.format.line.color.rgb = _rgb(palette.RULE)
        value_axis.tick_labels.font.color.rgb = _rgb(palette.MUTED)
        category_axis = chart.category_axis
        category_axis.reverse_order = True  # the first dimension on top, as in the table
        category_axis.tick_labels.font.color.rgb = _rgb(palette.INK)
        category_axis.format.line.color.rgb = _rgb(palette.RULE)
        plot = chart.plots[0]
        plot.gap_width = 60
        for position, chart_series in enumerate(plot.series):
            chart_series.format.fill.solid()
            chart_series.format.fill.fore_color.rgb = _rgb(colours[position % len(colours)])
            values = series[position][1]
            for index, point in enumerate(chart_series.points):
                if index in highlight:
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = _rgb(palette.VERMILLION)
                label = point.data_label
                label.has_text_frame = True
                label.text_frame.text = self.words.number(values[index])
                label.text_frame.paragraphs[0].runs[0].font.size = Pt(11)


def _style(font, size: float, bold: bool, colour: str) -> None:
    font.name = FONT_NAME
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)


def _column_widths(grid: list[list[list[str]]], total: int, size: float, bold: set[int],
                   equal: bool) -> list[float] | None:
    """EMU widths at type ``size``: each column at least its widest word, the rest shared by
    how much longer its lines are; None when the widest words alone exceed ``total``."""
    columns = len(grid[0])
    inset = (2 * CELL_INSET_X + 1) * _EMU_PER_POINT  # a point to spare for rounding
    least, natural = [0.0] * columns, [0.0] * columns
    for r, row in enumerate(grid):
        for c, lines in enumerate(row):
            for text in lines:
                words = text.split() or [""]
                least[c] = max(least[c], max(text_width(w, size, r in bold) for w in words))
                natural[c] = max(natural[c], text_width(text, size, r in bold))
    least = [width * _EMU_PER_POINT + inset for width in least]
    natural = [width * _EMU_PER_POINT + inset for width in natural]
    if equal:
        return [total / columns] * columns if max(least) <= total / columns else None
    if sum(least) > total:
        return None
    if sum(natural) <= total:
        spare = (total - sum(natural)) / columns
        return [width + spare for width in natural]
    wanted = [n - m for n, m in zip(natural, least, strict=True)]
    share = (total - sum(least)) / sum(wanted)
    return [m + w * share for m, w in zip(least, wanted, strict=True)]


def _row_height(row: list[list[str]], widths: list[float], size: float, bold: bool) -> float:
    """EMU a row needs at ``size`` (infinite when a word does not fit its column)."""
    tallest = 0.0
    for lines, width in zip(row, widths, strict=True):
        paragraphs = [Line(text, bold, 1.0, 0.0) for text in lines]
        needed = height_needed(paragraphs, _points(int(width)) - 2 * CELL_INSET_X, size)
        tallest = max(tallest, float("inf") if needed is None else needed)
    return (tallest + 2 * CELL_INSET_Y) * _EMU_PER_POINT


def _cell_lines(cell: Any) -> list[str]:
    if isinstance(cell, list | tuple):
        return [clean(text) for text in cell] or [""]
    return [clean(cell)]


# ---------------------------------------------------------------------- readings


def barrier_reason(document: dict, words: Words, threshold: float = BARRIER_BELOW) -> list[str]:
    """Why the barrier is the barrier: the first foundation below the line, the order the
    model builds in, and which lower-scoring dimensions build on it."""
    found = document.get("barrier")
    if not found:
        return []
    dimensions = sorted(document.get("dimensions") or [], key=lambda d: (d.get("order") or 0))
    name = found.get("name") or ""
    sentences = [
        words("barrier_why", name=name, score=words.number(found.get("score")),
              threshold=words.number(threshold, 0)),
        words("barrier_order", order=" → ".join(d.get("name") or "" for d in dimensions)),
    ]
    score = found.get("score")
    lower = [d for d in dimensions if d.get("id") != found.get("id")
             and d.get("score") is not None and score is not None and d["score"] < score]
    if lower:
        others = ", ".join(f"{d.get('name')} ({words.number(d['score'])})" for d in lower)
        key = "barrier_lower_one" if len(lower) == 1 else "barrier_lower"
        sentences.append(words(key, others=others, name=name))
    return sentences


def weakest_statements(dimension: dict | None, count: int) -> list[tuple[str, float]]:
    """The statements of a dimension with the fewest favourable answers, and that share."""
    if not dimension:
        return []
    scored: list[tuple[str, float]] = []
    for item in dimension.get("items") or []:
        share = (item.get("favourable") or {}).get("share")
        if share is not None and item.get("text"):
            scored.append((str(item["text"]), float(share)))
    return sorted(scored, key=lambda pair: pair[1])[:count]


def top_actions(document: dict, count: int = TOP_ACTIONS) -> list[dict]:
    """The first actions of the ranking, in the document's order (barrier first)."""
    return list(document.get("recommendations") or [])[:count]


def reliability_words(dimension: dict, words: Words) -> str:
    """Cronbach's alpha in words: a negative alpha is never printed as a number."""
    alpha = (dimension.get("alpha") or {}).get("value")
    if alpha is None:
        return words("reliability_unknown")
    if alpha < 0:
        return words("reliability_none")
    shown = words.number(alpha, 2)
    return words("reliability_good" if alpha >= GOOD_ALPHA else "reliability_low", alpha=shown)


def heat_colour(value: float | None) -> str:
    """A cell's tint: orange for low scores through grey to blue for high ones."""
    if value is None:
        return "#ffffff"
    steps = (40, 55, 70, 85)
    position = sum(value >= step for step in steps)
    return palette.HEAT[min(position, len(palette.HEAT) - 1)]
