"""The about-you rows: what is stored comes back unchanged through the form, and every edit
button does exactly what it says."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from readiness.admin import groups

LANGUAGES = ("en", "de", "fr")
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
               min_size=1, max_size=30).map(str.strip).filter(bool)
slug = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda s: s != "prefer_not_to_say"
)


@st.composite
def questions(draw):
    found, headcounts = [], {}
    for question_id in draw(st.lists(slug, min_size=0, max_size=4, unique=True)):
        texts = {"en": draw(text)} | draw(st.dictionaries(st.sampled_from(LANGUAGES[1:]), text))
        options = []
        for option_id in draw(st.lists(slug, min_size=2, max_size=5, unique=True)):
            labels = {"en": draw(text)} | draw(
                st.dictionaries(st.sampled_from(LANGUAGES[1:]), text)
            )
            options.append({"id": option_id, "labels": labels})
            people = draw(st.none() | st.integers(1, 10_000))
            if people is not None:
                headcounts.setdefault(question_id, {})[option_id] = people
        found.append({"id": question_id, "text": texts, "options": options})
    return found, headcounts


def _as_sent(rows: list[dict]) -> dict[str, str]:
    """The rows as a browser sends them: one field per input, every language."""
    sent = {}
    for q, row in enumerate(rows):
        sent[f"g-{q}-id"] = row["id"]
        sent[f"g-{q}-kind"] = row["kind"]
        for language in LANGUAGES:
            sent[f"g-{q}-text-{language}"] = row["text"].get(language, "")
        for o, option in enumerate(row["options"]):
            sent[f"g-{q}-o-{o}-id"] = option["id"]
            sent[f"g-{q}-o-{o}-people"] = option["people"]
            for language in LANGUAGES:
                sent[f"g-{q}-o-{o}-label-{language}"] = option["labels"].get(language, "")
    return sent


@given(questions())
@example(([{"id": "role", "text": {"en": "Role"}, "options": [
    {"id": "leader", "labels": {"en": "Leader"}}, {"id": "manager", "labels": {"en": "M"}},
    {"id": "staff", "labels": {"en": "Staff"}}]}], {}))
def test_stored_questions_come_back_unchanged_through_the_form(stored):
    segments, headcounts = stored
    rows = groups.from_form(_as_sent(groups.from_stored(segments, headcounts)))
    again, again_headcounts = groups.to_stored(rows, "en")
    for question in segments:  # a leader/manager/staff question is the role level one
        if {o["id"] for o in question["options"]} == {"leader", "manager", "staff"}:
            question["kind"] = "role_level"
    assert again == segments
    assert again_headcounts == headcounts


def _rows(*labels_per_question):
    return [
        {"id": "", "kind": "", "text": {"en": f"Q{n}"},
         "options": [{"id": "", "labels": {"en": label}, "people": ""} for label in labels]}
        for n, labels in enumerate(labels_per_question)
    ]


def _labels(rows):
    return [[o["labels"].get("en", "") for o in row["options"]] for row in rows]


def test_each_button_does_what_it_says():
    rows = _rows(["a", "b", "c"], ["x", "y"])
    assert _labels(groups.edit(rows, "up-option:0:2")) == [["a", "c", "b"], ["x", "y"]]
    assert _labels(groups.edit(rows, "down-option:0:0")) == [["c", "a", "b"], ["x", "y"]]
    assert _labels(groups.edit(rows, "remove-option:1:0")) == [["c", "a", "b"], ["y"]]
    assert _labels(groups.edit(rows, "down-question:0")) == [["y"], ["c", "a", "b"]]
    assert len(groups.edit(rows, "add-option:1")[1]["options"]) == 4
    assert len(groups.edit(rows, "add-question")) == 3
    assert len(groups.edit(rows, "remove-question:2")) == 2
    for nonsense in ("up-option:9:9", "remove-question:x", "up-question:0", "down-option:0:9",
                     "whatever", ""):
        before = _labels(rows)
        assert _labels(groups.edit(rows, nonsense)) == before


def test_new_groups_get_ids_from_their_labels_and_never_twice():
    rows = _rows(["Sales team", "Sales team!", "Prefer not to say"])
    try:
        groups.to_stored(rows, "en")
    except groups.GroupProblems as problems:
        assert list(problems.by_field) == ["g-0-o-2-label-en"]
    rows[0]["options"].pop()
    stored, _headcounts = groups.to_stored(rows, "en")
    assert [o["id"] for o in stored[0]["options"]] == ["sales_team", "sales_team_2"]


def test_the_page_carries_every_language_the_rows_hold_chosen_ones_first():
    rows = groups.from_stored(
        [{"id": "team", "text": {"en": "Team?", "es": "¿Equipo?"},
          "options": [{"id": "a", "labels": {"en": "A", "it": "A"}}]}], None
    )
    assert groups.languages_of(rows, ["fr"]) == ["fr", "en", "de", "es", "it"]
