"""The pulse instrument end to end through the console: responses imported from a file, the
results page, the JSON, the PDF's text and the export, every figure k-suppressed alike."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest
from pypdf import PdfReader

from surveys.loader import instrument_from_text
from tests.admin.helpers import page_token

from .conftest import make_pulse_assessment, pulse_source

INSTRUMENT = instrument_from_text(pulse_source(), "pulse.toml")
ITEMS = [item.id for item in INSTRUMENT.items_for(None)]
CUSTOM = [question.id for question in INSTRUMENT.questions]


def upload(client, assessment_id: int, text: str):
    return client.post(
        f"/admin/assessments/{assessment_id}/import",
        data={"csrf_token": page_token(client, f"/admin/assessments/{assessment_id}/data"),
              "file": (io.BytesIO(text.encode()), "r.csv")},
        content_type="multipart/form-data",
    )


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, [*ITEMS, *CUSTOM], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def pulse_rows(seed: int = 4) -> list[dict]:
    """40 people. uses_chat: 30 yes, 5 no, 5 don't know; the 30 say how often (20 daily, 10
    weekly). news_sources: everyone e-mail, 37 intranet (3 not: a complement of 3), 2 manager
    (primary), nobody colleagues. enps: 15 promoters, 10 passives, 10 detractors, 5 skip it.
    manager_help: asked of the 2 who hear from their manager."""
    rng = random.Random(seed)
    rows = []
    for i in range(40):
        row = {item: str(rng.randint(1, 5)) for item in ITEMS}
        row["uses_chat"] = "yes" if i < 30 else ("no" if i < 35 else "dk")
        if i < 30:
            row["chat_often"] = "daily" if i < 20 else "weekly"
        sources = ["email"] + (["intranet"] if i >= 3 else []) + (["manager"] if i in (5, 6)
                                                                   else [])
        row["news_sources"] = ";".join(sources)
        if i in (5, 6):
            row["manager_help"] = "time"
        if i < 35:
            row["enps"] = str(10 if i < 15 else (8 if i < 25 else 3))
        rows.append(row)
    return rows


@pytest.fixture
def imported(app, admin_client) -> int:
    assessment_id = make_pulse_assessment(app)
    reply = upload(admin_client, assessment_id, csv_text(pulse_rows()))
    assert reply.status_code == 302, reply.get_data(as_text=True)
    return assessment_id


def question(document: dict, question_id: str) -> dict:
    return next(q for q in document["questions"] if q["id"] == question_id)


def outcome(found: dict, outcome_id: str) -> dict:
    return next(o for o in found["outcomes"] if o["id"] == outcome_id)


def test_the_results_document_scores_each_type_with_its_own_suppression(admin_client, imported):
    document = admin_client.get(f"/admin/assessments/{imported}/results.json").get_json()
    chat = question(document, "uses_chat")
    assert chat["people"] == {"answered": 35, "dont_know": 5, "skipped": 0, "not_asked": 0}
    assert outcome(chat, "yes")["n"] == 30 and outcome(chat, "no")["n"] == 5
    often = question(document, "chat_often")
    assert often["conditional"] and often["people"]["not_asked"] == 10
    assert outcome(often, "daily")["share"] == 0.6667
    sources = question(document, "news_sources")
    assert outcome(sources, "email")["share"] == 1.0
    assert outcome(sources, "intranet")["reason"] == "complement"  # 3 did not choose it
    assert outcome(sources, "manager")["reason"] == "primary"  # 2 chose it
    assert outcome(sources, "colleagues")["n"] == 0
    enps = question(document, "enps")
    assert enps["people"]["answered"] == 35 and enps["people"]["skipped"] == 5
    assert enps["net_score"]["score"] == pytest.approx(100 * (15 - 10) / 35, abs=0.05)
    low, high = enps["net_score"]["ci"]
    assert low < enps["net_score"]["score"] < high
    helped = question(document, "manager_help")
    assert helped["withheld"] == "too_few_answered" and helped["outcomes"] == []
    # 2 answered; how many were asked would tell how many chose "manager", hidden above
    assert helped["people"] == {"answered": None, "dont_know": 0, "skipped": 0,
                                "not_asked": None}


def test_no_released_figure_describes_fewer_than_k_people(admin_client, imported):
    document = admin_client.get(f"/admin/assessments/{imported}/results.json").get_json()
    for found in document["questions"]:
        shown = [n for n in found["people"].values() if n is not None]
        shown += [o["n"] for o in found["outcomes"] if o["n"] is not None]
        answered = found["people"]["answered"]
        if found["scored_as"] == "choices" and answered:
            # a complement: those who answered but did not choose a shown option
            shown += [answered - o["n"] for o in found["outcomes"] if o["n"] is not None]
        assert all(n == 0 or n >= 5 for n in shown), (found["id"], shown)


def test_the_results_page_has_its_own_section(admin_client, imported):
    page = admin_client.get(f"/admin/assessments/{imported}/results").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "More questions" in text
    assert "Where do you hear company news?" in text
    assert "Promoters (9–10)" in text and "+14.3" in text
    assert "Not shown: fewer than 5 people answered." in text  # manager_help
    assert "Not asked, because of an earlier answer: 10." in text  # chat_often


def test_the_pdf_prints_the_questions_section(admin_client, imported):
    pdf = admin_client.get(f"/admin/assessments/{imported}/results.pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "More questions" in text
    assert "Net score +14.3" in text
    assert "Detractors (0–6)" in text
    assert "Not shown: fewer than 5 people answered." in text


def test_the_pdf_speaks_the_documents_language(admin_client, imported):
    pdf = admin_client.get(f"/admin/assessments/{imported}/results.pdf?language=de").data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Weitere Fragen" in re.sub(r"\s+", " ", text)


def test_the_export_writes_each_types_cells_and_imports_back(app, admin_client, imported):
    exported = admin_client.get(f"/admin/assessments/{imported}/responses.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert len(rows) == 40
    # intranet (3 did not choose it) and manager (2 did) are hidden in the results: left out
    assert {row["news_sources"] for row in rows} == {"email"}
    assert {row["manager_help"] for row in rows} == {""}  # 2 answered: withheld
    assert sum(row["chat_often"] != "" for row in rows) == 30
    assert sorted(row["enps"] for row in rows).count("") == 5
    again = make_pulse_assessment(app)
    assert upload(admin_client, again, exported.get_data(as_text=True)).status_code == 302
    first = admin_client.get(f"/admin/assessments/{imported}/results.json").get_json()
    second = admin_client.get(f"/admin/assessments/{again}/results.json").get_json()
    for key in ("uses_chat", "chat_often", "enps"):
        assert question(first, key) == question(second, key)
    assert outcome(question(second, "news_sources"), "email")["n"] == 40


def test_the_export_leaves_out_what_the_results_hide_and_what_depends_on_it(app,
                                                                          admin_client):
    assessment_id = make_pulse_assessment(app)
    rows = pulse_rows()
    for i, row in enumerate(rows):
        row["uses_chat"] = "no" if i < 3 else "yes"  # "no" 3: hidden, "yes" hidden with it
        row["chat_often"] = "" if i < 3 else "daily"
    assert upload(admin_client, assessment_id, csv_text(rows)).status_code == 302
    exported = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    exported_rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert {row["uses_chat"] for row in exported_rows} == {""}
    # chat_often is asked only after "yes": without it, the file would not import back
    assert {row["chat_often"] for row in exported_rows} == {""}
    again = make_pulse_assessment(app)
    assert upload(admin_client, again, exported.get_data(as_text=True)).status_code == 302


def test_the_codebook_says_what_each_types_cells_hold(admin_client, imported):
    book = admin_client.get(f"/admin/assessments/{imported}/codebook.csv").get_data(as_text=True)
    rows = {row["column"]: row for row in csv.DictReader(io.StringIO(book))}
    assert rows["uses_chat"]["type"] == "single_choice"
    assert "yes=Yes; no=No; dk=Don't know" in rows["uses_chat"]["values"]
    assert "several: separated by ;" in rows["news_sources"]["values"]
    assert "0=Not at all likely … 10=Extremely likely" in rows["enps"]["values"]
    assert "asked only when uses_chat is yes" in rows["chat_often"]["values"]


def test_an_answer_to_a_question_that_was_not_asked_is_refused_with_its_line(app,
                                                                             admin_client):
    assessment_id = make_pulse_assessment(app)
    rows = pulse_rows()
    rows[3]["chat_often"] = "daily"  # row 3 (line 5) said "yes": fine
    rows[33]["chat_often"] = "weekly"  # line 35 said "no": never asked
    rows[34]["manager_help"] = "time"  # line 36 did not choose "manager"
    page = upload(admin_client, assessment_id, csv_text(rows)).get_data(as_text=True)
    assert "Nothing was imported" in page
    assert ("Line 35, chat_often: this question is asked only when uses_chat is yes, "
            "so it must be blank here.") in page
    assert "Line 36, manager_help: this question is asked only when news_sources is " \
           "manager" in page
    assert "Line 5," not in page


def test_an_answer_a_type_does_not_take_is_refused_with_its_line(app, admin_client):
    assessment_id = make_pulse_assessment(app)
    rows = pulse_rows()
    rows[0]["enps"] = "11"
    rows[1]["news_sources"] = "email;fax"
    rows[2]["uses_chat"] = "maybe"
    page = upload(admin_client, assessment_id, csv_text(rows)).get_data(as_text=True)
    page = page.replace("&#34;", '"').replace("&#39;", "'")
    assert "Line 2, enps: “11” is not an answer to this question" in page
    assert "Line 3, news_sources: “email;fax” is not an answer" in page
    assert "Line 4, uses_chat: “maybe” is not an answer" in page


def test_answers_sent_through_the_survey_reach_the_results_suppressed_below_k(
        app, client, admin_client):
    """Six people answer the custom pages online (k = 5); after the close the results show what
    at least five said, and hide the two who hear news from their manager."""
    from flask.testing import FlaskClient

    from tests.respond.conftest import Respondent, close_all

    from .conftest import make_pulse_survey

    public_id = make_pulse_survey(app)
    for person in range(6):
        browser = FlaskClient(app, use_cookies=True)
        respondent = Respondent(browser, public_id)
        respondent.start()
        for dimension in INSTRUMENT.dimensions:
            respondent.answer(dimension.id, {f"item_{item.id}": str(1 + (person + i) % 5)
                                             for i, item in enumerate(
                                                 INSTRUMENT.items_of(dimension.id))})
        sources = ["email", "manager"] if person < 2 else ["email"]
        respondent.answer("channels", {"question_uses_chat": "yes",
                                       "question_news_sources": sources})
        respondent.answer("chat_use", {"question_chat_often": "daily"})
        respondent.answer("recommend", {"question_enps": str(4 + person),
                                        **({"question_manager_help": "time"}
                                           if person < 2 else {})})
        assert respondent.submit().status_code == 303
    close_all(app)
    with app.app_context():
        from readiness import db
        from readiness.models import Assessment

        assessment_id = db.session().query(Assessment.id).filter_by(
            public_id=public_id).scalar()
    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    assert outcome(question(document, "uses_chat"), "yes")["n"] == 6
    assert outcome(question(document, "chat_often"), "daily")["share"] == 1.0
    sources = question(document, "news_sources")
    assert outcome(sources, "email")["n"] == 6
    assert outcome(sources, "manager")["reason"] == "primary"
    enps = question(document, "enps")  # 4..9: 5 detractors and 1 promoter
    assert enps["net_score"] is None and enps["withheld"] == "suppressed"
    assert question(document, "manager_help")["withheld"] == "too_few_answered"
    reply = admin_client.get(f"/admin/assessments/{assessment_id}/results.pdf")
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    pdf = reply.data
    text = re.sub(r"\s+", " ", " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "The net score is hidden: one of its groups holds fewer than 5 people." in text
