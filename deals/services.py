"""Writes of the deals app. Views, forms, commands and tasks call these and nothing else writes.

Idempotency and races: a customer is claimed once — the live-claim unique constraints of `DealRegistration`
decide between two registrations arriving at the same moment (the loser is refused as protected); status
changes take a row lock first; expiry and the pull-back of unanswered leads find nothing left to do on a
second run; each reminder is recorded in the email log before it leaves, so it is sent once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import clock, display
from common.emails import Email, email_send_once
from common.history import changed_by
from common.models import EmailLog
from common.outbox import outbox_enqueue
from deals import distribution, matching
from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer, ReservedCustomer
from partners.models import Agreement, Partner
from partners.services import incident_create

REGISTRATION_FIELDS = frozenset(
    {"customer_name", "credit_code", "region", "expected_amount", "expected_close_on", "notes"}
)
OFFERABLE_PARTNER_STATUSES = (Partner.Status.ACTIVE,)
REGISTERING_PARTNER_STATUSES = (Partner.Status.ONBOARDING, Partner.Status.ACTIVE)


# --- deal registration --------------------------------------------------------------------------------


def _same_customer_q(*, name_key: str, code_key: str) -> Q:
    query = Q(customer_key=name_key)
    if code_key:
        query |= Q(credit_code=code_key)
    return query


def territory_of(partner: Partner, *, today: dt.date) -> set[int]:
    """Regions of the partner's signed agreements in force on `today`."""
    return set(
        Agreement.territory.through.objects.filter(
            agreement__partner=partner,
            agreement__status=Agreement.Status.SIGNED,
            agreement__start_on__lte=today,
            agreement__end_on__gte=today,
        ).values_list("region_id", flat=True)
    )


def _expire_stale(query: Q, *, today: dt.date) -> None:
    """Approved claims whose protection ended but which the daily job has not expired yet stop counting now."""
    stale = DealRegistration.objects.filter(query, status=DealRegistration.Status.APPROVED, protected_until__lt=today)
    for registration in stale.select_for_update():
        registration.status = DealRegistration.Status.EXPIRED
        changed_by(registration, None, reason="protection ended")
        registration.save(update_fields=["status"])


def _conflict(registration: DealRegistration, *, today: dt.date) -> str | None:
    query = _same_customer_q(name_key=registration.customer_key, code_key=registration.credit_code)
    claims = [
        matching.Claim(r.partner_id, r.customer_key, r.credit_code, r.status, r.protected_until)
        for r in DealRegistration.objects.filter(query).filter(status__in=["pending", "approved"])
    ]
    reserved = ReservedCustomer.objects.filter(
        Q(name_key=registration.customer_key)
        | (Q(credit_code=registration.credit_code) if registration.credit_code else Q(pk__in=[]))
    ).values_list("name_key", "credit_code")
    return matching.conflict_for(
        matching.Candidate(registration.partner_id, registration.customer_key, registration.credit_code),
        claims=claims,
        reserved=[(name, matching.normalise_code(code)) for name, code in reserved],
        today=today,
    )


REFUSED_REASONS = {
    # Never names who holds the customer: the partner learns only that it is taken.
    matching.PROTECTED: lambda: _("This customer is already registered and protected in our channel."),
    matching.RESERVED: lambda: _("This customer is served by our direct sales team."),
}


