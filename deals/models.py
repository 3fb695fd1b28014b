"""Deal registrations (报备) with their protection period, leads offered to partners, channel-conflict cases.

The promises the plan makes are database constraints, so two requests at the same moment cannot break them:
one live claim per customer (by normalised name, and by credit code when given), one open offer per lead,
each partner offered a lead at most once. The rules live in `deals.matching` (pure) and `deals.distribution`
(pure); writes go through `deals.services`.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.money import money_field
from partners.models import ChannelType, ComplianceIncident, Partner, ProductCategory, Region, SalesRecord, Tier

LIVE_CLAIM = Q(status__in=["pending", "approved"])


class ReservedCustomer(models.Model):
    """A customer kept for direct sales (直销): no partner may register it."""

    name = models.CharField(_("customer name"), max_length=200)
    name_key = models.CharField(_("normalised name"), max_length=200, unique=True, editable=False)
    credit_code = models.CharField(_("unified social credit code"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer reserved for direct sales")
        verbose_name_plural = _("customers reserved for direct sales")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DealRegistration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Protected")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    class Conflict(models.TextChoices):
        NONE = "", _("None")
        PROTECTED = "protected", _("Already protected for another partner")
        OWN = "own", _("Already registered by this partner")
        RESERVED = "reserved", _("Reserved for direct sales")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="deal_registrations"
    )
    customer_name = models.CharField(_("customer name"), max_length=200)
    customer_key = models.CharField(_("normalised name"), max_length=200, editable=False, db_index=True)
    credit_code = models.CharField(
        _("unified social credit code or other id"),
        max_length=30,
        blank=True,
        help_text=_("The customer's 18-character unified social credit code, or another company id."),
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    products = models.ManyToManyField(ProductCategory, verbose_name=_("products"), blank=True, related_name="+")
    expected_amount = money_field(_("expected amount"), validators=[MinValueValidator(0)])
    expected_close_on = models.DateField(_("expected close date"))
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    conflict = models.CharField(_("conflict"), max_length=10, choices=Conflict.choices, blank=True, default="")
    outside_territory = models.BooleanField(_("outside the authorised territory"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    protected_until = models.DateField(_("protected until"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    closing_sales = models.ManyToManyField(
        SalesRecord, verbose_name=_("sales records"), blank=True, related_name="deal_registrations"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deal registration")
        verbose_name_plural = _("deal registrations")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_dealregistration", "Can approve or reject deal registrations")]
        indexes = [models.Index(fields=["status", "protected_until"]), models.Index(fields=["partner", "status"])]
        constraints = [
            # First come, first served: one live claim per customer, whoever registers.
            models.UniqueConstraint(
                fields=["customer_key"], condition=LIVE_CLAIM, name="deals_one_live_claim_per_name"
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=LIVE_CLAIM & ~Q(credit_code=""),
                name="deals_one_live_claim_per_code",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(protected_until__isnull=False),
                name="deals_approved_has_protection_end",
            ),
        ]

    def __str__(self):
        return self.customer_name

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.APPROVED)


class Lead(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Not yet offered")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        UNASSIGNED = "unassigned", _("No partner accepted")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("File import")

    customer_name = models.CharField(_("customer name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code or other id"), max_length=30, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    channel_type = models.CharField(
        _("channel type"), max_length=20, choices=ChannelType.choices, blank=True, help_text=_("Blank: any.")
    )
    tiers = models.ManyToManyField(
        Tier, verbose_name=_("tiers"), blank=True, related_name="+", help_text=_("None selected: any tier.")
    )
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    expected_amount = money_field(_("expected amount"), null=True, blank=True, validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    external_ref = models.CharField(_("external reference"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accepted_leads",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="deals_lead_external_ref_unique"
            )
        ]

    def __str__(self):
        return self.customer_name


class LeadOffer(models.Model):
    """A lead offered to one partner, to accept or decline before the deadline."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Not answered in time")

    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="offers")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="lead_offers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    offered_at = models.DateTimeField(_("offered at"))
    deadline = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lead offer")
        verbose_name_plural = _("lead offers")
        ordering = ["-offered_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["partner", "offered_at"])]
        constraints = [
            models.UniqueConstraint(fields=["lead", "partner"], name="deals_lead_offered_once_per_partner"),
            models.UniqueConstraint(
                fields=["lead"], condition=Q(status__in=["offered", "accepted"]), name="deals_one_open_offer_per_lead"
            ),
        ]

    def __str__(self):
        return f"{self.lead} → {self.partner}"


class ConflictCase(models.Model):
    """A channel conflict (渠道冲突) between partners, or a partner and direct sales, and how it was resolved."""

    class Subject(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        TERRITORY = "territory", _("Territory")
        PRICE = "price", _("Price")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        INVESTIGATING = "investigating", _("Investigating")
        RESOLVED = "resolved", _("Resolved")

    subject = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    partners = models.ManyToManyField(Partner, verbose_name=_("partners involved"), related_name="conflict_cases")
    direct_sales = models.BooleanField(_("direct sales involved"), default=False)
    registration = models.ForeignKey(
        DealRegistration,
        verbose_name=_("deal registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflict_cases",
    )
    raised_by_partner = models.ForeignKey(
        Partner, verbose_name=_("raised by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    decision = models.TextField(_("decision"), blank=True)
    rule_applied = models.CharField(_("rule applied"), max_length=200, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    incident = models.ForeignKey(
        ComplianceIncident,
        verbose_name=_("compliance incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflict_cases",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict case")
        verbose_name_plural = _("conflict cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(decision=""), name="deals_resolved_case_has_decision"
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_subject_display()}"
