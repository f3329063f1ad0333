"""A respondent's address, browser and time of day reach nothing: not the database file, its
write-ahead log, the CSV export, the JSON results, the PDF or the log output.

``tests/respond/test_privacy.py`` scans the database and the log after one answer; this follows
the answers on through everything the console and leadership can download.
"""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import DateTime, Time

from readiness.models import AccessCode, Comment, Response
from tests.admin.helpers import close_assessment, login
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user
from tests.respond.conftest import Respondent, make_codes, make_survey

ADDRESS = "198.51.100.203"
AGENT = "Mozilla/5.0 (X11) SecurityTraceBrowser/4.2.1-distinctive"
TRACES = (ADDRESS, AGENT, "SecurityTraceBrowser")


def _answer_everything(app, public_id, code=None):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT,
                                "HTTP_X_FORWARDED_FOR": ADDRESS, "HTTP_X_REAL_IP": ADDRESS})
    respondent = Respondent(client, public_id)
    if code:
        respondent.open(f"/c/{code}")
    respondent.start()
    respondent.answer("about", {"segment_role_level": "staff"})
    for page, prefix in (("leadership_presence", "lp"), ("training_maturity", "tm"),
                         ("security_risk", "sr"), ("decision_speed", "ds"), ("ownership", "ow")):
        respondent.answer(page, {f"item_{prefix}{i}": "4" for i in range(1, 7)})
    respondent.answer("open", {"open_concerns": "A plain comment", "open_first_step": "Start"})
    assert respondent.submit().status_code == 303


def _database_bytes(app) -> bytes:
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        return b""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_no_address_or_browser_reaches_any_output(app, caplog):
    caplog.set_level(logging.DEBUG)
    public_id = make_survey(app, distribution="both", k=3, comment_k=3)
    codes = make_codes(app, public_id, 2)
    for code in (codes[0][0], codes[1][0], None, None):
        _answer_everything(app, public_id, code)
    close_assessment(app, 1)

    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    admin = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    base = "/admin/assessments/1"
    outputs = {
        "database": _database_bytes(app),
        "responses.csv": admin.get(f"{base}/responses.csv").data,
        "codebook.csv": admin.get(f"{base}/codebook.csv").data,
        "results.json": admin.get(f"{base}/results.json").data,
        "progress.json": admin.get(f"{base}/progress.json").data,
        "results page": admin.get(f"{base}/results").data,
        "audit page": admin.get("/admin/audit").data,
    }
    pdf = admin.get(f"{base}/results.pdf").data
    reader = PdfReader(io.BytesIO(pdf))
    pdf_text = " ".join(page.extract_text() or "" for page in reader.pages)
    outputs["pdf"] = (pdf_text + repr(reader.metadata)).encode()
    assert b"A plain comment" in outputs["results.json"]  # the scan sees what was stored
    if app.config["DATABASE_URL"].startswith("sqlite"):
        assert b"A plain comment" in outputs["database"]
    for name, data in outputs.items():
        for trace in TRACES:
            assert trace.encode() not in data, (name, trace)
    for trace in TRACES:
        assert trace not in caplog.text


def test_what_respondents_send_is_stored_without_time_of_day_or_order():
    for model in (Response, Comment, AccessCode):
        for column in model.__table__.columns:
            assert not isinstance(column.type, DateTime | Time), (model.__name__, column.name)
            assert column.name not in {"ip", "ip_address", "user_agent", "address", "created_at"}
    ids = Response.__table__.c.id
    assert ids.default.arg.__name__ == "random_id"  # random ids, not a sequence


@pytest.mark.parametrize("seed", [1, 2])
def test_exports_come_in_random_order(app, seed):
    from readiness import db
    from readiness.exports import responses_csv
    from readiness.models import Assessment

    public_id = make_survey(app, k=3)
    with app.app_context(), db.writing() as session:
        assessment = session.query(Assessment).filter_by(public_id=public_id).one()
        for value in range(1, 6):
            session.add(Response(assessment_id=assessment.id, submitted_on=date.today(),
                                 language="en", segments={}, answers={"lp1": value}))
    with app.app_context():
        assessment = db.session().query(Assessment).filter_by(public_id=public_id).one()
        orders = {responses_csv(assessment) for _ in range(12)}
    assert len(orders) > 1
