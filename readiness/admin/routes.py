"""Assessments: list, create, edit, preview, open and close, share, watch progress."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from surveys.errors import InstrumentError

from .. import assessments, collection, db, lifecycle
from ..assessments import AssessmentError, create, instrument_of, response_count
from ..exports import download_name
from ..models import Assessment
from ..reasons import reasons_asked
from . import bp, design, distribution, editing, form_setup, groups, listing, preview, progress
from .forms import ActionForm, AssessmentForm, CodesForm


def assessment_or_404(assessment_id: int) -> Assessment:
    assessment = db.session().get(Assessment, assessment_id)
    if assessment is None:
        abort(404)
    return assessment


def _show_problem(form, error: Exception) -> None:
    """Put the problem next to the field it concerns, in plain words."""
    if isinstance(error, form_setup.FormProblem):
        getattr(form, error.field).errors = list(error.messages)
        form.group_errors = error.by_field
    elif isinstance(error, InstrumentError):
        form.segments.errors = [
            _("These about-you questions cannot be used. Check that every question has its "
              "wording and at least two groups, and that no group appears twice."),
            *error.problems,
        ]
    elif isinstance(error, AssessmentError) and error.field and hasattr(form, error.field):
        field = getattr(form, error.field)
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def _saving(form, assessment: Assessment | None = None) -> bool:
    """Whether Save was pressed (not one of the about-you editor's buttons) and the form is
    valid; a button of the editor makes its change first."""
    if request.method != "POST":
        return False
    editing_groups = form_setup.read_groups(form, request.form)
    if assessment is not None:
        form_setup.keep_frozen(form, assessment, set(request.form))
    return editing_groups is None and form.validate_on_submit()


@bp.get("/")
def index():
    return render_template(
        "admin/index.html",
        assessments=listing.all_assessments(),
        counts=listing.response_counts(),
        state_of=lifecycle.state_of,
    )


@bp.route("/assessments/new", methods=["GET", "POST"])
def create_assessment():
    form = AssessmentForm()
    form_setup.prepare(form, None)
    if request.method == "GET":
        form_setup.fill(form, None)
    if _saving(form):
        try:
            spec = form_setup.spec_from(form)
            source = form_setup.instrument_source(form)
            assessment = create(spec, source)
            editing.check_previous(assessment, spec.previous_id, instrument_of(assessment))
        except (form_setup.FormProblem, AssessmentError, InstrumentError) as error:
            db.session().rollback()
            _show_problem(form, error)
        else:
            db.commit()
            flash(_("The assessment is saved as a draft. Preview it, then open it."), "info")
            return redirect(url_for("admin.assessment", assessment_id=assessment.id))
    return render_template("admin/edit.html", form=form, assessment=None), _status(form)


def _status(form) -> int:
    """400 when a Save was refused; 200 for a fresh form or one of the editor's changes."""
    if request.method == "POST" and not request.form.get(groups.EDIT):
        return 400
    return 200


@bp.get("/assessments/<int:assessment_id>")
def assessment(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    instrument = instrument_of(assessment)
    return render_template(
        "admin/assessment.html",
        assessment=assessment,
        instrument=instrument,
        described=form_setup.described(assessment, instrument),
        state=lifecycle.state_of(assessment),
        days=lifecycle.days_of(assessment),
        responses=response_count(assessment),
        warnings=design.warnings_for(assessment, str(get_locale())),
        purge_day=lifecycle.purge_due(assessment),
        previous=db.session().get(Assessment, assessment.previous_id)
        if assessment.previous_id
        else None,
        action=ActionForm(),
    )


@bp.route("/assessments/<int:assessment_id>/edit", methods=["GET", "POST"])
def edit(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = AssessmentForm()
    instrument = form_setup.prepare(form, assessment)
    if request.method == "GET":
        form_setup.fill(form, assessment)
    if _saving(form, assessment):
        try:
            spec = form_setup.spec_from(form)
            source = form_setup.instrument_source(form)
            changed = editing.update(assessment, spec, source)
        except (form_setup.FormProblem, AssessmentError, InstrumentError) as error:
            db.session().rollback()
            _show_problem(form, error)
        else:
            db.commit()
            flash(
                _("Saved.") if changed else _("Nothing changed."),
                "info",
            )
            return redirect(url_for("admin.assessment", assessment_id=assessment.id))
    status = _status(form)
    frozen = assessment.status != "draft"
    return render_template(
        "admin/edit.html",
        form=form,
        assessment=assessment,
        frozen=frozen,
        described=form_setup.described(assessment, instrument) if frozen else None,
        has_responses=response_count(assessment) > 0,
        warnings=design.warnings_for(assessment, str(get_locale())),
    ), status


@bp.post("/assessments/<int:assessment_id>/delete")
def delete(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        editing.delete_draft(assessment)
    except AssessmentError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.assessment", assessment_id=assessment.id))
    db.commit()
    collection.checkpoint()  # no page of the deleted answers stays in the WAL
    flash(_("“%(title)s” was deleted.", title=assessment.title), "info")
    return redirect(url_for("admin.index"))


@bp.post("/assessments/<int:assessment_id>/open")
def open_assessment(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    confirmed = request.form.get("confirmed") == "yes"
    if lifecycle.reopening_needs_confirmation(assessment) and not confirmed:
        return render_template(
            "admin/confirm_reopen.html",
            assessment=assessment,
            responses=response_count(assessment),
            action=ActionForm(),
        )
    try:
        lifecycle.open_assessment(assessment)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.commit()
        state = lifecycle.state_of(assessment)
        if state.key == "scheduled":
            flash(_("Scheduled: the survey opens on %(day)s.", day=assessment.opens_on), "info")
        else:
            flash(_("The survey is open. Share the link."), "info")
    return redirect(url_for("admin.assessment", assessment_id=assessment.id))


@bp.post("/assessments/<int:assessment_id>/new-wave")
def new_wave(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    wave = assessments.new_wave(assessment)
    db.commit()
    flash(_("A new wave is ready as a draft, with the same questions and groups. Check its "
            "title and dates, then open it."), "info")
    return redirect(url_for("admin.edit", assessment_id=wave.id))


@bp.post("/assessments/<int:assessment_id>/duplicate")
def duplicate(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    copy = assessments.duplicate(assessment)
    db.commit()
    flash(_("A copy is ready as a draft, with the same questions, groups and settings but not "
            "linked to the original. Check its title and dates, then open it."), "info")
    return redirect(url_for("admin.edit", assessment_id=copy.id))


@bp.post("/assessments/<int:assessment_id>/close")
def close_assessment(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        lifecycle.close_assessment(assessment)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.commit()
        collection.checkpoint()  # no page version from before the mix stays in the WAL
        flash(_("The survey is closed. No more answers are accepted."), "info")
    return redirect(url_for("admin.assessment", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/preview", methods=["GET", "POST"])
@bp.route("/assessments/<int:assessment_id>/preview/<page>", methods=["GET", "POST"])
def preview_page(assessment_id: int, page: str | None = None):
    assessment = assessment_or_404(assessment_id)
    language = request.values.get("language", assessment.default_language)
    if language not in (assessment.languages or ()):
        language = assessment.default_language
    try:
        view = preview.page_view(assessment, page, language)
    except KeyError:
        abort(404)
    if request.method == "POST":  # Next or Back inside the preview: only moves, stores nothing
        target = view.target(request.form.get("nav", "next"))
        if target is None:
            target = page
        return redirect(url_for(
            "admin.preview_page", assessment_id=assessment.id, page=target or None,
            language=language,
        ))
    return render_template(
        view.template,
        assessment=assessment,
        view=view,
        instrument=view.instrument,
        lang=language,
        survey_title=view.title,
        title=view.title,
        form=view.form,
        step=view.step,
        code_form=[],
        accepts_link=False,
        accepts_codes=False,
        draft=None,
        answered=False,
        offered_languages=None,
        reasons=reasons_asked(view.instrument, language),
        untranslated=[
            missing for missing in assessments.missing_texts(assessment.segments,
                                                             assessment.languages)
            if missing.language == language
        ],
    )


@bp.get("/assessments/<int:assessment_id>/share")
def share(assessment_id: int):
    return _share_page(assessment_or_404(assessment_id), CodesForm())


def _share_page(assessment: Assessment, codes_form: CodesForm):
    return render_template(
        "admin/share.html",
        assessment=assessment,
        link=distribution.survey_link(assessment),
        state=lifecycle.state_of(assessment),
        codes_form=codes_form,
        code_counts=distribution.code_counts(assessment),
        batches=distribution.code_batches(assessment),
    )


@bp.get("/assessments/<int:assessment_id>/share/qr.<kind>")
def qr_code(assessment_id: int, kind: str):
    assessment = assessment_or_404(assessment_id)
    if kind not in ("svg", "png"):
        abort(404)
    link = distribution.survey_link(assessment)
    if not link.absolute:
        abort(404)
    body, mimetype = distribution.qr_code(link.url, kind)
    filename = download_name(assessment, f"qr.{kind}")
    return body, 200, {
        "Content-Type": mimetype,
        "Content-Disposition": f'attachment; filename="{filename}"'
        if request.args.get("download")
        else "inline",
    }


@bp.post("/assessments/<int:assessment_id>/share/codes")
def codes(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = CodesForm()
    if not form.validate_on_submit():
        if not form.csrf_token.errors:
            form.count.errors = [_("Ask for a whole number of codes between 1 and 5,000.")]
        return _share_page(assessment, form), 400
    try:
        body = distribution.codes_csv(assessment, form.count.data)
    except AssessmentError as error:
        db.session().rollback()
        form.count.errors = [str(error)]
        return _share_page(assessment, form), 400
    db.commit()
    filename = download_name(assessment, "codes.csv")
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


@bp.get("/assessments/<int:assessment_id>/progress")
def progress_page(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return render_template(
        "admin/progress.html",
        assessment=assessment,
        state=lifecycle.state_of(assessment),
        summary=progress.summary(assessment, str(get_locale())),
        warnings=design.warnings_for(assessment, str(get_locale())),
    )


@bp.get("/assessments/<int:assessment_id>/progress.json")
def progress_json(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return jsonify(progress.as_json(progress.summary(assessment)))
