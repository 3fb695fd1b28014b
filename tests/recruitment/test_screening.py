"""The match score against a table of applications whose scores were worked out by hand."""

from decimal import Decimal

import pytest

from recruitment.screening import (
    DEFAULT_WEIGHTS,
    Candidate,
    Criterion,
    Goals,
    adjusted_score,
    count_items,
    criterion_points,
    match_score,
)

ZJ, GD = "330000", "440000"
GOALS = Goals(channel_types=frozenset({"distributor", "ecommerce"}), provinces=frozenset({ZJ}))

# Default weights: revenue 30, team 15, region 20, channel 20, brands 10, e-commerce 5 (total 100).
CASES = [
    # (what, candidate, expected score)
    ("everything at the top", Candidate("over_100m", 80, "distributor", frozenset({ZJ}), brands=5, stores=3), 100),
    ("nothing fits", Candidate("under_1m", 0, "retailer", frozenset({GD})), 6),  # 30 x 0.2 = 6
    (
        # 30x0.8 + 15x0.8 + 20 + 20 + 10x2/3 + 5x0.5 = 24 + 12 + 20 + 20 + 6.67 + 2.5 = 85.17
        "typical distributor in the goal province",
        Candidate("5m_20m", 25, "distributor", frozenset({ZJ}), brands=2, stores=1),
        85,
    ),
    (
        # same but outside the goal region: 85.17 - 20 = 65.17
        "typical distributor elsewhere",
        Candidate("5m_20m", 25, "distributor", frozenset({GD}), brands=2, stores=1),
        65,
    ),
    (
        # 30x0.5 + 15x0.5 + 20 + 0 + 10x1/3 + 5 = 15 + 7.5 + 20 + 3.33 + 5 = 50.83
        "small agent, wrong channel, in region, two stores",
        Candidate("1m_5m", 5, "agent", frozenset({ZJ, GD}), brands=1, stores=2),
        51,
    ),
    (
        # 30x0.2 + 15x0.2 + 0 + 20 + 0 + 5x0.5 = 6 + 3 + 20 + 2.5 = 31.5 -> half-up 32
        "tiny e-commerce shop, rounding half up",
        Candidate("under_1m", 3, "ecommerce", frozenset({GD}), brands=0, stores=1),
        32,
    ),
]


@pytest.mark.parametrize(("what", "candidate", "expected"), CASES, ids=[case[0] for case in CASES])
def test_match_score_table(what, candidate, expected):
    assert match_score(candidate=candidate, goals=GOALS, weights=DEFAULT_WEIGHTS).score == expected


def test_no_goals_means_every_region_and_channel_fits():
    candidate = Candidate("5m_20m", 25, "retailer", frozenset({GD}), brands=2, stores=1)
    assert match_score(candidate=candidate, goals=Goals(), weights=DEFAULT_WEIGHTS).score == 85


def test_weights_are_relative_and_criteria_can_be_left_out():
    candidate = Candidate("1m_5m", 10, "distributor", frozenset({GD}))
    only_revenue = match_score(candidate=candidate, goals=GOALS, weights={Criterion.REVENUE: 7})
    assert only_revenue.score == 50
    half_and_half = {Criterion.REVENUE: 1, Criterion.CHANNEL_FIT: 1}  # (0.5 + 1) / 2
    assert match_score(candidate=candidate, goals=GOALS, weights=half_and_half).score == 75


def test_no_weights_scores_zero():
    candidate = Candidate("over_100m", 80, "distributor", frozenset({ZJ}))
    assert match_score(candidate=candidate, goals=GOALS, weights={}).score == 0


def test_breakdown_lists_points_per_criterion():
    candidate = Candidate("5m_20m", 25, "distributor", frozenset({ZJ}), brands=2, stores=1)
    lines = match_score(candidate=candidate, goals=GOALS, weights=DEFAULT_WEIGHTS).lines
    assert lines[Criterion.REVENUE] == (30, Decimal("24.00"))
    assert lines[Criterion.BRANDS] == (10, Decimal("6.67"))


@pytest.mark.parametrize(("team", "points"), [(0, "0"), (1, "0.2"), (4, "0.2"), (5, "0.5"), (20, "0.8"), (50, "1")])
def test_team_size_bands(team, points):
    candidate = Candidate("under_1m", team, "agent", frozenset())
    assert criterion_points(Criterion.TEAM_SIZE, candidate, Goals()) == Decimal(points)


def test_unknown_criterion_is_refused():
    with pytest.raises(ValueError):
        criterion_points("charm", Candidate("under_1m", 1, "agent", frozenset()), Goals())


@pytest.mark.parametrize(
    ("text", "count"), [("", 0), ("A", 1), ("A, B", 2), ("A\nB\n\nC", 3), ("品牌甲、品牌乙\uff0c品牌丙", 3), (" , ", 0)]
)
def test_count_items(text, count):
    assert count_items(text) == count


@pytest.mark.parametrize(("match", "adjustment", "expected"), [(60, 10, 70), (95, 20, 100), (10, -30, 0), (50, 0, 50)])
def test_adjusted_score_stays_within_0_and_100(match, adjustment, expected):
    assert adjusted_score(match, adjustment) == expected
