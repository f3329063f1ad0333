"""Paragraph and table styles of the report: one type scale, light rules, calm colours."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from reports import fonts, palette

INK = colors.HexColor(palette.INK)
MUTED = colors.HexColor(palette.MUTED)
RULE = colors.HexColor(palette.RULE)
TINT = colors.HexColor(palette.PAPER_TINT)
ACCENT = colors.HexColor(palette.ACCENT)
ACCENT_LIGHT = colors.HexColor(palette.ACCENT_LIGHT)
CAUTION = colors.HexColor("#fbf1e6")
CAUTION_RULE = colors.HexColor(palette.ORANGE)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used across the report."""

    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cover_organisation: ParagraphStyle
    cover_title: ParagraphStyle
    cover_meta: ParagraphStyle
    cover_score: ParagraphStyle
    cover_stage: ParagraphStyle
    big_number: ParagraphStyle
    bullet: ParagraphStyle
    quote: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """Build the styles once (fonts are registered on first use)."""
    fonts.register()
    base = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=9.5, leading=14, textColor=INK,
        alignment=TA_LEFT, spaceAfter=6, bulletFontName=fonts.REGULAR, splitLongWords=True,
        allowWidows=0, allowOrphans=0,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return Styles(
        body=base,
        lead=derive("lead", fontSize=10.5, leading=15, spaceAfter=5),
        small=derive("small", fontSize=8.5, leading=12),
        muted=derive("muted", fontSize=8.5, leading=12, textColor=MUTED),
        cell=derive("cell", fontSize=8.5, leading=11.5, spaceAfter=0),
        cell_bold=derive("cell_bold", fontName=fonts.BOLD, fontSize=8.5, leading=11.5,
                         spaceAfter=0),
        cell_head=derive("cell_head", fontName=fonts.BOLD, fontSize=7.5, leading=10,
                         textColor=MUTED, spaceAfter=0),
        h1=derive("h1", fontName=fonts.BOLD, fontSize=17, leading=22, textColor=ACCENT,
                  spaceBefore=4, spaceAfter=10, keepWithNext=1),
        h2=derive("h2", fontName=fonts.BOLD, fontSize=12.5, leading=16, spaceBefore=12,
                  spaceAfter=5, keepWithNext=1),
        h3=derive("h3", fontName=fonts.BOLD, fontSize=10, leading=13.5, spaceBefore=8,
                  spaceAfter=3, keepWithNext=1),
        cover_organisation=derive("cover_organisation", fontName=fonts.BOLD, fontSize=26,
                                  leading=32, textColor=INK, spaceAfter=10),
        cover_title=derive("cover_title", fontSize=15, leading=20, textColor=INK,
                           spaceAfter=6),
        cover_meta=derive("cover_meta", fontSize=10, leading=14, textColor=MUTED),
        cover_score=derive("cover_score", fontName=fonts.BOLD, fontSize=54, leading=60,
                           textColor=ACCENT, spaceAfter=0),
        cover_stage=derive("cover_stage", fontName=fonts.BOLD, fontSize=20, leading=25,
                           textColor=INK, spaceAfter=4),
        big_number=derive("big_number", fontName=fonts.BOLD, fontSize=22, leading=26,
                          textColor=ACCENT, spaceAfter=0),
        bullet=derive("bullet", leftIndent=14, bulletIndent=0, spaceAfter=4),
        quote=derive("quote", leftIndent=10, borderPadding=(2, 0, 2, 6), spaceAfter=7,
                     fontName=fonts.ITALIC),
    )


def table_style(*, header: bool = True, zebra: bool = False, rows: int = 0) -> TableStyle:
    """Light horizontal rules, a tinted header row, generous padding."""
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), TINT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ]
    if zebra:
        commands += [("BACKGROUND", (0, row), (-1, row), TINT) for row in range(2, rows, 2)]
    return TableStyle(commands)


def box_style(background: colors.Color, rule: colors.Color) -> TableStyle:
    """A one-cell table used as a call-out box with a coloured left rule."""
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LINEBEFORE", (0, 0), (0, -1), 3, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ])