def registration_submit(*, partner: Partner, data: dict[str, Any], products=(), by, today: dt.date | None = None):
    """Register an end-customer opportunity for `partner` and check it for conflicts at once.

    A customer protected (or first registered) for another partner, or reserved for direct sales, is refused
    on the spot: the registration is kept as rejected, with the rule, and the partner may raise a conflict
    case about it. A customer outside the partner's authorised territory is flagged for the manager. The same
    partner registering the same customer again gets an error and nothing is written.
    """
    today = today or clock.today()
    unknown = set(data) - REGISTRATION_FIELDS
    if unknown:
        raise ValueError(f"fields that cannot be set here: {sorted(unknown)}")
    if partner.status not in REGISTERING_PARTNER_STATUSES:
        raise ValidationError(_("Only an onboarding or active partner can register deals."))
    registration = DealRegistration(partner=partner, submitted_by=by, **data)
    registration.customer_name = " ".join((registration.customer_name or "").split())
    registration.credit_code = matching.normalise_code(registration.credit_code)
    registration.customer_key = matching.normalise_name(registration.customer_name)
    if registration.customer_name and not registration.customer_key:
        raise ValidationError({"customer_name": _("Give the customer's name, not only its legal form.")})
    if registration.expected_close_on and registration.expected_close_on < today:
        raise ValidationError({"expected_close_on": _("The expected close date cannot be in the past.")})
    # The live-claim constraints are left to the database: it decides between two registrations at once.
    registration.full_clean(exclude=["customer_key"], validate_constraints=False)
    region = registration.region
    registration.outside_territory = not matching.in_territory(
        region_id=region.pk, province_id=region.parent_id, territory_ids=territory_of(partner, today=today)
    )
    with transaction.atomic():
        _expire_stale(
            _same_customer_q(name_key=registration.customer_key, code_key=registration.credit_code), today=today
        )
        conflict = _conflict(registration, today=today)
        if conflict is None:
            try:
                with transaction.atomic():
                    _save_registration(registration, products, by)
                return registration
            except IntegrityError:
                # Another registration of the same customer committed a moment before this one.
                registration.pk = None
                registration._state.adding = True
                conflict = _conflict(registration, today=today) or matching.PROTECTED
        if conflict == matching.OWN:
            raise ValidationError(_("You have already registered this customer."))
        registration.status = DealRegistration.Status.REJECTED
        registration.conflict = conflict
        registration.reason = REFUSED_REASONS[conflict]()
        registration.decided_at = timezone.now()
        _save_registration(registration, products, by)
    return registration


def _save_registration(registration: DealRegistration, products, by) -> None:
    changed_by(registration, by)
    registration.save()
    registration.products.set(products)


def _locked(registration: DealRegistration) -> DealRegistration:
    return DealRegistration.objects.select_for_update().select_related("partner").get(pk=registration.pk)


@transaction.atomic
def registration_approve(*, registration: DealRegistration, by, reason: str = "", today: dt.date | None = None):
    """Approve a pending registration: its customer is protected for the partner for DEALS_PROTECTION_DAYS."""
    today = today or clock.today()
    registration = _locked(registration)
    if registration.status != DealRegistration.Status.PENDING:
        raise ValidationError(_("Only a registration awaiting approval can be approved."))
    registration.status = DealRegistration.Status.APPROVED
    registration.protected_until = matching.protection_end(approved_on=today, days=settings.DEALS_PROTECTION_DAYS)
    registration.decided_by, registration.decided_at, registration.reason = by, timezone.now(), reason.strip()
    changed_by(registration, by, reason=reason)
    registration.save()
    return registration


