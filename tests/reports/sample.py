"""A realistic results document, made by hand to the ``readiness.results/1`` contract.

A fixture for the reports tests and the report benchmark (bench/bench_report.py), kept with the
tests rather than shipped in the package; the numbers are invented but internally consistent.
"""

from __future__ import annotations

import copy
import random

DIMENSIONS = (
    ("leadership_presence", "Leadership presence", "Führungspräsenz", "Présence des dirigeants"),
    ("training_maturity", "Training maturity", "Reife der Schulung", "Maturité de la formation"),
    ("security_risk", "Security risk", "Sicherheitsrisiko", "Risque de sécurité"),
    ("decision_speed", "Decision speed", "Entscheidungstempo", "Rapidité de décision"),
    ("ownership", "Ownership", "Verantwortung", "Responsabilité"),
)
TARGETS = {
    "leadership_presence": 68.0,
    "training_maturity": 57.0,
    "security_risk": 62.0,
    "decision_speed": 51.0,
    "ownership": 46.0,
}
STAGES = (
    ("unprepared", "Unprepared", 0, 39),
    ("exploring", "Exploring", 40, 54),
    ("developing", "Developing", 55, 69),
    ("ready", "Ready", 70, 84),
    ("leading", "Leading", 85, 100),
)
ITEM_TEXTS = (
    "People who work here know what they may and may not post about our work.",
    "Our senior leaders take part in conversations on internal channels.",
    "Someone clearly owns our internal social media and answers for it.",
    "Decisions about what we share can be made quickly, without long sign-off chains.",
    "I would not know whom to ask if a colleague posted something confidential.",
    "We have been shown how to use the tools we already have.",
)


RECOMMENDATIONS = (
    ("own-low-1", "ownership", "Name one owner for internal social media",
     "Give one person the remit, the time and a small budget, and tell everyone who it is.",
     "Ownership scored 46 (Exploring).", 8.1, "low", "high", 30),
    ("ds-mid-1", "decision_speed", "Agree what can be posted without sign-off",
     "Write down the kinds of post that need no approval and who decides the rest in a day.",
     "Decision speed scored 51 (Exploring).", 6.4, "medium", "high", 30),
    ("tm-mid-2", "training_maturity", "Run short hands-on sessions",
     "Offer 30-minute sessions per team on the tools you already have, each quarter.",
     "Many people answered \"don't know\" to the training statements.", 4.9, "medium",
     "medium", 60),
    ("sr-mid-1", "security_risk", "Share simple guidelines with examples",
     "Publish one page of guidelines with real examples of what is and is not fine to share.",
     "Security risk scored 62 (Developing).", 3.2, "low", "medium", 60),
    ("lp-high-1", "leadership_presence", "Recruit employee advocates",
     "Invite a few volunteers from each department to start and host conversations.",
     "Leadership presence scored 68 (Developing).", 2.0, "medium", "medium", 90),
)


def _stage(score: float) -> tuple[str, str]:
    chosen = STAGES[0]
    for stage in STAGES:
        if score >= stage[2]:
            chosen = stage
    return chosen[0], chosen[1]


def _share(value: float, n: int) -> dict:
    spread = round(1.96 * (value * (1 - value) / max(n, 1)) ** 0.5, 4)
    return {"share": round(value, 4), "ci": [round(max(0, value - spread), 4),
                                             round(min(1, value + spread), 4)]}


