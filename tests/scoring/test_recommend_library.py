"""The library's follow-ups are checked on load: errors name the file and the entry."""

import tomllib

import pytest

from scoring.library import LIBRARY_DIR, LibraryError, load_library, parse_library

LIBRARY = "social_media_v1"


def raw_library():
    with (LIBRARY_DIR / f"{LIBRARY}.toml").open("rb") as handle:
        return tomllib.load(handle)


def entry(data, action_id):
    return next(a for a in data["action"] if a["id"] == action_id)


def test_the_pilot_review_is_a_follow_up_of_the_pilots():
    review = next(a for a in load_library(LIBRARY).actions if a.id == "dec-pilot-review")
    assert review.is_follow_up and set(review.after) == {"dec-low-3", "dec-mid-3"}
    assert review.band is None and review.signal is None and not review.sectors


def test_an_unknown_prerequisite_is_an_error_naming_file_and_entry():
    data = raw_library()
    entry(data, "dec-pilot-review")["after"] = ["dec-low-3", "no-such-pilot"]
    with pytest.raises(LibraryError, match=r"lib\.toml: action 'dec-pilot-review': after names "
                                           r"an unknown action 'no-such-pilot'"):
        parse_library(data, "lib.toml")


def test_a_cycle_of_follow_ups_is_an_error_naming_file_and_entry():
    data = raw_library()
    pilot = entry(data, "dec-low-3")
    for key in ("band",):
        del pilot[key]
    pilot["after"] = ["dec-pilot-review"]
    with pytest.raises(LibraryError, match=r"lib\.toml: action 'dec-low-3': follow-ups form a "
                                           r"cycle \(dec-low-3 -> dec-pilot-review -> dec-low-3\)"):
        parse_library(data, "lib.toml")


def test_an_action_following_itself_is_a_cycle():
    data = raw_library()
    entry(data, "dec-pilot-review")["after"] = ["dec-pilot-review"]
    with pytest.raises(LibraryError, match="'dec-pilot-review': follow-ups form a cycle"):
        parse_library(data, "lib.toml")


def test_a_follow_up_must_come_in_a_later_horizon():
    data = raw_library()
    entry(data, "dec-pilot-review")["horizon"] = 30
    with pytest.raises(LibraryError, match=r"'dec-pilot-review': a follow-up's horizon \(30\) "
                                           r"must be later than that of 'dec-low-3' \(30\)"):
        parse_library(data, "lib.toml")


def test_a_follow_up_takes_no_rule_of_its_own():
    data = raw_library()
    entry(data, "dec-pilot-review")["band"] = "mid"
    with pytest.raises(LibraryError, match="'dec-pilot-review': a follow-up .* takes no band"):
        parse_library(data, "lib.toml")


def test_a_library_with_follow_ups_needs_the_follow_up_reason():
    data = raw_library()
    del data["why"]["follow_up"]["de"]
    with pytest.raises(LibraryError, match=r"lib\.toml: \[why\] follow_up: missing text for de"):
        parse_library(data, "lib.toml")


def test_for_sectors_must_list_sector_names():
    data = raw_library()
    entry(data, "signal-safeguarding-route")["for_sectors"] = "public_sector"
    with pytest.raises(LibraryError, match="'signal-safeguarding-route': for_sectors must"):
        parse_library(data, "lib.toml")
