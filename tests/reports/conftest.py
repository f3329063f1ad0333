"""Fixtures for the reports tests: hand-made documents to the contract, and real ones."""

from __future__ import annotations

import copy
import io

import pypdf
import pytest
from matplotlib import pyplot

from reports import build_pdf
from tests.reports.sample import sample_document, scored_document, suppressed_document


@pytest.fixture
def document() -> dict:
    return sample_document("en")


@pytest.fixture
def german_document() -> dict:
    return sample_document("de")


@pytest.fixture
def suppressed() -> dict:
    return suppressed_document("en")


@pytest.fixture(scope="session")
def _scored() -> dict:
    return scored_document(300)


@pytest.fixture
def scored(_scored: dict) -> dict:
    """A document produced by ``scoring.document.build_document`` from synthetic answers."""
    return copy.deepcopy(_scored)


@pytest.fixture(scope="session")
def _english_pdf() -> bytes:
    return build_pdf(sample_document("en"))


@pytest.fixture
def english_pdf(_english_pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(_english_pdf))


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    """Charts must never go through pyplot: no figure may be registered there."""
    yield
    assert pyplot.get_fignums() == []


def text_of(pdf: bytes | pypdf.PdfReader) -> str:
    """All text of a PDF, whitespace collapsed to single spaces."""
    reader = pdf if isinstance(pdf, pypdf.PdfReader) else pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def body_text(pdf: bytes) -> str:
    """Text inside the page frames only (no running header or footer), whitespace collapsed."""
    from reports.pdf import MARGIN_BOTTOM, MARGIN_TOP

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    parts: list[str] = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        low, high = MARGIN_BOTTOM - 6, height - MARGIN_TOP + 12

        def keep(text, cm, tm, font, size, low=low, high=high):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if low <= y <= high:
                parts.append(text)

        page.extract_text(visitor_text=keep)
    return " ".join("".join(parts).split())


def squeezed(text: str) -> str:
    """Text without any whitespace, for comparing strings a line break may have split."""
    return "".join(text.split())