def _item(rng: random.Random, dimension_id: str, number: int, target: float, n: int) -> dict:
    centre = 1 + target / 25
    weights = [max(0.05, 1.6 - abs(point - centre)) for point in range(1, 6)]
    total = sum(weights)
    answered = n - (dont_know := rng.randint(0, max(1, n // 12)))
    distribution = [round(answered * weight / total) for weight in weights]
    distribution[2] += answered - sum(distribution)
    substantive = sum(distribution)
    favourable = (distribution[3] + distribution[4]) / substantive
    unfavourable = (distribution[0] + distribution[1]) / substantive
    mean = sum((p + 1) * c for p, c in enumerate(distribution)) / substantive
    item_total = round(rng.uniform(0.22, 0.68), 4)
    return {
        "id": f"{dimension_id[:2]}{number}",
        "text": ITEM_TEXTS[(number - 1) % len(ITEM_TEXTS)],
        "reverse": number in (2, 5),
        "n": substantive,
        "mean": round(mean, 1),
        "distribution": distribution,
        "dont_know": dont_know,
        "favourable": _share(favourable, substantive),
        "neutral": _share(1 - favourable - unfavourable, substantive),
        "unfavourable": _share(unfavourable, substantive),
        "dont_know_share": round(dont_know / n, 4),
        "item_total_r": item_total,
        "weak": item_total < 0.30,
    }


def _dimension(rng: random.Random, order: int, names: tuple, language: str, n: int) -> dict:
    dimension_id = names[0]
    name = names[{"en": 1, "de": 2, "fr": 3}.get(language, 1)]
    score = TARGETS[dimension_id]
    items = [_item(rng, dimension_id, number, score, n) for number in range(1, 7)]
    favourable = sum(item["favourable"]["share"] for item in items) / len(items)
    unfavourable = sum(item["unfavourable"]["share"] for item in items) / len(items)
    stage, stage_name = _stage(score)
    half_width = round(1.96 * 18 / n**0.5, 1)
    alpha = 0.66 if dimension_id == "decision_speed" else round(rng.uniform(0.74, 0.86), 4)
    return {
        "id": dimension_id,
        "name": name,
        "description": f"How far {name.lower()} supports open internal conversation.",
        "order": order,
        "weight": 1.0,
        "score": score,
        "ci": [round(score - half_width, 1), round(score + half_width, 1)],
        "n": n - rng.randint(0, 6),
        "sd": 18.0,
        "band": "low" if score < 40 else "mid" if score < 70 else "high",
        "stage": stage,
        "stage_name": stage_name,
        "favourable": _share(favourable, n),
        "neutral": _share(1 - favourable - unfavourable, n),
        "unfavourable": _share(unfavourable, n),
        "dont_know_share": round(sum(i["dont_know_share"] for i in items) / len(items), 4),
        "alpha": {"value": alpha, "ci": [round(alpha - 0.06, 4), round(alpha + 0.05, 4)],
                  "n": n - 12, "method": "pairwise"},
        "items": items,
    }


def _group(value: str, label: str, n: int | None, scores: dict, reason: str | None = None) -> dict:
    if n is None:
        return {"value": value, "label": label, "suppressed": True, "reason": reason,
                "n": None, "index": None, "dimensions": None}
    shift = (sum(map(ord, value)) % 11) - 5
    dimensions = {key: round(score + shift, 1) for key, score in scores.items()}
    return {"value": value, "label": label, "suppressed": False, "reason": None, "n": n,
            "index": round(sum(dimensions.values()) / len(dimensions), 1),
            "dimensions": dimensions}


def sample_document(language: str = "en", *, n: int = 160, seed: int = 7) -> dict:
    """Return a complete, unsuppressed results document in ``language``."""
    rng = random.Random(seed)
    dimensions = [_dimension(rng, order, names, language, n)
                  for order, names in enumerate(DIMENSIONS, start=1)]
    scores = {dimension["id"]: dimension["score"] for dimension in dimensions}
    index = round(sum(scores.values()) / len(scores), 1)
    recommendations = [
        {"id": rid, "dimension": dimension, "title": title, "action": action, "why": why,
         "priority": priority, "effort": effort, "impact": impact, "horizon": horizon}
        for rid, dimension, title, action, why, priority, effort, impact, horizon in RECOMMENDATIONS
    ]
    plan: dict[str, list[str]] = {"30": [], "60": [], "90": []}
    for recommendation in recommendations:
        plan[str(recommendation["horizon"])].append(recommendation["id"])
    headcount = max(400, round(n * 2.5))
    return {
        "schema": "readiness.results/1",
        "language": language,
        "generated_on": "2026-11-21",
        "assessment": {
            "id": "a-2026-autumn", "title": "Autumn 2026 readiness survey",
            "organisation": "Northwind Research Ltd", "sector": "private",
            "opens_on": "2026-11-01", "closes_on": "2026-11-20", "headcount": headcount,
            "instrument": {"id": "social-media-readiness", "version": "1",
                           "title": "Social media readiness", "module": None},
            "k": 5, "comment_k": 10,
        },
        "n": n,
        "response_rate": round(n / headcount, 4),
        "suppressed": False,
        "index": {"score": index, "ci": [round(index - 2.4, 1), round(index + 2.4, 1)],
                  "n": n - 2, "stage": "exploring", "stage_name": "Exploring",
                  "ungated_stage": "developing", "gates": ["weakest_dimension"],
                  "borderline": True},
        "barrier": {"id": "decision_speed", "name": dimensions[3]["name"], "score": 51.0},
        "strongest": "leadership_presence",
        "weakest": "ownership",
        "bands": [{"id": s, "name": name, "lower": low, "upper": high}
                  for s, name, low, high in STAGES],
        "dimensions": dimensions,
        "segments": [
            {"id": "department", "name": "Department", "groups": [
                _group("sales", "Sales", 42, scores),
                _group("research", "Research", 61, scores),
                _group("operations", "Operations", 38, scores),
                _group("legal", "Legal", None, scores, "primary"),
                _group("it", "IT", None, scores, "secondary"),
            ]},
            {"id": "role_level", "name": "Role level", "groups": [
                _group("leader", "Leader", 14, scores),
                _group("manager", "Manager", 36, scores),
                _group("staff", "Staff", 104, scores),
            ]},
        ],
        "perception_gap": {
            "available": True, "reason": None, "leaders_n": 14, "others_n": n - 14,
            "dimensions": [{"id": d["id"], "name": d["name"], "leaders": round(d["score"] + g, 1),
                            "others": d["score"], "gap": g}
                           for d, g in zip(dimensions, (14.0, 6.5, -2.0, 11.0, 9.5), strict=True)],
        },
        "trend": {
            "previous": {"id": "a-2026-spring", "title": "Spring 2026 readiness survey",
                         "n": 120, "closes_on": "2026-05-15"},
            "index": {"previous": round(index - 4.8, 1), "current": index, "change": 4.8,
                      "p_value": 0.012, "significant": True},
            "dimensions": [{"id": d["id"], "name": d["name"],
                            "previous": round(d["score"] - c, 1), "current": d["score"],
                            "change": c, "p_value": p, "significant": p < 0.05}
                           for d, c, p in zip(dimensions, (6.0, 3.5, -1.5, 8.0, 2.5),
                                              (0.01, 0.2, 0.5, 0.001, 0.3), strict=True)],
        },
        "recommendations": recommendations,
        "plan": plan,
        "reliability": {"low_n": False, "low_alpha": ["decision_speed"],
                        "weak_items": [item["id"] for dimension in dimensions
                                       for item in dimension["items"] if item["weak"]]},
        "comments": {"released": True, "threshold": 10, "questions": [
            {"id": "hopes", "text": "What would make internal social media work here?", "answers": [
                "Clear rules, and managers who actually reply.",
                "Less approval. By the time something is signed off nobody cares.",
                "Training for people who are not on social media at all.",
            ]},
            {"id": "worries", "text": "What worries you about it?", "answers": [
                "That a careless post about a client project costs us the client.",
                "Being told off for a joke.",
            ]},
        ]},
    }


def suppressed_document(language: str = "en", *, n_below_k: int = 3) -> dict:
    """Return a document for an assessment with fewer than k responses."""
    document = copy.deepcopy(sample_document(language))
    document.update({
        "n": None, "response_rate": None, "suppressed": True, "index": None, "barrier": None,
        "strongest": None, "weakest": None, "dimensions": [], "segments": [],
        "perception_gap": None, "trend": None, "recommendations": [], "plan": {},
        "reliability": None,
        "comments": {"released": False, "threshold": 10, "questions": []},
    })
    return document


def synthetic_responses(instrument, n: int, seed: int, lean_shift: float = 0.0):
    """``n`` synthetic respondents: answers lean favourable for some dimensions and not
    others, share an outlook (so they hang together), with some "don't know" and blanks."""
    import numpy as np

    from scoring.responses import Responses

    rng = np.random.default_rng(seed)
    items = instrument.items_for()
    lean = {dimension.id: shift + lean_shift for dimension, shift in
            zip(instrument.dimensions, (0.6, 0.1, 0.3, -0.2, -0.4), strict=False)}
    centres = np.array([3.0 + lean.get(item.dimension, 0.0) + (-0.6 if item.reverse else 0.0)
                        for item in items])
    sign = np.array([-1.0 if item.reverse else 1.0 for item in items])
    outlook = rng.normal(0.0, 0.8, size=(n, 1))
    raw = centres + sign * outlook + rng.normal(0.0, 0.8, size=(n, len(items)))
    answers = np.clip(np.rint(raw), 1, 5)
    answers[rng.random(answers.shape) < 0.04] = 0  # don't know
    answers[rng.random(answers.shape) < 0.02] = np.nan  # blank
    segments = {question.id: rng.choice(list(question.option_ids()), size=n)
                for question in instrument.segments}
    return Responses(item_ids=tuple(item.id for item in items), answers=answers,
                     segments=segments)


def scored_document(n: int, *, language: str = "en", seed: int = 11, previous_n: int = 0,
                    **assessment: object) -> dict:
    """Score ``n`` synthetic respondents of the default instrument with ``scoring``, with an
    earlier wave of ``previous_n`` (for the trend) when given."""
    from scoring.document import build_document
    from surveys.loader import default_instrument

    instrument = default_instrument()
    responses = synthetic_responses(instrument, n, seed)
    details = {"id": "synthetic", "title": "Autumn 2026 readiness survey",
               "organisation": "Northwind Research Ltd", "sector": "private",
               "opens_on": "2026-11-01", "closes_on": "2026-11-20", **assessment}
    previous = None
    if previous_n:
        earlier = {"id": "earlier", "title": "Spring 2026 readiness survey",
                   "organisation": details["organisation"], "sector": "private",
                   "opens_on": "2026-04-01", "closes_on": "2026-04-20"}
        previous = (earlier, synthetic_responses(instrument, previous_n, seed + 1, -0.2))
    comments = {question.id: [f"Comment {number} on {question.id}." for number in range(12)]
                for question in instrument.open_questions}
    return build_document(instrument, responses, assessment=details, language=language,
                          headcount=max(n * 2, 10), comments=comments, seed=seed,
                          previous=previous)
