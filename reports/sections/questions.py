"""The custom pages' questions: shares, counts and net scores, apart from the readiness index.

Every figure comes from the results document's ``questions`` block (`scoring.questions`),
already suppressed; what is hidden there is printed as "hidden". The section's words live here
in en, de and fr, so that adding it touched nothing else of the report's.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.sections.common import Context

WORDS = {
    "en": {
        "title": "More questions",
        "intro": "These questions are not part of the readiness index. Any figure that would "
                 "describe fewer than {k} people is hidden.",
        "answered": "Answered: {n}.", "dont_know": "Don't know: {n}.", "skipped": "Skipped: {n}.",
        "not_asked": "Not asked, because of an earlier answer: {n}.",
        "too_few": "Not shown: fewer than {k} people answered.",
        "net": "Net score {score} (95% interval {low} to {high}): promoters' share minus "
               "detractors' share, from −100 to +100.",
        "net_hidden": "The net score is hidden: one of its groups holds fewer than {k} people.",
        "answer": "Answer", "share": "Share", "interval": "Interval", "people": "People",
        "hidden": "hidden", "several": "Several answers could be chosen; shares are of those "
                                       "who answered.",
        "promoters": "Promoters (9–10)", "passives": "Passives (7–8)",
        "detractors": "Detractors (0–6)",
    },
    "de": {
        "title": "Weitere Fragen",
        "intro": "Diese Fragen gehören nicht zum Bereitschaftsindex. Jede Zahl, die weniger als "
                 "{k} Personen beschreiben würde, ist ausgeblendet.",
        "answered": "Beantwortet: {n}.", "dont_know": "Weiß nicht: {n}.",
        "skipped": "Übersprungen: {n}.",
        "not_asked": "Wegen einer früheren Antwort nicht gefragt: {n}.",
        "too_few": "Nicht gezeigt: weniger als {k} Personen haben geantwortet.",
        "net": "Netto-Wert {score} (95-%-Intervall {low} bis {high}): Anteil der Förderer minus "
               "Anteil der Kritiker, von −100 bis +100.",
        "net_hidden": "Der Netto-Wert ist ausgeblendet: eine seiner Gruppen umfasst weniger als "
                      "{k} Personen.",
        "answer": "Antwort", "share": "Anteil", "interval": "Intervall", "people": "Personen",
        "hidden": "ausgeblendet", "several": "Mehrere Antworten waren möglich; die Anteile "
                                             "beziehen sich auf alle, die geantwortet haben.",
        "promoters": "Förderer (9–10)", "passives": "Passive (7–8)",
        "detractors": "Kritiker (0–6)",
    },
    "fr": {
        "title": "Autres questions",
        "intro": "Ces questions ne font pas partie de l'indice de préparation. Tout chiffre qui "
                 "décrirait moins de {k} personnes est masqué.",
        "answered": "Réponses : {n}.", "dont_know": "Je ne sais pas : {n}.",
        "skipped": "Sans réponse : {n}.",
        "not_asked": "Non posée, en raison d'une réponse précédente : {n}.",
        "too_few": "Non affiché : moins de {k} personnes ont répondu.",
        "net": "Score net {score} (intervalle à 95 % de {low} à {high}) : part des promoteurs "
               "moins part des détracteurs, de −100 à +100.",
        "net_hidden": "Le score net est masqué : un de ses groupes compte moins de {k} "
                      "personnes.",
        "answer": "Réponse", "share": "Part", "interval": "Intervalle", "people": "Personnes",
        "hidden": "masqué", "several": "Plusieurs réponses étaient possibles ; les parts "
                                       "portent sur les personnes ayant répondu.",
        "promoters": "Promoteurs (9–10)", "passives": "Passifs (7–8)",
        "detractors": "Détracteurs (0–6)",
    },
}


def questions(ctx: Context) -> list[Flowable]:
    """One block per custom question; nothing when the instrument has none."""
    found = ctx.document.get("questions") or []
    if not found:
        return []
    words = WORDS.get(ctx.words.language, WORDS["en"])
    story: list[Flowable] = [ctx.heading(words["title"]),
                             ctx.text(words["intro"].format(k=ctx.k), ctx.styles.muted)]
    for question in found:
        story.append(KeepTogether(_question(ctx, question, words)))
    return story


def _signed(ctx: Context, value: float | None) -> str:
    """A net score with its sign, and a true minus rather than a hyphen."""
    text = ctx.words.number(value)
    if value is not None and value > 0:
        return f"+{text}"
    return text.replace("-", "−", 1)


def _question(ctx: Context, question: dict, words: dict[str, str]) -> list[Flowable]:
    hidden = words["hidden"]
    people = question.get("people") or {}

    def count(key: str) -> str:
        n = people.get(key)
        return hidden if n is None else ctx.words.count(n)

    said = [words["answered"].format(n=count("answered"))]
    for key in ("dont_know", "skipped"):
        if people.get(key) != 0:
            said.append(words[key].format(n=count(key)))
    if question.get("conditional"):
        said.append(words["not_asked"].format(n=count("not_asked")))
    block: list[Flowable] = [ctx.heading(question.get("text") or question["id"], 1),
                             ctx.text(" ".join(said))]
    if question.get("withheld") == "too_few_answered":
        return [*block, ctx.text(words["too_few"].format(k=ctx.k)), ctx.space()]
    net = question.get("net_score")
    if net is not None:
        low, high = net["ci"]
        block.append(ctx.text(words["net"].format(
            score=_signed(ctx, net["score"]), low=_signed(ctx, low), high=_signed(ctx, high))))
    elif question.get("scored_as") == "net_score":
        block.append(ctx.text(words["net_hidden"].format(k=ctx.k)))
    if question.get("scored_as") == "choices":
        block.append(ctx.text(words["several"], ctx.styles.muted))
    rows: list[tuple[object, ...]] = []
    for outcome in question.get("outcomes") or []:
        label = (words.get(outcome["id"], outcome["label"])
                 if question.get("scored_as") == "net_score" else outcome["label"])
        if outcome.get("reason"):
            rows.append((label, hidden, "", ""))
            continue
        low, high = outcome.get("ci") or (None, None)
        rows.append((label, ctx.words.percent(outcome.get("share")),
                     f"{ctx.words.percent(low)}–{ctx.words.percent(high)}",
                     ctx.words.count(outcome.get("n"))))
    headers = [words["answer"], words["share"], words["interval"], words["people"]]
    block += [ctx.space(4), ctx.table(headers, rows, [3, 1, 1.4, 1], bold_first=True),
              ctx.space(10)]
    return block
