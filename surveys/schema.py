"""What an instrument file must hold, checked entry by entry and turned into the model."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from surveys.custom_pages import read_custom_pages
from surveys.entries import Entry, Problems
from surveys.errors import InstrumentError
from surveys.model import (
    PREFER_NOT_TO_SAY,
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
    Texts,
)

INSTRUMENT_ID = re.compile(r"[a-z][a-z0-9-]{0,59}")
LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
SCALE_POINTS = (4, 7)
SEGMENT_KINDS = ("plain", "role_level")
#: The perception gap compares leaders with everyone else, so its question has fixed options.
ROLE_LEVEL_OPTIONS = ("leader", "manager", "staff")
#: Page ids of the survey; a dimension with one of these ids would collide with them.
RESERVED_PAGE_IDS = ("about", "open", "review")
#: The scoring rule needs at least 3 answered items for a respondent's dimension score.
MIN_ITEMS_PER_DIMENSION = 3
MAX_OPEN_LENGTH = 10_000
#: The recommendation libraries the product ships, one TOML file per name. Read as data:
#: surveys imports nothing from scoring, which loads them (scoring.library.LIBRARY_DIR).
LIBRARY_DIRECTORY = Path(__file__).resolve().parent.parent / "scoring" / "library"

_TOP_KEYS = (
    "id", "version", "title", "languages", "minutes", "recommendation_library", "texts",
    "scale", "dimensions", "modules", "items", "segments", "open_questions", "bands", "gating",
    "pages", "questions",
)  # fmt: skip


def read_instrument(data: Mapping[str, Any], source: str) -> Instrument:
    """Build an instrument from a parsed file, or raise InstrumentError listing every problem."""
    problems = Problems()
    top = Entry(data, "", problems)
    top.allow(*_TOP_KEYS)
    languages = _read_languages(top)
    top.languages = top.known_languages = languages

    texts = _read_texts(top)
    dimensions = _read_dimensions(top)
    modules = _read_modules(top)
    items = _read_items(top, {d.id for d in dimensions}, {m.id for m in modules})
    _check_dimensions_have_items(top, dimensions, items)
    segments = read_segment_questions(top.tables("segments", []), texts.get(PREFER_NOT_TO_SAY, {}))
    bands = _read_bands(top)
    scale = _read_scale(top)
    open_questions = _read_open_questions(top)
    taken = {
        entry.id: f'{kind} "{entry.id}"'
        for kind, entries in (("item", items), ("segment", segments), ("open question",
                                                                          open_questions))
        for entry in entries
    }
    pages, questions = read_custom_pages(
        top, taken, {*RESERVED_PAGE_IDS, *(d.id for d in dimensions)}, scale.dont_know
    )
    instrument = Instrument(
        id=_instrument_id(top),
        version=top.string("version") or "",
        title=top.texts("title"),
        languages=languages,
        scale=scale,
        dimensions=dimensions,
        items=items,
        segments=segments,
        open_questions=open_questions,
        modules=modules,
        bands=bands,
        gating=_read_gating(top, {d.id for d in dimensions}, {b.id for b in bands}),
        recommendation_library=_library(top),
        minutes=top.integer("minutes", 6, low=1, high=120) or 6,
        source=source,
        texts=texts,
        pages=pages,
        questions=questions,
    )
    if problems:
        raise InstrumentError(source, problems.found)
    return instrument


def read_segment_questions(
    entries: Sequence[Entry], prefer_not_to_say: Texts
) -> tuple[SegmentQuestion, ...]:
    """Segment questions, each ending with the implicit "prefer not to say" option."""
    questions = []
    seen: dict[str, str] = {}
    role_levels: list[str] = []
    for entry in entries:
        entry.allow("id", "text", "options", "kind")
        question_id = entry.slug("id")
        _claim(seen, question_id, entry)
        kind = entry.string("kind", "plain")
        if kind not in SEGMENT_KINDS:
            entry.report(f'kind "{kind}" is not one of: {", ".join(SEGMENT_KINDS)}')
        options = _read_options(entry)
        if kind == "role_level":
            role_levels.append(entry.where)
            if options and sorted(o.id for o in options) != sorted(ROLE_LEVEL_OPTIONS):
                entry.report(
                    "a role_level question must have exactly the options "
                    + ", ".join(ROLE_LEVEL_OPTIONS)
                )
        prefer = SegmentOption(PREFER_NOT_TO_SAY, dict(prefer_not_to_say))
        questions.append(
            SegmentQuestion(
                id=question_id or "",
                text=entry.texts("text"),
                options=(*options, prefer),
                kind=kind or "plain",
            )
        )
    if len(role_levels) > 1:
        entries[0].problems.add(
            role_levels[1], f"only one role_level question is allowed; {role_levels[0]} is one"
        )
    return tuple(questions)


def _read_options(question: Entry) -> list[SegmentOption]:
    return [SegmentOption(option_id, labels) for option_id, labels in question.options(
        2, PREFER_NOT_TO_SAY, f'"{PREFER_NOT_TO_SAY}" is added to every question; leave it out')]


def _claim(seen: dict[str, str], value: str | None, entry: Entry, what: str = "id") -> None:
    """Record where ``value`` was first used, reporting it when it was used before."""
    if value is None:
        return
    if value in seen:
        entry.report(f'{what} "{value}" is already used by {seen[value]}')
    else:
        seen[value] = entry.where


def _instrument_id(top: Entry) -> str:
    value = top.string("id")
    if value is not None and not INSTRUMENT_ID.fullmatch(value):
        top.problems.add("id", f'"{value}" is not a valid instrument id (lowercase, digits, "-")')
    return value or ""


def _read_languages(top: Entry) -> tuple[str, ...]:
    languages = top.strings("languages")
    if top.has("languages") and not languages:
        top.problems.add("languages", "list at least one language")
    for language in languages:
        if not LANGUAGE.fullmatch(language):
            top.problems.add("languages", f'"{language}" is not a language code such as "en"')
    for language in {lang for lang in languages if languages.count(lang) > 1}:
        top.problems.add("languages", f'"{language}" is listed twice')
    return tuple(dict.fromkeys(languages))


def _read_texts(top: Entry) -> dict[str, Texts]:
    entry = top.table("texts")
    if entry is None:
        return {}
    texts = {}
    for key in entry.data:
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            entry.report(f'"{key}" is not a valid text name')
            continue
        texts[key] = entry.texts(key)
    if PREFER_NOT_TO_SAY not in entry.data:
        entry.report(
            f'missing "{PREFER_NOT_TO_SAY}" (the label of every segment question\'s last option)'
        )
    return texts


def _read_scale(top: Entry) -> Scale:
    entry = top.table("scale")
    if entry is None:
        return Scale(points=0, labels={}, dont_know={})
    entry.allow("points", "labels", "dont_know")
    points = entry.integer("points", low=SCALE_POINTS[0], high=SCALE_POINTS[1])
    labels: dict[str, tuple[str, ...]] = {}
    label_table = entry.table("labels")
    if label_table is not None:
        for language in top.languages:
            if not label_table.has(language):
                label_table.report(f'missing the "{language}" labels')
        for language in label_table.data:
            if language not in top.languages:
                label_table.report(f'"{language}" is not one of the instrument\'s languages')
                continue
            row = label_table.strings(language)
            if points is not None and len(row) != points:
                label_table.problems.add(
                    f"{label_table.where}.{language}",
                    f"has {len(row)} labels but the scale has {points} points",
                )
            labels[language] = tuple(label.strip() for label in row)
    # Without "dont_know" the scale offers no "don't know" answer.
    return Scale(points=points or 0, labels=labels, dont_know=entry.texts("dont_know", {}))


def _read_dimensions(top: Entry) -> tuple[Dimension, ...]:
    entries = top.tables("dimensions")
    if top.has("dimensions") and not entries:
        top.problems.add("dimensions", "list at least one dimension")
    dimensions = []
    ids: dict[str, str] = {}
    orders: dict[str, str] = {}
    for entry in entries:
        entry.allow("id", "names", "descriptions", "weight", "order")
        dimension_id = entry.slug("id")
        if dimension_id in RESERVED_PAGE_IDS:
            entry.report(f'"{dimension_id}" is reserved for a survey page; choose another id')
        _claim(ids, dimension_id, entry)
        weight = entry.number("weight", 1.0)
        if weight is not None and weight <= 0:
            entry.report(f"weight must be above 0, found {weight:g}")
        order = entry.integer("order")
        _claim(orders, None if order is None else str(order), entry, what="order")
        dimensions.append(
            Dimension(
                id=dimension_id or "",
                names=entry.texts("names"),
                weight=weight or 1.0,
                order=order or 0,
                descriptions=entry.texts("descriptions", {}),
            )
        )
    return tuple(dimensions)


def _read_modules(top: Entry) -> tuple[SectorModule, ...]:
    modules = []
    ids: dict[str, str] = {}
    for entry in top.tables("modules", []):
        entry.allow("id", "names", "sectors")
        module_id = entry.slug("id")
        _claim(ids, module_id, entry)
        sectors = entry.strings("sectors", [])
        modules.append(SectorModule(module_id or "", entry.texts("names"), sectors))
    return tuple(modules)


def _read_items(top: Entry, dimension_ids: set[str], module_ids: set[str]) -> tuple[Item, ...]:
    entries = top.tables("items")
    items = []
    ids: dict[str, str] = {}
    for entry in entries:
        entry.allow("id", "dimension", "text", "reverse", "module")
        item_id = entry.slug("id")
        _claim(ids, item_id, entry)
        dimension = entry.string("dimension")
        if dimension is not None and dimension not in dimension_ids:
            entry.report(f'unknown dimension "{dimension}" ({_known(dimension_ids)})')
        module = entry.string("module", None)
        if module is not None and module not in module_ids:
            entry.report(f'unknown module "{module}" ({_known(module_ids)})')
        items.append(
            Item(
                id=item_id or "",
                dimension=dimension or "",
                text=entry.texts("text"),
                reverse=bool(entry.boolean("reverse", False)),
                module=module,
            )
        )
    return tuple(items)


def library_names() -> set[str]:
    """Names of the recommendation libraries an instrument may name."""
    return {path.stem for path in LIBRARY_DIRECTORY.glob("*.toml")}


def _library(top: Entry) -> str:
    """The instrument's recommendation library: one that exists, or none ("" or left out)."""
    if top.data.get("recommendation_library") == "":
        return ""
    name = top.slug("recommendation_library", None) or ""
    known = library_names()
    if name and name not in known:
        top.problems.add(top.at("recommendation_library"),
                         f'unknown recommendation library "{name}" ({_known(known)}; '
                         "leave it out for no recommendations)")
        return ""
    return name


