"""The content check of issue 21 over the demo data: Finance and the trainer walk every page they can reach
from the dashboard, and none shows an amount of data their role may not read (sales, statements, deal
values, price lists, the plan's budget and goals). The director walks the same way and sees each kind, so
the amounts looked for are ones the pages really print.

The access matrix's content rows (test_figures.py) request every URL once with planted amounts; this walk
follows the links of a realistic data set instead, a few pages per URL.
"""

import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.urls import Resolver404, resolve

from channelrules.models import PriceListLine
from common import clock
from deals.models import DealRegistration
from incentives.models import Payout, Statement
from partners.models import SalesRecord
from plans.models import BudgetLine, Goal

PAGES_PER_URL = 2
NOT_PAGES = ("/admin", "/accounts/logout", "/i18n", "/static", "/media")


def _shown(amounts, *, at_least, cents_only=False) -> set[str]:
    """Amounts as the pages print them; small or round ones could match something else by chance."""
    return {
        f"{amount:,.2f}"
        for amount in amounts
        if amount is not None and abs(amount) >= at_least and not (cents_only and amount == amount.to_integral())
    }


def _demo_amounts() -> dict[str, set[str]]:
    year_sales = SalesRecord.objects.filter(date__year=clock.today().year).values("partner").annotate(s=Sum("amount"))
    lines = PriceListLine.objects.values_list("supply_price", "min_resale_price")
    return {
        "partners.view_salesrecord": _shown(
            (row["s"] for row in year_sales), at_least=Decimal("10000"), cents_only=True
        ),
        "incentives.view_statement": _shown(
            [*Statement.objects.values_list("payable", flat=True), *Payout.objects.values_list("amount", flat=True)],
            at_least=Decimal("10000"),
            cents_only=True,
        ),
        "deals.view_dealregistration": _shown(
            DealRegistration.objects.values_list("expected_amount", flat=True), at_least=Decimal("1000")
        ),
        "channelrules.view_pricelistline": _shown([price for pair in lines for price in pair], at_least=Decimal("100")),
        "plans.view_budgetline": _shown([line.planned for line in BudgetLine.objects.all()], at_least=Decimal("1000")),
        "plans.view_goal": _shown(Goal.objects.values_list("yearly_value", flat=True), at_least=Decimal("1000")),
    }


def _walk(client, user, start="/"):
    """(url, text) of every page reachable by links from the dashboard (or `start`), a few per URL name."""
    client.force_login(user)
    queue, seen, per_name = [start], set(), Counter()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            name = resolve(url.split("?")[0]).view_name
        except Resolver404:
            continue
        if per_name[name] >= PAGES_PER_URL:
            continue
        per_name[name] += 1
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        yield url, text
        if "html" in response.get("Content-Type", ""):
            links = (href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)', text))
            queue += [link for link in links if not link.startswith(NOT_PAGES) and link not in seen]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return _demo_amounts()


def test_no_demo_page_shows_an_amount_the_role_may_not_read(demo, client):
    users = get_user_model().objects
    leaks, reached = [], Counter()
    for username in ("finance", "trainer"):
        user = users.get(username=username)
        hidden = {perm: amounts for perm, amounts in demo.items() if not user.has_perm(perm)}
        for url, text in _walk(client, user):
            reached[username] += 1
            leaks += [f"{username} {url}: {perm} {a}" for perm, amounts in hidden.items() for a in amounts if a in text]
    assert not leaks
    assert reached["finance"] > 30 and reached["trainer"] > 20

    shown = set()
    for _url, text in _walk(client, users.get(username="director")):
        shown |= {perm for perm, amounts in demo.items() if any(a in text for a in amounts)}
    assert sorted(set(demo) - shown) == []
