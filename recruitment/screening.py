"""Screening against clear standards: weighted criteria give every application a match score 0-100.

The plan asks to "screen candidates against clear standards". Each criterion turns one fact of the
application into a fraction of its points (0 to 1); the match score is the weighted mean of those
fractions times 100, rounded half-up. Pure: plain data in, plain data out, no ORM, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    REVENUE = "revenue", _("Annual revenue")
    TEAM_SIZE = "team_size", _("Team size")
    REGION_FIT = "region_fit", _("Region fit with the campaign goals")
    CHANNEL_FIT = "channel_fit", _("Channel-type fit with the campaign goals")
    BRANDS = "brands", _("Brands already carried")
    ECOMMERCE = "ecommerce", _("E-commerce stores")


class RevenueBand(models.TextChoices):
    UNDER_1M = "under_1m", _("Under 1 million CNY")
    FROM_1M = "1m_5m", _("1-5 million CNY")
    FROM_5M = "5m_20m", _("5-20 million CNY")
    FROM_20M = "20m_100m", _("20-100 million CNY")
    OVER_100M = "over_100m", _("Over 100 million CNY")


# Weights a new campaign (and the general form without a campaign) starts from.
DEFAULT_WEIGHTS: dict[str, int] = {
    Criterion.REVENUE: 30,
    Criterion.TEAM_SIZE: 15,
    Criterion.REGION_FIT: 20,
    Criterion.CHANNEL_FIT: 20,
    Criterion.BRANDS: 10,
    Criterion.ECOMMERCE: 5,
}

REVENUE_POINTS = {
    RevenueBand.UNDER_1M: Decimal("0.2"),
    RevenueBand.FROM_1M: Decimal("0.5"),
    RevenueBand.FROM_5M: Decimal("0.8"),
    RevenueBand.FROM_20M: Decimal("1"),
    RevenueBand.OVER_100M: Decimal("1"),
}
# (smallest team, fraction): the first row the team reaches, from the largest down.
TEAM_POINTS = ((50, Decimal("1")), (20, Decimal("0.8")), (5, Decimal("0.5")), (1, Decimal("0.2")), (0, Decimal("0")))
# Brands carried and stores run show experience; three brands or two stores earn full points.
BRANDS_FOR_FULL = 3
STORES_FOR_FULL = 2

_LIST_SEPARATORS = re.compile("[\n,;\uff0c\uff1b\u3001]+")


def count_items(text: str) -> int:
    """How many entries a free-text list holds ("A, B" / one per line / 「A、B」)."""
    return sum(1 for item in _LIST_SEPARATORS.split(text or "") if item.strip())


@dataclass(frozen=True)
class Candidate:
    """What screening looks at in an application. `provinces` are province codes (e.g. "330000")."""

    revenue_band: str
    team_size: int
    channel_type: str
    provinces: frozenset[str]
    brands: int = 0
    stores: int = 0


@dataclass(frozen=True)
class Goals:
    """What the campaign looks for; empty means "any" (the general form has no goals)."""

    channel_types: frozenset[str] = field(default_factory=frozenset)
    provinces: frozenset[str] = field(default_factory=frozenset)


def criterion_points(kind: str, candidate: Candidate, goals: Goals) -> Decimal:
    """The fraction (0-1) of a criterion's weight the candidate earns."""
    if kind == Criterion.REVENUE:
        return REVENUE_POINTS.get(candidate.revenue_band, Decimal("0"))
    if kind == Criterion.TEAM_SIZE:
        return next(points for minimum, points in TEAM_POINTS if candidate.team_size >= minimum)
    if kind == Criterion.REGION_FIT:
        return Decimal(not goals.provinces or bool(goals.provinces & candidate.provinces))
    if kind == Criterion.CHANNEL_FIT:
        return Decimal(not goals.channel_types or candidate.channel_type in goals.channel_types)
    if kind == Criterion.BRANDS:
        return min(Decimal(candidate.brands) / BRANDS_FOR_FULL, Decimal("1"))
    if kind == Criterion.ECOMMERCE:
        return min(Decimal(candidate.stores) / STORES_FOR_FULL, Decimal("1"))
    raise ValueError(f"Unknown screening criterion {kind!r}")


@dataclass(frozen=True)
class ScoreResult:
    score: int
    # criterion → (weight, points earned out of the weight), for the breakdown shown to managers
    lines: dict[str, tuple[int, Decimal]]


def match_score(*, candidate: Candidate, goals: Goals, weights: Mapping[str, int]) -> ScoreResult:
    """Weighted mean of the criteria, 0-100, rounded half-up. No weights at all scores 0."""
    total_weight = sum(weights.values())
    lines = {}
    earned = Decimal("0")
    for kind, weight in weights.items():
        points = criterion_points(kind, candidate, goals) * weight
        lines[kind] = (weight, points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        earned += points
    if total_weight <= 0:
        return ScoreResult(0, lines)
    score = (earned * 100 / total_weight).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return ScoreResult(int(score), lines)


def adjusted_score(match: int, adjustment: int) -> int:
    """The match score after a manager's manual assessment, kept within 0-100."""
    return max(0, min(100, match + adjustment))
