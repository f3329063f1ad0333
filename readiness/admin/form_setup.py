"""Between the assessment form and the assessment services: choices, specs and prefilled values."""

from __future__ import annotations

from pathlib import Path

from flask_babel import get_locale
from flask_babel import gettext as _

from surveys.errors import InstrumentError
from surveys.loader import available_instruments, default_instrument
from surveys.model import Instrument, pick

from ..assessments import AssessmentSpec, instrument_of, parse_instrument
from ..form_choices import choices as as_choices
from ..models import Assessment
from . import groups, segment_text
from .editing import wave_candidates
from .forms import KEEP_INSTRUMENT, LANGUAGE_LABELS, UPLOAD_INSTRUMENT, AssessmentForm


class FormProblem(ValueError):
    """A field's value cannot be used; the message goes under that field."""

    def __init__(self, field: str, messages: list[str], by_field: dict | None = None) -> None:
        self.field = field
        self.messages = messages
        self.by_field = by_field or {}  #: the about-you rows' own fields and their sentences
        super().__init__("; ".join(messages))


def _bundled_key(instrument: Instrument) -> str:
    return f"bundled:{instrument.id}:{instrument.version}"


def prepare(form: AssessmentForm, assessment: Assessment | None) -> Instrument:
    """Fill the form's choices; returns the instrument the choices were drawn from."""
    instrument = instrument_of(assessment) if assessment else default_instrument()
    language = str(get_locale())  # the console's language: questionnaires are named in it
    choices = []
    if assessment is not None:
        choices.append(
            (KEEP_INSTRUMENT, _("Keep: %(title)s, version %(version)s",
                                title=pick(instrument.title, language), version=instrument.version))
        )
    choices += [(_bundled_key(i), _named(i, language)) for i in available_instruments()]
    choices.append((UPLOAD_INSTRUMENT, _("Our own questionnaire file (upload below)")))
    form.instrument.choices = as_choices(choices)
    if not form.instrument.data or form.instrument.data == "None":
        form.instrument.data = choices[0][0]
    languages = sorted(set(instrument.languages) | {"en", "de", "fr"},
                       key=lambda code: (code != "en", code))
    form.languages.choices = as_choices(
        (code, LANGUAGE_LABELS.get(code, code)) for code in languages
    )
    form.module.choices = as_choices(
        [("", _("None"))]
        + [(module.id, pick(module.names, language)) for module in instrument.modules]
    )
    previous = wave_candidates(assessment, instrument.id, instrument.version)
    form.previous_id.choices = as_choices(
        [("", _("None: this is the first wave"))]
        + [(str(candidate.id), candidate.title) for candidate in previous]
    )
    return instrument


def _named(instrument: Instrument, language: str) -> str:
    return _("%(title)s, version %(version)s",
             title=pick(instrument.title, language), version=instrument.version)


def described(assessment: Assessment, instrument: Instrument) -> dict[str, str | None]:
    """The assessment's questionnaire (``instrument``), sector module and languages, named in
    the reader's language."""
    language = str(get_locale())
    module = next((m for m in instrument.modules if m.id == assessment.module), None)
    return {
        "questionnaire": _named(instrument, language),
        "module": pick(module.names, language) if module else assessment.module,
        "languages": ", ".join(LANGUAGE_LABELS.get(code, code)
                               for code in assessment.languages or ()),
    }


def fill(form: AssessmentForm, assessment: Assessment | None) -> None:
    """Prefill a fresh form from the assessment (or with the default instrument's segments)."""
    instrument = instrument_of(assessment) if assessment else default_instrument()
    languages = list(assessment.languages) if assessment else ["en"]
    if assessment is None:
        show_groups(form, segment_text.from_instrument(instrument.segments), None, languages)
        return
    for name in ("title", "organisation", "sector", "headcount", "k", "comment_k",
                 "opens_on", "closes_on", "distribution", "retention_days"):
        getattr(form, name).data = getattr(assessment, name)
    form.languages.data = languages
    form.module.data = assessment.module or ""
    form.previous_id.data = assessment.previous_id
    stored = (
        assessment.segments
        if assessment.segments is not None
        else segment_text.from_instrument(instrument.segments)
    )
    show_groups(form, stored, assessment.segment_headcounts, languages)


def show_groups(form: AssessmentForm, stored, headcounts, languages) -> None:
    """Show stored about-you questions in the rows and in the text box."""
    form.groups = groups.from_stored(stored, headcounts)
    text = segment_text.render(stored, headcounts, groups.text_languages(languages))
    form.segments.data = form.segments_shown.data = text


