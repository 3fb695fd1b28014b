"""The pure scoring rules on tables of cases: no database."""

from decimal import Decimal as D

import pytest

from evaluations import scoring
from evaluations.scoring import KPIRule, PartnerFacts


@pytest.mark.parametrize(
    ("kind", "facts", "expected"),
    [
        # sales target attainment, in percent
        (scoring.SALES_ATTAINMENT, PartnerFacts(sales=D("50000"), target=D("100000")), D("50.00")),
        (scoring.SALES_ATTAINMENT, PartnerFacts(sales=D("0"), target=D("100000")), D("0.00")),  # no sales
        (scoring.SALES_ATTAINMENT, PartnerFacts(sales=D("5000"), target=D("0")), None),  # zero target
        (scoring.SALES_ATTAINMENT, PartnerFacts(sales=D("5000"), target=None), None),  # no target
        (scoring.SALES_ATTAINMENT, PartnerFacts(sales=D("-100"), target=D("1000")), D("-10.00")),  # returns
        # year-on-year growth, in percent
        (scoring.YOY_GROWTH, PartnerFacts(sales=D("120"), sales_last_year=D("100")), D("20.00")),
        (scoring.YOY_GROWTH, PartnerFacts(sales=D("0"), sales_last_year=D("100")), D("-100.00")),
        (scoring.YOY_GROWTH, PartnerFacts(sales=D("120"), sales_last_year=None), None),
        (scoring.YOY_GROWTH, PartnerFacts(sales=D("120"), sales_last_year=D("0")), None),
        # counts
        (scoring.NEW_CUSTOMERS, PartnerFacts(new_customers=7), D("7")),
        (scoring.NEW_CUSTOMERS, PartnerFacts(), D("0")),
        (scoring.COMPLIANCE, PartnerFacts(incidents=2), D("2")),
        # share of the region's sales
        (scoring.REGION_SHARE, PartnerFacts(sales=D("25"), region_sales=D("200")), D("12.50")),
        (scoring.REGION_SHARE, PartnerFacts(sales=D("0"), region_sales=D("0")), None),
        (scoring.REGION_SHARE, PartnerFacts(sales=D("-5"), region_sales=D("100")), D("0.00")),
        # values handed over by other sources
        (scoring.TRAINING_COMPLETION, PartnerFacts(training_completion=D("66.666")), D("66.67")),
        (scoring.TRAINING_COMPLETION, PartnerFacts(), None),
        (scoring.MANUAL, PartnerFacts(manual=D("4.5")), D("4.50")),
        (scoring.MANUAL, PartnerFacts(), None),
    ],
)
def test_raw_value(kind, facts, expected):
    assert scoring.raw_value(kind, facts) == expected


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        scoring.raw_value("nonsense", PartnerFacts())


@pytest.mark.parametrize(
    ("raw", "zero_at", "full_at", "ceiling", "expected"),
    [
        (D("100"), D("0"), D("100"), D("120"), D("100.00")),  # attainment 100% = 100 points
        (D("150"), D("0"), D("100"), D("120"), D("120.00")),  # capped at the ceiling
        (D("150"), D("0"), D("100"), D("100"), D("100.00")),
        (D("-10"), D("0"), D("100"), D("120"), D("0.00")),  # never below 0
        (D("0"), D("-20"), D("20"), D("100"), D("50.00")),  # flat year = half marks
        (D("10"), D("-20"), D("20"), D("100"), D("75.00")),
        (D("0"), D("3"), D("0"), D("100"), D("100.00")),  # no incidents = full marks
        (D("1"), D("3"), D("0"), D("100"), D("66.67")),
        (D("5"), D("3"), D("0"), D("100"), D("0.00")),
        (None, D("0"), D("100"), D("100"), D("0")),  # missing data
        (D("33.333"), D("0"), D("100"), D("100"), D("33.33")),
    ],
)
def test_kpi_points(raw, zero_at, full_at, ceiling, expected):
    assert scoring.kpi_points(raw=raw, zero_at=zero_at, full_at=full_at, ceiling=ceiling) == expected


