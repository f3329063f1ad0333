"""The curious comms lead against the custom questions (issue 22): results page/JSON and the
responses CSV side by side. Each attack is played through the console as they would."""

from __future__ import annotations

import csv
import io

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.questions.conftest import make_pulse_assessment
from tests.questions.test_end_to_end import INSTRUMENT, csv_text, pulse_rows, question, upload

K = 5


def test_the_export_never_marks_the_few_who_chose_only_hidden_options(app, admin_client):
    """40 answer "Where do you hear company news?". 3 chose "my manager" (hidden: fewer than
    k), 2 of them nothing else. E-mail (28) and intranet (15) overlap, so no rule of the
    results alone sees that together they leave 2 answerers out. The export drops the hidden
    option from every row; if it showed e-mail and intranet, the 2 would be the only rows
    without any answer to a question that the results say everyone answered: their rows
    (every statement, every group) would be the "manager only" answers."""
    rows = pulse_rows()
    for i, row in enumerate(rows):
        if i < 2:
            sources = ["manager"]
        elif i == 2:
            sources = ["email", "manager"]
        elif i < 8:
            sources = ["email", "intranet"]
        elif i < 30:
            sources = ["email"]
        else:
            sources = ["intranet"]
        row["news_sources"] = ";".join(sources)
        row["manager_help"] = "time" if i < 3 else ""
    assessment_id = make_pulse_assessment(app)
    assert upload(admin_client, assessment_id, csv_text(rows)).status_code == 302

    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    sources = question(document, "news_sources")
    assert sources["people"]["answered"] == 40
    assert sources["people"]["skipped"] == 0 and sources["people"]["not_asked"] == 0

    exported = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    assert exported.status_code == 200
    lines = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    blank = sum(1 for line in lines if line["news_sources"] == "")
    # Everyone answered, so every blank cell is someone who chose only hidden options.
    assert blank == 0 or blank >= K, f"{blank} rows are those who chose only hidden options"


OPTIONS = ("email", "intranet", "manager", "colleagues")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sets(st.sampled_from(OPTIONS), min_size=1), min_size=K, max_size=40))
# the attack above: e-mail and intranet overlap and leave out the 2 who chose only "manager"
@example([{"manager"}] * 2 + [{"email", "manager"}] + [{"email", "intranet"}] * 5
         + [{"email"}] * 22 + [{"intranet"}] * 10)
def test_the_export_and_the_results_of_a_several_choices_question_agree(chosen):
    """Whatever people choose, the export shows an option in a row only where the results show
    its count (and then in every row that has it), and the answerers it leaves without any
    option are 0 or at least k."""
    from readiness.exports import released_answers
    from scoring.questions import score_questions

    pulse = INSTRUMENT
    rows = [{"news_sources": sorted(options)} for options in chosen]
    (result,) = [r for r in score_questions(pulse, rows, K) if r.question.id == "news_sources"]
    exported = released_answers(pulse, rows, K)
    shown = {o.key: o.n for o in result.outcomes if o.reason is None}
    for option in OPTIONS:
        n = sum(1 for row in exported if option in row.get("news_sources", ()))
        assert n == shown.get(option, 0), (option, n, shown)
    without = sum(1 for row in exported if not row.get("news_sources"))
    assert without == 0 or without >= K, (without, shown)


#: Two factual questions a comms lead may add: where people work and which tools they use.
FACTS = """
[[pages]]
id = "facts"
title = { en = "About your work", de = "Über Ihre Arbeit", fr = "Votre travail" }

[[questions]]
id = "site"
type = "single_choice"
page = "facts"
text = { en = "Which site do you work at?", de = "An welchem Standort?", fr = "Quel site ?" }
options = [
  { id = "north", labels = { en = "North", de = "Nord", fr = "Nord" } },
  { id = "south", labels = { en = "South", de = "Süd", fr = "Sud" } },
]

[[questions]]
id = "tools"
type = "multiple_choice"
page = "facts"
text = { en = "Which tools do you use?", de = "Welche Werkzeuge?", fr = "Quels outils ?" }
options = [
  { id = "mail", labels = { en = "Mail", de = "Mail", fr = "Courriel" } },
  { id = "wiki", labels = { en = "Wiki", de = "Wiki", fr = "Wiki" } },
]
"""


def test_a_custom_question_asking_a_fact_cannot_be_crossed_with_an_about_you_answer(
        app, admin_client):
    """40 people: 5 in client services, 35 in operations; 10 work at the North site, one of
    them in client services. The results show every group (5, 35, 10, 30), so the comms lead
    who wrote "Which site do you work at?" knows who that one person is. Before the export
    counted custom answers in its rule on combinations, the CSV held exactly one row with
    client services and North: that person's every answer. The same for two custom
    questions: 10 use the wiki, one of them at the North site. Now every combination of shown
    about-you values and shown choices is shared by 0 or at least k rows, and the file still
    imports back."""
    from collections import Counter

    from tests.questions.conftest import pulse_source
    from tests.questions.test_end_to_end import CUSTOM, ITEMS

    source = pulse_source(FACTS)
    rows = pulse_rows()
    for i, row in enumerate(rows):
        row["department"] = "client_services" if i < 5 else "operations"
        row["site"] = "north" if i in (0, *range(10, 19)) else "south"
        row["tools"] = "mail;wiki" if i in (10, *range(20, 29)) else "mail"
    out = io.StringIO()
    writer = csv.DictWriter(out, ["department", *ITEMS, *CUSTOM, "site", "tools"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    assessment_id = make_pulse_assessment(app, source=source)
    assert upload(admin_client, assessment_id, out.getvalue()).status_code == 302

    document = admin_client.get(f"/admin/assessments/{assessment_id}/results.json").get_json()
    department = next(s for s in document["segments"] if s["id"] == "department")
    assert {g["value"]: g["n"] for g in department["groups"]
            if not g["suppressed"]}["client_services"] == 5
    site = question(document, "site")
    assert {o["id"]: o["n"] for o in site["outcomes"]} == {"north": 10, "south": 30}
    tools = question(document, "tools")
    assert {o["id"]: o["n"] for o in tools["outcomes"]} == {"mail": 40, "wiki": 10}

    exported = admin_client.get(f"/admin/assessments/{assessment_id}/responses.csv")
    text = exported.get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(text)))
    identifying = ["department", "location", "role_level", "tenure", "uses_chat",
                   "news_sources", "chat_often", "manager_help", "site", "tools"]
    combinations = Counter(tuple(line[c] for c in identifying) for line in lines)
    assert all(n >= K for n in combinations.values()), combinations
    assert not any(line["department"] == "client_services" and line["site"] == "north"
                   for line in lines)
    pairs = Counter((line["site"], "wiki" in line["tools"].split(";")) for line in lines)
    assert all(n >= K for n in pairs.values()), pairs
    # What the export leaves out it leaves out in every row (the results show it): the rows
    # still showing a value are all the people with it, or none.
    for column, value in (("site", "north"), ("department", "client_services")):
        assert sum(line[column] == value for line in lines) in (0, 10 if column == "site" else 5)
    assert sum("wiki" in line["tools"].split(";") for line in lines) in (0, 10)
    again = make_pulse_assessment(app, source=source)
    assert upload(admin_client, again, text).status_code == 302
    page = admin_client.get(f"/admin/assessments/{assessment_id}/data").get_data(as_text=True)
    assert "Answers to your own choice questions may be blanked too" in page
