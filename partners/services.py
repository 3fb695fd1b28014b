"""Writes to the partner register. Views, admin actions, commands and other apps call these; each is atomic
and validates the row (`full_clean`) before saving it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from common import clock
from common.history import changed_by
from partners import lifecycle
from partners.models import (
    Agreement,
    ComplianceIncident,
    Contact,
    Interaction,
    Partner,
    PartnerStatusChange,
    SalesRecord,
)
from partners.sales_months import sales_months_refresh

PARTNER_FIELDS = frozenset(
    {"code", "name", "legal_name", "credit_code", "channel_type", "tier", "region", "manager", "joined_on"}
)
CONTACT_FIELDS = frozenset({"name", "title", "email", "phone", "is_primary", "language"})
AGREEMENT_FIELDS = frozenset({"number", "status", "start_on", "end_on", "signed_file", "auto_renew", "renewed_from"})
INTERACTION_FIELDS = frozenset({"kind", "occurred_on", "notes", "next_step", "due_on", "done"})
INCIDENT_FIELDS = frozenset({"kind", "severity", "status", "occurred_on", "description"})


def _assign(instance: Model, data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"{type(instance).__name__} fields that cannot be set here: {sorted(unknown)}")
    for field, value in data.items():
        setattr(instance, field, value)


def _save(instance: Model, by=None, history_reason: str = "") -> Model:
    instance.full_clean()
    if by is not None:
        changed_by(instance, by, reason=history_reason)
    instance.save()
    return instance


@transaction.atomic
def partner_create(
    *,
    data: dict[str, Any],
    by,
    status: str = lifecycle.PROSPECT,
    reason: str = "",
    today: dt.date | None = None,
    history_reason: str = "",
) -> Partner:
    """Register a partner. Its first status is recorded as a status change from nothing. `history_reason` signs
    the change in history (the API puts its token's name there)."""
    if status not in lifecycle.INITIAL_STATUSES:
        raise ValidationError({"status": _("A new partner cannot start as %(status)s.") % {"status": status}})
    partner = Partner(status=status)
    _assign(partner, data, PARTNER_FIELDS)
    if lifecycle.sets_joined_on(status, partner.joined_on):
        partner.joined_on = today or clock.today()
    _save(partner, by, history_reason)
    PartnerStatusChange.objects.create(
        partner=partner, from_status="", to_status=status, reason=reason or _("Registered"), changed_by=by
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, data: dict[str, Any], by, history_reason: str = "") -> Partner:
    """Change a partner's register data. The status changes only through `partner_change_status`."""
    _assign(partner, data, PARTNER_FIELDS)
    return _save(partner, by, history_reason)


@transaction.atomic
def partner_change_tier(*, partner: Partner, tier, by, reason: str) -> Partner:
    """Move a partner to another tier; its history records who did it and why (e.g. which review suggested it)."""
    return partner_update(partner=partner, data={"tier": tier}, by=by, history_reason=reason)


@transaction.atomic
def partner_change_status(
    *, partner: Partner, status: str, reason: str, by, today: dt.date | None = None
) -> PartnerStatusChange:
    """Move a partner along its lifecycle, with a reason; illegal moves raise ValidationError."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the status change.")})
    # Lock and re-read, so two managers changing the status at once cannot both pass the check.
    current = Partner.objects.select_for_update().get(pk=partner.pk)
    if not lifecycle.can_move(current.status, status):
        raise ValidationError(
            {
                "status": _("A partner cannot move from %(from)s to %(to)s.")
                % {"from": current.get_status_display(), "to": Partner.Status(status).label}
            },
            code="illegal_transition",
        )
    change = PartnerStatusChange(
        partner=current, from_status=current.status, to_status=status, reason=reason, changed_by=by
    )
    change.full_clean()
    current.status = status
    if lifecycle.sets_joined_on(status, current.joined_on):
        current.joined_on = today or clock.today()
    _save(current, by)
    change.save()
    partner.status, partner.joined_on = current.status, current.joined_on
    return change


def _unset_other_primary(contact: Contact) -> None:
    """A partner has one primary contact: marking a new one demotes the old (a unique constraint holds it)."""
    if contact.is_primary:
        Contact.objects.filter(partner=contact.partner_id, is_primary=True).exclude(pk=contact.pk).update(
            is_primary=False
        )


@transaction.atomic
def contact_create(*, partner: Partner, data: dict[str, Any], by=None) -> Contact:
    contact = Contact(partner=partner)
    _assign(contact, data, CONTACT_FIELDS)
    _unset_other_primary(contact)
    return _save(contact, by)


@transaction.atomic
def contact_update(*, contact: Contact, data: dict[str, Any], by=None) -> Contact:
    _assign(contact, data, CONTACT_FIELDS)
    _unset_other_primary(contact)
    return _save(contact, by)


@transaction.atomic
def agreement_create(*, partner: Partner, data: dict[str, Any], territory=(), by=None) -> Agreement:
    agreement = Agreement(partner=partner)
    _assign(agreement, data, AGREEMENT_FIELDS)
    _save(agreement, by)
    agreement.territory.set(territory)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict[str, Any], territory=None, by=None) -> Agreement:
    _assign(agreement, data, AGREEMENT_FIELDS)
    _save(agreement, by)
    if territory is not None:
        agreement.territory.set(territory)
    return agreement


@transaction.atomic
def interaction_create(*, partner: Partner, data: dict[str, Any], by) -> Interaction:
    interaction = Interaction(partner=partner, recorded_by=by)
    _assign(interaction, data, INTERACTION_FIELDS)
    return _save(interaction, by)


@transaction.atomic
def interaction_update(*, interaction: Interaction, data: dict[str, Any], by) -> Interaction:
    _assign(interaction, data, INTERACTION_FIELDS)
    return _save(interaction, by)


@transaction.atomic
def incident_create(*, partner: Partner, data: dict[str, Any], by) -> ComplianceIncident:
    incident = ComplianceIncident(partner=partner, reported_by=by)
    _assign(incident, data, INCIDENT_FIELDS)
    return _save(incident, by)


@transaction.atomic
def incident_update(*, incident: ComplianceIncident, data: dict[str, Any], by) -> ComplianceIncident:
    _assign(incident, data, INCIDENT_FIELDS)
    return _save(incident, by)


def sales_link_returns(*, partner_ids) -> int:
    """Link each return of these partners to the sale its `original_ref` names, where that sale is on record
    (one UPDATE). A return whose original is not (yet) known stays unlinked and is linked by the import that
    brings the sale; one whose reference changed is relinked. Returns how many returns were looked at."""
    original = SalesRecord.objects.filter(
        partner_id=OuterRef("partner_id"), external_ref=OuterRef("original_ref"), kind=SalesRecord.Kind.SALE
    ).values("pk")[:1]
    return (
        SalesRecord.objects.filter(partner_id__in=partner_ids, kind=SalesRecord.Kind.RETURN)
        .filter(Q(original_ref__gt="") | Q(original__isnull=False))
        .update(original=Subquery(original))
    )


@transaction.atomic
def sales_record_save(*, record: SalesRecord) -> SalesRecord:
    """A sales line entered or corrected by hand (the admin): saved with the monthly summary of its old and its
    new month, and the partner's returns linked again."""
    before = SalesRecord.objects.filter(pk=record.pk).values_list("partner_id", "date").first() if record.pk else None
    record.save()
    sales_months_refresh(keys={key for key in (before, (record.partner_id, record.date)) if key})
    sales_link_returns(partner_ids={record.partner_id, *([before[0]] if before else [])})
    return record


@transaction.atomic
def sales_records_delete(*, records: QuerySet[SalesRecord]) -> int:
    """Delete sales lines (a correction by hand, a benchmark's clean-up) and recompute the summary of their
    months; returns how many lines went."""
    keys = set(records.annotate(month=TruncMonth("date")).order_by().values_list("partner_id", "month").distinct())
    deleted = records.delete()[1].get(SalesRecord._meta.label, 0)
    sales_months_refresh(keys=keys)
    return deleted
