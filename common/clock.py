"""The one clock of the pages: today's date in the installation's time zone.

Rules never read the clock; they take `today` (or `as_of`) as a parameter. Views, template tags, tasks
and commands ask here, so "today" means the same local date everywhere and a test can pass its own.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from common.periods import local_date


def today(now: dt.datetime | None = None) -> dt.date:
    """The local date of `now` (default: this moment): 00:30 in Shanghai is already tomorrow in UTC terms."""
    return local_date(now or timezone.now())
