"""Survey pages: parse, call a service, render or redirect.

URLs: ``/s/<public_id>`` the front page; ``/s/<public_id>/c/<code>`` an invitation link;
``/s/<public_id>/p/<page>`` the questions, page by page, then the review (``?carrying=1``:
a POST that only brings the open answers along, see `carried`; ``?return=review``: a page
opened from the review, whose Next goes back to it); ``…/submit``; ``…/thanks``.

The language buttons of a question page or the review belong to that page's form, so switching
language sends (and keeps) what is ticked on the page, with JavaScript or without.
"""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, refresh
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from surveys import pages
from surveys.forms import Answers, form_data, hidden_questions
from surveys.model import pick
from surveys.pages import OPEN_PAGE, REVIEW_PAGE

from .. import db, i18n, reasons
from ..errors import render_error
from ..mail.recipients import notice_for as mail_list_notice
from . import bp, carried, journey, privacy, services, shared_pages, submission
from .forms import CodeForm

#: Pages still shown once a survey has closed.
_AFTER_CLOSE = {"respond.thanks"}


@bp.url_value_preprocessor
def _load_assessment(endpoint, values):
    # The submit begins its own short write transaction once its checks are done (`submission`).
    g.assessment = services.find_assessment(values.pop("public_id"))
    g.instrument = services.instrument_of(g.assessment)
    g.languages = list(g.assessment.languages or [g.assessment.default_language])
    g.survey_language = i18n.resolve(g.languages)


@bp.url_defaults
def _add_public_id(endpoint, values):
    if "public_id" not in values and "assessment" in g:
        values["public_id"] = g.assessment.public_id


@bp.before_request
def _only_while_open():
    if request.endpoint not in _AFTER_CLOSE:
        services.check_accepting(g.assessment)


@bp.errorhandler(services.NotStarted)
def _not_started(_refusal):
    db.session().rollback()
    return redirect(url_for(".landing"), 303)


@bp.errorhandler(services.Refusal)
def _refused(refusal: services.Refusal):
    db.session().rollback()
    return render_template("respond/notice.html", refusal=refusal), refusal.status


@bp.errorhandler(CSRFError)
def _expired(_error):
    return _refused(services.FormExpired())


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    return _refused(services.TooMuchSent())


@bp.errorhandler(HTTPException)
def _http(error: HTTPException):
    # Survey pages speak to respondents in their language and the organisation's name.
    if error.code in (404, 405):
        refusal = services.PageNotFound()
        refusal.status = error.code
        return _refused(refusal)
    if error.code == 400:
        return _refused(services.Refusal())
    db.session().rollback()
    return render_error(error.code or 500)


@bp.app_context_processor
def _respondent_context():
    if "assessment" not in g or request.blueprint != "respond":
        return {}
    return {
        "assessment": g.assessment,
        "instrument": g.instrument,
        "lang": g.survey_language,
        "survey_title": pick(g.instrument.title, g.survey_language),
        "offered_languages": [(code, i18n.own_name(code)) for code in g.languages],
    }


def _landing(code_form: CodeForm, status: int = 200, shareable: bool = False):
    assessment = g.assessment
    draft = journey.current(assessment.public_id)
    answered = journey.has_answered(assessment.public_id)
    # What the page shows of this respondent: whether they have started, with answers or a
    # code, and whether they have answered before.
    shown = (
        "landing",
        draft is not None and draft.has_code,
        draft is not None and bool(draft.answers.items),
        draft is not None,
        answered,
        mail_list_notice(assessment),  # what it says of an e-mail list (readiness.mail)
        current_app.config.get("PRIVACY_CONTACT"),
    )

    def render() -> str:
        return render_template(
            "respond/landing.html",
            draft=draft,
            answered=answered,
            accepts_link=services.accepts_link(assessment),
            accepts_codes=services.accepts_codes(assessment),
            code_form=code_form,
            privacy_contact=privacy.privacy_contact(current_app.config.get("PRIVACY_CONTACT")),
        )

    return _shared(shown if shareable else None, render), status


def _shared(page, render) -> str:
    """``render()``, or the same page drawn earlier for another respondent (`shared_pages`)."""
    return shared_pages.draw(
        g.instrument, g.assessment.settings, page, g.survey_language, render
    )


@bp.get("/<public_id>")
def landing():
    assessment = g.assessment
    if (
        journey.has_answered(assessment.public_id)
        and journey.current(assessment.public_id) is None
        and not services.accepts_codes(assessment)
    ):
        raise services.AlreadyAnswered()
    return _landing(CodeForm(formdata=None), shareable=True)


@bp.post("/<public_id>/start")
def start():
    services.start_by_link(g.assessment)
    return redirect(url_for(".page", page=pages.first_page(g.instrument)), 303)


@bp.get("/<public_id>/c/<code>")
def code_link(code: str):
    services.present_link_code(g.assessment, code)
    # An invitation's link names the language it was written in; one not offered is ignored.
    i18n.choose(request.args.get(_LANGUAGE, ""), g.languages)
    return redirect(url_for(".landing"), 303)


@bp.post("/<public_id>/code")
def code_entry():
    form = CodeForm()
    if not form.validate():
        return _landing(form, 400)
    try:
        services.present_short_code(g.assessment, form.code.data, session.get("csrf_token", ""))
    except (services.UnknownCode, services.TooManyAttempts) as refusal:
        form.code.errors.append(str(refusal.title) + ". " + str(refusal.detail))
        return _landing(form, refusal.status)
    return redirect(url_for(".page", page=pages.first_page(g.instrument)), 303)


