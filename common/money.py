"""Money is Decimal, rounded half-up to cents once per line; totals are sums of rounded lines."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value: Decimal | int | str) -> Decimal:
    """Round to cents, half-up (0.005 → 0.01), the way Chinese invoices and statements round."""
    if type(value) is not Decimal:  # a Decimal is rounded as it is: no copy (the calculation rounds 10⁵ a run)
        value = Decimal(value)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """The one shape of a money column: up to 999,999,999,999.99 in the installation's currency."""
    kwargs.setdefault("max_digits", 14)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def has_at_most_cents(value: Decimal) -> bool:
    return value == value.quantize(CENT)
