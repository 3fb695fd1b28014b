"""How answers become the figures managers read: pure rules, no ORM.

Net Promoter Score, as the plan's satisfaction goals use it: on the 0-10 question "how likely are you to
recommend us", 9 and 10 are promoters, 7 and 8 passives, 0 to 6 detractors; NPS is the percentage of
promoters minus the percentage of detractors (-100 to 100), rounded half-up to one decimal.

Customer satisfaction (CSAT) is the share of 1-5 ratings that are 4 or 5 ("satisfied" or better), in
percent. An average rating is the plain mean of the 1-5 ratings, to two decimals.

A figure over fewer answers than the template's minimum is "not measured" (None), never zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PROMOTER_MIN = 9
PASSIVE_MIN = 7
SATISFIED_MIN = 4
_TENTH = Decimal("0.1")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class NPS:
    promoters: int
    passives: int
    detractors: int

    @property
    def count(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> Decimal | None:
        if not self.count:
            return None
        value = Decimal(self.promoters - self.detractors) * 100 / self.count
        return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def nps(scores: Iterable[int]) -> NPS:
    promoters = passives = detractors = 0
    for score in scores:
        if not 0 <= score <= 10:
            raise ValueError(f"A recommendation score is 0-10, not {score}.")
        if score >= PROMOTER_MIN:
            promoters += 1
        elif score >= PASSIVE_MIN:
            passives += 1
        else:
            detractors += 1
    return NPS(promoters, passives, detractors)


def average(scores: Iterable[int]) -> Decimal | None:
    values = list(scores)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(_CENT, rounding=ROUND_HALF_UP)


def csat(ratings: Iterable[int]) -> Decimal | None:
    values = list(ratings)
    if not values:
        return None
    satisfied = sum(1 for rating in values if rating >= SATISFIED_MIN)
    return (Decimal(satisfied) * 100 / len(values)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def measured(value: Decimal | None, *, answers: int, minimum: int) -> Decimal | None:
    """The figure, or None ("not measured") when it rests on fewer answers than the minimum."""
    return value if answers >= minimum else None


def response_rate(responses: int, invited: int) -> Decimal | None:
    if not invited:
        return None
    return (Decimal(responses) * 100 / invited).quantize(_TENTH, rounding=ROUND_HALF_UP)
