"""Fixtures for the scoring tests: small instruments built straight from the dataclasses."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.responses import Responses
from surveys.model import (
    Dimension,
    Gating,
    Instrument,
    Item,
    OpenQuestion,
    Scale,
    SectorModule,
    SegmentOption,
    SegmentQuestion,
    StageBand,
)

DIMENSIONS = (
    ("training_maturity", "Training maturity", "Schulungsreife", "Maturité de la formation", 1),
    ("security_risk", "Security risk", "Sicherheitsrisiko", "Risque de sécurité", 2),
    ("ownership", "Ownership", "Verantwortung", "Responsabilité", 3),
    ("leadership_presence", "Leadership presence", "Präsenz der Führung",
     "Présence des dirigeants", 4),
    ("decision_speed", "Decision speed", "Entscheidungstempo", "Rapidité de décision", 5),
)
PREFIX = {"training_maturity": "tm", "security_risk": "sr", "ownership": "ow",
          "leadership_presence": "lp", "decision_speed": "ds"}
BANDS = (
    ("unprepared", "Unprepared", 0, 39),
    ("exploring", "Exploring", 40, 54),
    ("developing", "Developing", 55, 69),
    ("ready", "Ready", 70, 84),
    ("leading", "Leading", 85, 100),
)


def texts(en: str, de: str | None = None, fr: str | None = None) -> dict[str, str]:
    return {"en": en, "de": de or f"{en} (de)", "fr": fr or f"{en} (fr)"}


def option(option_id: str) -> SegmentOption:
    return SegmentOption(option_id, texts(option_id.replace("_", " ").title()))


def make_instrument(items_per_dimension: int = 6, points: int = 5,
                    weights: dict[str, float] | None = None) -> Instrument:
    """Five dimensions of ``items_per_dimension`` items; items 2 and 5 of each are reversed."""
    weights = weights or {}
    dimensions = tuple(
        Dimension(dim_id, texts(en, de, fr), weights.get(dim_id, 1.0), order)
        for dim_id, en, de, fr, order in DIMENSIONS
    )
    items = tuple(
        Item(f"{PREFIX[d.id]}{i}", d.id, texts(f"Statement {PREFIX[d.id]}{i}"),
             reverse=i in (2, 5))
        for d in dimensions
        for i in range(1, items_per_dimension + 1)
    ) + (Item("sr_patients", "security_risk", texts("Patient data rules are clear"),
              module="healthcare"),)
    segments = (
        SegmentQuestion("department", texts("Department"),
                        tuple(option(o) for o in ("sales", "it", "hr", "finance"))),
        SegmentQuestion("role_level", texts("Role level"),
                        tuple(option(o) for o in ("leader", "manager", "staff")),
                        kind="role_level"),
    )
    return Instrument(
        id="social-media-readiness",
        version="1",
        title=texts("Social media readiness"),
        languages=("en", "de", "fr"),
        scale=Scale(points, {"en": tuple(str(p) for p in range(1, points + 1))},
                    texts("Don't know")),
        dimensions=dimensions,
        items=items,
        segments=segments,
        open_questions=(OpenQuestion("first_step", texts("What should happen first?")),),
        modules=(SectorModule("healthcare", texts("Healthcare"), ("healthcare",)),),
        bands=tuple(StageBand(b, texts(name), lo, hi) for b, name, lo, hi in BANDS),
        gating=Gating(),
        recommendation_library="social_media_v1",
    )


@pytest.fixture
def instrument() -> Instrument:
    return make_instrument()


def item_ids(instrument: Instrument, module: str | None = None) -> tuple[str, ...]:
    return tuple(item.id for item in instrument.items_for(module))


def random_answers(n: int, n_items: int, seed: int = 0, blank: float = 0.05,
                   dont_know: float = 0.05, reverse: np.ndarray | None = None) -> np.ndarray:
    """Plausible raw answers: a respondent tendency plus noise, some blanks and don't knows."""
    rng = np.random.default_rng(seed)
    tendency = rng.normal(3.2, 0.8, size=(n, 1))
    answers = np.clip(np.rint(tendency + rng.normal(0, 0.9, size=(n, n_items))), 1, 5)
    if reverse is not None:
        answers[:, reverse] = 6 - answers[:, reverse]
    roll = rng.random((n, n_items))
    answers[roll < dont_know] = 0
    answers[(roll >= dont_know) & (roll < dont_know + blank)] = np.nan
    return answers


def uniform_responses(instrument: Instrument, rows: list[dict[str, int | None]],
                      segments: dict[str, list] | None = None,
                      module: str | None = None) -> Responses:
    """Respondents whose every item of a dimension scores the given value after recoding.

    Each row maps dimension id -> recoded answer (1..points), or None for all items blank;
    dimensions left out are blank too. Reverse-keyed items get the raw answer that recodes
    to the value.
    """
    points = instrument.scale.points
    items = instrument.items_for(module)
    answers = np.full((len(rows), len(items)), np.nan)
    for i, row in enumerate(rows):
        for j, item in enumerate(items):
            value = row.get(item.dimension)
            if value is not None:
                answers[i, j] = points + 1 - value if item.reverse else value
    return Responses(tuple(item.id for item in items), answers, segments or {})
