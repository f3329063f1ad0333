"""The bundled social media readiness instrument."""

from __future__ import annotations

import pytest

from surveys.loader import available_instruments, default_instrument, instrument_by_id
from surveys.model import PREFER_NOT_TO_SAY

DIMENSIONS = (
    "leadership_presence",
    "training_maturity",
    "security_risk",
    "decision_speed",
    "ownership",
)


def all_texts(instrument):
    """Every respondent- or reader-facing text table of the instrument, with a name."""
    yield "title", instrument.title
    yield "dont_know", instrument.scale.dont_know
    for key, texts in instrument.texts.items():
        yield f"texts.{key}", texts
    for dimension in instrument.dimensions:
        yield f"{dimension.id}.names", dimension.names
        yield f"{dimension.id}.descriptions", dimension.descriptions
    for item in instrument.items:
        yield item.id, item.text
    for segment in instrument.segments:
        yield segment.id, segment.text
        for option in segment.options:
            yield f"{segment.id}.{option.id}", option.labels
    for question in instrument.open_questions:
        yield question.id, question.text
    for module in instrument.modules:
        yield module.id, module.names
    for band in instrument.bands:
        yield band.id, band.names


def test_default_instrument_has_the_agreed_identity(instrument):
    assert (instrument.id, instrument.version) == ("social-media-readiness", "1")
    assert instrument.languages == ("en", "de", "fr")
    assert instrument.recommendation_library == "social_media_v1"


def test_default_instrument_is_loaded_once():
    assert default_instrument() is default_instrument()


def test_five_dimensions_with_equal_weights(instrument):
    assert tuple(d.id for d in instrument.dimensions) == DIMENSIONS
    assert {d.weight for d in instrument.dimensions} == {1.0}


def test_foundation_order_starts_with_ownership_then_security(instrument):
    ordered = [d.id for d in instrument.dimensions_in_foundation_order()]
    assert ordered[:2] == ["ownership", "security_risk"]
    assert sorted(d.order for d in instrument.dimensions) == [1, 2, 3, 4, 5]


def test_thirty_core_items_six_per_dimension(instrument):
    core = instrument.items_for(None)
    assert len(core) == 30
    for dimension in DIMENSIONS:
        assert len(instrument.items_of(dimension)) == 6


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_each_dimension_has_at_least_two_reverse_keyed_items(instrument, dimension):
    reverse = [item for item in instrument.items_of(dimension) if item.reverse]
    assert 2 <= len(reverse) <= 3


def test_every_text_is_in_every_language(instrument):
    for name, texts in all_texts(instrument):
        assert set(texts) == {"en", "de", "fr"}, name
        assert all(text.strip() for text in texts.values()), name
    for language in instrument.languages:
        assert len(instrument.scale.labels[language]) == 5


def test_translations_are_not_left_in_english(instrument):
    for name, texts in all_texts(instrument):
        if len(texts["en"]) > 12:
            assert texts["de"] != texts["en"] and texts["fr"] != texts["en"], name


def test_five_point_agree_scale(instrument):
    assert instrument.scale.points == 5
    assert instrument.scale.labels["en"][0] == "Strongly disagree"
    assert instrument.scale.labels["en"][-1] == "Strongly agree"
    assert instrument.scale.dont_know["en"] == "Don't know"


def test_sector_modules_add_two_items_each(instrument):
    for module in ("public_sector", "healthcare", "legal"):
        added = [item for item in instrument.items if item.module == module]
        assert len(added) == 2, module
        assert len(instrument.items_for(module)) == 32
    assert "healthcare" in next(m for m in instrument.modules if m.id == "healthcare").sectors


def test_every_segment_question_ends_with_prefer_not_to_say(instrument):
    for segment in instrument.segments:
        assert segment.option_ids()[-1] == PREFER_NOT_TO_SAY
        assert segment.options[-1].labels["de"] == "Keine Angabe"


def test_segment_questions_and_role_levels(instrument):
    assert [s.id for s in instrument.segments] == ["department", "location", "role_level", "tenure"]
    role_level = instrument.segment("role_level")
    assert role_level.kind == "role_level"
    assert role_level.option_ids() == ("leader", "manager", "staff", PREFER_NOT_TO_SAY)
    assert len(instrument.segment("tenure").options) == 5


def test_open_questions(instrument):
    assert [(q.id, q.max_length) for q in instrument.open_questions] == [
        ("first_step", 2000),
        ("concerns", 2000),
    ]


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "unprepared"), (39.9, "unprepared"), (40, "exploring"), (54.9, "exploring"),
     (55, "developing"), (70, "ready"), (84.99, "ready"), (85, "leading"), (100, "leading")],
)  # fmt: skip
def test_stage_bands(instrument, score, band):
    assert instrument.band_for(score).id == band


def test_gating_follows_the_model_defaults(instrument):
    from surveys.model import Gating

    assert instrument.gating == Gating()


def test_bundled_instruments_are_found_by_id(instrument):
    assert instrument in available_instruments()
    assert instrument_by_id("social-media-readiness", "1") is instrument
    with pytest.raises(KeyError):
        instrument_by_id("no-such-instrument")
