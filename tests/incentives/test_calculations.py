# ruff: noqa: RUF001, RUF003 -- explanations use the multiplication and minus signs of a printed statement
"""The pure rules, without a database: hand-computed tables and properties."""

from decimal import Decimal as D

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from incentives import calculations as calc
from incentives.services import rebate_amount

BRACKETS = [(D("0"), D("0")), (D("100000"), D("2")), (D("500000"), D("3"))]


@pytest.mark.parametrize(
    ("sales", "mode", "expected"),
    [
        # the example
        ("600000", "retroactive", "18000.00"),
        ("600000", "incremental", "11000.00"),
        # thresholds hit exactly: reached when equal
        ("100000", "retroactive", "2000.00"),
        ("100000", "incremental", "0.00"),
        ("500000", "retroactive", "15000.00"),
        ("500000", "incremental", "8000.00"),
        ("499999.99", "retroactive", "10000.00"),
        ("499999.99", "incremental", "8000.00"),
        # below the first paying bracket
        ("99999.99", "retroactive", "0.00"),
        ("99999.99", "incremental", "0.00"),
        # zero and negative sales (returns) earn nothing
        ("0", "retroactive", "0.00"),
        ("0", "incremental", "0.00"),
        ("-5000", "retroactive", "0.00"),
        ("-5000", "incremental", "0.00"),
        # half-up rounding to cents: 100000.25 × 2% = 2000.005
        ("100000.25", "retroactive", "2000.01"),
    ],
)
def test_rebate_amount_table(sales, mode, expected):
    assert rebate_amount(D(sales), BRACKETS, mode) == D(expected)


def test_rebate_amount_is_importable_from_services_and_returns_cents():
    result = rebate_amount(D("600000"), BRACKETS, "retroactive")
    assert isinstance(result, D)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(("mode", "expected"), [("retroactive", "3000.00"), ("incremental", "3000.00")])
def test_single_bracket_is_a_flat_rate(mode, expected):
    assert rebate_amount(D("100000"), [(D("0"), D("3"))], mode) == D(expected)


def test_single_bracket_above_zero_pays_only_above_it():
    assert rebate_amount(D("150000"), [(D("100000"), D("2"))], "retroactive") == D("3000.00")
    assert rebate_amount(D("150000"), [(D("100000"), D("2"))], "incremental") == D("1000.00")


def test_unsorted_brackets_are_sorted():
    shuffled = [BRACKETS[2], BRACKETS[0], BRACKETS[1]]
    assert rebate_amount(D("600000"), shuffled, "retroactive") == D("18000.00")
    assert rebate_amount(D("600000"), shuffled, "incremental") == D("11000.00")


@pytest.mark.parametrize(
    "brackets",
    [[], [(D("0"), D("1")), (D("0"), D("2"))], [(D("-1"), D("1"))], [(D("0"), D("-1"))]],
    ids=["empty", "duplicate threshold", "negative threshold", "negative rate"],
)
def test_bad_brackets_are_rejected(brackets):
    with pytest.raises(ValueError):
        rebate_amount(D("1000"), brackets, "retroactive")


def test_unknown_mode_is_rejected():
    with pytest.raises(ValueError):
        rebate_amount(D("1000"), BRACKETS, "progressive")


def test_explanation_names_bracket_and_mode():
    result = calc.rebate(D("600000"), BRACKETS, "retroactive")
    assert result.explanation == "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)"
    assert result.rate == D("3")
    incremental = calc.rebate(D("600000"), BRACKETS, "incremental")
    assert incremental.explanation == "CNY 400,000.00 × 2% + CNY 100,000.00 × 3% (incremental) = CNY 11,000.00"


money = st.decimals(min_value=D("-1000000"), max_value=D("100000000"), places=2, allow_nan=False)


@st.composite
def rising_brackets(draw):
    """Brackets whose rates do not fall as the threshold rises."""
    thresholds = sorted(
        draw(st.sets(st.decimals(min_value=0, max_value=D("5000000"), places=0), min_size=1, max_size=5))
    )
    rates = sorted(
        draw(
            st.lists(
                st.decimals(min_value=0, max_value=20, places=2), min_size=len(thresholds), max_size=len(thresholds)
            )
        )
    )
    return list(zip(thresholds, rates, strict=True))


@given(sales=money, brackets=rising_brackets())
def test_incremental_never_exceeds_retroactive_for_rising_rates(sales, brackets):
    assert rebate_amount(sales, brackets, "incremental") <= rebate_amount(sales, brackets, "retroactive")


@given(a=money, b=money, brackets=rising_brackets(), mode=st.sampled_from(calc.MODES))
def test_both_modes_are_monotone_in_sales(a, b, brackets, mode):
    low, high = sorted((a, b))
    assert rebate_amount(low, brackets, mode) <= rebate_amount(high, brackets, mode)


