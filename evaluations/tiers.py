"""Tier rules: which tier a partner's trailing 12-month sales qualify for, and the gap to the next one.

Pure: tiers come in as plain `TierRule`s. Rank 1 is the highest tier (partners.models.Tier).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from common.money import ZERO

UP = "up"
DOWN = "down"


@dataclass(frozen=True)
class TierRule:
    id: int
    rank: int
    threshold: Decimal


def qualifying_tier(sales_12m: Decimal, tiers: Sequence[TierRule]) -> TierRule | None:
    """The highest tier whose annual sales threshold the trailing sales reach, or None."""
    for tier in sorted(tiers, key=lambda t: t.rank):
        if sales_12m >= tier.threshold:
            return tier
    return None


def recommendation(
    *, current_tier_id: int | None, sales_12m: Decimal, tiers: Sequence[TierRule]
) -> tuple[str, TierRule] | None:
    """("up" | "down", the tier to move to) when the sales point to another tier than the current one.

    A partner without a tier is recommended up into the tier it qualifies for. A partner whose sales
    reach no tier at all keeps its tier: dropping out of every tier is a status decision, not a tier change.
    """
    target = qualifying_tier(sales_12m, tiers)
    if target is None or target.id == current_tier_id:
        return None
    current = next((t for t in tiers if t.id == current_tier_id), None)
    if current is None or target.rank < current.rank:
        return UP, target
    return DOWN, target


def next_tier(current_tier_id: int | None, tiers: Sequence[TierRule]) -> TierRule | None:
    """The tier one rank above the current one (the lowest tier for a partner without one)."""
    ordered = sorted(tiers, key=lambda t: t.rank)
    if not ordered:
        return None
    current = next((t for t in ordered if t.id == current_tier_id), None)
    if current is None:
        return ordered[-1]
    higher = [t for t in ordered if t.rank < current.rank]
    return higher[-1] if higher else None


def sales_gap(sales_12m: Decimal, tier: TierRule) -> Decimal:
    """Sales still needed to reach a tier's threshold (zero when already reached)."""
    return max(tier.threshold - sales_12m, ZERO)
