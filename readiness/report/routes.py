"""Read-only pages: viewers see what they were granted; a report link shows one assessment."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required

from .. import access, db, presenting, report_links
from ..models import Assessment
from . import bp


@bp.get("/")
@login_required
def index():
    return render_template(
        "report/index.html", assessments=access.readable_assessments(current_user)
    )


def _readable_or_404(assessment_id: int) -> Assessment:
    assessment = db.session().get(Assessment, assessment_id)
    # Not found and not granted look the same, so ids reveal nothing.
    if assessment is None or not access.may_read(current_user, assessment):
        abort(404)
    return assessment


@bp.get("/<int:assessment_id>")
@login_required
def results(assessment_id: int):
    assessment = _readable_or_404(assessment_id)
    return presenting.render_results(
        "report/results.html", assessment, url_for("report.pdf", assessment_id=assessment.id),
        _granted,
    )


@bp.get("/<int:assessment_id>/report.pdf")
@login_required
def pdf(assessment_id: int):
    return presenting.pdf_download(_readable_or_404(assessment_id), _granted)


@bp.get("/<int:assessment_id>/report.pptx")
@login_required
def pptx(assessment_id: int):
    return presenting.slides_download(_readable_or_404(assessment_id), _granted)


def _granted(earlier: Assessment) -> bool:
    """Whether the signed-in reader may see ``earlier`` in a later wave's trend."""
    return access.may_read(current_user, earlier)


def _linked_or_404(token: str) -> Assessment:
    link = report_links.active(token)
    if link is None:
        abort(404)
    assessment = db.session().get(Assessment, link.assessment_id)
    if assessment is None:
        abort(404)
    return assessment


@bp.after_request
def _link_stays_private(response):
    # The token is the key: never let it travel on in a Referer header.
    if request.endpoint in ("report.link", "report.link_pdf", "report.link_pptx"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# A report link opens exactly one assessment: its trend never shows an earlier wave, whose
# results the link was not given for.


@bp.get("/link/<token>")
def link(token: str):
    assessment = _linked_or_404(token)
    return presenting.render_results(
        "report/results.html",
        assessment,
        url_for("report.link_pdf", token=token),
        by_link=True,
    )


@bp.get("/link/<token>/report.pdf")
def link_pdf(token: str):
    return presenting.pdf_download(_linked_or_404(token))


@bp.get("/link/<token>/report.pptx")
def link_pptx(token: str):
    return presenting.slides_download(_linked_or_404(token))
