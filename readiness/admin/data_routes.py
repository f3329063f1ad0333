"""Results and data: results in the browser, the JSON document, the PDF, CSV export and import."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import db, lifecycle, presenting
from ..exports import ExportRefused, codebook_csv, download_name, responses_csv
from ..extensions import csrf
from ..imports import ImportRejected, import_csv
from ..models import Assessment
from ..releases import ResultsWithheld, releasable, release
from . import bp
from .forms import ImportForm
from .routes import assessment_or_404


@bp.before_app_request
def _imports_may_be_larger():
    # A responses file may be far larger than any form; only the import accepts that much.
    if request.endpoint == "admin.import_responses" and request.method == "POST":
        request.max_content_length = int(current_app.config["MAX_IMPORT_BYTES"])


@bp.get("/assessments/<int:assessment_id>/results")
def results(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return presenting.render_results(
        "admin/results.html",
        assessment,
        url_for("admin.results_pdf", assessment_id=assessment.id),
        _every_wave,
    )


def _every_wave(_earlier: Assessment) -> bool:
    return True  # the comms lead reads every assessment


@bp.get("/assessments/<int:assessment_id>/results.json")
def results_json(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return presenting.json_download(assessment, _every_wave)


@bp.get("/assessments/<int:assessment_id>/results.pdf")
def results_pdf(assessment_id: int):
    return presenting.pdf_download(assessment_or_404(assessment_id), _every_wave)


@bp.get("/assessments/<int:assessment_id>/results.pptx")
def results_pptx(assessment_id: int):
    return presenting.slides_download(assessment_or_404(assessment_id), _every_wave)


def _csv_download(body: str, filename: str):
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


def _data_page(assessment, form: ImportForm, problems: list[str] = ()) -> str:
    """The data page: downloads once released, and the import form where the lifecycle
    allows imports (else its reason, in the words the import itself would refuse with)."""
    return render_template(
        "admin/data.html",
        assessment=assessment,
        form=form,
        problems=problems,
        released=releasable(assessment),
        withheld=presenting.withheld_message(),
        not_importable=lifecycle.why_not_importable(assessment),
        purge_day=lifecycle.purge_due(assessment),
        not_deletable=lifecycle.why_not_deletable(assessment),
    )


@bp.get("/assessments/<int:assessment_id>/data")
def data(assessment_id: int):
    return _data_page(assessment_or_404(assessment_id), ImportForm())


@bp.get("/assessments/<int:assessment_id>/responses.csv")
def export_responses(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    try:
        assessment = release(assessment, "csv")
        body = responses_csv(assessment)
    except ResultsWithheld:
        return presenting.withheld_download()
    except ExportRefused as error:
        flash(str(error), "error")
        return redirect(url_for("admin.data", assessment_id=assessment.id))
    return _csv_download(body, download_name(assessment, "responses.csv"))


@bp.get("/assessments/<int:assessment_id>/codebook.csv")
def export_codebook(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _csv_download(codebook_csv(assessment), download_name(assessment, "codebook.csv"))


@bp.post("/assessments/<int:assessment_id>/import")
def import_responses(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            count = import_csv(
                assessment, form.file.data.read(), int(current_app.config["MAX_IMPORT_BYTES"])
            )
        except ImportRejected as error:
            db.session().rollback()
            problems = error.problems
        else:
            db.commit()
            flash(_("%(count)d responses were added.", count=count), "info")
            return redirect(url_for("admin.data", assessment_id=assessment.id))
    return _data_page(assessment, form, problems), 400


# The global CSRF check would read the body under the small default limit before the import's
# own limit applies; ImportForm checks the same CSRF token itself.
csrf.exempt(import_responses)