def test_kpi_points_needs_two_anchors():
    with pytest.raises(ValueError):
        scoring.kpi_points(raw=D("1"), zero_at=D("5"), full_at=D("5"), ceiling=D("100"))


RULES = [
    KPIRule(scoring.SALES_ATTAINMENT, D("60"), ceiling=D("120")),
    KPIRule(scoring.COMPLIANCE, D("25"), zero_at=D("4"), full_at=D("0")),
    KPIRule(scoring.MANUAL, D("15"), full_at=D("5")),
]


@pytest.mark.parametrize(
    ("facts", "expected_total", "expected_contributions"),
    [
        # on target, clean, top survey
        (PartnerFacts(sales=D("100"), target=D("100"), manual=D("5")), D("100.00"), [D("60"), D("25"), D("15")]),
        # over-achieved: attainment capped at 120 points → 72
        (PartnerFacts(sales=D("300"), target=D("100"), manual=D("5")), D("112.00"), [D("72"), D("25"), D("15")]),
        # no sales, one incident, no survey entered
        (PartnerFacts(sales=D("0"), target=D("100"), incidents=1), D("18.75"), [D("0"), D("18.75"), D("0")]),
        # zero target and missing survey: only compliance scores
        (PartnerFacts(sales=D("80"), target=D("0")), D("25.00"), [D("0"), D("25"), D("0")]),
        # rounding per line: 1/3 attainment → 33.33 points → 20.00; survey 2/5 → 40 → 6.00
        (PartnerFacts(sales=D("1"), target=D("3"), manual=D("2")), D("51.00"), [D("20.00"), D("25"), D("6.00")]),
    ],
)
def test_score_card_total_is_the_sum_of_rounded_contributions(facts, expected_total, expected_contributions):
    card = scoring.score_card(rules=RULES, facts=facts)
    assert [line.contribution for line in card.lines] == expected_contributions
    assert card.total == expected_total
    assert card.total == sum(line.contribution for line in card.lines)


def test_score_card_keeps_raw_values_and_marks_missing_data():
    card = scoring.score_card(rules=RULES, facts=PartnerFacts(sales=D("50"), target=None))
    attainment, compliance, manual = card.lines
    assert not attainment.measured and attainment.points == 0
    assert compliance.raw_value == 0 and compliance.points == 100
    assert not manual.measured


BANDS = {"A": D("90"), "B": D("75"), "C": D("60"), "D": D("0")}


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (D("120"), "A"),
        (D("90.00"), "A"),
        (D("89.99"), "B"),
        (D("75"), "B"),
        (D("74.99"), "C"),
        (D("60"), "C"),
        (D("59.99"), "D"),
        (D("0"), "D"),
    ],
)
def test_grade_boundaries(total, grade):
    assert scoring.grade_for(total, BANDS) == grade


def test_below_every_band_is_the_lowest_grade():
    assert scoring.grade_for(D("10"), {"A": D("90"), "B": D("50")}) == "B"


@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        ({"a": D("95"), "b": D("95"), "c": D("80")}, {"a": 1, "b": 1, "c": 3}),
        (
            {"a": D("50"), "b": D("70"), "c": D("70"), "d": D("70"), "e": D("10")},
            {"b": 1, "c": 1, "d": 1, "a": 4, "e": 5},
        ),
        ({"a": D("1")}, {"a": 1}),
        ({}, {}),
        ({"a": D("0"), "b": D("0")}, {"a": 1, "b": 1}),
    ],
)
def test_competition_ranking(totals, ranks):
    assert scoring.competition_ranks(totals) == ranks


def test_weights_must_sum_to_100():
    assert scoring.validate_weights([D("40"), D("60")])
    assert not scoring.validate_weights([D("40"), D("50")])
