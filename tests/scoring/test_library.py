"""The recommendation library file and its validation."""

import tomllib
from collections import Counter

import pytest

from scoring.library import LibraryError, load_library, parse_library
from surveys.loader import default_instrument

LIBRARY = "social_media_v1"


def test_every_dimension_and_band_has_three_actions():
    library = load_library(LIBRARY)
    counts = Counter((a.dimension, a.band) for a in library.actions if a.band)
    dimensions = {d.id for d in default_instrument().dimensions}
    for dimension in dimensions:
        for band in ("low", "mid", "high"):
            assert counts[(dimension, band)] >= 3, (dimension, band)


def test_library_has_sector_and_item_signal_actions():
    library = load_library(LIBRARY)
    sectors = {s for a in library.actions for s in a.sectors}
    assert {"public_sector", "healthcare", "charity", "education"} <= sectors
    assert any(a.signal == "dont_know" and a.dimension == "training_maturity"
               for a in library.actions)
    assert any(a.signal == "weak_item" and "sr4" in a.items for a in library.actions)


def test_library_refers_only_to_the_default_instruments_dimensions_and_items():
    instrument = default_instrument()
    item_ids = {item.id for item in instrument.items}
    dimension_ids = {d.id for d in instrument.dimensions}
    for action in load_library(LIBRARY).actions:
        assert action.dimension in dimension_ids, action.id
        assert set(action.items) <= item_ids, action.id


def test_every_action_is_written_in_english_german_and_french():
    for action in load_library(LIBRARY).actions:
        for texts in (action.title, action.action):
            assert set(texts) >= {"en", "de", "fr"}
            assert len({texts["en"], texts["de"], texts["fr"]}) == 3, action.id


def raw_library():
    from scoring.library import LIBRARY_DIR

    with (LIBRARY_DIR / f"{LIBRARY}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_an_error_names_the_file_and_the_action():
    data = raw_library()
    data["action"][0]["horizon"] = 45
    with pytest.raises(LibraryError, match=r"lib\.toml: action 'own-low-1': horizon"):
        parse_library(data, "lib.toml")


def test_a_missing_translation_is_an_error():
    data = raw_library()
    del data["action"][1]["title"]["fr"]
    with pytest.raises(LibraryError, match="own-low-2.*title: missing text for fr"):
        parse_library(data, "lib.toml")


def test_an_action_needs_exactly_one_rule():
    data = raw_library()
    data["action"][0]["sectors"] = ["healthcare"]
    with pytest.raises(LibraryError, match="exactly one of band, sectors or signal"):
        parse_library(data, "lib.toml")


def test_duplicate_ids_are_an_error():
    data = raw_library()
    data["action"][1]["id"] = data["action"][0]["id"]
    with pytest.raises(LibraryError, match="duplicate id"):
        parse_library(data, "lib.toml")


def test_a_missing_library_file_is_an_error():
    with pytest.raises(LibraryError, match="no such recommendation library"):
        load_library("does_not_exist")
