"""Periods are calendar months in the installation's time zone, stored as the month's first day.

Quarters and years are roll-ups of months. Everything here is pure: no ORM, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """One calendar month. `Period.month(2026, 10)`, `Period.parse("2026-10")`."""

    first_day: dt.date

    def __post_init__(self):
        if self.first_day.day != 1:
            raise ValueError("A period starts on the first day of a month.")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1))

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _MONTH_RE.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"Expected a month as YYYY-MM, got {text!r}.")
        return cls.month(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: dt.date | dt.datetime) -> Period:
        """The month a date falls in; an aware datetime is first converted to the local time zone."""
        if isinstance(day, dt.datetime):
            day = local_date(day)
        return cls.month(day.year, day.month)

    @classmethod
    def current(cls, now: dt.datetime | None = None) -> Period:
        return cls.containing(now or timezone.now())

    @property
    def year(self) -> int:
        return self.first_day.year

    @property
    def number(self) -> int:
        return self.first_day.month

    @property
    def quarter(self) -> int:
        return (self.number - 1) // 3 + 1

    @property
    def quarter_label(self) -> str:
        """The quarter's key, 2026-Q4 (its URLs, its emails); pages show it through the display rule."""
        return f"{self.year}-Q{self.quarter}"

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self, months: int = 1) -> Period:
        index = self.year * 12 + self.number - 1 + months
        return Period.month(index // 12, index % 12 + 1)

    def previous(self, months: int = 1) -> Period:
        return self.next(-months)

    def same_month_last_year(self) -> Period:
        return self.previous(12)

    def quarter_months(self) -> list[Period]:
        start = Period.month(self.year, (self.quarter - 1) * 3 + 1)
        return [start.next(i) for i in range(3)]

    def year_months(self) -> list[Period]:
        return [Period.month(self.year, m) for m in range(1, 13)]

    def trailing(self, months: int) -> list[Period]:
        """The `months` months ending with this one, oldest first."""
        return [self.previous(i) for i in reversed(range(months))]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) of the month as aware datetimes in the installation's time zone."""
        tz = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.first_day, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.next().first_day, dt.time.min, tzinfo=tz)
        return start, end

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of an aware moment in the installation's time zone."""
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date()
