"""Every action that cannot be undone asks first, on a page of its own that says what will
happen (works without JavaScript): open, close, delete, revoke a report link. The buttons on
the other pages lead here; the confirmation's own button sends the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from scoring.thresholds import result_released

from .. import db, lifecycle
from ..assessments import response_count
from ..i18n import format_day
from ..mail.recipients import list_size
from ..models import Assessment, ReportLink
from . import bp
from .forms import ActionForm
from .routes import assessment_or_404


@dataclass
class Confirmation:
    title: str
    paragraphs: list[str]
    action: str | None  #: where the confirming button sends; None when it cannot be done
    button: str
    cancel: str
    danger: bool = False
    fields: dict[str, str] = field(default_factory=dict)


def _page(assessment: Assessment, confirmation: Confirmation):
    return render_template(
        "admin/confirm.html", assessment=assessment, confirmation=confirmation,
        action_form=ActionForm(),
        back=url_for("admin.assessment", assessment_id=assessment.id),
    )


def _answered(n: int) -> str:
    return ngettext("%(num)d person has answered so far.", "%(num)d people have answered so far.",
                    n)


@bp.get("/assessments/<int:assessment_id>/open")
def confirm_open(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    target = url_for("admin.open_assessment", assessment_id=assessment.id)
    if lifecycle.reopening_needs_confirmation(assessment):
        return render_template(
            "admin/confirm_reopen.html", assessment=assessment,
            responses=response_count(assessment), action=ActionForm(),
        )
    if assessment.status == "open":
        return _page(assessment, Confirmation(
            _("“%(title)s” is already open", title=assessment.title),
            [lifecycle.state_of(assessment).label], None, "", _("Back to the overview")))
    if assessment.status != "draft":  # released or imported: the rule says why not
        reason = lifecycle.why_not_openable(assessment) or lifecycle.state_of(assessment).label
        return _page(assessment, Confirmation(
            _("“%(title)s” cannot open again", title=assessment.title), [reason], None, "",
            _("Back to the overview")))
    if assessment.closes_on and assessment.closes_on < date.today():
        return _page(assessment, Confirmation(
            _("“%(title)s” cannot open yet", title=assessment.title),
            [_("The closing date has passed. Change the closing date first, then open it "
               "again.")], None, "", _("Back to the overview")))
    until = (
        _("It stays open until the end of %(day)s, or until you close it.",
          day=format_day(assessment.closes_on, "long"))
        if assessment.closes_on else _("It stays open until you close it.")
    )
    frozen = _("From then on its questions, languages and about-you questions cannot change, "
               "so that every answer stays comparable. Check the preview first.")
    if assessment.opens_on and assessment.opens_on > date.today():
        day = format_day(assessment.opens_on, "long")
        return _page(assessment, Confirmation(
            _("Schedule “%(title)s” to open on %(day)s?", title=assessment.title, day=day),
            [_("The link and codes start working on %(day)s.", day=day), until, frozen],
            target, _("Yes, schedule the opening"), _("Not yet"), fields={"confirmed": "yes"}))
    return _page(assessment, Confirmation(
        _("Open “%(title)s” now?", title=assessment.title),
        [_("Anyone with the link (or a code) can answer from now on."), until, frozen],
        target, _("Yes, open the survey"), _("Not yet"), fields={"confirmed": "yes"}))


@bp.get("/assessments/<int:assessment_id>/close")
def confirm_close(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if assessment.status != "open":
        return _page(assessment, Confirmation(
            _("“%(title)s” is not open", title=assessment.title),
            [lifecycle.state_of(assessment).label], None, "", _("Back to the overview")))
    answered = response_count(assessment)
    results = (_("The answers are then shuffled, so nobody can tell who answered when. Results "
                 "become readable.") if result_released(answered, assessment.k) else
               _("The answers are then shuffled. With fewer than %(k)s answers no results will "
                 "be shown, to protect those who answered.", k=assessment.k))
    said = [
        _answered(answered),
        _("Closing stops answers at once: the link and the codes stop working, and anyone "
          "still answering cannot send."),
        results,
        _("Until anyone has seen results you can open it again for late answers; after "
          "that it stays closed for good."),
    ]
    if list_size(assessment):
        said.append(_("The e-mail address list is deleted and no more reminders are sent."))
    return _page(assessment, Confirmation(
        _("Close “%(title)s” now?", title=assessment.title),
        said,
        url_for("admin.close_assessment", assessment_id=assessment.id),
        _("Yes, close the survey"), _("Keep it open"), danger=True))


@bp.get("/assessments/<int:assessment_id>/delete")
def confirm_delete(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    reason = lifecycle.why_not_deletable(assessment)
    if reason:
        return _page(assessment, Confirmation(
            _("“%(title)s” cannot be deleted now", title=assessment.title), [reason], None, "",
            _("Back to the overview")))
    target = url_for("admin.delete", assessment_id=assessment.id)
    if assessment.status == "draft":
        return _page(assessment, Confirmation(
            _("Delete the draft “%(title)s”?", title=assessment.title),
            [_("Its settings and questions are removed. Nobody has answered it, so no answers "
               "are lost."), _("This cannot be undone.")],
            target, _("Yes, delete the draft"), _("Keep it"), danger=True))
    later = db.session().scalars(
        select(Assessment.title).where(Assessment.previous_id == assessment.id)
    ).all()
    paragraphs = [
        _("Every answer and comment, the single-use codes, the report links and leadership "
          "access of this assessment are deleted for good. Nobody can read or download its "
          "results again."),
        _("The audit log keeps a line saying who deleted it and when."),
    ]
    if later:
        paragraphs.append(_("The later wave “%(title)s” keeps its own answers but no longer "
                            "shows the trend against this one.", title=later[0]))
    paragraphs.append(_("This cannot be undone. Download anything you need first."))
    return _page(assessment, Confirmation(
        _("Delete “%(title)s” and all its answers?", title=assessment.title), paragraphs,
        target, _("Yes, delete it and all its answers"), _("Keep it"), danger=True))


@bp.get("/assessments/<int:assessment_id>/access/links/<int:link_id>/revoke")
def confirm_revoke_link(assessment_id: int, link_id: int):
    assessment = assessment_or_404(assessment_id)
    link = db.session().get(ReportLink, link_id)
    if link is None or link.assessment_id != assessment.id:
        abort(404)
    return _page(assessment, Confirmation(
        _("Revoke the report link for “%(label)s”?", label=link.label),
        [_("Whoever has this link can no longer open the report, from now on. The link cannot "
           "be switched on again; make a new one if they need it later."),
         _("Copies already downloaded are not affected.")],
        url_for("admin.revoke_link", assessment_id=assessment.id, link_id=link.id),
        _("Yes, revoke the link"), _("Keep it working"), danger=True))
