"""Reading a deck back with python-pptx: every text a slide shows, and whether it fits."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu

from reports.fitting import Line, height_needed
from reports.slides import BOX_INSET, CELL_INSET_X, CELL_INSET_Y


def open_deck(body: bytes):
    return Presentation(io.BytesIO(body))


def slide_texts(slide) -> list[str]:
    """Every text on a slide: text boxes, table cells, chart categories, series and labels."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts += [p.text for p in shape.text_frame.paragraphs]
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    texts += [p.text for p in cell.text_frame.paragraphs]
        if shape.has_chart:
            plot = shape.chart.plots[0]
            texts += [str(c) for c in plot.categories]
            for series in plot.series:
                texts.append(series.name)
                for point in series.points:
                    if point.data_label.has_text_frame:
                        texts.append(point.data_label.text_frame.text)
    return [t for t in texts if t]


def slide_text(slide) -> str:
    return "\n".join(slide_texts(slide))


def _points(emu) -> float:
    return Emu(emu).pt


def overflowing(slide) -> list[str]:
    """Texts that do not fit their box or cell at the size they are set in (measured like
    reports.fitting measures): a word wider than its box, or more lines than its height."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            frame = shape.text_frame
            lines = [_line(p) for p in frame.paragraphs if p.runs]
            width = _points(shape.width) - 2 * BOX_INSET
            height = _points(shape.height) - 2 * BOX_INSET
            needed = sum(_paragraph_height(line, size, width) for line, size in lines)
            if needed > height + 0.5:
                found.append(frame.text)
        if shape.has_table:
            table = shape.table
            for row in table.rows:
                for c, cell in enumerate(row.cells):
                    width = _points(table.columns[c].width) - 2 * CELL_INSET_X
                    height = _points(row.height) - 2 * CELL_INSET_Y
                    lines = [_line(p) for p in cell.text_frame.paragraphs if p.runs]
                    needed = sum(_paragraph_height(line, size, width) for line, size in lines)
                    if needed > height + 0.5:
                        found.append(cell.text_frame.text)
            if sum(_points(row.height) for row in table.rows) > _points(shape.height) + 1:
                found.append("table taller than its frame")
            bottom = shape.top + sum(row.height for row in table.rows)
            if bottom > slide.part.package.presentation_part.presentation.slide_height:
                found.append("table runs off the slide")
    return found


def _line(paragraph) -> tuple[Line, float]:
    run = paragraph.runs[0]
    size = run.font.size.pt
    spacing = paragraph.space_after.pt / size if paragraph.space_after is not None else 0.0
    return Line(paragraph.text, bool(run.font.bold), 1.0, spacing), size


def _paragraph_height(line: Line, size: float, width: float) -> float:
    needed = height_needed([line], width, size)
    return float("inf") if needed is None else needed