@transaction.atomic
def registration_reject(*, registration: DealRegistration, by, reason: str):
    """Reject a pending registration with the reason the partner will read; the customer is free again."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the registration is rejected.")})
    registration = _locked(registration)
    if registration.status != DealRegistration.Status.PENDING:
        raise ValidationError(_("Only a registration awaiting approval can be rejected."))
    registration.status = DealRegistration.Status.REJECTED
    registration.decided_by, registration.decided_at, registration.reason = by, timezone.now(), reason.strip()
    changed_by(registration, by, reason=reason)
    registration.save()
    return registration


@transaction.atomic
def registration_extend(*, registration: DealRegistration, by, today: dt.date | None = None):
    """Extend a protection once, by DEALS_EXTENSION_DAYS from its current last day."""
    today = today or clock.today()
    registration = _locked(registration)
    if registration.status != DealRegistration.Status.APPROVED or registration.protected_until < today:
        raise ValidationError(_("Only a protection still running can be extended."))
    if registration.extended:
        raise ValidationError(_("A protection can be extended only once."))
    registration.protected_until += dt.timedelta(days=settings.DEALS_EXTENSION_DAYS)
    registration.extended = True
    changed_by(registration, by, reason="extended")
    registration.save()
    return registration


@transaction.atomic
def registration_close(*, registration: DealRegistration, won: bool, sales_record_ids=(), by):
    """Close a protected registration as won (linked to the partner's sales records that closed it) or lost."""
    registration = _locked(registration)
    if registration.status != DealRegistration.Status.APPROVED:
        raise ValidationError(_("Only a protected registration can be closed as won or lost."))
    records = list(registration.partner.sales_records.filter(pk__in=list(sales_record_ids)))
    if won and not records:
        raise ValidationError({"closing_sales": _("Choose the sales records that closed this deal.")})
    registration.status = DealRegistration.Status.WON if won else DealRegistration.Status.LOST
    changed_by(registration, by)
    registration.save()
    if won:
        registration.closing_sales.set(records)
    return registration


def registrations_expire(*, today: dt.date | None = None) -> int:
    """Daily: approved registrations whose last protected day has passed become expired. Rerunnable."""
    today = today or clock.today()
    count = 0
    ids = DealRegistration.objects.filter(status=DealRegistration.Status.APPROVED, protected_until__lt=today)
    for pk in ids.values_list("pk", flat=True):
        with transaction.atomic():
            registration = DealRegistration.objects.select_for_update().get(pk=pk)
            if registration.status == DealRegistration.Status.APPROVED and registration.protected_until < today:
                registration.status = DealRegistration.Status.EXPIRED
                changed_by(registration, None, reason="protection ended")
                registration.save(update_fields=["status"])
                count += 1
    return count


def registration_email_about(registration_id: int) -> str:
    return f"deal-registration:{registration_id}"


def protection_reminders_send(*, today: dt.date | None = None) -> int:
    """Daily: remind the partner of every protection ending within DEALS_REMINDER_DAYS_BEFORE days, once per
    registration, last day and recipient (an extension moves the last day and earns a new reminder)."""
    today = today or clock.today()
    due = DealRegistration.objects.filter(
        status=DealRegistration.Status.APPROVED,
        protected_until__gte=today,
        protected_until__lte=today + dt.timedelta(days=settings.DEALS_REMINDER_DAYS_BEFORE),
    ).select_related("partner", "submitted_by")
    sent = 0
    for registration in due.order_by("pk"):
        for email, language in _partner_recipients(registration.partner, registration.submitted_by):
            with translation.override(language):
                subject = _("The protection of %(customer)s ends on %(date)s") % {
                    "customer": registration.customer_name,
                    "date": display.day(registration.protected_until),
                }
            sent += email_send_once(
                Email(
                    kind=EmailLog.Kind.DEAL_PROTECTION_ENDING,
                    recipient=email,
                    language=language,
                    template="deals/email/protection_ending",
                    context={"registration": registration, "site_url": settings.SITE_URL},
                    subject=subject,
                    partner_id=registration.partner_id,
                    period=registration.protected_until.isoformat(),
                    about=registration_email_about(registration.pk),
                )
            )
    return sent


def _partner_recipients(partner: Partner, user=None) -> list[tuple[str, str]]:
    """The partner's primary contact (in its language) and the portal user concerned, without duplicates."""
    recipients = []
    contact = partner.contacts.filter(is_primary=True).first()
    if contact and contact.email:
        recipients.append((contact.email, contact.language))
    if user is not None and user.email and user.email not in {email for email, _language in recipients}:
        recipients.append((user.email, settings.LANGUAGE_CODE))
    return recipients


# --- leads --------------------------------------------------------------------------------------------

LEAD_FIELDS = frozenset(
    {
        "customer_name",
        "credit_code",
        "region",
        "channel_type",
        "contact_name",
        "contact_phone",
        "description",
        "expected_amount",
        "source",
        "external_ref",
        "region_id",
    }
)


@transaction.atomic
def lead_create(*, data: dict[str, Any], tiers=(), by, now: dt.datetime | None = None) -> Lead:
    """Record a company lead and offer it to the first eligible partner."""
    unknown = set(data) - LEAD_FIELDS
    if unknown:
        raise ValueError(f"fields that cannot be set here: {sorted(unknown)}")
    lead = Lead(created_by=by, **data)
    lead.credit_code = matching.normalise_code(lead.credit_code)
    lead.full_clean()
    changed_by(lead, by)
    lead.save()
    lead.tiers.set(tiers)
    lead_offer_next(lead=lead, now=now)
    return lead


def _lead_profile(lead: Lead) -> distribution.LeadProfile:
    region = lead.region
    is_province = region.parent_id is None
    return distribution.LeadProfile(
        region_id=region.pk,
        province_id=region.pk if is_province else region.parent_id,
        region_is_province=is_province,
        channel_type=lead.channel_type,
        tier_ids=frozenset(lead.tiers.values_list("pk", flat=True)),
    )


@transaction.atomic
def lead_offer_next(*, lead: Lead, now: dt.datetime | None = None) -> LeadOffer | None:
    """Offer the lead to the next eligible partner in turn, or mark it as not accepted by anyone."""
    now = now or timezone.now()
    lead = Lead.objects.select_for_update().select_related("region").get(pk=lead.pk)
    if lead.status in (Lead.Status.ACCEPTED, Lead.Status.CLOSED) or lead.offers.filter(status="offered").exists():
        return None
    profile = _lead_profile(lead)
    candidates = Partner.objects.filter(status__in=OFFERABLE_PARTNER_STATUSES).filter(
        Q(region_id=profile.region_id) | Q(region__parent_id=profile.province_id)
    )
    partners = [
        distribution.PartnerProfile(pk, region_id, parent_id, channel_type, tier_id)
        for pk, region_id, parent_id, channel_type, tier_id in candidates.values_list(
            "pk", "region_id", "region__parent_id", "channel_type", "tier_id"
        )
    ]
    last_offered = dict(
        LeadOffer.objects.filter(partner_id__in=[p.id for p in partners])
        .values("partner_id")
        .annotate(last=Max("offered_at"))
        .values_list("partner_id", "last")
    )
    chosen = distribution.next_partner(
        profile,
        partners=partners,
        already_offered=lead.offers.values_list("partner_id", flat=True),
        last_offered=last_offered,
    )
    if chosen is None:
        lead.status = Lead.Status.UNASSIGNED
        changed_by(lead, None, reason="no eligible partner left")
        lead.save(update_fields=["status"])
        return None
    offer = LeadOffer.objects.create(
        lead=lead,
        partner_id=chosen,
        offered_at=now,
        deadline=now + dt.timedelta(hours=settings.DEALS_LEAD_ANSWER_HOURS),
    )
    lead.status = Lead.Status.OFFERED
    changed_by(lead, None)
    lead.save(update_fields=["status"])
    outbox_enqueue("deals.tasks.lead_offer_email", offer.pk, key=f"lead-offer-email:{offer.pk}")
    return offer


def _locked_offer(offer: LeadOffer) -> LeadOffer:
    return LeadOffer.objects.select_for_update().select_related("lead").get(pk=offer.pk)


@transaction.atomic
def lead_accept(*, offer: LeadOffer, by, now: dt.datetime | None = None) -> LeadOffer:
    """The partner takes the lead; after the deadline the lead has gone back and cannot be taken."""
    now = now or timezone.now()
    offer = _locked_offer(offer)
    if offer.status != LeadOffer.Status.OFFERED or offer.deadline <= now:
        raise ValidationError(_("This lead is no longer offered to you."))
    offer.status, offer.responded_at = LeadOffer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "responded_at"])
    lead = Lead.objects.select_for_update().get(pk=offer.lead_id)
    lead.status, lead.partner_id = Lead.Status.ACCEPTED, offer.partner_id
    changed_by(lead, by)
    lead.save(update_fields=["status", "partner"])
    return offer


