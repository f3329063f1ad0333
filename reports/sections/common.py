"""What every section needs: the document, labels, styles, and safe flowable helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from reports import markup
from reports.charts import render
from reports.styles import Styles, box_style, styles, table_style
from reports.texts import Labels

#: The tallest a chart may be (points): less than a page's frame, so it always fits.
MAX_CHART_HEIGHT = 560.0


class Heading(Paragraph):
    """A section heading that also becomes an entry in the PDF outline."""

    def __init__(self, text: str, style, *, level: int, key: str) -> None:
        super().__init__(markup.paragraph(text), style)
        self.outline_text = markup.plain(text)
        self.outline_level = level
        self.outline_key = key


@dataclass
class Context:
    """The document being printed and how to print it."""

    document: dict
    words: Labels
    width: float  #: usable frame width in points
    styles: Styles
    _headings: int = 0
    _charts: dict[str, Drawing] = field(default_factory=dict)

    @classmethod
    def create(cls, document: dict, words: Labels, width: float) -> Context:
        return cls(document=document, words=words, width=width, styles=styles())

    @property
    def k(self) -> int:
        return int(self.document["assessment"]["k"])

    def dimension(self, dimension_id: str | None) -> dict | None:
        for dimension in self.document.get("dimensions") or []:
            if dimension["id"] == dimension_id:
                return dimension
        return None

    def heading(self, text: str, level: int = 0) -> Heading:
        """A heading (level 0 = section, 1 = subsection) with an outline entry."""
        self._headings += 1
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[min(level, 2)]
        return Heading(text, style, level=level, key=f"section-{self._headings}")

    def text(self, value: object, style=None) -> Paragraph:
        """A paragraph of text shown literally, whoever wrote it."""
        return Paragraph(markup.paragraph(value), style or self.styles.body)

    def rich(self, *parts: tuple[str, object]) -> str:
        """Markup from (kind, text) parts: kind "b" bold, "i" italic, "" plain; all escaped."""
        out = []
        for kind, value in parts:
            safe = markup.paragraph(value)
            out.append(f"<{kind}>{safe}</{kind}>" if kind else safe)
        return "".join(out)

    def item_chart(self, dimension: dict) -> Drawing:
        """A dimension's statements chart, drawn once per report however often it is shown."""
        from reports.charts import items

        key = f"items:{dimension['id']}"
        if key not in self._charts:
            self._charts[key] = self.chart(items.figure(dimension, language=self.words.language))
        return self._charts[key]

    def chart(self, figure: Figure, width_share: float = 1.0) -> Drawing:
        """A matplotlib figure as vector shapes and real text, ``width_share`` of the column
        wide (sharp when zoomed or printed, searchable, and checkable by tests)."""
        drawing = render.to_drawing(figure, width=self.width * width_share)
        if drawing.height > MAX_CHART_HEIGHT:  # only with pathological labels: shrink, never cut
            factor = MAX_CHART_HEIGHT / drawing.height
            drawing.scale(factor, factor)
            drawing.width, drawing.height = drawing.width * factor, MAX_CHART_HEIGHT
        drawing.hAlign = "LEFT"
        return drawing

    def table(
        self,
        headers: tuple[str, ...] | list[str] | None,
        rows: Sequence[Sequence[object]],
        widths: list[float],
        *,
        bold_first: bool = False,
    ) -> Table:
        """A table of Paragraph cells (so long words wrap) with light rules."""
        data: list[list[Flowable]] = []
        if headers:
            data.append([self.text(h, self.styles.cell_head) for h in headers])
        for row in rows:
            data.append([
                cell if isinstance(cell, Flowable | list)
                else self.text(cell, self.styles.cell_bold if bold_first and i == 0
                               else self.styles.cell)
                for i, cell in enumerate(row)
            ])
        total = sum(widths)
        table = Table(data, colWidths=[self.width * w / total for w in widths],
                      repeatRows=1 if headers and _short(headers) else 0, hAlign="LEFT",
                      splitInRow=1)
        table.setStyle(table_style(header=bool(headers)))
        return table

    def box(self, flowables: list[Flowable], background, rule) -> Table:
        """A call-out box around ``flowables``."""
        table = Table([[flowables]], colWidths=[self.width], hAlign="LEFT", splitInRow=1)
        table.setStyle(box_style(background, rule))
        return table

    @staticmethod
    def space(height: float = 8) -> Spacer:
        return Spacer(1, height)


def _short(headers: tuple[str, ...] | list[str]) -> bool:
    """Whether a header row is short enough to repeat on every page a table spans.

    A header row of long user text (dimension names) could be taller than a page; repeating
    it would leave no room for the rows, so such tables are printed without the repeat.
    """
    return all(len(str(header)) <= 40 for header in headers)