def _known(ids: set[str]) -> str:
    return "known: " + ", ".join(sorted(ids)) if ids else "none are defined"


def _check_dimensions_have_items(
    top: Entry, dimensions: tuple[Dimension, ...], items: tuple[Item, ...]
) -> None:
    for index, dimension in enumerate(dimensions):
        core = [item for item in items if item.dimension == dimension.id and item.module is None]
        if dimension.id and len(core) < MIN_ITEMS_PER_DIMENSION:
            top.problems.add(
                f'dimensions[{index}] (id "{dimension.id}")',
                f"has {len(core)} core items; at least {MIN_ITEMS_PER_DIMENSION} are needed "
                "for a respondent's score",
            )


def _read_open_questions(top: Entry) -> tuple[OpenQuestion, ...]:
    questions = []
    ids: dict[str, str] = {}
    for entry in top.tables("open_questions", []):
        entry.allow("id", "text", "max_length")
        question_id = entry.slug("id")
        _claim(ids, question_id, entry)
        max_length = entry.integer("max_length", 2000, low=1, high=MAX_OPEN_LENGTH)
        questions.append(OpenQuestion(question_id or "", entry.texts("text"), max_length or 2000))
    return tuple(questions)


#: The stages an instrument without bands of its own is read against.
DEFAULT_BANDS = (
    StageBand("unprepared", {"en": "Unprepared", "de": "Unvorbereitet", "fr": "Non préparée"},
              0, 39),
    StageBand("exploring", {"en": "Exploring", "de": "Erkundend", "fr": "En exploration"},
              40, 54),
    StageBand("developing", {"en": "Developing", "de": "Im Aufbau", "fr": "En développement"},
              55, 69),
    StageBand("ready", {"en": "Ready", "de": "Bereit", "fr": "Prête"}, 70, 84),
    StageBand("leading", {"en": "Leading", "de": "Vorreiter", "fr": "Exemplaire"}, 85, 100),
)


