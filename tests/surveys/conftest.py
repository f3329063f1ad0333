"""Fixtures for the instrument package: the bundled instrument and small files to break."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from surveys.loader import default_instrument
from surveys.model import Instrument

#: The smallest instrument the loader accepts: two languages, one dimension of three items.
#: Tests break one line of it at a time, so every other line must stay valid.
MINIMAL_TOML = textwrap.dedent(
    """\
    id = "tiny"
    version = "1"
    languages = ["en", "de"]
    recommendation_library = "social_media_v1"
    title = { en = "Tiny", de = "Winzig" }

    [texts]
    prefer_not_to_say = { en = "Prefer not to say", de = "Keine Angabe" }

    [scale]
    points = 4
    dont_know = { en = "Don't know", de = "Weiß nicht" }
    labels.en = ["No", "Rather no", "Rather yes", "Yes"]
    labels.de = ["Nein", "Eher nein", "Eher ja", "Ja"]

    [[dimensions]]
    id = "security_risk"
    order = 1
    weight = 1.0
    names = { en = "Security", de = "Sicherheit" }

    [[modules]]
    id = "healthcare"
    names = { en = "Healthcare", de = "Gesundheit" }

    [[items]]
    id = "a1"
    dimension = "security_risk"
    text = { en = "One", de = "Eins" }

    [[items]]
    id = "a2"
    dimension = "security_risk"
    reverse = true
    text = { en = "Two", de = "Zwei" }

    [[items]]
    id = "a3"
    dimension = "security_risk"
    text = { en = "Three", de = "Drei" }

    [[items]]
    id = "h1"
    dimension = "security_risk"
    module = "healthcare"
    text = { en = "Health", de = "Gesundheit" }

    [[segments]]
    id = "team"
    text = { en = "Team?", de = "Team?" }

    [[segments.options]]
    id = "red"
    labels = { en = "Red", de = "Rot" }

    [[segments.options]]
    id = "blue"
    labels = { en = "Blue", de = "Blau" }

    [[open_questions]]
    id = "wish"
    max_length = 20
    text = { en = "Wish?", de = "Wunsch?" }

    [[bands]]
    id = "low"
    lower = 0
    upper = 49
    names = { en = "Low", de = "Niedrig" }

    [[bands]]
    id = "exploring"
    lower = 50
    upper = 100
    names = { en = "High", de = "Hoch" }
    """
)


@pytest.fixture
def instrument() -> Instrument:
    return default_instrument()


@pytest.fixture
def minimal_toml() -> str:
    return MINIMAL_TOML


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[[str], Path]:
    """Write TOML text to a file named ``broken.toml`` in a fresh directory."""

    def write(text: str) -> Path:
        path = tmp_path / "broken.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def breaking(minimal_toml: str, write_toml: Callable[[str], Path]) -> Callable[[str, str], Path]:
    """Write the minimal instrument with one exact line replaced; fail if the line is absent."""

    def replace(old: str, new: str) -> Path:
        assert old in minimal_toml, f"fixture line not found: {old!r}"
        return write_toml(minimal_toml.replace(old, new, 1))

    return replace
