"""What the violation report finds in a sale: a pure rule, no ORM.

The plan names partners' 违规操作 as the main channel risk: selling under the minimum resale price (价格违规)
and selling into another partner's region (窜货). A sale is

- **under-priced** when it states a unit price and that price is below the minimum resale price in force on
  the sale's date for the partner's tier and channel type (see prices.py). Exactly at the minimum is allowed.
- **cross-territory** when it names the end customer's region and the partner's authorised territory (the
  regions of its signed agreements in force on the sale's date) covers neither that region nor, for a city,
  its province. A territory of one city does not cover a sale that names only the province. A partner with no
  territory on record is not restricted: there is nothing to be outside of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from channelrules.prices import ListFacts, Price, price_of

PRICE = "price"
TERRITORY = "territory"


@dataclass(frozen=True)
class SaleFacts:
    sale_id: int
    partner_id: int
    tier_id: int | None
    channel_type: str
    day: dt.date
    unit_price: Decimal | None
    product_id: int | None
    category_id: int | None
    region_id: int | None
    province_id: int | None  # the region's province (itself for a province)


@dataclass(frozen=True)
class Hit:
    sale_id: int
    kind: str
    price: Price | None = None


def under_priced(sale: SaleFacts, lists: Iterable[ListFacts]) -> Price | None:
    """The price the sale broke, or None."""
    if sale.unit_price is None:
        return None
    price = price_of(
        lists,
        tier_id=sale.tier_id,
        channel_type=sale.channel_type,
        day=sale.day,
        product_id=sale.product_id,
        category_id=sale.category_id,
    )
    return price if price is not None and sale.unit_price < price.minimum else None


def outside_territory(sale: SaleFacts, territory: Collection[int]) -> bool:
    if sale.region_id is None or not territory:
        return False
    return sale.region_id not in territory and sale.province_id not in territory


def hits(sale: SaleFacts, *, lists: Iterable[ListFacts], territory: Collection[int]) -> list[Hit]:
    found = []
    price = under_priced(sale, lists)
    if price is not None:
        found.append(Hit(sale.sale_id, PRICE, price))
    if outside_territory(sale, territory):
        found.append(Hit(sale.sale_id, TERRITORY))
    return found
