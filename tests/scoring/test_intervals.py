"""Interval estimates worked by hand."""

import math

import numpy as np
import pytest

from scoring.intervals import finite_population_correction, mean_interval, wilson

T_975_2 = 4.302652729911275  # t quantile for 2 degrees of freedom


def test_t_interval_of_three_values():
    estimate = mean_interval(np.array([40.0, 60.0, 80.0, np.nan]))
    half = T_975_2 * 20 / math.sqrt(3)
    assert estimate.n == 3 and estimate.sd == pytest.approx(20)
    assert (estimate.low, estimate.high) == pytest.approx((60 - half, 60 + half))


def test_finite_population_correction_narrows_the_interval():
    estimate = mean_interval(np.array([40.0, 60.0, 80.0]), headcount=10)
    half = T_975_2 * 20 / math.sqrt(3) * math.sqrt(7 / 9)
    assert (estimate.low, estimate.high) == pytest.approx((60 - half, 60 + half))


def test_whole_population_answering_leaves_no_uncertainty():
    assert finite_population_correction(10, 10) == 0
    estimate = mean_interval(np.array([40.0, 60.0]), headcount=2)
    assert estimate.low == estimate.high == 50


def test_unknown_headcount_means_no_correction():
    assert finite_population_correction(10, None) == 1


def test_one_value_has_a_mean_but_no_interval():
    estimate = mean_interval(np.array([50.0]))
    assert (estimate.mean, estimate.low, estimate.sd) == (50.0, None, None)


def test_wilson_interval_of_eight_out_of_ten():
    share = wilson(8, 10)
    assert share.share == 0.8
    assert (share.low, share.high) == pytest.approx((0.4902, 0.9433), abs=1e-4)


def test_wilson_stays_inside_zero_and_one():
    assert wilson(0, 5).low == 0 and wilson(5, 5).high == pytest.approx(1)


def test_wilson_of_nothing_is_empty():
    assert wilson(0, 0).share is None
