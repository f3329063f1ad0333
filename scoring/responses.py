"""Survey answers as one respondent × item matrix, plus each respondent's segment answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from surveys.model import PREFER_NOT_TO_SAY

#: Stored segment value of a respondent who gave no answer or preferred not to say.
NOT_GIVEN = ""


@dataclass(frozen=True)
class Responses:
    """Answers of n respondents: NaN is blank, 0 is "don't know", 1..points the raw answer."""

    item_ids: tuple[str, ...]
    answers: np.ndarray  #: float, shape (n, len(item_ids)), before any recoding
    #: segment question id -> option id per respondent (None / "prefer_not_to_say" = not given)
    #: (any sequence is accepted and stored as a string array)
    segments: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        answers = np.asarray(self.answers, dtype=float)
        if answers.ndim == 1 and answers.size == 0:
            answers = answers.reshape(0, len(self.item_ids))
        if answers.ndim != 2 or answers.shape[1] != len(self.item_ids):
            raise ValueError(
                f"answers must have shape (n, {len(self.item_ids)}), got {answers.shape}"
            )
        # Frozen dataclass: normalise once here so every consumer sees the same types.
        object.__setattr__(self, "item_ids", tuple(self.item_ids))
        object.__setattr__(self, "answers", answers)
        segments = {}
        for segment_id, values in self.segments.items():
            normalised = _normalise_segment(values)
            if len(normalised) != answers.shape[0]:
                raise ValueError(
                    f"segment {segment_id!r} has {len(normalised)} values "
                    f"for {answers.shape[0]} respondents"
                )
            segments[segment_id] = normalised
        object.__setattr__(self, "segments", segments)

    @property
    def n(self) -> int:
        """Number of respondents."""
        return int(self.answers.shape[0])

    def columns(self, item_ids: Sequence[str]) -> np.ndarray:
        """The answer columns of ``item_ids`` (all NaN for an item nobody was asked)."""
        index = {item_id: i for i, item_id in enumerate(self.item_ids)}
        out = np.full((self.n, len(item_ids)), np.nan)
        for j, item_id in enumerate(item_ids):
            if item_id in index:
                out[:, j] = self.answers[:, index[item_id]]
        return out

    def subset(self, rows: np.ndarray) -> Responses:
        """The respondents selected by a boolean mask or index array."""
        return Responses(
            item_ids=self.item_ids,
            answers=self.answers[rows],
            segments={key: values[rows] for key, values in self.segments.items()},
        )

    @classmethod
    def from_rows(
        cls,
        answers: Sequence[Mapping[str, int | None]],
        segments: Sequence[Mapping[str, str | None]] | None = None,
        item_ids: Sequence[str] | None = None,
    ) -> Responses:
        """Build from one dict of answers (and optionally one dict of segments) per respondent."""
        if item_ids is None:
            item_ids = sorted({item_id for row in answers for item_id in row})
        matrix = np.full((len(answers), len(item_ids)), np.nan)
        position = {item_id: j for j, item_id in enumerate(item_ids)}
        for i, row in enumerate(answers):
            for item_id, value in row.items():
                if item_id not in position:
                    raise KeyError(f"respondent {i}: unknown item {item_id!r}")
                if value is not None:
                    matrix[i, position[item_id]] = float(value)
        segment_values: dict[str, list[str | None]] = {}
        if segments is not None:
            if len(segments) != len(answers):
                raise ValueError("segments need one row per respondent")
            segment_ids = sorted({key for row in segments for key in row})
            segment_values = {key: [row.get(key) for row in segments] for key in segment_ids}
        arrays = {key: _normalise_segment(values) for key, values in segment_values.items()}
        return cls(item_ids=tuple(item_ids), answers=matrix, segments=arrays)


def _normalise_segment(values: np.ndarray | tuple | list) -> np.ndarray:
    """Option ids as a string array, with every form of "not given" stored as NOT_GIVEN."""
    raw = np.asarray(values, dtype=object).ravel()
    missing = (
        np.equal(raw, np.array(None)) | np.equal(raw, PREFER_NOT_TO_SAY) | np.equal(raw, NOT_GIVEN)
    )
    cleaned = raw.copy()
    cleaned[missing] = NOT_GIVEN
    return cleaned.astype(str)