def _read_bands(top: Entry) -> tuple[StageBand, ...]:
    if not top.has("bands"):
        return DEFAULT_BANDS
    entries = top.tables("bands")
    if top.has("bands") and not entries:
        top.problems.add("bands", "list at least one band")
    bands = []
    placed: list[tuple[StageBand, Entry]] = []
    ids: dict[str, str] = {}
    for entry in entries:
        entry.allow("id", "names", "lower", "upper")
        band_id = entry.slug("id")
        _claim(ids, band_id, entry)
        lower = entry.integer("lower", low=0, high=100)
        upper = entry.integer("upper", low=0, high=100)
        band = StageBand(band_id or "", entry.texts("names"), lower or 0, upper or 0)
        bands.append(band)
        if lower is not None and upper is not None:
            if lower > upper:
                entry.report(f"lower ({lower}) is above upper ({upper})")
            else:
                placed.append((band, entry))
    # Coverage is only worth judging once every band has usable bounds.
    if len(placed) == len(entries):
        _check_band_coverage(placed)
    return tuple(bands)


def _check_band_coverage(placed: list[tuple[StageBand, Entry]]) -> None:
    """Bands are whole-number ranges as readers see them: 0-39, 40-54, ... 85-100."""
    ordered = sorted(placed, key=lambda pair: pair[0].lower)
    if not ordered:
        return
    first, first_entry = ordered[0]
    if first.lower != 0:
        first_entry.report(f"the lowest band starts at {first.lower:g}; bands must start at 0")
    last, last_entry = ordered[-1]
    if last.upper != 100:
        last_entry.report(f"the highest band ends at {last.upper:g}; bands must end at 100")
    for (before, _), (band, entry) in pairwise(ordered):
        if band.lower > before.upper + 1:
            missing = _span(before.upper + 1, band.lower - 1)
            entry.report(
                f"leaves a gap: {missing} is in no band "
                f'(band "{before.id}" ends at {before.upper:g})'
            )
        elif band.lower < before.upper + 1:
            entry.report(
                f'overlaps band "{before.id}" ({before.lower:g}-{before.upper:g}); '
                f"it should start at {before.upper + 1:g}"
            )


