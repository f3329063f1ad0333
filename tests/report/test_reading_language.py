"""Leadership reads the results in its own language: the whole page, its PDF and its downloads."""

import io
import re

import pytest
from pypdf import PdfReader

from readiness import db
from readiness.admin import segment_text
from readiness.assessments import bundled_instrument_source
from readiness.models import Assessment
from tests.admin.helpers import (
    DEPARTMENTS,
    add_responses,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
)
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD, make_user

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


@pytest.fixture
def closed(app):
    assessment_id = make_assessment(app, status="closed", title="Board survey")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    return assessment_id


@pytest.fixture
def viewer(app, closed):
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    grant_viewer(app, closed, viewer_id)
    return login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD)


def _html(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _language_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="reading-languages".*?</nav>', html, re.S)
    assert nav, "no language switch on the page"
    return {code: href.replace("&amp;", "&")
            for href, code in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav.group(0))}


def test_a_viewer_reads_the_whole_results_page_in_german(viewer, closed):
    html = _html(viewer.get(f"/report/{closed}?language=de"))

    assert '<html lang="de">' in html
    assert "Zusammenfassung" in html and "Die fünf Dimensionen" in html  # the page's own words
    assert "Präsenz der Führung" in html  # the instrument's
    assert "Der 90-Tage-Plan" in html or "der 90-Tage-Plan" in html
    for english in ("Summary", "The five dimensions", "What to do first", "Show the figures"):
        assert english not in html
    assert f'href="/report/{closed}/report.pdf?language=de"' in html
    # Numbers are written the German way, as in the PDF.
    assert re.search(r"Bereitschaftsindex \d+,\d \(95-%-Intervall \d+,\d–\d+,\d\)", html)
    assert re.search(r"Rücklaufquote \d+\xa0%", html)


def test_french_puts_a_space_before_the_colon_of_each_statements_summary(viewer, closed):
    """'Pilotage et responsabilité : comment…', not the English 'name: how…' glued in French."""
    html = _html(viewer.get(f"/report/{closed}?language=fr"))
    summaries = re.findall(r"<summary>([^<]*comment chaque affirmation[^<]*)</summary>", html)
    assert len(summaries) == 5
    assert all(" : comment chaque affirmation" in summary for summary in summaries), summaries


def test_the_language_switch_offers_each_language_as_a_plain_link(viewer, closed):
    html = _html(viewer.get(f"/report/{closed}"))
    links = _language_links(html)

    assert set(links) == {"en", "de", "fr"}
    assert re.search(r"Readiness index \d+\.\d \(95% interval \d+\.\d–\d+\.\d\)", html)
    assert re.search(r"Response rate \d+%\.", html)
    assert re.search(r'<a href="[^"]+" lang="en" hreflang="en" aria-current="true">English</a>',
                     html)
    french = _html(viewer.get(links["fr"]))
    assert '<html lang="fr">' in french and "Synthèse" in french
    assert re.search(r'lang="fr" hreflang="fr" aria-current="true">Français</a>', french)


def test_without_a_choice_the_page_follows_the_browsers_language(viewer, closed):
    browser = {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}
    html = _html(viewer.get(f"/report/{closed}", headers=browser))
    assert '<html lang="fr">' in html and "Les cinq dimensions" in html
    assert "report.pdf?language=fr" in html


def test_a_report_link_reads_in_french_and_so_does_its_pdf(app, closed):
    _, token = make_report_link(app, closed)
    reader = app.test_client()
    html = _html(reader.get(f"/report/link/{token}?language=fr"))
    assert "Synthèse" in html and "Tous les rapports" not in html  # no way out of the link
    assert set(_language_links(html)) == {"en", "de", "fr"}

    pdf_url = re.search(r'href="([^"]+report\.pdf[^"]*)"', html).group(1).replace("&amp;", "&")
    response = reader.get(pdf_url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages[:3])
    assert "Indice de maturité" in text


def test_the_console_results_offer_the_figures_in_the_chosen_language(app, auth, client, closed):
    auth.login_admin()
    html = _html(client.get(f"/admin/assessments/{closed}/results?language=de"))
    assert "Zusammenfassung" in html
    assert f"/admin/assessments/{closed}/results.json?language=de" in html
    assert f"/admin/assessments/{closed}/results.pdf?language=de" in html
    document = client.get(f"/admin/assessments/{closed}/results.json?language=de").get_json()
    assert document["language"] == "de"


def test_withheld_results_say_so_in_the_readers_language(app, auth, client):
    auth.login_admin()
    open_id = make_assessment(app, status="open")
    add_responses(app, open_id, {"sales": 12})

    html = _html(client.get(f"/admin/assessments/{open_id}/results?language=de"))

    assert "Die Ergebnisse sind noch nicht bereit" in html
    assert "Die Ergebnisse erscheinen, sobald die Umfrage geschlossen" in html
    assert "Zusammenfassung" not in html and "<svg" not in html


def _without_french(source: str) -> str:
    """The bundled instrument written in English and German only."""
    source = re.sub(r'^languages = \[.*\]$', 'languages = ["en", "de"]', source, count=1,
                    flags=re.M)
    source = re.sub(r',\s*fr\s*=\s*"(?:[^"\\]|\\.)*"', "", source)
    return re.sub(r"^\s*(?:[\w.]*\.)?fr\s*=.*\n", "", source, flags=re.M)


def test_only_languages_the_instrument_is_written_in_are_offered(app, auth, client):
    auth.login_admin()
    teams = segment_text.parse(re.sub(r" \| fr: [^|=\n]+", "", DEPARTMENTS), "en")
    assessment_id = make_assessment(app, status="closed", languages=("de", "en"),
                                    segments=teams.questions)
    with app.app_context(), db.writing() as session:
        session.get(Assessment, assessment_id).instrument_source = _without_french(
            bundled_instrument_source()
        )
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})

    html = _html(client.get(f"/admin/assessments/{assessment_id}/results?language=fr"))

    # French was asked for, but the questions have no French: the page keeps to one language,
    # the survey's first.
    assert '<html lang="de">' in html and "Zusammenfassung" in html
    assert set(_language_links(html)) == {"en", "de"}
    assert "results.pdf?language=de" in html
