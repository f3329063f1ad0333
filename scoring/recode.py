"""Turning raw answers into analysable values: reverse keying, "don't know" and blanks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surveys.model import DONT_KNOW


@dataclass(frozen=True)
class Recoded:
    """Substantive answers after reverse keying (NaN = missing) and where "don't know" was given."""

    values: np.ndarray  #: float (n, items); 1..points, NaN for blank, don't know or out of range
    dont_know: np.ndarray  #: bool (n, items)

    @property
    def answered(self) -> np.ndarray:
        """Bool (n, items): a substantive answer was given."""
        return ~np.isnan(self.values)


def reverse(values: np.ndarray, points: int) -> np.ndarray:
    """Reverse-key answers on a 1..points scale: x' = points + 1 - x (NaN stays NaN)."""
    return (points + 1) - values


def recode(raw: np.ndarray, reverse_keyed: np.ndarray, points: int) -> Recoded:
    """Recode a raw answer matrix; ``reverse_keyed`` holds one bool per column."""
    raw = np.asarray(raw, dtype=float)
    dont_know = raw == DONT_KNOW
    # Anything outside 1..points (including 0 = don't know) cannot be scored, so it is missing.
    substantive = (raw >= 1) & (raw <= points)
    values = np.where(substantive, raw, np.nan)
    flip = np.asarray(reverse_keyed, dtype=bool)
    if flip.any():
        values[:, flip] = reverse(values[:, flip], points)
    return Recoded(values=values, dont_know=dont_know)
