"""The beat entry and the thin tasks."""

import datetime as dt
from unittest import mock

from django.conf import settings

from evaluations.models import EvaluationCycle
from evaluations.tasks import cycle_run, cycle_run_previous_month
from tests.partners.factories import PartnerFactory


def test_beat_runs_on_the_first_of_each_month_in_the_installation_time_zone():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluations-monthly-cycle"]
    assert entry["task"] == "evaluations.tasks.cycle_run_previous_month"
    assert entry["schedule"].day_of_month == {1}
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Asia/Shanghai"


def test_previous_month_is_taken_in_shanghai_time(db):
    PartnerFactory()
    # 00:30 on 1 November in Shanghai is still 31 October in UTC: the month that ended is October.
    just_after_midnight = dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=just_after_midnight):
        cycle_run_previous_month()
    assert list(EvaluationCycle.objects.values_list("period", "status")) == [(dt.date(2026, 10, 1), "review")]


def test_task_leaves_a_published_cycle_alone(db):
    PartnerFactory()
    cycle_run("2026-10", True)
    assert cycle_run("2026-10") is None
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.PUBLISHED
