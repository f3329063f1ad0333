"""The console speaks the comms lead's language: its own words, the questionnaire's names and
its numbers."""

import io
import re

import pytest

from readiness.admin.segment_text import SegmentTextError, parse
from tests.admin.helpers import add_responses, make_assessment, page_token

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def _text(response, status: int = 200) -> str:
    """The page's main content as plain text."""
    assert response.status_code == status
    main = response.get_data(as_text=True).split('<main id="main"', 1)[1]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", main))  # keeps no-break spaces


def test_a_german_comms_lead_reads_the_overview_in_german(app, admin_client):
    assessment_id = make_assessment(app, status="draft")

    text = _text(admin_client.get(f"/admin/assessments/{assessment_id}", headers=GERMAN))

    assert "Nächster Schritt" in text and "Umfrage öffnen" in text
    assert "Bereitschaft für interne soziale Medien, Version 1" in text  # the questionnaire's
    for english in ("Next step", "Open the survey", "Internal social media readiness"):
        assert english not in text


def test_the_new_assessment_form_names_questionnaires_and_modules_in_french(admin_client):
    text = _text(admin_client.get("/admin/assessments/new", headers=FRENCH))

    assert "Préparation aux réseaux sociaux internes, version 1" in text
    assert "Enregistrer comme brouillon" in text and "Secteur public" in text
    assert "Save as draft" not in text and "Internal social media readiness" not in text


def test_progress_writes_the_response_rate_the_french_way(app, admin_client):
    assessment_id = make_assessment(app, status="open", headcount=120)
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})

    text = _text(admin_client.get(f"/admin/assessments/{assessment_id}/progress", headers=FRENCH))

    assert re.search("Taux de réponse : 18[\xa0\u202f]% sur 120 invités", text)
    assert "Quelle équipe ?" in text  # the about-you question in the comms lead's language


def test_without_a_preference_the_console_stays_in_english(app, admin_client):
    assessment_id = make_assessment(app, status="draft")
    text = _text(admin_client.get(f"/admin/assessments/{assessment_id}"))
    assert "Next step" in text and "Internal social media readiness, version 1" in text


def test_an_import_lists_its_problems_in_german(app, admin_client):
    assessment_id = make_assessment(app)
    response = admin_client.post(
        f"/admin/assessments/{assessment_id}/import",
        data={"csrf_token": page_token(admin_client, f"/admin/assessments/{assessment_id}/data"),
              "file": (io.BytesIO(b"department,lp1\nsales,9\nnowhere,2\n"), "r.csv")},
        content_type="multipart/form-data",
        headers=GERMAN,
    )

    text = _text(response, 400)
    assert "Es wurde nichts importiert" in text
    assert "Zeile 2, lp1: „9“ ist weder 1–5 noch dk noch leer." in text
    assert "Zeile 3, department: „nowhere“ ist keine ihrer Optionen." in text


def test_about_you_questions_are_checked_in_french(app):
    with app.test_request_context(headers=FRENCH), pytest.raises(SegmentTextError) as refused:
        parse("- orphan: Option\nteam: Équipe | xx\n", "fr")

    assert refused.value.problems[:2] == (
        "Ligne 1 : une option figure avant toute question.",
        "Ligne 2 : « xx » devrait avoir la forme « de: texte ».",
    )


def _choose(client, language: str, page: str = "/auth/account"):
    return client.post("/auth/language", data={"csrf_token": page_token(client, page),
                                                "language": language})


def test_a_comms_lead_chooses_german_and_keeps_it_after_signing_in_again(app, auth, client):
    auth.login_admin()
    account = _text(client.get("/auth/account"))
    assert "Signed in as" in account and "(Comms lead)" in account

    chosen = _choose(client, "de")
    assert chosen.status_code == 303 and chosen.headers["Location"].endswith("/auth/account")
    assert "Angemeldet als" in _text(client.get("/auth/account"))
    assert "Neue Befragung" in _text(client.get("/admin/"))

    auth.logout()
    assert "Anmelden" in _text(client.get("/auth/login"))  # the sign-in page, still in German
    auth.login()
    assert "Neue Befragung" in _text(client.get("/admin/"))


