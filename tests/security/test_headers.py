"""Security headers on every route, cookies, and templates that need no inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness import create_app
from readiness.models import Base
from tests.respond.conftest import Respondent, make_survey

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

TEMPLATES = Path(__file__).resolve().parents[2] / "readiness" / "templates"
PRIVATE_DOWNLOADS = (".pdf", ".csv", ".json")


def test_every_response_carries_the_security_headers(swept):
    for endpoint, _url, who, response in swept:
        headers = response.headers
        where = (endpoint, who, response.status_code)
        csp = headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, where
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, where
        assert headers.get("X-Content-Type-Options") == "nosniff", where
        assert headers.get("X-Frame-Options") == "DENY", where
        assert headers.get("Referrer-Policy") in ("no-referrer", "same-origin"), where
        assert "Strict-Transport-Security" not in headers, where  # plain HTTP here


def test_nothing_but_static_files_may_be_cached(swept):
    downloads = 0
    for endpoint, url, who, response in swept:
        if endpoint == "static" or endpoint.endswith(".static"):
            continue
        assert response.headers.get("Cache-Control") == "no-store", (endpoint, who)
        if url.endswith(PRIVATE_DOWNLOADS) and response.status_code == 200 and (
            endpoint != "admin.progress_json"  # read by the progress page's script
        ):
            downloads += 1
            disposition = response.headers.get("Content-Disposition", "")
            assert disposition.startswith("attachment"), (url, who)
    assert downloads >= 6  # the three PDFs, the JSON results, responses and codebook CSV


def test_survey_and_report_link_pages_send_no_referrer(swept):
    for endpoint, _url, who, response in swept:
        if endpoint.startswith(("respond.", "report.link")):
            assert response.headers["Referrer-Policy"] == "no-referrer", (endpoint, who)


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_https_responses_carry_hsts(client):
    response = client.get("/auth/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_respondent_can_answer_over_https_without_sending_a_referer(app):
    """Survey pages send no referrer, so the CSRF check must not demand one over HTTPS."""
    respondent = Respondent(app.test_client(), make_survey(app))
    respondent.open(base_url="https://localhost")
    started = respondent.post("/start", base_url="https://localhost")
    assert started.status_code == 303
    page = respondent.open("/p/about", base_url="https://localhost")
    assert page.status_code == 200
    sent = respondent.post("/p/about", {"nav": "next"}, base_url="https://localhost")
    assert sent.status_code == 303


def test_the_session_cookie_is_httponly_and_lax(client, auth):
    auth.admin()
    auth.login()
    cookie = client.get_cookie("readiness_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # development over HTTP; production below


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("READINESS_ENV", "production")
    monkeypatch.setenv("READINESS_SECRET_KEY", "k" * 64)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    response = app.test_client().get("/auth/login", base_url="https://localhost")
    cookie_header = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie_header and "HttpOnly" in cookie_header
    assert "SameSite=Lax" in cookie_header
    app.extensions["readiness.db"][0].dispose()


def test_templates_hold_no_inline_script_style_or_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    forbidden = [
        (inline_script, "inline <script>"),
        (re.compile(r"<style\b", re.I), "<style> element"),
        (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
        (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
        (re.compile(r"javascript:", re.I), "javascript: URL"),
        (re.compile(r"\|\s*safe\b"), "|safe filter"),
    ]
    # E-mail is not served under the site's Content-Security-Policy, and mail programs honour
    # only inline style: the mail templates may style, never script.
    styling = {"<style> element", "style attribute"}
    templates = list(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    for template in templates:
        text = template.read_text(encoding="utf-8")
        mail = template.relative_to(TEMPLATES).parts[0] == "mail"
        for pattern, what in forbidden:
            if mail and what in styling:
                continue
            assert not pattern.search(text), f"{template.relative_to(TEMPLATES)}: {what}"


def test_inline_chart_svg_needs_no_inline_style(swept):
    [body] = [r.get_data(as_text=True) for e, _u, _w, r in swept if e == "admin.results"]
    assert "<svg" in body
    assert not re.search(r"<[a-zA-Z][^<>]*\sstyle\s*=", body)
    assert "<style" not in body
