"""Sharing an assessment: the survey link, a QR code for posters, single-use codes as CSV.

Where links point (the host policy): a link that a comms lead copies into an e-mail or prints
on a poster must never carry a host an attacker chose. So the absolute address comes from

1. ``PUBLIC_BASE_URL`` (``READINESS_PUBLIC_BASE_URL``) when it is set: the recommended setting;
2. else the request's host when Flask validates hosts (``READINESS_TRUSTED_HOSTS`` is set, so
   any other Host header was already refused with 400);
3. else the request's host only when it is the machine itself (localhost, 127.0.0.1, ::1),
   which is how the demo and a laptop trial run;
4. otherwise no absolute link is shown at all: the page shows the path and says what to set.

In production (``READINESS_ENV=production``) only the first counts: without
``READINESS_PUBLIC_BASE_URL`` the share page refuses to share (no link, no QR code, no codes)
and says why, rather than hand out links built on whatever host a request named.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import db
from ..assessments import AssessmentError
from ..codes import CodeError, generate_codes
from ..config import PRODUCTION
from ..exports import write_csv
from ..models import AccessCode, Assessment

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@dataclass(frozen=True)
class Link:
    url: str  #: absolute when ``absolute``, else only the path
    absolute: bool
    source: str  #: configured, trusted, local or untrusted


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def base_url() -> tuple[str | None, str]:
    """The scheme and host links are built on, and why it may be trusted (see module doc)."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured).rstrip("/"), "configured"
    if current_app.config.get("ENV") == PRODUCTION:
        return None, "production"
    if current_app.config.get("TRUSTED_HOSTS"):
        return request.host_url.rstrip("/"), "trusted"
    if _hostname(request.host).lower() in LOOPBACK_HOSTS:
        return request.host_url.rstrip("/"), "local"
    return None, "untrusted"


def absolute(path: str) -> Link:
    base, source = base_url()
    if base is None:
        return Link(path, False, source)
    return Link(base + path, True, source)


def survey_path(assessment: Assessment, code: str | None = None) -> str:
    """The respondents' entry page for ``assessment`` (with a single-use code, if given)."""
    if code is not None:
        return url_for("respond.code_link", public_id=assessment.public_id, code=code)
    return url_for("respond.landing", public_id=assessment.public_id)


def survey_link(assessment: Assessment) -> Link:
    return absolute(survey_path(assessment))


def qr_code(url: str, kind: str) -> tuple[bytes, str]:
    """A QR code of ``url`` as SVG (scales for posters) or a large PNG."""
    import segno  # only here: the console's other pages need no QR codes

    qr = segno.make(url, error="q", micro=False)
    buffer = io.BytesIO()
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgns=True,
                title="QR code for the survey link")
        return buffer.getvalue(), "image/svg+xml"
    qr.save(buffer, kind="png", scale=16, border=4)
    return buffer.getvalue(), "image/png"


def codes_csv(assessment: Assessment, count: int) -> str:
    """Make ``count`` codes and return them as CSV (short code, link); they exist only here."""
    if assessment.status == "closed":
        raise AssessmentError(_("This survey is closed, so new codes would not work. To ask "
                                "again, start a new wave from the overview."))
    if not survey_link(assessment).absolute:
        raise AssessmentError(_("Codes come with links, and no full link can be made yet: "
                                "see the note under “Survey link”."))
    try:
        pairs = generate_codes(assessment, count)
    except CodeError as error:
        raise AssessmentError(str(error)) from error
    rows = [
        (short_code, absolute(survey_path(assessment, long_code)).url)
        for long_code, short_code in pairs
    ]
    return write_csv(["short_code", "link"], rows)


@dataclass(frozen=True)
class Batch:
    number: int | None  #: None for codes made before batches were counted
    made: int
    used: int | None  #: None while the anonymity policy hides it


def code_batches(assessment: Assessment, k: int | None = None) -> list[Batch]:
    """Codes made and used per batch. A batch is a group of people the comms lead knows, so
    its used count follows the progress rules of `scoring.anonymity.progress_cells`: nothing
    by batch before k codes were used in all, then no count below k (and none that the others
    and the total would give away)."""
    import numpy as np  # with the anonymity rules, when the console first shows the batches

    from scoring.anonymity import progress_cells

    rows = db.session().execute(
        select(AccessCode.batch, func.count(), func.count().filter(AccessCode.used.is_(True)))
        .where(AccessCode.assessment_id == assessment.id)
        .group_by(AccessCode.batch)
    ).all()
    keys = [str(batch) for batch, _made, _used in rows]
    values = np.array(
        [key for key, (_batch, _made, used) in zip(keys, rows, strict=True) for _ in range(used)],
        dtype=object,
    ).astype(str)
    cells = progress_cells(values, keys, k or assessment.k)
    found = [
        Batch(batch, int(made), None if cells[key].suppressed else int(used))
        for key, (batch, made, used) in zip(keys, rows, strict=True)
    ]
    return sorted(found, key=lambda b: (b.number is not None, b.number or 0))


def code_counts(assessment: Assessment) -> tuple[int, int]:
    """How many codes were made for ``assessment`` and how many have been used."""
    made, used = db.session().execute(
        select(func.count(), func.count().filter(AccessCode.used.is_(True))).where(
            AccessCode.assessment_id == assessment.id
        )
    ).one()
    return int(made), int(used)
