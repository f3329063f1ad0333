"""Sharing: the link's host is never taken from an untrusted Host header; QR codes; codes CSV."""

import csv
import io
from datetime import date

import pytest

from readiness import create_app, db
from readiness.models import AccessCode, Base
from tests.admin.helpers import login, make_assessment, page_token
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, CSRF, make_user


def _share_page(client, assessment_id, **kwargs):
    return client.get(f"/admin/assessments/{assessment_id}/share", **kwargs).get_data(as_text=True)


def test_the_link_uses_the_request_host_only_on_this_machine(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    page = _share_page(admin_client, assessment_id)
    assert 'value="http://localhost/s/' in page


EVIL = "http://evil.example"


def _forged_host_admin(app):
    """An admin whose every request, sign-in included, carries a forged Host header."""
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    page = client.get("/auth/login", base_url=EVIL).get_data(as_text=True)
    token = CSRF.search(page).group(1)
    client.post(
        "/auth/login",
        base_url=EVIL,
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token},
    )
    return client


def test_a_forged_host_header_never_reaches_a_link_to_copy(app):
    client = _forged_host_admin(app)
    assessment_id = make_assessment(app, status="open")
    page = _share_page(client, assessment_id, base_url=EVIL)
    assert "evil.example" not in page
    assert "READINESS_PUBLIC_BASE_URL" in page
    qr = client.get(f"/admin/assessments/{assessment_id}/share/qr.svg", base_url=EVIL)
    assert qr.status_code == 404


@pytest.fixture
def public_app(database_url, tmp_path):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "https://survey.example.org/",
    })
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    yield app
    app.extensions["readiness.db"][0].dispose()


def test_the_configured_public_address_wins_over_any_host(public_app):
    make_user(public_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = login(public_app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    assessment_id = make_assessment(public_app, status="open")
    page = _share_page(client, assessment_id, headers={"X-Forwarded-Host": "evil.example"})
    assert 'value="https://survey.example.org/s/' in page
    assert "evil.example" not in page


def test_qr_codes_come_as_svg_and_png(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    svg = admin_client.get(f"/admin/assessments/{assessment_id}/share/qr.svg")
    png = admin_client.get(f"/admin/assessments/{assessment_id}/share/qr.png?download=1")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert png.data.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"].startswith("attachment;")


def test_codes_download_as_csv_and_only_their_hashes_are_kept(app, admin_client):
    assessment_id = make_assessment(app, status="open", distribution="both")
    url = f"/admin/assessments/{assessment_id}/share"
    response = admin_client.post(
        f"{url}/codes", data={"csrf_token": page_token(admin_client, url), "count": "3"}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["short_code", "link"]
    assert len(rows) == 4
    with app.app_context():
        stored = db.session().query(AccessCode).all()
        assert len(stored) == 3
        kept = {value for code in stored for value in (code.link_hash, code.short_hash)}
    page = _share_page(admin_client, assessment_id)
    assert "3 codes made so far; 0 used." in page
    for short_code, link in rows[1:]:
        assert link.startswith("http://localhost/s/")
        assert short_code not in kept and link.rsplit("/", 1)[1] not in kept


@pytest.fixture
def production_app(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
                      "ENV": "production", "INSTANCE_PATH": str(tmp_path)})
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    yield app
    app.extensions["readiness.db"][0].dispose()


def test_production_without_a_public_address_refuses_to_share_and_says_why(production_app):
    make_user(production_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = login(production_app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    assessment_id = make_assessment(production_app, status="open", distribution="both")
    page = _share_page(client, assessment_id)  # from localhost, which development trusts
    assert "READINESS_PUBLIC_BASE_URL" in page and "Sharing is switched off" in page
    assert "http://localhost/s/" not in page
    url = f"/admin/assessments/{assessment_id}/share"
    refused = client.post(f"{url}/codes", data={"csrf_token": page_token(client, url), "count": 3})
    assert refused.status_code == 400
    with production_app.app_context():
        assert db.session().query(AccessCode).count() == 0


def test_the_share_page_has_a_copy_button_its_script_reveals(app, admin_client):
    assessment_id = make_assessment(app, status="open")
    page = _share_page(admin_client, assessment_id)
    assert 'data-copy="survey-link"' in page and "hidden>Copy link</button>" in page
    assert 'src="/admin/static/share.js"' in page and "<script>" not in page


def test_codes_used_per_batch_follow_the_progress_rules(app, admin_client):
    from readiness.admin.distribution import code_batches
    from readiness.models import Assessment

    assessment_id = make_assessment(app, status="open", distribution="codes", k=5)
    url = f"/admin/assessments/{assessment_id}/share"
    for count in (20, 3, 10):
        admin_client.post(f"{url}/codes",
                          data={"csrf_token": page_token(admin_client, url), "count": count})
    with app.app_context(), db.writing() as session:
        by_batch = {b: [c for c in session.query(AccessCode) if c.batch == b] for b in (1, 2, 3)}
        for batch, used in ((1, 9), (2, 2), (3, 6)):
            for code in by_batch[batch][:used]:
                code.used = True
    with app.app_context():
        found = code_batches(db.session().get(Assessment, assessment_id))
    assert [(b.number, b.made) for b in found] == [(1, 20), (2, 3), (3, 10)]
    # 2 used is below k; 6 is then the smallest other, hidden too so 2 cannot be worked out
    assert [b.used for b in found] == [9, None, None]
    page = _share_page(admin_client, assessment_id)
    assert "Batch 2" in page and "17 used" in page


def test_a_wrong_number_of_codes_is_a_sentence_next_to_the_field(app, admin_client):
    assessment_id = make_assessment(app, status="open", distribution="codes")
    url = f"/admin/assessments/{assessment_id}/share"
    for count in ("0", "lots", "9000"):
        refused = admin_client.post(
            f"{url}/codes", data={"csrf_token": page_token(admin_client, url), "count": count}
        )
        assert refused.status_code == 400
        assert '<p class="error-message" id="count-error">Ask for a whole number of codes' in (
            refused.get_data(as_text=True)
        )


def test_a_closed_survey_offers_no_new_codes_or_invitations_and_refuses_them(app, admin_client):
    from sqlalchemy import func, select

    from readiness import db
    from readiness.models import AccessCode

    assessment_id = make_assessment(app, status="closed", distribution="both")
    url = f"/admin/assessments/{assessment_id}/share"
    page = admin_client.get(url).get_data(as_text=True)
    assert "Make codes and download CSV" not in page and "Send invitations by e-mail" not in page
    assert "This survey is closed, so new codes would not work." in page
    refused = admin_client.post(f"{url}/codes",
                                data={"csrf_token": page_token(admin_client, url), "count": "3"})
    assert refused.status_code == 400
    assert "new codes would not work" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(AccessCode)) == 0


def test_a_closed_survey_whose_results_were_read_points_to_a_new_wave(app, admin_client):
    from readiness.models import Assessment

    assessment_id = make_assessment(app, status="closed")
    before = _share_page(admin_client, assessment_id)
    assert "Reopen it from the overview if nobody has seen results yet." in before
    with app.app_context(), db.writing():
        db.session().get(Assessment, assessment_id).released_on = date.today()
    after = _share_page(admin_client, assessment_id)
    assert "To ask again, start a new wave from the overview." in after
    assert "Reopen it" not in after
