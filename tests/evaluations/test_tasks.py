"""The beat entry and the thin tasks."""

import datetime as dt
from unittest import mock

from django.conf import settings

from common.models import EmailLog
from evaluations.models import EvaluationCycle, Scorecard
from evaluations.tasks import cycle_run, cycle_run_previous_month
from tests.partners.factories import ContactFactory, PartnerFactory


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


def test_two_beats_sending_the_monthly_job_make_one_cycle(db, settings, django_capture_on_commit_callbacks):
    # given two beat processes by mistake: the monthly job arrives twice, auto-publishing on
    settings.EVALUATIONS_AUTO_PUBLISH = True
    partner = PartnerFactory()
    ContactFactory(partner=partner, email="boss@partner.example.com")
    first_of_november = dt.datetime(2026, 10, 31, 18, 0, tzinfo=dt.UTC)
    with (
        mock.patch("django.utils.timezone.now", return_value=first_of_november),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = cycle_run_previous_month()
        second = cycle_run_previous_month()

    # then one cycle, calculated and published once, and one scorecard email
    assert first is not None and second is None
    cycle = EvaluationCycle.objects.get()
    assert cycle.status == EvaluationCycle.Status.PUBLISHED
    assert Scorecard.objects.filter(cycle=cycle).count() == 1
    assert EmailLog.objects.filter(recipient="boss@partner.example.com").count() == 1


def test_the_monthly_job_recalculates_a_month_run_by_hand_before_it_ended(db):
    PartnerFactory()
    on_the_25th = dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=on_the_25th):
        cycle_run("2026-10")
    first_of_november = dt.datetime(2026, 10, 31, 18, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=first_of_november):
        assert cycle_run_previous_month() is not None
    assert EvaluationCycle.objects.get().calculated_at == first_of_november
