"""latest_cycle: the dashboard's three questions about the latest cycle, answered from one read per request."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.models import EvaluationCycle
from evaluations.selectors import RECENT_CYCLES, cycle_version, latest_cycle
from tests.evaluations.factories import EvaluationCycleFactory

pytestmark = pytest.mark.django_db

Status = EvaluationCycle.Status


def test_without_cycles_every_question_answers_none_from_one_query():
    memo = {}
    with CaptureQueriesContext(connection) as queries:
        answers = [latest_cycle(memo=memo), latest_cycle(memo=memo, final=True, until=dt.date(2026, 10, 1))]
    assert answers == [None, None]
    assert len(queries) == 1


def test_each_question_gets_the_same_answer_as_its_own_query_and_shares_the_object():
    EvaluationCycleFactory(period=dt.date(2026, 12, 1), status=Status.SCHEDULED)
    provisional = EvaluationCycleFactory(period=dt.date(2026, 11, 1), provisional=True)
    october = EvaluationCycleFactory(period=dt.date(2026, 10, 1), status=Status.PUBLISHED)
    EvaluationCycleFactory(period=dt.date(2025, 12, 1), status=Status.PUBLISHED)
    memo = {}

    with CaptureQueriesContext(connection) as queries:
        latest = latest_cycle(memo=memo)
        final = latest_cycle(memo=memo, final=True, until=dt.date(2026, 10, 1))
        of_year = latest_cycle(memo=memo, until=dt.date(2026, 10, 15), year=2026)

    assert (latest, final, of_year) == (provisional, october, october)
    assert final is of_year  # one object: its cycle_version is looked up once
    assert len(queries) == 1
    assert latest_cycle(until=dt.date(2026, 10, 1), year=2027) is None


def test_a_cycle_older_than_the_recent_ones_is_found_by_a_further_query():
    old = EvaluationCycleFactory(period=dt.date(2025, 1, 1), status=Status.PUBLISHED)
    for month in range(1, RECENT_CYCLES + 1):
        EvaluationCycleFactory(period=dt.date(2026, month, 1), provisional=True)
    memo = {}

    with CaptureQueriesContext(connection) as queries:
        found = latest_cycle(memo=memo, final=True)

    assert found == old
    assert len(queries) == 2
    assert latest_cycle(memo=memo, final=True, year=2026) is None


def test_a_recent_cycles_version_needs_no_query_when_the_month_before_was_read_with_it():
    EvaluationCycleFactory(period=dt.date(2026, 9, 1), status=Status.PUBLISHED, calculated_at=timezone.now())
    october = EvaluationCycleFactory(period=dt.date(2026, 10, 1), status=Status.PUBLISHED, calculated_at=timezone.now())
    cycle = latest_cycle(memo={})

    with CaptureQueriesContext(connection) as queries:
        version = cycle_version(cycle)

    assert len(queries) == 0
    assert version == cycle_version(EvaluationCycle.objects.get(pk=october.pk))  # as read on its own