@bp.route("/<public_id>/p/<page>", methods=["GET", "POST"])
def page(page: str):
    draft = services.draft_for(g.assessment)
    # A language button of this page's form: the page's answers are kept as with Next, and
    # the language changes once what was sent has passed its checks.
    switching = request.method == "POST" and _LANGUAGE in request.form
    if page == REVIEW_PAGE:
        texts = _carried_texts() if request.method == "POST" else {}
        if switching:
            _switch_language(request.form[_LANGUAGE])
        return _review(draft, texts)
    try:
        step = pages.step(g.instrument, page, draft.answers.questions)
    except KeyError:
        raise services.UnknownSurvey() from None
    returning = carried.is_returning()
    form_class = services.page_form_class(
        g.instrument, page, g.assessment.module, g.survey_language
    )
    if request.method == "POST" and not carried.is_carrying():
        # The page's own answers; open answers come either from this page or carried along.
        texts = {} if page == OPEN_PAGE else _carried_texts()
        form = form_class(formdata=carried.form_data())
        if form.validate():
            services.save_page(draft, form)
            if page == OPEN_PAGE:
                texts = carried.texts_of(form)
            step = pages.step(g.instrument, page, draft.answers.questions)  # as now answered
            if switching:
                _switch_language(request.form[_LANGUAGE])
                target = page  # the same page, in the language chosen
            elif request.form.get("nav") == "back":
                target, returning = step.previous, False
            else:
                target = REVIEW_PAGE if returning else step.next
            if target is None:
                return redirect(url_for(".landing"), 303)
            return carried.go_to(
                target, carrying=bool(texts), returning=returning and target != REVIEW_PAGE
            )
        status = 400
    else:
        texts = _carried_texts() if request.method == "POST" else {}
        data = form_data(form_class, draft.answers.merged(Answers(open_texts=texts)))
        # A page with nothing of the respondent on it is the same for everyone (who was
        # asked the same questions and goes the same way: a conditional page shown with
        # every question of it hidden changes the step count, not the hidden questions).
        hidden = hidden_questions(g.instrument, draft.answers)
        way = (step.number, step.total, step.previous, step.next)
        shown = ("page", page, hidden, way, returning) if not data and not texts else None
        return _shared(
            shown,
            lambda: _render_page(
                form_class(formdata=None, data=data), step, page, texts, returning
            ),
        )
    return _render_page(form, step, page, texts, returning), status


#: The name of the language buttons, in the header and in the pages' forms.
_LANGUAGE = "language"


def _switch_language(language: str) -> None:
    """Show this request's page in ``language``, if the survey offers it, and remember it."""
    if i18n.choose(language, g.languages):
        g.survey_language = language
        refresh()  # Flask-Babel may already have settled on the earlier language


def _render_page(
    form, step: pages.Step, page: str, texts: dict[str, str], returning: bool = False
) -> str:
    return render_template(
        "respond/page.html",
        form=form,
        step=step,
        title=pages.page_title(g.instrument, page, g.survey_language, gettext),
        form_action=carried.page_url(page, returning),
        returning=returning,
        reasons=reasons.reasons_asked(g.instrument, g.survey_language),
        # On the open page the texts are the form's own fields.
        form_carried_fields=[] if page == OPEN_PAGE else carried.fields(g.instrument, texts),
        carried_fields=carried.fields(g.instrument, texts),
        # Custom questions whose condition earlier answers do not meet are not drawn.
        hidden=hidden_questions(g.instrument, services.draft_for(g.assessment).answers),
    )


def _carried_texts() -> dict[str, str]:
    return carried.from_request(g.instrument, g.survey_language, gettext)


def _review(draft: journey.Draft, texts: dict[str, str]):
    step = pages.step(g.instrument, REVIEW_PAGE)
    answers = draft.answers.merged(Answers(open_texts=texts))
    sections = services.summary(
        g.instrument, g.assessment.module, answers, g.survey_language, gettext
    )
    return render_template(
        "respond/review.html",
        step=step,
        sections=sections,
        title=pages.page_title(g.instrument, REVIEW_PAGE, g.survey_language, gettext),
        carried_fields=carried.fields(g.instrument, texts),
        carrying_url=carried.url_to,
    )


@bp.post("/<public_id>/submit")
def submit():
    public_id = g.assessment.public_id
    if journey.current(public_id) is None and journey.has_answered(public_id):
        # Send pressed again after the answers were received: thank them again.
        return redirect(url_for(".thanks"), 303)
    draft = services.draft_for(g.assessment)
    texts = _carried_texts()

    def store() -> None:
        # The whole transaction, from its BEGIN to its commit: SQLite may answer "busy" after
        # BEGIN when a worker was killed mid-write; then it all runs again, and a draft
        # already stored is recognised rather than stored twice.
        submission.submit(g.assessment, g.instrument, draft, texts, g.survey_language)
        db.commit()

    db.retry_when_busy(store)
    journey.finish(g.assessment.public_id)
    return redirect(url_for(".thanks"), 303)


@bp.get("/<public_id>/thanks")
def thanks():
    if not journey.has_answered(g.assessment.public_id):
        return redirect(url_for(".landing"), 303)
    return _shared(("thanks",), lambda: render_template("respond/thanks.html"))


@bp.post("/<public_id>/language")
def choose_language():
    texts = _carried_texts()
    i18n.choose(request.form.get(_LANGUAGE, ""), g.languages)
    target = request.form.get("next", "")
    if target in pages.known_pages(g.instrument) and journey.current(g.assessment.public_id):
        return carried.go_to(target, carrying=bool(texts))
    return redirect(url_for(".landing"), 303)
