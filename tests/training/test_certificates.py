"""Certificate dates and the pass rule, without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from training.assessment import is_pass
from training.certificates import (
    add_months,
    expiry_date,
    is_expiring_soon,
    is_valid_on,
    reminder_due,
    renewed_expiry,
)

D = dt.date


@pytest.mark.parametrize(
    ("score", "expected"),
    [("59.99", False), ("60", True), ("60.00", True), ("60.01", True), ("0", False), ("100", True), (None, False)],
)
def test_pass_at_the_boundary_score(score, expected):
    assert is_pass(score=None if score is None else Decimal(score), pass_score=Decimal("60.00")) is expected


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 1, 30), 1, D(2026, 2, 28)),
        (D(2026, 4, 30), 1, D(2026, 5, 31)),  # month end stays a month end
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # leap day, next year has none
        (D(2023, 2, 28), 12, D(2024, 2, 29)),  # last day of February into a leap year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
    ],
)
def test_expiry_date(issued, months, expires):
    assert expiry_date(issued_on=issued, validity_months=months) == expires


def test_expiry_needs_a_positive_validity():
    with pytest.raises(ValueError):
        expiry_date(issued_on=D(2026, 1, 1), validity_months=0)


def test_add_months_backwards():
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 15), -2) == D(2025, 11, 15)


@pytest.mark.parametrize(
    ("current", "passed", "months", "expires"),
    [
        (D(2026, 12, 31), D(2026, 11, 20), 12, D(2027, 12, 31)),  # renewed early: runs on from the old expiry
        (D(2026, 12, 31), D(2026, 12, 31), 12, D(2027, 12, 31)),  # on the expiry day itself
        (D(2026, 12, 31), D(2027, 1, 10), 12, D(2028, 1, 10)),  # lapsed: a new term from the pass
        (D(2027, 2, 28), D(2027, 1, 5), 12, D(2028, 2, 29)),  # month end into a leap year
        (D(2028, 2, 29), D(2028, 3, 1), 6, D(2028, 9, 1)),
    ],
)
def test_renewed_expiry(current, passed, months, expires):
    assert renewed_expiry(current_expiry=current, passed_on=passed, validity_months=months) == expires


def test_valid_through_the_expiry_day_inclusive():
    kwargs = {"issued_on": D(2026, 1, 10), "expires_on": D(2027, 1, 10)}
    assert not is_valid_on(day=D(2026, 1, 9), **kwargs)
    assert is_valid_on(day=D(2026, 1, 10), **kwargs)
    assert is_valid_on(day=D(2027, 1, 10), **kwargs)
    assert not is_valid_on(day=D(2027, 1, 11), **kwargs)


def test_expiring_soon_is_the_next_sixty_days():
    as_of = D(2026, 11, 1)
    assert is_expiring_soon(expires_on=D(2026, 11, 1), as_of=as_of)
    assert is_expiring_soon(expires_on=D(2026, 12, 31), as_of=as_of)  # day 60
    assert not is_expiring_soon(expires_on=D(2027, 1, 1), as_of=as_of)
    assert not is_expiring_soon(expires_on=D(2026, 10, 31), as_of=as_of)  # already expired


def test_reminder_due_from_thirty_days_before_until_expiry():
    expires = D(2026, 12, 31)
    assert not reminder_due(expires_on=expires, today=D(2026, 11, 30))
    assert reminder_due(expires_on=expires, today=D(2026, 12, 1))  # exactly 30 days before
    assert reminder_due(expires_on=expires, today=D(2026, 12, 20))  # a missed day is caught up
    assert not reminder_due(expires_on=expires, today=D(2027, 1, 1))