def _span(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def _read_gating(top: Entry, dimension_ids: set[str], band_ids: set[str]) -> Gating:
    defaults = Gating()
    entry = top.table("gating", None)
    if entry is None:
        entry = Entry({}, "gating", top.problems)
    entry.allow(
        "max_bands_above_weakest", "security_dimension", "security_floor",
        "security_cap_stage", "barrier_below",
    )  # fmt: skip
    # TOML has no null: an empty security_dimension switches the security cap off.
    if entry.data.get("security_dimension") == "":
        security = None
    elif ("security_dimension" not in entry.data
          and defaults.security_dimension not in dimension_ids):
        security = None  # an instrument without the default security dimension has no cap
    else:
        security = entry.string("security_dimension", defaults.security_dimension)
    if security is not None and security not in dimension_ids:
        entry.problems.add(
            entry.at("security_dimension"),
            f'unknown dimension "{security}" ({_known(dimension_ids)})',
        )
    cap = entry.string("security_cap_stage", defaults.security_cap_stage)
    if security is not None and cap is not None and band_ids and cap not in band_ids:
        entry.problems.add(
            entry.at("security_cap_stage"), f'unknown band "{cap}" ({_known(band_ids)})'
        )
    floor = _score(entry, "security_floor", defaults.security_floor)
    barrier = _score(entry, "barrier_below", defaults.barrier_below)
    return Gating(
        max_bands_above_weakest=entry.integer(
            "max_bands_above_weakest", defaults.max_bands_above_weakest, low=0, high=10
        )
        or 0,
        security_dimension=security,
        security_floor=floor,
        security_cap_stage=cap or defaults.security_cap_stage,
        barrier_below=barrier,
    )


def _score(entry: Entry, key: str, default: float) -> float:
    value = entry.number(key, default)
    if value is not None and not 0 <= value <= 100:
        entry.problems.add(entry.at(key), f"must be a score between 0 and 100, found {value:g}")
    return default if value is None else value
