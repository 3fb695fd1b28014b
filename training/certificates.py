"""Certificate dates: expiry, renewal, validity and the reminder window. Pure: dates in, dates out.

A certificate is valid through its expiry date (inclusive). Expiry is `validity` months after the
day it is issued; when that month has no such day (31 January + 1 month), the month's last day; and a
certificate issued on a month's last day expires on the last day of the target month, so 28 February
2023 + 12 months is 29 February 2024 and 29 February 2024 + 12 months is 28 February 2025.
"""

from __future__ import annotations

import calendar
import datetime as dt

REMINDER_DAYS_BEFORE = 30
EXPIRING_SOON_DAYS = 60


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months, keeping month ends at month ends."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _last_day(year, month)
    if day.day == _last_day(day.year, day.month):
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def expiry_date(*, issued_on: dt.date, validity_months: int) -> dt.date:
    if validity_months < 1:
        raise ValueError("A certificate is valid for at least one month.")
    return add_months(issued_on, validity_months)


def renewed_expiry(*, current_expiry: dt.date, passed_on: dt.date, validity_months: int) -> dt.date:
    """Expiry after passing the course again.

    Renewing while still valid loses nothing: the new term runs on from the current expiry. Once the
    certificate has lapsed, the new term starts on the day of the pass.
    """
    start = current_expiry if passed_on <= current_expiry else passed_on
    return expiry_date(issued_on=start, validity_months=validity_months)


def is_valid_on(*, issued_on: dt.date, expires_on: dt.date, day: dt.date) -> bool:
    return issued_on <= day <= expires_on


def is_expiring_soon(*, expires_on: dt.date, as_of: dt.date, days: int = EXPIRING_SOON_DAYS) -> bool:
    """Still valid on `as_of` and expiring within the next `days` days."""
    return as_of <= expires_on <= as_of + dt.timedelta(days=days)


def reminder_due(*, expires_on: dt.date, today: dt.date, days_before: int = REMINDER_DAYS_BEFORE) -> bool:
    """The reminder is due from `days_before` days ahead until expiry, so a day the job missed is caught up."""
    return today <= expires_on <= today + dt.timedelta(days=days_before)
