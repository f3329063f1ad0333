"""Charts keep their colours under a policy that forbids inline styles."""

from readiness.report.svg import csp_safe


def test_style_attributes_become_presentation_attributes():
    svg = '<svg viewBox="0 0 1 1"><path d="M0 0" style="fill: #f6d9c3; opacity: 0.45"/></svg>'
    assert csp_safe(svg) == (
        '<svg viewBox="0 0 1 1"><path d="M0 0" fill="#f6d9c3" opacity="0.45"/></svg>'
    )


def test_font_families_lose_their_quotes_and_unknown_properties_are_dropped():
    svg = "<svg><text style=\"font-family: 'DejaVu Sans'; cursor: pointer\">x</text></svg>"
    assert csp_safe(svg) == '<svg><text font-family="DejaVu Sans">x</text></svg>'


def test_a_root_style_element_moves_onto_the_svg_element():
    svg = '<svg role="img"><defs><style>*{stroke-linecap: butt}</style></defs></svg>'
    assert csp_safe(svg) == '<svg stroke-linecap="butt" role="img"><defs></defs></svg>'


def test_real_charts_carry_no_inline_style():
    from reports.charts import document_charts
    from reports.sample import sample_document

    for chart in document_charts(sample_document()):
        safe = csp_safe(chart.svg())
        assert "style=" not in safe and "<style" not in safe
