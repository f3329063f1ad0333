"""Loading instruments from TOML files, the bundled ones by id, and per-assessment variants."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from surveys.entries import Entry, Problems
from surveys.errors import InstrumentError
from surveys.model import PREFER_NOT_TO_SAY, Instrument
from surveys.schema import read_instrument, read_segment_questions

__all__ = [
    "BUNDLED_DIRECTORY",
    "DEFAULT_INSTRUMENT_ID",
    "InstrumentError",
    "available_instruments",
    "default_instrument",
    "instrument_by_id",
    "instrument_from_text",
    "load_instrument",
    "with_segments",
]

BUNDLED_DIRECTORY = Path(__file__).parent / "instruments"
DEFAULT_INSTRUMENT_ID = "social-media-readiness"


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate one instrument file; InstrumentError names every problem in it."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InstrumentError(str(path), [f"not a UTF-8 text file: {error}"]) from error
    return instrument_from_text(text, source=str(path))


#: Deepest nesting of arrays and tables an instrument may use; the real ones use five.
MAX_DEPTH = 32
_TOO_DEEP = f"arrays or tables are nested too deeply (more than {MAX_DEPTH} levels)"


def instrument_from_text(text: str, source: str = "instrument text") -> Instrument:
    """Validate instrument TOML held as text (e.g. frozen with an assessment), named ``source``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(source, [f"not a valid TOML file: {error}"]) from error
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: thousands of levels
        # exhaust the stack before it finds anything wrong.
        raise InstrumentError(source, [_TOO_DEEP]) from None
    if _depth(data) > MAX_DEPTH:
        raise InstrumentError(source, [_TOO_DEEP])
    return read_instrument(data, source=source)


def _depth(data: object) -> int:
    """How deeply tables and arrays nest in parsed TOML, counted without recursion."""
    deepest = 0
    waiting = [(data, 1)]
    while waiting:
        value, depth = waiting.pop()
        children: Iterable[Any]
        if isinstance(value, Mapping):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        waiting.extend((child, depth + 1) for child in children)
    return deepest


@functools.cache
def available_instruments() -> tuple[Instrument, ...]:
    """Every instrument bundled with the package, by id and then version."""
    instruments = [load_instrument(path) for path in sorted(BUNDLED_DIRECTORY.glob("*.toml"))]
    seen: dict[tuple[str, str], str] = {}
    for instrument in instruments:
        key = (instrument.id, instrument.version)
        if key in seen:
            raise InstrumentError(
                instrument.source,
                [f'id "{instrument.id}" version "{instrument.version}" is also in {seen[key]}'],
            )
        seen[key] = instrument.source
    return tuple(sorted(instruments, key=lambda i: (i.id, _version_key(i.version))))


def instrument_by_id(instrument_id: str, version: str | None = None) -> Instrument:
    """The bundled instrument with this id (and version, else the newest); KeyError if none."""
    matches = [i for i in available_instruments() if i.id == instrument_id]
    if version is not None:
        matches = [i for i in matches if i.version == version]
    if not matches:
        raise KeyError(instrument_id if version is None else f"{instrument_id} version {version}")
    return max(matches, key=lambda i: _version_key(i.version))


def default_instrument() -> Instrument:
    """The bundled social media readiness instrument, loaded once per process."""
    return instrument_by_id(DEFAULT_INSTRUMENT_ID)


def with_segments(
    instrument: Instrument,
    segments_spec: Sequence[Mapping[str, Any]],
    languages: Sequence[str] | None = None,
) -> Instrument:
    """The instrument with an assessment's own segment questions in place of the bundled ones.

    ``segments_spec`` holds plain dicts ``{id, text: {lang: ...}, options: [{id, labels}],
    kind}``, checked like a file's ``[[segments]]``; every text needs each of ``languages``
    (default: all the instrument's languages). "Prefer not to say" is appended to each question.
    """
    source = f"segment questions for {instrument.id}"
    required = tuple(instrument.languages if languages is None else languages)
    problems = Problems()
    for language in required:
        if language not in instrument.languages:
            problems.add("languages", f'"{language}" is not one of the instrument\'s languages')
    root = Entry(
        {"segments": list(segments_spec)}, "", problems, required, tuple(instrument.languages)
    )
    segments = read_segment_questions(
        root.tables("segments"), instrument.texts.get(PREFER_NOT_TO_SAY, {})
    )
    # They share the export's columns with the statements and the custom questions.
    taken = {item.id for item in instrument.items} | {q.id for q in instrument.questions}
    for index, segment in enumerate(segments):
        if segment.id in taken:
            problems.add(f'segments[{index}] (id "{segment.id}")',
                         f'id "{segment.id}" is already a question of the instrument')
    if problems:
        raise InstrumentError(source, problems.found)
    return dataclasses.replace(instrument, segments=segments)


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Order "2" after "1" and "10" after "9", while still accepting "1.1" or "2024a"."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in version.split("."))
