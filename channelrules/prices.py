"""Which price applies: a pure rule, no ORM.

The plan's price management (价格管理) sets, per tier and channel type, a supply price and a minimum resale
price for each product. Several lists may be in force on one day; the most specific wins:

1. a list for the partner's tier *and* its channel type,
2. a list for its tier (any channel type),
3. a list for its channel type (any tier),
4. a list for everybody;

between lists equally specific, the one that started last wins. Within the winning list a line for the
product itself beats a line for the product's category. A list is in force from `valid_from` to
`valid_to`, both days included; a list without `valid_to` runs until further notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ListFacts:
    id: int
    tier_id: int | None
    channel_type: str  # "" for every channel type
    valid_from: dt.date
    valid_to: dt.date | None
    # product id → (supply price, minimum resale price); category id → the same
    products: dict[int, tuple[Decimal, Decimal]]
    categories: dict[int, tuple[Decimal, Decimal]]

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies_to(self, *, tier_id: int | None, channel_type: str) -> bool:
        return (self.tier_id is None or self.tier_id == tier_id) and (
            not self.channel_type or self.channel_type == channel_type
        )

    @property
    def specificity(self) -> int:
        return (2 if self.tier_id is not None else 0) + (1 if self.channel_type else 0)


@dataclass(frozen=True)
class Price:
    list_id: int
    supply: Decimal
    minimum: Decimal


def list_in_force(
    lists: Iterable[ListFacts], *, tier_id: int | None, channel_type: str, day: dt.date
) -> ListFacts | None:
    """The price list that applies to a partner of this tier and channel type on `day`, or None."""
    candidates = [
        facts for facts in lists if facts.in_force(day) and facts.applies_to(tier_id=tier_id, channel_type=channel_type)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda facts: (facts.specificity, facts.valid_from, facts.id))


def price_of(
    lists: Iterable[ListFacts],
    *,
    tier_id: int | None,
    channel_type: str,
    day: dt.date,
    product_id: int | None,
    category_id: int | None,
) -> Price | None:
    """The prices of a product (or, failing a product line, of its category) on `day`, or None."""
    facts = list_in_force(lists, tier_id=tier_id, channel_type=channel_type, day=day)
    if facts is None:
        return None
    line = facts.products.get(product_id) if product_id is not None else None
    if line is None and category_id is not None:
        line = facts.categories.get(category_id)
    if line is None:
        return None
    return Price(facts.id, *line)