@transaction.atomic
def lead_decline(*, offer: LeadOffer, by, reason: str = "", now: dt.datetime | None = None) -> LeadOffer:
    """The partner passes on the lead; it goes to the next eligible partner at once."""
    now = now or timezone.now()
    offer = _locked_offer(offer)
    if offer.status != LeadOffer.Status.OFFERED or offer.deadline <= now:
        raise ValidationError(_("This lead is no longer offered to you."))
    offer.status, offer.responded_at, offer.decline_reason = LeadOffer.Status.DECLINED, now, reason.strip()[:200]
    offer.save(update_fields=["status", "responded_at", "decline_reason"])
    lead_offer_next(lead=offer.lead, now=now)
    return offer


def leads_pull_back(*, now: dt.datetime | None = None) -> int:
    """Offers not answered by their deadline lapse and their leads go to the next partner. Rerunnable."""
    now = now or timezone.now()
    count = 0
    for pk in LeadOffer.objects.filter(status=LeadOffer.Status.OFFERED, deadline__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            offer = LeadOffer.objects.select_for_update(skip_locked=True).filter(pk=pk, status="offered").first()
            if offer is None or offer.deadline > now:
                continue
            offer.status = LeadOffer.Status.EXPIRED
            offer.save(update_fields=["status"])
            lead_offer_next(lead=offer.lead, now=now)
            count += 1
    return count


@transaction.atomic
def lead_reoffer(*, lead: Lead, by, now: dt.datetime | None = None) -> LeadOffer | None:
    """A manager sends a lead nobody accepted round again, to the eligible partners not offered it yet
    (new partners, or ones whose region or tier changed)."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status != Lead.Status.UNASSIGNED:
        raise ValidationError(_("Only a lead nobody accepted can be offered again."))
    lead.status = Lead.Status.NEW
    changed_by(lead, by)
    lead.save(update_fields=["status"])
    return lead_offer_next(lead=lead, now=now)


def lead_offer_email_send(*, offer_id: int) -> int:
    """Tell the partner a lead waits for its answer (once per offer and recipient)."""
    offer = LeadOffer.objects.select_related("lead", "partner").filter(pk=offer_id).first()
    if offer is None or offer.status != LeadOffer.Status.OFFERED:
        return 0
    sent = 0
    for email, language in _partner_recipients(offer.partner):
        with translation.override(language):
            subject = _("A new lead is waiting for your answer")
        sent += email_send_once(
            Email(
                kind=EmailLog.Kind.LEAD_OFFERED,
                recipient=email,
                language=language,
                template="deals/email/lead_offered",
                context={"offer": offer, "lead": offer.lead, "site_url": settings.SITE_URL},
                subject=subject,
                partner_id=offer.partner_id,
                about=f"lead-offer:{offer.pk}",
            )
        )
    return sent


# --- conflict cases -----------------------------------------------------------------------------------


@transaction.atomic
def case_open(*, data: dict[str, Any], partners, by) -> ConflictCase:
    """A manager opens a case between partners (or a partner and direct sales)."""
    case = ConflictCase(opened_by=by, **data)
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": _("Name at least one partner involved.")})
    if len(partners) < 2 and not case.direct_sales:
        raise ValidationError(_("A conflict is between two or more partners, or a partner and direct sales."))
    case.full_clean()
    changed_by(case, by)
    case.save()
    case.partners.set(partners)
    return case


@transaction.atomic
def case_raise_from_registration(*, registration: DealRegistration, description: str, by) -> ConflictCase:
    """The partner of a refused registration disputes it; the holder of the customer is a party the partner
    is never told about. One case per registration: raising it again returns the same case."""
    registration = _locked(registration)
    if registration.status != DealRegistration.Status.REJECTED:
        raise ValidationError(_("Only a rejected registration can be disputed."))
    existing = registration.conflict_cases.first()
    if existing:
        return existing
    if not (description or "").strip():
        raise ValidationError({"description": _("Tell us why this customer should be yours.")})
    holders = DealRegistration.objects.filter(
        _same_customer_q(name_key=registration.customer_key, code_key=registration.credit_code),
        status__in=["pending", "approved", "won"],
    ).exclude(partner=registration.partner)
    case = ConflictCase(
        subject=ConflictCase.Subject.CUSTOMER,
        customer_name=registration.customer_name,
        description=description.strip(),
        direct_sales=registration.conflict == DealRegistration.Conflict.RESERVED,
        registration=registration,
        raised_by_partner=registration.partner,
        opened_by=by,
    )
    case.full_clean()
    changed_by(case, by)
    case.save()
    case.partners.set([registration.partner_id, *holders.values_list("partner_id", flat=True)])
    return case


CASE_MOVES = {
    ConflictCase.Status.OPEN: (ConflictCase.Status.INVESTIGATING,),
    ConflictCase.Status.INVESTIGATING: (ConflictCase.Status.OPEN,),
}


@transaction.atomic
def case_investigate(*, case: ConflictCase, by, note: str = "") -> ConflictCase:
    case = ConflictCase.objects.select_for_update().get(pk=case.pk)
    if case.status != ConflictCase.Status.OPEN:
        raise ValidationError(_("Only an open case can be taken up."))
    case.status = ConflictCase.Status.INVESTIGATING
    changed_by(case, by, reason=note)
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def case_resolve(
    *, case: ConflictCase, decision: str, rule_applied: str, by, incident: dict[str, Any] | None = None
) -> ConflictCase:
    """Resolve a case with a decision and the rule applied. With `incident` (partner, kind, severity,
    description), the compliance incident it leads to is recorded and linked; scorecards count it."""
    case = ConflictCase.objects.select_for_update().get(pk=case.pk)
    if case.status == ConflictCase.Status.RESOLVED:
        raise ValidationError(_("This case is already resolved."))
    if not (decision or "").strip():
        raise ValidationError({"decision": _("Write down the decision.")})
    if incident:
        incident = dict(incident)
        partner = incident.pop("partner")
        if not case.partners.filter(pk=partner.pk).exists():
            raise ValidationError(
                {"incident_partner": _("The incident must be recorded against a partner of the case.")}
            )
        incident.setdefault("occurred_on", clock.today())
        case.incident = incident_create(partner=partner, data=incident, by=by)
    case.status = ConflictCase.Status.RESOLVED
    case.decision, case.rule_applied, case.resolved_at = decision.strip(), rule_applied.strip(), timezone.now()
    case.full_clean()
    changed_by(case, by)
    case.save()
    return case


@transaction.atomic
def reserved_customer_add(*, name: str, credit_code: str = "", note: str = "", by) -> ReservedCustomer:
    reserved = ReservedCustomer(
        name=name.strip(),
        name_key=matching.normalise_name(name),
        credit_code=matching.normalise_code(credit_code),
        note=note,
    )
    reserved.full_clean(exclude=["name_key"])
    changed_by(reserved, by)
    reserved.save()
    return reserved


def same_customer_registrations(*, registration: DealRegistration):
    """Other registrations of the same customer (for the manager deciding; never shown to a partner)."""
    return (
        DealRegistration.objects.filter(
            _same_customer_q(name_key=registration.customer_key, code_key=registration.credit_code)
        )
        .exclude(pk=registration.pk)
        .select_related("partner")
        .order_by("-submitted_at")[:20]
    )
