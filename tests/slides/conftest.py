"""Results documents for the slides tests, scored by the real model from synthetic answers."""

from __future__ import annotations

import copy
import functools

import numpy as np
import pytest

from scoring.document import build_document
from scoring.responses import Responses
from surveys.loader import default_instrument
from surveys.model import SegmentOption, SegmentQuestion

HOSTILE_TITLE = '<script>alert("x")</script> & =HYPERLINK("http://evil.example")'
HOSTILE_ORGANISATION = "Evil\x00 Corp\x0b\u202e <b>&amp;</b> ]]> {index} %(k)s"
TINY_GROUP = "Lighthouse keepers"


def team_question() -> SegmentQuestion:
    labels = {"harbour": "Harbour crew", "depot": "Depot crew", "fleet": "Fleet office",
              "tiny": TINY_GROUP}
    return SegmentQuestion("team", {"en": "Which team are you in?", "de": "In welchem Team?",
                                    "fr": "Dans quelle équipe ?"},
                           tuple(SegmentOption(key, {"en": label, "de": label, "fr": label})
                                 for key, label in labels.items()))


def synthetic(n: int, seed: int, lean: tuple[float, ...] = (-0.4, 0.1, 0.3, 0.5, -0.6),
              tiny: int = 3) -> Responses:
    """``n`` people of the default instrument; ``tiny`` of them in the tiny team."""
    instrument = default_instrument()
    rng = np.random.default_rng(seed)
    items = instrument.items_for()
    shift = {d.id: s for d, s in zip(instrument.dimensions, lean, strict=False)}
    centres = np.array([3.0 + shift.get(i.dimension, 0.0) + (-0.6 if i.reverse else 0.0)
                        for i in items])
    sign = np.array([-1.0 if i.reverse else 1.0 for i in items])
    raw = centres + sign * rng.normal(0, 0.8, size=(n, 1)) + rng.normal(0, 0.8, (n, len(items)))
    answers = np.clip(np.rint(raw), 1, 5)
    answers[rng.random(answers.shape) < 0.04] = 0
    team = np.array((["harbour", "depot", "fleet"] * n)[: n - tiny] + ["tiny"] * tiny,
                    dtype=object)
    roles = rng.choice(["leader", "staff", "staff", "manager"], size=n).astype(object)
    return Responses(tuple(i.id for i in items), answers, {"team": team, "role_level": roles})


def results(language: str = "en", *, n: int = 120, with_trend: bool = True, **assessment):
    """A fresh copy of the scored document (scored once per set of arguments)."""
    return copy.deepcopy(_results(language, n, with_trend, tuple(sorted(assessment.items()))))


@functools.cache
def _results(language: str, n: int, with_trend: bool, assessment: tuple):
    assessment = dict(assessment)
    instrument = default_instrument()
    role = next(q for q in instrument.segments if q.id == "role_level")
    details = {"id": 7, "title": "Spring 2027 readiness survey", "organisation": "Northwind",
               "sector": "private", "opens_on": "2027-03-01", "closes_on": "2027-03-21",
               "headcount": n * 2} | assessment
    previous = None
    if with_trend:
        previous = ({"id": 6, "title": "Autumn 2026 survey", "closes_on": "2026-11-20"},
                    synthetic(n, seed=5, lean=(-0.6, 0.0, 0.2, 0.4, -0.7)))
    return build_document(instrument, synthetic(n, seed=3), assessment=details,
                          language=language, headcount=details["headcount"],
                          previous=previous, segment_questions=(team_question(), role),
                          seed=1)


@pytest.fixture(params=["en", "de", "fr"])
def language(request) -> str:
    return request.param
