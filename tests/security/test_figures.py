"""Content rows of the access matrix: every page an internal role may open shows no figure of data the role
may not read (issue 21: a trainer, without `partners.view_salesrecord`, saw a partner's sales this year).

Partner A gets sales this year and a statement of distinctive amounts, an open incident, an agreement running
out, a deal registration and a price list line; the plan gets a budget line with spend. Each role then opens
every page of the access matrix it is allowed into, and the page's bytes must not carry a figure whose
permission the role lacks (the dashboard's panels included: Finance reads no recruitment or training figure).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.periods import local_date
from plans.models import BudgetCategory, BudgetSubLine, GoalKind
from tests.access import INTERNAL
from tests.access_world import ROWS, media_of_world, world_per_module
from tests.channelrules.factories import PriceListLineFactory
from tests.deals.factories import DealRegistrationFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import AgreementFactory, ComplianceIncidentFactory, SalesRecordFactory
from tests.plans.factories import BudgetLineFactory, GoalFactory, SpendFactory

YEAR_TO_DATE = Decimal("3345064.53")
PAYABLE = Decimal("778899.11")
DEAL_VALUE = Decimal("4433221.17")
SUPPLY_PRICE, MIN_RESALE_PRICE = Decimal("61357.29"), Decimal("72468.31")
BUDGET_QUARTER, SPEND, GOAL = Decimal("313131.31"), Decimal("27182.81"), Decimal("8765432.19")

# What each permission protects, as it would appear on a page: the amount and the figure's label or id.
FIGURES = {
    "partners.view_salesrecord": (b"3,345,064.53", b"3345064.53", b'id="sales-this-year"'),
    "partners.view_agreement": (b"Agreements expiring within 60 days", b"expire within 60 days"),
    "partners.view_complianceincident": (b"Open compliance incidents", b"open compliance incident"),
    "incentives.view_statement": (b"778,899.11", b"778899.11"),
    "deals.view_dealregistration": (b"4,433,221.17", b"4433221.17"),
    "channelrules.view_pricelistline": (b"61,357.29", b"61357.29", b"72,468.31", b"72468.31"),
    "plans.view_budgetline": (b"313,131.31", b"313131.31"),
    "plans.view_spend": (b"27,182.81", b"27182.81"),
    "plans.view_goal": (b"8,765,432.19", b"8765432.19"),
    # The dashboard's panels: counts are figures too.
    "recruitment.view_application": (b'id="dashboard-funnel"', b"applications wait more than 7 days"),
    "training.view_certification": (b'id="training-completion"', b"certifications expire within 60 days"),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    shared = world_per_module(django_db_setup, django_db_blocker, tmp_path_factory)
    w = next(shared)
    with django_db_blocker.unblock():
        today = local_date(timezone.now())
        SalesRecordFactory(partner=w.partner_a, date=today.replace(day=1), amount=YEAR_TO_DATE)
        ComplianceIncidentFactory(partner=w.partner_a)
        AgreementFactory(partner=w.partner_a, start_on=today.replace(month=1, day=1), end_on=today + dt.timedelta(20))
        PayoutFactory(statement=StatementFactory(partner=w.partner_a, period=dt.date(2026, 8, 1), payable=PAYABLE))
        DealRegistrationFactory(partner=w.partner_a, expected_amount=DEAL_VALUE)
        PriceListLineFactory(price_list=w.price_list_a, supply_price=SUPPLY_PRICE, min_resale_price=MIN_RESALE_PRICE)
        line = BudgetLineFactory(
            plan=w.plan, category=BudgetCategory.PROMOTION, sub_line=BudgetSubLine.ADVERTISING, q1=BUDGET_QUARTER
        )
        SpendFactory(line=line, amount=SPEND)
        GoalFactory(plan=w.plan, kind=GoalKind.INCENTIVE_SPEND, yearly_value=GOAL)
    yield w
    next(shared, None)


_media_root = pytest.fixture(autouse=True)(media_of_world)


def _pages_of(role):
    """The GET pages of the access matrix the role may open (files are bytes too, so they are read as well)."""
    return [row for row in ROWS if row.method == "get" and row.expect[role] == 200]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _walk(role, world, client):
    """Every page the role may open, as (url, bytes)."""
    client.force_login(world.users[role])
    for row in _pages_of(role):
        url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
        for page in [url] + ([f"{url}?tab=overview"] if row.name == "partners:detail" else []):
            yield page, _body(client.get(page))


@pytest.mark.parametrize("role", INTERNAL)
def test_no_page_shows_a_figure_the_role_may_not_read(role, world, client, db):
    user = world.users[role]
    hidden = {perm: marks for perm, marks in FIGURES.items() if not user.has_perm(perm)}
    leaks = [
        f"{page}: {perm} {mark!r}"
        for page, body in _walk(role, world, client)
        for perm, marks in hidden.items()
        for mark in marks
        if mark in body
    ]
    assert not leaks


def test_every_figure_is_shown_somewhere_to_a_role_with_its_permission(world, client, db):
    """Keeps the marks honest: a mark no page ever shows would let a leak pass unseen."""
    shown = set()
    for _page, body in _walk("director", world, client):
        shown |= {perm for perm, marks in FIGURES.items() if any(mark in body for mark in marks)}
    assert sorted(set(FIGURES) - shown) == []


def test_a_role_with_the_permission_still_sees_the_figures(world, client, db):
    client.force_login(world.users["director"])
    body = client.get(reverse("partners:detail", args=[world.partner_a.pk])).content
    overview = [marks[0] for perm, marks in FIGURES.items() if perm.startswith("partners.")]
    assert all(mark in body for mark in overview)


def test_a_trainer_does_not_see_year_to_date_sales_on_the_partner_overview(world, client, db):
    client.force_login(world.users["trainer"])
    response = client.get(reverse("partners:detail", args=[world.partner_a.pk]))
    assert response.status_code == 200
    assert b'id="sales-this-year"' not in response.content
    assert b"3,345,064.53" not in response.content
