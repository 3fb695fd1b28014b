"""Yearly target splits and tier rules: pure, no database."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations import splitting, tiers
from evaluations.tiers import TierRule


def test_even_split_adds_up_to_the_year_exactly():
    months = splitting.split_yearly(D("1000000"), method=splitting.EVEN)
    assert len(months) == 12
    # largest remainder: the four leftover cents go one each to the first four months, not all to December
    assert months == [D("83333.34")] * 4 + [D("83333.33")] * 8
    assert sum(months) == D("1000000.00")


def test_shape_with_an_empty_december_never_gives_a_negative_month():
    last_year = [D("1")] * 11 + [D("0")]
    months = splitting.split_yearly(D("100000"), method=splitting.LAST_YEAR_SHAPE, last_year=last_year)
    assert months[11] == D("0.00")
    assert min(months) >= 0
    assert sum(months) == D("100000.00")
    assert set(months[:11]) == {D("9090.91"), D("9090.90")}


def test_split_by_last_year_shape():
    last_year = [D("10")] * 6 + [D("30")] * 6  # second half sold three times as much
    months = splitting.split_yearly(D("2400"), method=splitting.LAST_YEAR_SHAPE, last_year=last_year)
    assert months == [D("100.00")] * 6 + [D("300.00")] * 6


def test_shape_without_sales_falls_back_to_even_and_ignores_returns():
    assert splitting.split_by_shape(D("120"), [D("0")] * 12) == [D("10.00")] * 12
    assert splitting.split_by_shape(D("100"), [D("-50"), D("1"), D("1"), D("2")]) == [
        D("0.00"),
        D("25.00"),
        D("25.00"),
        D("50.00"),
    ]


@pytest.mark.parametrize("amount", [D("0"), D("0.01"), D("99999.99"), D("123456789.05")])
def test_split_never_loses_a_cent(amount):
    shape = [D(n) for n in (3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8)]
    assert sum(splitting.split_yearly(amount, method=splitting.LAST_YEAR_SHAPE, last_year=shape)) == amount


@given(
    amount=st.decimals(min_value=0, max_value=D("999999999999.99"), places=2, allow_nan=False),
    shape=st.lists(
        st.decimals(min_value=-1000, max_value=D("99999999.99"), places=2, allow_nan=False), min_size=12, max_size=12
    ),
)
def test_split_property_never_negative_exact_sum_each_month_within_a_cent(amount, shape):
    months = splitting.split_yearly(amount, method=splitting.LAST_YEAR_SHAPE, last_year=shape)
    assert len(months) == 12
    assert all(m >= 0 for m in months)
    assert sum(months) == amount
    weights = [max(w, D(0)) for w in shape]
    total = sum(weights) or None
    for month, weight in zip(months, weights, strict=True):
        share = amount * weight / total if total else amount / 12
        assert abs(month - share) < D("0.01")


def test_split_rejects_bad_input():
    with pytest.raises(ValueError):
        splitting.split_yearly(D("1"), method="weekly")
    with pytest.raises(ValueError):
        splitting.split_yearly(D("1"), method=splitting.LAST_YEAR_SHAPE, last_year=[D("1")])


def test_quarters_are_sums_of_months():
    assert splitting.quarter_totals([D("1")] * 12) == [D("3")] * 4
    assert splitting.quarter_totals([None] * 11 + [D("5")]) == [D("0"), D("0"), D("0"), D("5")]


GOLD = TierRule(1, 1, D("5000000"))
SILVER = TierRule(2, 2, D("1000000"))
BRONZE = TierRule(3, 3, D("0"))
TIERS = [BRONZE, GOLD, SILVER]


@pytest.mark.parametrize(
    ("current", "sales", "expected"),
    [
        (SILVER.id, D("6000000"), (tiers.UP, GOLD)),
        (GOLD.id, D("900000"), (tiers.DOWN, BRONZE)),
        (SILVER.id, D("1000000"), None),  # exactly on the threshold keeps the tier
        (SILVER.id, D("999999.99"), (tiers.DOWN, BRONZE)),
        (None, D("2000000"), (tiers.UP, SILVER)),
    ],
)
def test_recommendation(current, sales, expected):
    assert tiers.recommendation(current_tier_id=current, sales_12m=sales, tiers=TIERS) == expected


def test_no_qualifying_tier_means_no_recommendation():
    assert tiers.recommendation(current_tier_id=SILVER.id, sales_12m=D("10"), tiers=[GOLD, SILVER]) is None


def test_next_tier_and_gap():
    assert tiers.next_tier(SILVER.id, TIERS) == GOLD
    assert tiers.next_tier(GOLD.id, TIERS) is None
    assert tiers.next_tier(None, TIERS) == BRONZE
    assert tiers.next_tier(None, []) is None
    assert tiers.sales_gap(D("4000000"), GOLD) == D("1000000")
    assert tiers.sales_gap(D("6000000"), GOLD) == D("0")
