"""The data behind a chart, as rows of display strings for an accessible data table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataTable:
    """A caption, column headers and rows of already formatted cells (plain text)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
