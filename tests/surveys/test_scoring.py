"""NPS, averages and CSAT on hand-made answer sets (no database)."""

from decimal import Decimal as D

import pytest

from surveys import scoring


def test_nps_boundaries_six_seven_eight_nine():
    # given: 6 is a detractor, 7 and 8 passives, 9 and 10 promoters
    result = scoring.nps([6, 7, 8, 9, 10, 0])

    assert (result.promoters, result.passives, result.detractors) == (2, 2, 2)
    assert result.score == D("0.0")


def test_nps_of_promoters_minus_detractors_in_percent():
    # 5 promoters, 3 passives, 2 detractors out of 10 → 50% - 20% = 30
    assert scoring.nps([9, 9, 10, 10, 9, 7, 8, 8, 6, 3]).score == D("30.0")
    # one promoter, two detractors: (1 - 2) / 3 = -33.3
    assert scoring.nps([9, 6, 5]).score == D("-33.3")


def test_nps_of_nothing_is_not_measured_and_out_of_range_refused():
    assert scoring.nps([]).score is None
    with pytest.raises(ValueError):
        scoring.nps([11])


def test_average_and_csat():
    assert scoring.average([1, 2, 4, 5, 5]) == D("3.40")
    assert scoring.average([]) is None
    # 4 and 5 are satisfied: 3 of 5
    assert scoring.csat([1, 3, 4, 5, 5]) == D("60.0")


def test_below_the_minimum_is_not_measured_not_zero():
    assert scoring.measured(D("80"), answers=2, minimum=3) is None
    assert scoring.measured(D("0"), answers=3, minimum=3) == D("0")
