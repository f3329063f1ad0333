"""Reports: charts and the PDF, made from a results document (``readiness.results/1``).

Plain Python: no Flask, no database. ``build_pdf(document)`` is the one call most callers need;
``reports.charts.document_charts(document)`` gives the web pages each chart as SVG with its
text alternative and data table.
"""

from reports.pdf import ReportBuilder, ReportError, build_pdf

__all__ = ["ReportBuilder", "ReportError", "build_pdf"]
