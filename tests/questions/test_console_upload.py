"""The comms lead uploads an instrument file with custom pages in the console: it is taken whole,
and one with a condition that looks forward is refused next to the file field, by entry."""

from __future__ import annotations

import io

from readiness import db
from readiness.assessments import instrument_of
from readiness.models import Assessment
from tests.admin.helpers import page_token

from .conftest import pulse_source

URL = "/admin/assessments/new"


def upload(client, source: str):
    data = {
        "csrf_token": page_token(client, URL), "title": "Pulse", "organisation": "Acme",
        "sector": "private", "languages": ["en", "de", "fr"], "instrument": "file", "k": "5",
        "comment_k": "10", "distribution": "link",
        "instrument_file": (io.BytesIO(source.encode()), "pulse.toml"),
    }
    return client.post(URL, data=data, content_type="multipart/form-data")


def test_an_uploaded_instrument_brings_its_custom_pages(app, admin_client):
    assert upload(admin_client, pulse_source()).status_code == 302
    with app.app_context():
        instrument = instrument_of(db.session().query(Assessment).one())
    assert [page.id for page in instrument.pages] == ["channels", "chat_use", "recommend"]
    assert instrument.question("enps").type_name == "net_score"


def test_an_uploaded_instrument_with_a_forward_condition_is_refused_by_entry(app, admin_client):
    source = pulse_source().replace('show_if = { question = "uses_chat", equals = "yes" }',
                                    'show_if = { question = "enps", equals = 9 }')
    reply = upload(admin_client, source)
    assert reply.status_code == 400
    error = reply.get_data(as_text=True).split('id="instrument_file-error"')[1].split("</p>")[0]
    assert "pages[1] (id &#34;chat_use&#34;).show_if.question" in error
    assert "a condition can only look back" in error
    with app.app_context():
        assert db.session().query(Assessment).count() == 0
