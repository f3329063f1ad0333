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
