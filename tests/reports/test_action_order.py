"""The report lists actions in the document's ranking, which puts the barrier's actions first;
it never re-sorts them by priority alone."""

import io

import pypdf

from reports import build_pdf
from tests.reports.sample import sample_document


def test_the_barriers_action_leads_even_with_a_lower_priority():
    document = sample_document("en")
    barrier = document["barrier"]["id"]
    recommendations = document["recommendations"]
    first = next(r for r in recommendations if r["dimension"] == barrier)
    others = [r for r in recommendations if r is not first]
    assert any((r.get("priority") or 0) > (first.get("priority") or 0) for r in others)
    document["recommendations"] = [first, *others]  # as scoring.recommend ranks them
    text = " ".join(" ".join(page.extract_text().split()) for page in
                    pypdf.PdfReader(io.BytesIO(build_pdf(document))).pages[:4])
    positions = [text.find(r["title"]) for r in document["recommendations"][:3]]
    assert -1 not in positions and positions == sorted(positions)