def read_groups(form: AssessmentForm, formdata) -> str | None:
    """Read the about-you rows the browser sent; when one of the editor's buttons was pressed,
    make its change and return it (the page then comes back, nothing saved)."""
    form.groups = groups.from_form(formdata)
    action = formdata.get(groups.EDIT)
    if not action:
        return None
    languages = list(form.languages.data or ()) or ["en"]
    if action == "text":
        try:
            parsed = segment_text.parse(form.segments.data or "", languages[0])
        except segment_text.SegmentTextError as error:
            form.segments.errors = list(error.problems)
            return action
        show_groups(form, parsed.questions, parsed.headcounts, languages)
        return action
    form.groups = groups.edit(form.groups, action)
    try:
        stored, headcounts = groups.to_stored(form.groups, languages[0])
    except groups.GroupProblems:
        return action  # rows still being filled in: the text box follows once they are whole
    text = segment_text.render(stored, headcounts, groups.text_languages(languages))
    form.segments.data = form.segments_shown.data = text
    return action


def _normal(text: str | None) -> str:
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


def segments_from(form: AssessmentForm, default_language: str) -> tuple[list, dict]:
    """The about-you questions and headcounts: from the text box when it was edited, else
    from the rows. FormProblem puts each problem next to its field."""
    if _normal(form.segments.data) != _normal(form.segments_shown.data):
        try:
            parsed = segment_text.parse(form.segments.data or "", default_language)
        except segment_text.SegmentTextError as error:
            raise FormProblem("segments", list(error.problems)) from error
        return parsed.questions, parsed.headcounts
    try:
        return groups.to_stored(getattr(form, "groups", []), default_language)
    except groups.GroupProblems as error:
        raise FormProblem(
            "segments",
            [_("Some about-you questions need attention; see the notes next to them.")],
            error.by_field,
        ) from error


def instrument_source(form: AssessmentForm) -> str | None:
    """The chosen instrument's TOML text; None keeps the current one."""
    choice = form.instrument.data
    if choice == KEEP_INSTRUMENT:
        return None
    if choice == UPLOAD_INSTRUMENT:
        upload = form.instrument_file.data
        if not upload:
            raise FormProblem("instrument_file", [_("Please choose the file to upload.")])
        raw = upload.read()
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormProblem("instrument_file", [_("The file is not UTF-8 text.")]) from error
        try:
            parse_instrument(source, origin=upload.filename or "uploaded file")
        except InstrumentError as error:
            raise FormProblem("instrument_file", list(error.problems)) from error
        return source
    for instrument in available_instruments():
        if _bundled_key(instrument) == choice:
            return Path(instrument.source).read_text(encoding="utf-8")
    raise FormProblem("instrument", [_("Please choose a questionnaire.")])


def spec_from(form: AssessmentForm) -> AssessmentSpec:
    """The settings the form asks for; FormProblem names the field that cannot be read."""
    languages = tuple(form.languages.data or ())
    if not languages:
        raise FormProblem("languages", [_("Offer at least one language.")])
    questions, headcounts = segments_from(form, languages[0])
    return AssessmentSpec(
        title=form.title.data or "",
        organisation=form.organisation.data or "",
        sector=form.sector.data,
        headcount=form.headcount.data,
        languages=languages,
        module=form.module.data or None,
        segments=questions,
        segment_headcounts=headcounts or None,
        k=form.k.data,
        comment_k=form.comment_k.data,
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        distribution=form.distribution.data,
        previous_id=form.previous_id.data,
        retention_days=form.retention_days.data,
    )


def keep_frozen(form: AssessmentForm, assessment: Assessment, sent: set[str]) -> None:
    """Disabled fields are not sent; treat what an open assessment did not send as unchanged."""
    if assessment.status == "draft":
        return
    stored = (
        assessment.segments
        if assessment.segments is not None
        else segment_text.from_instrument(instrument_of(assessment).segments)
    )
    sent_text = form.segments.data
    show_groups(form, stored, assessment.segment_headcounts, list(assessment.languages))
    if "segments" in sent:  # a changed text is refused by the frozen rule, in plain words
        form.segments.data = sent_text
    if "languages" not in sent:
        form.languages.data = list(assessment.languages)
    if "instrument" not in sent:
        form.instrument.data = KEEP_INSTRUMENT
    if "module" not in sent:
        form.module.data = assessment.module or ""
