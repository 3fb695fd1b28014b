"""The pages: a partner never learns who holds a customer, lists cost a fixed number of queries, leads import
through the shared pipeline with row errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals import services
from deals.models import DealRegistration, Lead
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.deals.factories import ApprovedRegistrationFactory, ConflictCaseFactory, DealRegistrationFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory, RegionFactory

pytestmark = pytest.mark.django_db
HOLDER = "Holder Secret Trading"


def test_a_refused_partner_never_learns_who_holds_the_customer(client):
    """Every page and email partner B gets, read as raw bytes, in both languages."""
    city = RegionFactory()
    holder = PartnerFactory(name=HOLDER, legal_name="Holder Secret Trading Co.", code="HOLD-1", region=city)
    holder_user = PartnerUserFactory(partner=holder, username="holder-user", email="holder@example.com")
    registration = DealRegistrationFactory(
        partner=holder, customer_name="Zeta Robotics Co., Ltd.", submitted_by=holder_user
    )
    services.registration_approve(registration=registration, by=None)
    partner_b = PartnerFactory(name="Intruder Supply", region=city)
    ContactFactory(partner=partner_b, is_primary=True, email="b@example.com")
    user_b = PartnerUserFactory(partner=partner_b, username="intruder")
    client.force_login(user_b)
    data = {
        "customer_name": "ZETA  robotics",
        "region": city.pk,
        "expected_amount": "1000",
        "expected_close_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
    }
    response = client.post(reverse("deals_portal:register"), data, follow=True)
    refused = DealRegistration.objects.get(partner=partner_b)
    assert refused.status == DealRegistration.Status.REJECTED
    pages = [response.content]
    client.post(reverse("deals_portal:dispute", kwargs={"pk": refused.pk}), {"description": "Ours"})
    case = refused.conflict_cases.get()
    services.case_resolve(case=case, decision="The first registration stands.", rule_applied="First come", by=None)
    services.lead_create(data={"customer_name": "Some lead", "region": city}, by=None)
    for language in ("en", "zh-hans"):
        client.cookies["django_language"] = language
        for name, kwargs in [
            ("deals_portal:registrations", {}),
            ("deals_portal:registration", {"pk": refused.pk}),
            ("deals_portal:cases", {}),
            ("deals_portal:case", {"pk": case.pk}),
            ("deals_portal:leads", {}),
            ("portal-home", {}),
        ]:
            page = client.get(reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200
            pages.append(page.content)
        assert client.get(reverse("deals_portal:registration", kwargs={"pk": registration.pk})).status_code == 404
    emails = [m for m in mail.outbox if set(m.to) & {"b@example.com", user_b.email}]
    for message in emails:
        pages.append(message.body.encode())
        pages.extend(alt[0].encode() for alt in message.alternatives)
    for raw in pages:
        for secret in (HOLDER.encode(), b"HOLD-1", b"holder@example.com", b"holder-user"):
            assert secret not in raw


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["deals:registrations", "deals:leads", "deals:cases"])
def test_internal_lists_cost_the_same_queries_for_more_rows(client, url_name):
    client.force_login(DirectorFactory())

    def add(n):
        for _ in range(n):
            partner = PartnerFactory()
            DealRegistrationFactory(partner=partner)
            ConflictCaseFactory(partners=[partner, PartnerFactory()])
            services.lead_create(data={"customer_name": "L", "region": partner.region}, by=None)

    add(2)
    url = reverse(url_name)
    few = _queries(client, url)
    add(6)
    assert _queries(client, url) == few


def test_portal_registrations_cost_the_same_queries_for_more_rows(client, django_assert_max_num_queries):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    DealRegistrationFactory(partner=partner)
    few = _queries(client, reverse("deals_portal:registrations"))
    for _ in range(5):
        ApprovedRegistrationFactory(partner=partner)
    assert _queries(client, reverse("deals_portal:registrations")) == few


def test_the_queue_filters_waiting_registrations(client):
    client.force_login(ManagerFactory())
    waiting = DealRegistrationFactory(customer_name="Waiting Customer")
    ApprovedRegistrationFactory(customer_name="Protected Customer")
    page = client.get(reverse("deals:registrations"), {"status": "pending"}).content.decode()
    assert waiting.customer_name in page and "Protected Customer" not in page
    empty = client.get(reverse("deals:registrations"), {"status": "won"}).content.decode()
    assert "No deal registrations match these filters." in empty


def test_lead_import_reports_row_errors_and_writes_nothing_then_imports_once(client):
    city = RegionFactory(code="449901")
    PartnerFactory(region=city)
    client.force_login(ManagerFactory())
    bad = "customer_name,region_code,expected_amount,external_ref\nGood Co,449901,100,L-1\n,000000,abc,L-2\n"
    response = client.post(
        reverse("deals:lead-import"), {"file": SimpleUploadedFile("leads.csv", bad.encode(), content_type="text/csv")}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3" in text and "Unknown region code" in text and "is not an amount" in text
    assert not Lead.objects.exists()
    good = "customer_name,region_code,expected_amount,external_ref\nGood Co,449901,100.50,L-1\nOther Co,449901,,L-2\n"
    for _ in range(2):
        response = client.post(
            reverse("deals:lead-import"),
            {"file": SimpleUploadedFile("leads.csv", good.encode(), content_type="text/csv")},
        )
        assert response.status_code == 302
    assert Lead.objects.count() == 2
    assert Lead.objects.get(external_ref="L-1").expected_amount == Decimal("100.50")
    assert set(Lead.objects.values_list("status", flat=True)) == {Lead.Status.OFFERED}


def test_the_director_dashboard_lists_what_needs_attention(client):
    client.force_login(DirectorFactory())
    DealRegistrationFactory()
    page = client.get(reverse("home")).content.decode()
    assert "1 deal registration awaits approval" in page


def test_a_negative_amount_is_refused_and_nothing_is_written(client):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    data = {
        "customer_name": "Omega",
        "region": partner.region.pk,
        "expected_amount": "-5",
        "expected_close_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
    }
    assert client.post(reverse("deals_portal:register"), data).status_code == 400
    assert not DealRegistration.objects.exists()


def test_the_portal_home_shows_leads_waiting(client):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    services.lead_create(data={"customer_name": "Lead", "region": partner.region}, by=None)
    page = client.get(reverse("portal-home")).content.decode()
    assert "1 lead waits for your answer" in page


def test_a_manager_closes_a_protected_registration_as_won_with_its_sales(client):
    from tests.partners.factories import ProductCategoryFactory

    registration = ApprovedRegistrationFactory()
    record = registration.partner.sales_records.create(
        date=dt.date.today(), amount=Decimal("5000"), category=ProductCategoryFactory(), external_ref="INV-9"
    )
    client.force_login(ManagerFactory())
    page = client.get(reverse("deals:registration-detail", kwargs={"pk": registration.pk})).content.decode()
    assert "INV-9" in page
    response = client.post(
        reverse("deals:registration-close", kwargs={"pk": registration.pk}),
        {"outcome": "won", "closing_sales": [record.pk]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == DealRegistration.Status.WON
    assert list(registration.closing_sales.all()) == [record]


def test_a_suspended_partner_cannot_register(client):
    partner = PartnerFactory(status="suspended")
    client.force_login(PartnerUserFactory(partner=partner))
    data = {
        "customer_name": "Omega",
        "region": partner.region.pk,
        "expected_amount": "5",
        "expected_close_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
    }
    response = client.post(reverse("deals_portal:register"), data)
    assert response.status_code == 400
    assert "Only an onboarding or active partner can register deals." in response.content.decode()


def test_the_partner_page_has_a_deals_tab_of_constant_queries(client):
    client.force_login(DirectorFactory())
    partner = PartnerFactory()
    DealRegistrationFactory(partner=partner, customer_name="Tab Customer")
    url = reverse("partners:detail", kwargs={"pk": partner.pk}) + "?tab=deals"
    assert "Tab Customer" in client.get(url).content.decode()
    few = _queries(client, url)
    for _ in range(4):
        ApprovedRegistrationFactory(partner=partner)
        ConflictCaseFactory(partners=[partner])
        services.lead_create(data={"customer_name": "L", "region": partner.region}, by=None)
    assert _queries(client, url) == few


def test_import_leads_command_is_safe_to_run_twice(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    RegionFactory(code="449902")
    good = tmp_path / "leads.csv"
    good.write_text("客户名称,地区编码,外部编号\n甲公司,449902,X-1\n", encoding="utf-8")
    call_command("import_leads", str(good))
    call_command("import_leads", str(good))
    assert Lead.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_name,region_code\n乙公司,999999\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_leads", str(bad))
    assert Lead.objects.count() == 1
