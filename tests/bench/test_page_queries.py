"""Every page the load benchmark times (bench/pages.py) issues the same queries with 10 and 200 partners."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.pages import DIRECTOR, MANAGER, PARTNER, pages
from common import clock, kept
from common.periods import Period
from evaluations.models import EvaluationCycle
from plans.models import BudgetCategory, BudgetSubLine, GoalKind, Plan
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory, TargetFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import (
    PartnerFactory,
    PartnerUserFactory,
    RegionFactory,
    SalesRecordFactory,
    TierFactory,
)
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PLANS_FIGURES_CACHE_SECONDS = 0  # every request reads afresh: the queries are counted, not cached
    month = Period.containing(clock.today())
    published = month.previous()
    plan = PlanFactory(year=month.year, status=Plan.Status.APPROVED)
    for kind in GoalKind.values:
        GoalFactory(plan=plan, kind=kind, yearly_value=D("100"))
    BudgetLineFactory(plan=plan)
    BudgetLineFactory(plan=plan, category=BudgetCategory.PROMOTION, sub_line=BudgetSubLine.ADVERTISING)
    RiskFactory(plan=plan, next_review_on=dt.date(2020, 1, 1))
    # Calculated: the review's figures are cached per calculation; each count starts with an empty cache.
    cycle = EvaluationCycleFactory(
        period=published.first_day,
        status=EvaluationCycle.Status.PUBLISHED,
        published_at=timezone.now(),
        calculated_at=timezone.now(),
    )
    # The month before, so the review page has movers and partners graded D twice; a tier every partner's
    # sales reach, so it recommends tier changes: each of its lists is filled at any size.
    before = EvaluationCycleFactory(
        period=published.previous().first_day,
        status=EvaluationCycle.Status.PUBLISHED,
        published_at=timezone.now(),
        calculated_at=timezone.now(),
    )
    TierFactory(annual_sales_threshold=D("1"))
    return {
        "month": month,
        "published": published,
        "plan": plan,
        "cycle": cycle,
        "before": before,
        "region": RegionFactory(),
        "users": {DIRECTOR: DirectorFactory(), MANAGER: ManagerFactory()},
    }


def add_partners(world, n):
    partners = []
    for i in range(n):
        partner = PartnerFactory(manager=world["users"][MANAGER], region=world["region"])
        for month in (world["month"], world["published"]):
            SalesRecordFactory(partner=partner, date=month.first_day, amount=D(1000 + i))
            TargetFactory(partner=partner, period=month.first_day, amount=D("2000"))
            PayoutFactory(statement=StatementFactory(partner=partner, period=month.first_day))
        ScorecardFactory(cycle=world["cycle"], partner=partner, grade="C" if i % 3 else "D", total=D(30 + i % 60))
        ScorecardFactory(cycle=world["before"], partner=partner, grade="D", total=D(50 - i % 40))
        partners.append(partner)
    return partners


def query_counts(world, partner) -> dict[str, int]:
    clients = {}
    for role, user in world["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    counts = {}
    cache.clear()
    kept.forget()
    for page in pages(busiest_partner_id=partner.pk, period=world["published"], plan_id=world["plan"].pk):
        client = clients.get(page.role, Client())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200, page
        counts[page.name] = len(queries)
    return counts


def test_every_timed_page_uses_the_same_queries_at_10_and_200_partners(world):
    busiest = add_partners(world, 10)[0]
    world["users"][PARTNER] = PartnerUserFactory(partner=busiest)
    SalesRecordFactory.create_batch(5, partner=busiest, date=world["month"].first_day)
    at_10 = query_counts(world, busiest)

    add_partners(world, 190)
    SalesRecordFactory.create_batch(50, partner=busiest, date=world["published"].first_day)

    assert query_counts(world, busiest) == at_10
