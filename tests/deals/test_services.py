"""Deal registration, expiry and reminders, lead distribution and conflict cases, through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from deals import services
from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer, ReservedCustomer
from partners.models import Agreement, ComplianceIncident
from tests.common.factories import ManagerFactory, UserFactory
from tests.deals.factories import ApprovedRegistrationFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory, RegionFactory, TierFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


def _with_territory(partner, *regions):
    agreement = Agreement.objects.create(
        partner=partner,
        number=f"AG-{partner.pk}",
        status=Agreement.Status.SIGNED,
        start_on=dt.date(2026, 1, 1),
        end_on=dt.date(2027, 12, 31),
    )
    agreement.territory.set(regions or [partner.region.parent])
    return partner


@pytest.fixture
def city():
    return RegionFactory()


@pytest.fixture
def partner_a(city):
    return _with_territory(PartnerFactory(name="Alpha Trading", region=city))


@pytest.fixture
def partner_b(city):
    return _with_territory(PartnerFactory(name="Beta Supply", region=city))


def _submit(partner, name="深圳未来科技有限公司", code="", region=None, today=TODAY, by=None):
    return services.registration_submit(
        partner=partner,
        data={
            "customer_name": name,
            "credit_code": code,
            "region": region or partner.region,
            "expected_amount": Decimal("800000.00"),
            "expected_close_on": today + dt.timedelta(days=30),
        },
        by=by,
        today=today,
    )


def test_a_registration_waits_for_approval_then_protects_for_90_days(partner_a):
    registration = _submit(partner_a)
    assert registration.status == DealRegistration.Status.PENDING
    assert not registration.outside_territory
    manager = ManagerFactory()
    services.registration_approve(registration=registration, by=manager, today=TODAY)
    registration.refresh_from_db()
    assert registration.status == DealRegistration.Status.APPROVED
    assert registration.protected_until == TODAY + dt.timedelta(days=89)
    assert registration.history.first().history_user == manager


def test_the_same_customer_written_otherwise_is_refused_for_a_second_partner(partner_a, partner_b):
    services.registration_approve(registration=_submit(partner_a), by=None, today=TODAY)
    second = _submit(partner_b, name="深圳 未来科技 股份有限公司")
    assert second.status == DealRegistration.Status.REJECTED
    assert second.conflict == DealRegistration.Conflict.PROTECTED
    assert "Alpha" not in second.reason


def test_a_pending_registration_holds_the_customer_first_come_first_served(partner_a, partner_b):
    _submit(partner_a, code="91440300MA5F00000X")
    second = _submit(partner_b, name="Another name", code="91440300ma5f00000x")
    assert second.conflict == DealRegistration.Conflict.PROTECTED


def test_the_same_partner_twice_gets_an_error_and_nothing_is_written(partner_a):
    _submit(partner_a)
    with pytest.raises(ValidationError):
        _submit(partner_a, name="深圳未来科技")
    assert DealRegistration.objects.count() == 1


def test_an_expired_protection_frees_the_customer_even_before_the_daily_job(partner_a, partner_b):
    first = ApprovedRegistrationFactory(
        partner=partner_a, customer_name="深圳未来科技有限公司", protected_until=TODAY - dt.timedelta(days=1)
    )
    second = _submit(partner_b)
    assert second.status == DealRegistration.Status.PENDING
    first.refresh_from_db()
    assert first.status == DealRegistration.Status.EXPIRED


def test_reserved_for_direct_sales(partner_a):
    ReservedCustomer.objects.create(name="国家电网有限公司", name_key="国家电网")
    registration = _submit(partner_a, name="国家电网")
    assert registration.conflict == DealRegistration.Conflict.RESERVED


def test_outside_the_territory_is_flagged_for_the_manager(partner_a):
    elsewhere = RegionFactory(parent__code="310000", parent__name="上海市")
    registration = _submit(partner_a, region=elsewhere)
    assert registration.status == DealRegistration.Status.PENDING
    assert registration.outside_territory


def test_extension_once_then_expiry_and_one_reminder(partner_a):
    user = PartnerUserFactory(partner=partner_a, email="sales@alpha.example.com")
    ContactFactory(partner=partner_a, is_primary=True, email="boss@alpha.example.com")
    registration = _submit(partner_a, by=user)
    services.registration_approve(registration=registration, by=None, today=TODAY)
    services.registration_extend(registration=registration, by=None, today=TODAY)
    with pytest.raises(ValidationError):
        services.registration_extend(registration=registration, by=None, today=TODAY)
    registration.refresh_from_db()
    last_day = registration.protected_until
    assert last_day == TODAY + dt.timedelta(days=89 + 90)

    # 15 days before: nothing; 14 days before: one reminder to each recipient; again: nothing more.
    assert services.protection_reminders_send(today=last_day - dt.timedelta(days=15)) == 0
    assert services.protection_reminders_send(today=last_day - dt.timedelta(days=14)) == 2
    assert services.protection_reminders_send(today=last_day - dt.timedelta(days=10)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@alpha.example.com", "sales@alpha.example.com"]

    assert services.registrations_expire(today=last_day) == 0
    assert services.registrations_expire(today=last_day + dt.timedelta(days=1)) == 1
    assert services.registrations_expire(today=last_day + dt.timedelta(days=1)) == 0
    registration.refresh_from_db()
    assert registration.status == DealRegistration.Status.EXPIRED


def test_a_won_deal_links_the_sales_records_that_closed_it(partner_a):
    from tests.partners.factories import ProductCategoryFactory

    registration = services.registration_approve(registration=_submit(partner_a), by=None, today=TODAY)
    record = partner_a.sales_records.create(
        date=TODAY, amount=Decimal("800000"), category=ProductCategoryFactory(), external_ref="INV-1"
    )
    other = PartnerFactory().sales_records.create(
        date=TODAY, amount=Decimal("1"), category=ProductCategoryFactory(), external_ref="INV-1"
    )
    with pytest.raises(ValidationError):
        services.registration_close(registration=registration, won=True, sales_record_ids=[other.pk], by=None)
    services.registration_close(registration=registration, won=True, sales_record_ids=[record.pk], by=None)
    registration.refresh_from_db()
    assert registration.status == DealRegistration.Status.WON
    assert list(registration.closing_sales.all()) == [record]


# --- leads --------------------------------------------------------------------------------------------

T0 = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))


def test_leads_go_round_robin_to_eligible_partners_and_come_back_after_the_deadline(city, settings):
    settings.DEALS_LEAD_ANSWER_HOURS = 48
    gold = TierFactory(name="Gold")
    partners = [PartnerFactory(region=city, tier=gold) for _ in range(3)]
    PartnerFactory(region=city, tier=TierFactory(name="Bronze"))  # wrong tier: never offered
    PartnerFactory(region=RegionFactory())  # another city: never offered
    leads = []
    for n in range(6):
        lead = services.lead_create(
            data={"customer_name": f"客户{n}", "region": city}, tiers=[gold], by=None, now=T0 + dt.timedelta(minutes=n)
        )
        leads.append(lead)
    offered_to = [lead.offers.get().partner_id for lead in leads]
    assert offered_to == [p.pk for p in partners] * 2

    # The first partner answers nothing: 48 hours later its leads go to the next partner in turn.
    assert services.leads_pull_back(now=T0 + dt.timedelta(hours=47)) == 0
    assert services.leads_pull_back(now=T0 + dt.timedelta(hours=48, minutes=10)) == 6
    assert services.leads_pull_back(now=T0 + dt.timedelta(hours=48, minutes=10)) == 0
    first = leads[0]
    first.refresh_from_db()
    assert first.status == Lead.Status.OFFERED
    assert first.offers.get(status=LeadOffer.Status.OFFERED).partner_id != partners[0].pk

    # A late answer is refused; an answer in time is taken.
    late = first.offers.get(partner=partners[0])
    with pytest.raises(ValidationError):
        services.lead_accept(offer=late, by=None, now=T0 + dt.timedelta(hours=49))
    current = first.offers.get(status=LeadOffer.Status.OFFERED)
    services.lead_accept(offer=current, by=None, now=T0 + dt.timedelta(hours=50))
    first.refresh_from_db()
    assert first.status == Lead.Status.ACCEPTED and first.partner_id == current.partner_id


def test_a_lead_declined_by_everyone_waits_in_the_queue(city):
    partner = PartnerFactory(region=city)
    lead = services.lead_create(data={"customer_name": "客户", "region": city}, by=None, now=T0)
    services.lead_decline(offer=lead.offers.get(partner=partner), by=None, reason="busy", now=T0)
    lead.refresh_from_db()
    assert lead.status == Lead.Status.UNASSIGNED


def test_lead_offer_email_once(city):
    partner = PartnerFactory(region=city)
    ContactFactory(partner=partner, is_primary=True, email="boss@p.example.com")
    lead = services.lead_create(data={"customer_name": "客户", "region": city}, by=None, now=timezone.now())
    offer = lead.offers.get()
    services.lead_offer_email_send(offer_id=offer.pk)  # the outbox may have sent it already
    assert [m.to for m in mail.outbox] == [["boss@p.example.com"]]


# --- conflict cases -----------------------------------------------------------------------------------


def test_a_partner_disputes_a_refusal_and_the_manager_resolves_with_an_incident(partner_a, partner_b):
    services.registration_approve(registration=_submit(partner_a), by=None, today=TODAY)
    refused = _submit(partner_b)
    user_b = PartnerUserFactory(partner=partner_b)
    case = services.case_raise_from_registration(registration=refused, description="We met them first.", by=user_b)
    assert set(case.partners.all()) == {partner_a, partner_b}
    assert case.raised_by_partner == partner_b
    assert services.case_raise_from_registration(registration=refused, description="again", by=user_b) == case

    manager = ManagerFactory()
    services.case_investigate(case=case, by=manager)
    with pytest.raises(ValidationError):
        services.case_resolve(case=case, decision="", rule_applied="", by=manager)
    services.case_resolve(
        case=case,
        decision="First registration stands.",
        rule_applied="First come, first served",
        incident={"partner": partner_b, "kind": "territory", "severity": "low", "description": "Crossed territory"},
        by=manager,
    )
    case.refresh_from_db()
    assert case.status == ConflictCase.Status.RESOLVED
    assert case.incident.partner == partner_b
    assert ComplianceIncident.objects.filter(partner=partner_b).count() == 1
    assert [h.status for h in case.history.order_by("history_date")] == ["open", "investigating", "resolved"]


def test_a_case_needs_two_parties_or_direct_sales(partner_a):
    with pytest.raises(ValidationError):
        services.case_open(data={"subject": "price", "description": "x"}, partners=[partner_a], by=UserFactory())
    case = services.case_open(
        data={"subject": "price", "description": "x", "direct_sales": True}, partners=[partner_a], by=UserFactory()
    )
    assert case.status == ConflictCase.Status.OPEN


def test_lead_kpis_feed_the_monthly_cycle(city):
    """Acceptance rate and time to accept per partner become scorecard lines a template can use."""
    from common.periods import Period
    from evaluations.models import KPIKind, ScorecardLine, TemplateAssignment
    from evaluations.services import cycle_calculate
    from tests.evaluations.factories import ScorecardTemplateFactory

    template = ScorecardTemplateFactory(
        kpis=[
            {"kind": KPIKind.LEAD_ACCEPTANCE, "weight": 50},
            {"kind": KPIKind.LEAD_RESPONSE_HOURS, "weight": 50, "zero_at": 48, "full_at": 0},
        ],
    )
    TemplateAssignment.objects.update_or_create(channel_type="distributor", defaults={"template": template})
    partner = PartnerFactory(region=city)
    for n in range(4):
        lead = services.lead_create(data={"customer_name": f"客户{n}", "region": city}, by=None, now=T0)
        offer = lead.offers.get()
        if n < 3:
            services.lead_accept(offer=offer, by=None, now=T0 + dt.timedelta(hours=6 * (n + 1)))
        else:
            services.lead_decline(offer=offer, by=None, now=T0 + dt.timedelta(hours=1))
    cycle_calculate(period=Period.month(2026, 11))
    lines = {line.kind: line for line in ScorecardLine.objects.filter(scorecard__partner=partner)}
    assert lines[KPIKind.LEAD_ACCEPTANCE].raw_value == Decimal("75.00")
    assert lines[KPIKind.LEAD_RESPONSE_HOURS].raw_value == Decimal("12.00")  # 6, 12 and 18 hours
    assert lines[KPIKind.LEAD_RESPONSE_HOURS].points == Decimal("75.00")
