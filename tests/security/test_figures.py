"""Content rows of the access matrix: every page an internal role may open shows no figure of data the role
may not read (issue 21: a trainer, without `partners.view_salesrecord`, saw a partner's sales this year).

Partner A gets sales this year and a statement of distinctive amounts, an open incident and an agreement
running out; each role then opens every page of the access matrix it is allowed into, and the page's bytes
must not carry a figure whose permission the role lacks.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.periods import local_date
from tests.access import INTERNAL
from tests.access_world import ROWS, media_of_world, world_per_module
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import AgreementFactory, ComplianceIncidentFactory, SalesRecordFactory

YEAR_TO_DATE = Decimal("3345064.53")
PAYABLE = Decimal("778899.11")

# What each permission protects, as it would appear on a page: the amount and the figure's label or id.
FIGURES = {
    "partners.view_salesrecord": (b"3,345,064.53", b"3345064.53", b'id="sales-this-year"'),
    "partners.view_agreement": (b"Agreements expiring within 60 days", b"expire within 60 days"),
    "partners.view_complianceincident": (b"Open compliance incidents", b"open compliance incident"),
    "incentives.view_statement": (b"778,899.11", b"778899.11"),
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
    yield w
    next(shared, None)


_media_root = pytest.fixture(autouse=True)(media_of_world)


def _pages_of(role):
    """The GET pages of the access matrix the role may open (files are bytes too, so they are read as well)."""
    return [row for row in ROWS if row.method == "get" and row.expect[role] == 200]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("role", INTERNAL)
def test_no_page_shows_a_figure_the_role_may_not_read(role, world, client, db):
    user = world.users[role]
    hidden = {perm: marks for perm, marks in FIGURES.items() if not user.has_perm(perm)}
    client.force_login(user)
    leaks = []
    for row in _pages_of(role):
        url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
        pages = [url] + ([f"{url}?tab=overview"] if row.name == "partners:detail" else [])
        for page in pages:
            body = _body(client.get(page))
            leaks += [f"{page}: {perm} {mark!r}" for perm, marks in hidden.items() for mark in marks if mark in body]
    assert not leaks


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