def test_the_choice_beats_the_browsers_language(app, auth, client):
    auth.login_admin()
    _choose(client, "fr")
    assert "Nouvelle évaluation" in _text(client.get("/admin/", headers=GERMAN))


def test_an_unknown_language_changes_nothing(app, auth, client):
    auth.login_admin()
    _choose(client, "de")
    response = _choose(client, "xx")
    assert response.status_code == 303
    assert "Neue Befragung" in _text(client.get("/admin/"))


def test_the_language_choice_needs_its_form_token(app, client):
    response = client.post("/auth/language", data={"language": "de"})
    assert response.status_code == 400
    assert "Sign in" in _text(client.get("/auth/login"))


def test_a_swiss_french_browser_gets_the_console_in_french(app, admin_client):
    text = _text(admin_client.get("/admin/", headers={"Accept-Language": "fr-CH, de;q=0.5"}))
    assert "Nouvelle évaluation" in text


def test_dates_read_the_way_the_comms_lead_writes_them(app, admin_client):
    from datetime import date

    assessment_id = make_assessment(
        app, opens_on=date(2027, 3, 12), closes_on=date(2027, 3, 26)
    )
    url = f"/admin/assessments/{assessment_id}"

    assert "12. März 2027 – 26. März 2027" in _text(admin_client.get(url, headers=GERMAN))
    assert "12 mars 2027 – 26 mars 2027" in _text(admin_client.get(url, headers=FRENCH))
    english = _text(admin_client.get(url))
    assert "2027-03-12" not in english and "2027" in english


def test_a_report_link_says_in_german_until_when_it_works(app, admin_client):
    from datetime import timedelta

    from babel.dates import get_month_names

    from readiness.report_links import now

    assessment_id = make_assessment(app, status="open")
    base = f"/admin/assessments/{assessment_id}/access"
    with app.app_context():
        until = (now() + timedelta(days=7)).date()
    german_month = get_month_names("wide", locale="de")[until.month]

    response = admin_client.post(
        f"{base}/links", headers=GERMAN,
        data={"csrf_token": page_token(admin_client, base), "label": "Vorstand", "days": "7"},
    )

    text = _text(response)
    assert f"{until.day}. {german_month} {until.year}" in text
    assert until.isoformat() not in text


def test_an_open_assessment_names_its_questionnaire_module_and_languages_in_french(
    app, admin_client
):
    assessment_id = make_assessment(app, status="open", module="healthcare")

    for page in ("", "/edit"):
        text = _text(admin_client.get(f"/admin/assessments/{assessment_id}{page}",
                                      headers=FRENCH))
        assert "Préparation aux réseaux sociaux internes, version 1" in text
        assert "English, Deutsch, Français" in text
        assert "Santé" in text
        assert "social-media-readiness" not in text and "en, de, fr" not in text
        assert "healthcare" not in text


@pytest.mark.parametrize("path", ["/admin/assessments/999", "/report/999"])
def test_error_pages_speak_the_readers_language(admin_client, path):
    text = _text(admin_client.get(path, headers=GERMAN), status=404)

    assert "Diese Seite konnten wir nicht finden" in text
    assert "Der Link ist vielleicht falsch geschrieben oder nicht mehr gültig." in text
    assert "mistyped" not in text


def test_a_leader_refused_the_console_is_told_so_in_german(auth, client):
    auth.login_viewer()

    text = _text(client.get("/admin/", headers=GERMAN), status=403)

    assert "Sie haben keinen Zugang zu dieser Seite" in text
    assert "Fragen Sie die Kommunikationsleitung, wenn Sie Zugang haben sollten." in text
    assert "comms lead" not in text
