"""The beat sweep that resumes a reward calculation whose worker died (the live one holds its row lock)."""

import datetime as dt

from django.utils import timezone

from common.models import JobRun, OutboxMessage
from incentives.models import CalculationRun
from incentives.services.rewards import rewards_resume_stuck


def test_a_calculation_started_and_never_finished_is_resumed_once(db):
    now = timezone.now()
    CalculationRun.objects.create(period=dt.date(2026, 10, 1), started_at=now - dt.timedelta(minutes=20))
    CalculationRun.objects.create(  # finished: left alone
        period=dt.date(2026, 9, 1), started_at=now - dt.timedelta(hours=2), finished_at=now - dt.timedelta(hours=1)
    )
    CalculationRun.objects.create(period=dt.date(2026, 8, 1), started_at=now - dt.timedelta(minutes=5))  # recent

    assert rewards_resume_stuck(now=now) == ["2026-10"]
    assert rewards_resume_stuck(now=now) == []  # claimed: a second sweep leaves it alone

    message = OutboxMessage.objects.get()
    assert (message.task_name, message.args) == ("incentives.tasks.rewards_run", ["2026-10"])
    assert JobRun.objects.get(name="rewards_resume_stuck").summary == {"resumed": ["2026-10"]}
