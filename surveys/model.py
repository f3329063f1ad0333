"""The instrument model: what a survey asks and how its answers are to be read.

Everything here is plain, frozen data. Instruments are loaded from TOML files by
`surveys.loader`; scoring, reports and the web application only ever read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from surveys.questions.base import Question

#: Languages every respondent-facing text of the default instrument is written in.
DEFAULT_LANGUAGES = ("en", "de", "fr")

#: Answer code for "don't know". Blanks are stored as ``None`` / NaN.
DONT_KNOW = 0

#: Value of a segment answer when the respondent preferred not to say.
PREFER_NOT_TO_SAY = "prefer_not_to_say"

Texts = dict[str, str]
"""A text per language code, e.g. ``{"en": "...", "de": "...", "fr": "..."}``."""


def pick(texts: Texts, language: str, fallback: str = "en") -> str:
    """Return the text in ``language``, else the fallback language, else any text."""
    if language in texts:
        return texts[language]
    if fallback in texts:
        return texts[fallback]
    return next(iter(texts.values()), "")


@dataclass(frozen=True)
class Scale:
    """An agreement scale of ``points`` answers plus a separate "don't know"."""

    points: int
    labels: dict[str, tuple[str, ...]]  #: per language, one label per point, 1 first
    dont_know: Texts

    @property
    def favourable_from(self) -> int:
        """Lowest answer counted favourable: the top two points."""
        return self.points - 1

    @property
    def unfavourable_to(self) -> int:
        """Highest answer counted unfavourable: the bottom two points."""
        return 2


@dataclass(frozen=True)
class Dimension:
    id: str
    names: Texts
    weight: float = 1.0
    order: int = 0  #: foundation order: the barrier is the first weak dimension in this order
    descriptions: Texts = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    id: str
    dimension: str
    text: Texts
    reverse: bool = False
    module: str | None = None  #: the sector module that adds this item, if any


@dataclass(frozen=True)
class SegmentOption:
    id: str
    labels: Texts


@dataclass(frozen=True)
class SegmentQuestion:
    id: str
    text: Texts
    options: tuple[SegmentOption, ...]
    #: "role_level" marks the question whose ``leader`` option drives the perception gap
    kind: str = "plain"

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    text: Texts
    max_length: int = 2000


@dataclass(frozen=True)
class Condition:
    """Asked only when the answer to ``question`` (asked on an earlier page) is one of
    ``values`` (stored answers; for several choices: when any of them was chosen)."""

    question: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class CustomPage:
    """A page of questions of the registered types (`surveys.questions`), asked after the
    dimensions and before the open questions; shown only when its ``show_if`` is met."""

    id: str
    title: Texts
    show_if: Condition | None = None


@dataclass(frozen=True)
class SectorModule:
    id: str
    names: Texts
    sectors: tuple[str, ...] = ()  #: sectors the module is suggested for


@dataclass(frozen=True)
class StageBand:
    id: str
    names: Texts
    lower: float  #: inclusive
    upper: float  #: shown to readers; a score belongs to the highest band whose lower it reaches


@dataclass(frozen=True)
class Gating:
    """Rules that keep the stage honest about the weakest foundations."""

    max_bands_above_weakest: int = 1
    security_dimension: str | None = "security_risk"
    security_floor: float = 40.0  #: below this the stage is capped at ``security_cap_stage``
    security_cap_stage: str = "exploring"
    barrier_below: float = 55.0  #: the barrier is the first dimension (foundation order) below this


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Texts
    languages: tuple[str, ...]
    scale: Scale
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]  #: core items and every sector module's items
    segments: tuple[SegmentQuestion, ...]
    open_questions: tuple[OpenQuestion, ...]
    modules: tuple[SectorModule, ...]
    bands: tuple[StageBand, ...]
    gating: Gating
    recommendation_library: str
    minutes: int = 6
    source: str = ""  #: the file it was loaded from, for messages
    #: named texts shown around the questions, e.g. ``prefer_not_to_say`` and ``purpose``
    texts: dict[str, Texts] = field(default_factory=dict)
    #: pages of questions outside the dimensions, in the order asked
    pages: tuple[CustomPage, ...] = ()
    #: the questions of those pages (`surveys.questions`), in the order asked
    questions: tuple[Question, ...] = ()

    def text(self, key: str, language: str) -> str:
        """The named text ``key`` (see ``texts``) in ``language``."""
        return pick(self.texts[key], language)

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def dimensions_in_foundation_order(self) -> tuple[Dimension, ...]:
        return tuple(sorted(self.dimensions, key=lambda d: d.order))

    def items_for(self, module: str | None = None) -> tuple[Item, ...]:
        """The items a respondent answers: core items plus those of ``module``."""
        return tuple(item for item in self.items if item.module is None or item.module == module)

    def items_of(self, dimension_id: str, module: str | None = None) -> tuple[Item, ...]:
        return tuple(item for item in self.items_for(module) if item.dimension == dimension_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def custom_page(self, page_id: str) -> CustomPage:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def questions_on(self, page_id: str) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.page == page_id)

    def segment(self, segment_id: str) -> SegmentQuestion:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise KeyError(segment_id)

    def band_for(self, score: float) -> StageBand:
        """The band holding ``score`` (0-100): the highest band whose lower bound it reaches."""
        chosen = self.bands[0]
        for band in sorted(self.bands, key=lambda b: b.lower):
            if score >= band.lower:
                chosen = band
        return chosen

    def band_index(self, band_id: str) -> int:
        """Position of a band from the lowest (0) upwards."""
        ordered = sorted(self.bands, key=lambda b: b.lower)
        return next(i for i, band in enumerate(ordered) if band.id == band_id)
