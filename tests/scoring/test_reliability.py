"""Cronbach's alpha against pingouin's reference datasets, and item–total correlations."""

import csv
from pathlib import Path

import numpy as np
import pytest

from scoring.reliability import cronbach_alpha, item_total_correlations, pairwise_covariance

DATA = Path(__file__).parent / "data"


def long_to_wide(path: Path) -> np.ndarray:
    """Pivot pingouin's long cronbach_alpha dataset (Subj, Items, Scores) to subjects × items."""
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    subjects = sorted({int(r["Subj"]) for r in rows})
    items = sorted({r["Items"] for r in rows}, key=lambda name: int(name[1:]))
    wide = np.full((len(subjects), len(items)), np.nan)
    for r in rows:
        wide[subjects.index(int(r["Subj"])), items.index(r["Items"])] = float(r["Scores"])
    return wide


def wide_missing() -> np.ndarray:
    return np.genfromtxt(DATA / "cronbach_wide_missing.csv", delimiter=",", skip_header=1)


def test_alpha_matches_pingouin_cronbach_alpha_dataset():
    alpha = cronbach_alpha(long_to_wide(DATA / "cronbach_alpha.csv"))
    assert alpha.value == pytest.approx(0.5917, abs=5e-5)
    assert round(alpha.low, 3) == 0.195 and round(alpha.high, 3) == 0.840


def test_pairwise_alpha_matches_pingouin_wide_missing():
    alpha = cronbach_alpha(wide_missing())
    assert alpha.value == pytest.approx(0.7327, abs=5e-5)
    assert alpha.method == "pairwise" and alpha.n == 12
    assert (round(alpha.low, 3), round(alpha.high, 3)) == (0.435, 0.909)


def test_listwise_alpha_matches_pingouin_wide_missing():
    alpha = cronbach_alpha(wide_missing(), pairwise=False)
    assert alpha.value == pytest.approx(0.8017, abs=5e-5)
    assert alpha.n == 9
    assert (round(alpha.low, 3), round(alpha.high, 3)) == (0.533, 0.947)


def test_pairwise_covariance_uses_pairwise_means():
    values = np.array([[1.0, 2.0], [2.0, np.nan], [3.0, 4.0], [5.0, 8.0]])
    covariance, pairs = pairwise_covariance(values)
    complete = values[[0, 2, 3]]
    assert pairs[0, 1] == 3 and pairs[0, 0] == 4
    assert covariance[0, 1] == pytest.approx(np.cov(complete.T)[0, 1])
    assert covariance[0, 0] == pytest.approx(np.var(values[:, 0], ddof=1))


def test_item_total_correlation_is_correlation_with_the_other_items():
    values = long_to_wide(DATA / "cronbach_alpha.csv")
    correlations = item_total_correlations(values)
    rest = values[:, 1:].sum(axis=1)
    assert correlations[0] == pytest.approx(np.corrcoef(values[:, 0], rest)[0, 1])


def test_alpha_without_variance_is_undefined():
    assert cronbach_alpha(np.full((5, 3), 3.0)).value is None
