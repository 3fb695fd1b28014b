# ruff: noqa: RUF002 -- Chinese headers use full-width brackets
"""Every amount of money a person reads carries the currency (issue 18): over the seeded demo, in both
languages, each figure that looks like money (thousands separators and cents, 12,345.00) is either
written with the currency (¥12,345.00, CNY 12,345.00) or sits in a table whose header names it
("金额（元）", "Amount (CNY)"). Percentages, dates, counts and scores do not look like money and are not
looked at. The walk follows links from the home page, as in the demo content check of tests/security.
"""

import html
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from common import display
from incentives.access import RELEASED_STATUSES
from incentives.models import Statement
from partners.models import PartnerMembership
from tests.security.test_demo_figures import _walk

# 12,345.00 or -1,234,567.89; not part of a longer number, not a percentage.
MONEY_LOOKING = re.compile(r"(?<![\d.,])-?\d{1,3}(?:,\d{3})+\.\d{2}(?![\d%])")
INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
HEAD = re.compile(r"<thead\b.*?</thead>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def _markers() -> tuple[str, ...]:
    """How the active language writes the currency in front of an amount: ¥ on Chinese pages, "CNY " on English."""
    shown = display.money(Decimal("1"))
    return (shown[: shown.index("1")],)


def unmarked_amounts(page: str) -> list[str]:
    """The money-looking figures of a page that neither carry the currency nor sit under a header naming it."""
    unit = display.currency_unit()
    text = INVISIBLE.sub(" ", page)
    text = TABLE.sub(lambda table: " " if unit in "".join(HEAD.findall(table.group())) else table.group(), text)
    text = html.unescape(TAG.sub(" ", text))
    markers = _markers()
    found = []
    for match in MONEY_LOOKING.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()]
        if not before.endswith(markers):
            found.append(f"…{text[max(0, match.start() - 40) : match.end() + 10].strip()}…")
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_check_tells_a_bare_amount_from_one_with_its_currency(language):
    with translation.override(language):
        page = (
            f"<p>{display.money(Decimal('12345'))} · 45.50% · 2026-11-28 · 1,234 units · 98.75 points</p>"
            f"<table><thead><tr><th>{display.money_header('Amount')}</th></tr></thead>"
            f"<tbody><tr><td>{display.amount(Decimal('600000'))}</td></tr></tbody></table>"
            "<table><thead><tr><th>Amount</th></tr></thead><tbody><tr><td>7,000.00</td></tr></tbody></table>"
            "<p>Total 8,000.00</p><script>const data = {total: '9,000.00'};</script>"
        )
        bare = unmarked_amounts(page)
        assert len(bare) == 2 and bare[0].endswith("7,000.00     Total…") and bare[1].endswith("Total 8,000.00…")


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _partner_user():
    """The login of a partner whose statements are released, so the portal shows amounts."""
    released = Statement.objects.filter(payout__status__in=RELEASED_STATUSES).values("partner")
    return PartnerMembership.objects.filter(partner__in=released).order_by("pk").first().user


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_amount_on_the_demos_pages_carries_the_currency(demo, client, language):
    users = get_user_model().objects
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    bare, pages, figures = [], 0, 0
    walks = [(users.get(username="director"), "/"), (users.get(username="finance"), "/"), (_partner_user(), "/portal/")]
    for user, start in walks:
        for url, text in _walk(client, user, start):
            if "<html" not in text[:200]:
                continue  # CSV, XLSX and PDF downloads: their headers are checked in their own tests
            pages += 1
            figures += len(MONEY_LOOKING.findall(text))
            with translation.override(language):
                bare += [f"{user.username} {url}: {figure}" for figure in unmarked_amounts(text)]
        client.logout()
    assert bare == []
    assert pages > 60 and figures > 100  # the walk really reads pages full of amounts