@given(sales=money, brackets=rising_brackets(), mode=st.sampled_from(calc.MODES))
def test_never_negative_and_never_more_than_the_top_rate(sales, brackets, mode):
    amount = rebate_amount(sales, brackets, mode)
    top = max(rate for _t, rate in brackets)
    assert D(0) <= amount <= max(D(0), calc.round_money(sales * top / 100))


# --- commission -----------------------------------------------------------------------------------


def test_commission_flat_rate():
    result = calc.commission({"PHONE": D("200000")}, D("2.5"))
    assert result.amount == D("5000.00")
    assert result.basis == D("200000")


def test_commission_category_rates_and_returns_reduce_the_basis():
    result = calc.commission({"PHONE": D("100000"), "TV": D("-20000")}, D("2"), {"PHONE": D("5")})
    # 100,000 × 5% = 5,000.00; −20,000 × 2% = −400.00
    assert result.amount == D("4600.00")
    assert result.basis == D("80000")


def test_returns_never_produce_a_positive_commission():
    assert calc.commission({"PHONE": D("-30000")}, D("2")).amount == D("0.00")
    assert calc.commission({"PHONE": D("10000"), "TV": D("-30000")}, D("2"), {"TV": D("1")}).amount == D("0.00")


# --- target bonus ---------------------------------------------------------------------------------


def test_target_bonus_fixed_amount_when_attainment_reached():
    result = calc.target_bonus(D("100000"), D("100000"), attainment_pct=D("100"), fixed_amount=D("5000"))
    assert result.amount == D("5000.00")


def test_target_bonus_below_attainment_pays_nothing():
    result = calc.target_bonus(D("89999.99"), D("100000"), attainment_pct=D("90"), fixed_amount=D("5000"))
    assert result.amount == D("0.00")


def test_target_bonus_percent_of_sales_plus_accelerator():
    # 120,000 × 1% = 1,200.00; (120,000 − 100,000) × 5% = 1,000.00
    result = calc.target_bonus(
        D("120000"), D("100000"), attainment_pct=D("100"), sales_pct=D("1"), accelerator_pct=D("5")
    )
    assert result.amount == D("2200.00")


def test_target_bonus_without_target_pays_nothing():
    assert calc.target_bonus(D("120000"), None, attainment_pct=D("100"), fixed_amount=D("1")).amount == D("0.00")


# --- grade bonus, penalty, cap, true-up, carry ------------------------------------------------------


def test_grade_bonus():
    amounts = {"A": D("8000"), "B": D("3000")}
    assert calc.grade_bonus("A", amounts).amount == D("8000.00")
    assert calc.grade_bonus("C", amounts).amount == D("0.00")
    assert calc.grade_bonus(None, amounts).amount == D("0.00")


def test_penalty_per_incident_by_severity_is_negative():
    result = calc.penalty({"high": 1, "low": 2}, {"low": D("500"), "high": D("10000")})
    assert result.amount == D("-11000.00")


def test_cap_limits_positive_amounts_only():
    result = calc.capped(calc.Result(D("1"), D("12000.00"), "x"), D("10000"))
    assert result.amount == D("10000.00")
    assert "capped at CNY 10,000.00" in result.explanation
    assert calc.capped(calc.Result(D("1"), D("-500.00"), "x"), D("100")).amount == D("-500.00")
    assert calc.capped(calc.Result(D("1"), D("50.00"), "x"), None).amount == D("50.00")


def test_true_up_subtracts_advances_and_keeps_a_clawback():
    assert calc.true_up(calc.Result(D("1"), D("18000.00"), "x"), D("12000.00")).amount == D("6000.00")
    clawback = calc.true_up(calc.Result(D("1"), D("8000.00"), "x"), D("12000.00"))
    assert clawback.amount == D("-4000.00")
    assert "clawback" in clawback.explanation


def test_negative_balance_is_carried_not_dropped():
    assert calc.net_of_carry(D("-4000.00"), D("0")) == (D("0.00"), D("-4000.00"))
    assert calc.net_of_carry(D("6000.00"), D("-4000.00")) == (D("2000.00"), D("0.00"))
    assert calc.net_of_carry(D("1000.00"), D("-4000.00")) == (D("0.00"), D("-3000.00"))


def test_a_commission_line_names_its_category_as_the_company_calls_it():
    """Partners read 智能硬件, not the code HW the rules key on; a category without a name keeps its code."""
    result = calc.commission({"HW": D("100000"), "NEW": D("1000")}, D("2"), names={"HW": "智能硬件"})
    with translation.override("zh-hans"):
        assert result.explanation == "智能硬件: ¥100,000.00 × 2% = ¥2,000.00; NEW: ¥1,000.00 × 2% = ¥20.00"
