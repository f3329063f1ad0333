"""Sharing an assessment: the survey link, a QR code for posters, single-use codes as CSV.

Where links point (the host policy): a link that a comms lead copies into an e-mail or prints
on a poster must never carry a host an attacker chose. So the absolute address comes from

1. ``PUBLIC_BASE_URL`` (``READINESS_PUBLIC_BASE_URL``) when it is set: the recommended setting;
2. else the request's host when Flask validates hosts (``READINESS_TRUSTED_HOSTS`` is set, so
   any other Host header was already refused with 400);
3. else the request's host only when it is the machine itself (localhost, 127.0.0.1, ::1),
   which is how the demo and a laptop trial run;
4. otherwise no absolute link is shown at all: the page shows the path and says what to set.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from flask import current_app, request, url_for
from sqlalchemy import func, select

from .. import db
from ..assessments import AssessmentError
from ..codes import CodeError, generate_codes
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
    try:
        pairs = generate_codes(assessment, count)
    except CodeError as error:
        raise AssessmentError(str(error)) from error
    rows = [
        (short_code, absolute(survey_path(assessment, long_code)).url)
        for long_code, short_code in pairs
    ]
    return write_csv(["short_code", "link"], rows)


def code_counts(assessment: Assessment) -> tuple[int, int]:
    """How many codes were made for ``assessment`` and how many have been used."""
    made, used = db.session().execute(
        select(func.count(), func.count().filter(AccessCode.used.is_(True))).where(
            AccessCode.assessment_id == assessment.id
        )
    ).one()
    return int(made), int(used)
