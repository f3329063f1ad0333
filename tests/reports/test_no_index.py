"""Enough people answered, but too few answered enough statements of each dimension for an
index: the PDF and the slides say so in plain words instead of failing."""

import io

import numpy as np
import pypdf
import pytest

from reports import build_pdf
from reports.slides import build_slides
from scoring.document import build_document
from scoring.responses import Responses
from surveys.loader import default_instrument

NO_INDEX = {
    "en": "Too few people answered enough statements",
    "de": "Zu wenige Personen haben genug Aussagen",
    "fr": "Trop peu de personnes ont répondu à assez",
}


def _two_statements_each(language: str) -> dict:
    instrument = default_instrument()
    items = [item.id for item in instrument.items_for(None)]
    answers = np.full((8, len(items)), np.nan)
    answers[:, 0], answers[:, 1] = 4, 3  # two statements of one dimension, nothing else
    return build_document(instrument, Responses(item_ids=tuple(items), answers=answers),
                          assessment={"title": "Pulse", "organisation": "Acme", "id": 1},
                          language=language)


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_pdf_says_there_is_no_index_instead_of_failing(language):
    document = _two_statements_each(language)
    assert document["index"]["score"] is None and not document["suppressed"]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(
        build_pdf(document))).pages)
    flat = " ".join(text.split())
    assert NO_INDEX[language] in flat
    assert "– out of 100" not in flat and "No dimension is below" not in flat


def test_the_slides_are_made_too():
    assert build_slides(_two_statements_each("en"))[:2] == b"PK"
