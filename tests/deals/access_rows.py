from deals.models import DealRegistration
from tests.access import DIRECTOR, MANAGER, internal, portal
from tests.deals.factories import (
    ApprovedRegistrationFactory,
    ConflictCaseFactory,
    DealRegistrationFactory,
    LeadFactory,
    LeadOfferFactory,
)

CHANNEL = (DIRECTOR, MANAGER)


def populate(world):
    """Partner A's pending, protected and refused registrations, a lead offered to A, a case between A and B."""
    world.registration_a = DealRegistrationFactory(partner=world.partner_a)
    world.approved_a = ApprovedRegistrationFactory(partner=world.partner_a)
    world.rejected_a = DealRegistrationFactory(
        partner=world.partner_a, status=DealRegistration.Status.REJECTED, reason="Taken"
    )
    world.lead_a = LeadFactory(region=world.partner_a.region)
    world.offer_a = LeadOfferFactory(lead=world.lead_a, partner=world.partner_a)
    world.case_a = ConflictCaseFactory(partners=[world.partner_a])


def _registration(w):
    return {"pk": w.registration_a.pk}


def _case(w):
    return {"pk": w.case_a.pk}


ROWS = [
    internal("deals:registrations", roles=CHANNEL),
    internal("deals:registration-detail", roles=CHANNEL, kwargs=_registration),
    # An empty reason is fine for an approval: each role that may decide approves the pending one ... once.
    internal(
        "deals:registration-approve", roles=CHANNEL, kwargs=lambda w: {"pk": w.rejected_a.pk}, method="post", ok=400
    ),
    internal("deals:registration-reject", roles=CHANNEL, kwargs=_registration, method="post", ok=400),
    internal(
        "deals:registration-extend", roles=CHANNEL, kwargs=lambda w: {"pk": w.rejected_a.pk}, method="post", ok=400
    ),
    internal(
        "deals:registration-close", roles=CHANNEL, kwargs=lambda w: {"pk": w.approved_a.pk}, method="post", ok=400
    ),
    internal("deals:leads", roles=CHANNEL),
    internal("deals:lead-create", roles=CHANNEL),
    internal("deals:lead-import", roles=CHANNEL),
    internal("deals:lead-detail", roles=CHANNEL, kwargs=lambda w: {"pk": w.lead_a.pk}),
    internal("deals:lead-reoffer", roles=CHANNEL, kwargs=lambda w: {"pk": w.lead_a.pk}, method="post", ok=302),
    internal("deals:cases", roles=CHANNEL),
    internal("deals:case-create", roles=CHANNEL),
    internal("deals:case-detail", roles=CHANNEL, kwargs=_case),
    internal("deals:case-investigate", roles=CHANNEL, kwargs=_case, method="post", ok=302),
    internal("deals:case-resolve", roles=CHANNEL, kwargs=_case, method="post", ok=400),
    portal("deals_portal:registrations"),
    portal("deals_portal:register"),
    portal("deals_portal:registration", kwargs=_registration),
    portal("deals_portal:dispute", kwargs=lambda w: {"pk": w.rejected_a.pk}, method="post", ok=400),
    portal("deals_portal:cases"),
    portal("deals_portal:case", kwargs=_case),
    portal("deals_portal:leads"),
    # A refused answer (an empty decline of an offer that is answered by then) still redirects to the list.
    portal("deals_portal:lead-accept", kwargs=lambda w: {"pk": w.offer_a.pk}, method="post", ok=302),
    portal("deals_portal:lead-decline", kwargs=lambda w: {"pk": w.offer_a.pk}, method="post", ok=302),
]
