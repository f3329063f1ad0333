"""No address and no code reaches a response row, an export, the PDF or a log line; the list,
and with it every link from an address to a code, is gone once the survey closes."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from sqlalchemy import func, inspect, select, text

from readiness import db
from readiness.lifecycle import close
from readiness.models import Assessment, AuditEvent, MailMessage, MailRecipient
from tests.mail.conftest import link_in, press, public_id_of, upload
from tests.respond.conftest import Respondent

PEOPLE = [f"person{n}@example.org" for n in range(6)]


def _every_item(app, survey) -> dict[str, dict[str, str]]:
    """Each dimension page with every statement answered."""
    from readiness.assessments import instrument_of

    with app.app_context():
        instrument = instrument_of(db.session().get(Assessment, survey))
        pages: dict[str, dict[str, str]] = {}
        for item in instrument.items_for(None):
            pages.setdefault(item.dimension, {})[f"item_{item.id}"] = str(1 + len(item.id) % 5)
        return pages


def _everyone_answers(app, admin_client, survey, smtp_sink) -> list[str]:
    pages = _every_item(app, survey)
    upload(admin_client, survey, "\n".join(PEOPLE) + "\n")
    press(admin_client, survey, "send")
    codes = []
    for address in PEOPLE:
        path = link_in(smtp_sink.to(address)[0])
        codes.append(path.rsplit("/", 1)[1])
        respondent = Respondent(app.test_client(), public_id_of(app, survey))
        respondent.open(path.removeprefix(respondent.base))
        respondent.start()
        for page, answers in pages.items():
            respondent.answer(page, answers)
        assert respondent.submit().status_code == 303
    with app.app_context(), db.writing() as session:
        close(session.get(Assessment, survey))
    return codes


def _secrets(codes: list[str]) -> list[str]:
    return [*PEOPLE, *(address.split("@")[0] for address in PEOPLE), *codes]


def test_closing_deletes_the_list_and_every_message_to_it(app, admin_client, survey, smtp_sink):
    _everyone_answers(app, admin_client, survey, smtp_sink)
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count()).select_from(MailRecipient)) == 0
        assert session.scalar(select(func.count()).select_from(MailMessage)) == 0
    page = admin_client.get(f"/admin/assessments/{survey}/invitations").get_data(as_text=True)
    assert "The address list was deleted on" in page
    assert 'data-count="sent">6<' in page


def test_no_address_or_code_in_any_table_export_pdf_or_log(app, admin_client, survey, smtp_sink,
                                                            caplog):
    caplog.set_level(logging.DEBUG)
    codes = _everyone_answers(app, admin_client, survey, smtp_sink)
    secrets = _secrets(codes)
    with app.app_context():
        connection = db.session().connection()
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                dumped = repr(tuple(row))
                for secret in secrets:
                    assert secret not in dumped, f"{secret} is in table {table}"
        details = " ".join(repr(event.detail) for event in
                           db.session().scalars(select(AuditEvent)))
        assert not any(secret in details for secret in secrets)
    export = admin_client.get(f"/admin/assessments/{survey}/responses.csv")
    assert export.status_code == 200
    pdf = admin_client.get(f"/admin/assessments/{survey}/results.pdf")
    assert pdf.status_code == 200
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for secret in secrets:
        assert secret not in export.get_data(as_text=True)
        assert secret not in pdf_text
    # Every log line of ours and of the libraries we run (the test's SMTP server, which logs
    # what it receives as any mail server does, is not us).
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if not record.name.startswith("mail.log"))
    for secret in secrets:
        assert secret not in logged, f"{secret} was logged"
