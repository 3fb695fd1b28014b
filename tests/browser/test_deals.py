"""Two partners register the same customer; the second is refused without learning who holds it and disputes;
a channel manager approves the first registration and resolves the conflict case."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from deals.models import ConflictCase, DealRegistration
from partners.models import Agreement
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, RegionFactory

pytestmark = pytest.mark.browser


def _log_out(page):
    page.click("#user-menu")
    page.click("#logout-button")


def _partner(name, city, username):
    partner = PartnerFactory(name=name, region=city)
    agreement = Agreement.objects.create(
        partner=partner,
        number=f"AG-{username}",
        status=Agreement.Status.SIGNED,
        start_on=dt.date.today() - dt.timedelta(days=30),
        end_on=dt.date.today() + dt.timedelta(days=300),
    )
    agreement.territory.set([city.parent])
    PartnerUserFactory(username=username, partner=partner)
    return partner


def _register(page, live_server, *, customer, city):
    page.click("#portal-deals-menu")
    page.click("#portal-deals-link")
    page.click("#register-deal")
    page.fill("input[name=customer_name]", customer)
    page.select_option("select[name=region]", str(city.pk))
    page.fill("input[name=expected_amount]", "880000")
    page.fill("input[name=expected_close_on]", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    page.click("#submit-registration")


def test_two_partners_register_the_same_customer_and_a_manager_resolves_the_case(login, live_server):
    city = RegionFactory()
    _partner("Alpha Trading", city, "alpha")
    _partner("Beta Supply", city, "beta")
    ManagerFactory(username="boss", first_name="Wei", last_name="Wang")

    # Partner A registers the customer first.
    page = login("alpha")
    _register(page, live_server, customer="深圳星辰科技有限公司", city=city)
    expect(page.locator("#registration-status")).to_contain_text("Awaiting approval")
    _log_out(page)

    # Partner B registers the same customer, written differently: refused, without naming the holder.
    page = login("beta")
    _register(page, live_server, customer="深圳 星辰科技 股份有限公司", city=city)
    expect(page.locator("#registration-status")).to_contain_text("Rejected")
    expect(page.locator("#registration-reason")).to_contain_text("already registered and protected")
    assert "Alpha" not in page.content()
    page.fill("textarea[name=description]", "We have served this customer since 2024.")
    page.click("#dispute-button")
    expect(page.locator("#case-status")).to_contain_text("Open")
    assert "Alpha" not in page.content()
    _log_out(page)

    # The manager approves A's registration from the queue, then resolves the case.
    page = login("boss")
    page.click("#deals-menu")
    page.click("#deals-registrations-link")
    page.locator("#registration-table").get_by_role("link", name="深圳星辰科技有限公司").click()
    page.click("#approve-button")
    expect(page.locator(".alert-success")).to_contain_text("protected")
    page.click("#deals-menu")
    page.click("#deals-cases-link")
    page.locator("#case-table a").first.click()
    expect(page.locator("#case-parties")).to_contain_text("Alpha Trading")
    expect(page.locator("#case-parties")).to_contain_text("Beta Supply")
    page.click("#investigate-button")
    expect(page.locator("#case-status")).to_contain_text("Investigating")
    page.fill("textarea[name=decision]", "The first registration stands; the protection stands.")
    page.fill("input[name=rule_applied]", "First come, first served")
    page.click("#resolve-button")
    page.click("#confirm-dialog-go")  # the confirmation dialog (static/js/confirm.js)
    expect(page.locator("#case-status")).to_contain_text("Resolved")
    _log_out(page)

    assert DealRegistration.objects.filter(status="approved").count() == 1
    assert ConflictCase.objects.get().status == ConflictCase.Status.RESOLVED

    # Partner B reads the decision, still without the other partner's name.
    page = login("beta")
    page.goto(f"{live_server.url}/portal/deals/cases/")
    page.locator("#portal-cases a").first.click()
    expect(page.locator("#case-decision")).to_contain_text("the protection stands")
    assert "Alpha" not in page.content()
