"""Funnel metrics of a campaign from its recorded stage changes. Pure: no ORM, no clock.

For each stage: how many applications reached it, how many sit in it now, the conversion to the next
stage of the main line, and the median days spent in it (time in the current stage counts up to `now`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from recruitment.pipeline import Stage, stage_durations

DAY = dt.timedelta(days=1)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def funnel_rows(
    changes: list[tuple[int, str, dt.datetime]], current: dict[int, str], *, now: dt.datetime
) -> list[dict]:
    """`changes` are (application id, to stage, when); `current` maps application id → its stage now."""
    by_application = defaultdict(list)
    for application_id, stage, at in changes:
        by_application[application_id].append((stage, at))
    reached = defaultdict(set)
    days = defaultdict(list)
    for application_id, moves in by_application.items():
        for stage, _at in moves:
            reached[stage].add(application_id)
        for stage, spent in stage_durations(moves, now=now):
            days[stage].append(spent / DAY)
    in_stage = defaultdict(int)
    for stage in current.values():
        in_stage[stage] += 1

    line = Stage.main_line()
    started = len(reached[Stage.APPLIED])
    rows = []
    for stage in Stage:
        count = len(reached[stage])
        following = line[line.index(stage) + 1] if stage in line[:-1] else None
        rows.append(
            {
                "stage": stage,
                "label": stage.label,
                "reached": count,
                "current": in_stage[stage],
                "of_applied": percent(count, started),
                "to_next": percent(len(reached[following]), count) if following else None,
                "median_days": round(statistics.median(days[stage]), 1) if days[stage] else None,
            }
        )
    return rows
