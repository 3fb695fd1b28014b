"""Incentive policies and what they earn: accruals, adjustments, statements, payouts, the rebate account
and market-support funds.

The rules live in `incentives.calculations` (pure) and the writes in `incentives.services`; the
constraints here are what makes a rerun or a concurrent run safe: one accrual per partner, policy and
period, one statement per partner and period, one ledger sequence number per partner.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import display
from common.money import money_field
from common.runs import run_state
from common.uploads import unguessable_path
from incentives.banking import masked
from incentives.explanations import render
from partners.models import ChannelType


class PolicyKind(models.TextChoices):
    COMMISSION = "commission", _("Commission")
    VOLUME_REBATE = "volume_rebate", _("Volume rebate")
    TARGET_BONUS = "target_bonus", _("Target bonus")
    GRADE_BONUS = "grade_bonus", _("Grade bonus")
    PENALTY = "penalty", _("Penalty")


class PeriodLength(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class IncentivePolicy(models.Model):
    """What a policy is and who it is for. What it pays lives in its versions (`PolicyVersion`)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    period_length = models.CharField(
        _("period"), max_length=10, choices=PeriodLength.choices, default=PeriodLength.MONTH
    )
    monthly_advances = models.BooleanField(
        _("monthly advances"),
        default=False,
        help_text=_(
            "Quarterly and yearly policies: accrue every month on the period so far; the closing month trues up."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    tiers = models.ManyToManyField("partners.Tier", verbose_name=_("tiers"), blank=True, related_name="+")
    channel_types = models.JSONField(_("channel types"), default=list, blank=True)
    regions = models.ManyToManyField("partners.Region", verbose_name=_("regions"), blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[tiers, regions])

    class Meta:
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")
        ordering = ["name", "pk"]
        permissions = [("calculate_rewards", _("Can run the reward calculation"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="policy_valid_to_after_from",
            )
        ]

    def __str__(self):
        return self.name

    def channel_type_labels(self) -> list[str]:
        labels = dict(ChannelType.choices)
        return [labels.get(value, value) for value in self.channel_types]


class PolicyVersion(models.Model):
    """The amounts of a policy from a date on. A change is a new version; accruals keep the one they used.

    `rules` holds the kind's parameters as strings of decimals (checked by the kind, `incentives.kinds`):
    commission {"rate", "category_rates": {code: rate}}; volume_rebate {"mode", "brackets": [[threshold, rate]]};
    target_bonus {"attainment_pct", "fixed_amount", "sales_pct", "accelerator_pct"};
    grade_bonus {"amounts": {grade: amount}}; penalty {"amounts": {severity: amount}}.
    """

    policy = models.ForeignKey(
        IncentivePolicy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    rules = models.JSONField(_("rules"), default=dict)
    cap = money_field(_("cap per partner per period"), null=True, blank=True, validators=[MinValueValidator(0)])
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
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_unique_number"),
            models.UniqueConstraint(fields=["policy", "effective_from"], name="policy_version_unique_date"),
        ]

    def __str__(self):
        return f"{self.policy} v{self.number}"


class CalculationRun(models.Model):
    """The reward calculation of one month. Its row is locked while a run writes, so concurrent runs queue."""

    class Source(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MANUAL = "manual", _("By hand")

    period = models.DateField(_("month"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    accruals = models.PositiveIntegerField(_("accruals"), default=0)
    adjustments = models.PositiveIntegerField(_("adjustments"), default=0)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The latest calculation asked for on the calculation page: the page shows its progress, the asker hears
    # when it is done. (Written only while no run holds the row: see rewards_calculation_request.)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reward calculation")
        verbose_name_plural = _("reward calculations")
        ordering = ["-period"]

    def __str__(self):
        # The month's ISO text: it is also the key in its URLs (pages show `period|month`).
        return f"{self.period:%Y-%m}"

    @property
    def run_state(self) -> str | None:
        """Where the calculation requested by hand stands (common.runs.RunState), None when none was."""
        return run_state(requested_at=self.requested_at, started_at=self.started_at, finished_at=self.finished_at)

    @property
    def requester(self):
        """Who asked for the latest calculation by hand (the progress box names them)."""
        return self.requested_by


class LineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class Accrual(models.Model):
    """What one policy earned one partner for one month (计提), with the numbers and the words behind it."""

    # No index of their own: the unique (partner, policy, period) and the (policy, period) indexes lead with
    # them, and a month's calculation writes tens of thousands of accruals, each paying every index.
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="accruals", db_index=False
    )
    policy = models.ForeignKey(
        IncentivePolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="accruals", db_index=False
    )
    version = models.ForeignKey(
        PolicyVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="accruals"
    )
    period = models.DateField(_("month"))
    covers_from = models.DateField(_("covers from"))
    basis = money_field(_("basis"))
    rate = models.DecimalField(_("rate (%)"), max_digits=7, decimal_places=3, null=True, blank=True)
    amount = money_field(_("amount"))
    # Why, as a message id with parameters (`incentives.explanations`), worded in the reader's language.
    why = models.JSONField(_("explanation"))
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.DRAFT)
    calculated_at = models.DateTimeField(_("calculated at"))

    class Meta:
        verbose_name = _("accrual")
        verbose_name_plural = _("accruals")
        ordering = ["period", "partner_id", "policy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "policy", "period"], name="accrual_unique_partner_policy_period"
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="accrual_period_first_day"),
        ]
        indexes = [models.Index(fields=["period", "status"]), models.Index(fields=["policy", "period"])]

    def __str__(self):
        return f"{self.partner_id} {self.policy_id} {display.month(self.period)} {self.amount}"

    @property
    def explanation(self) -> str:
        return render(self.why)


class Adjustment(models.Model):
    """A line added to a statement: a recalculated difference on an approved accrual, or an entry by hand
    (a penalty with its reason, a correction). Approved amounts are never edited; they get one of these."""

    class Kind(models.TextChoices):
        RECALCULATION = "recalculation", _("Recalculation difference")
        CLAWBACK = "clawback", _("Clawback of returns")
        PENALTY = "penalty", _("Penalty entered by hand")
        CORRECTION = "correction", _("Correction")

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="incentive_adjustments"
    )
    period = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    policy = models.ForeignKey(
        IncentivePolicy,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    source_accrual = models.ForeignKey(
        Accrual, verbose_name=_("adjusts"), null=True, blank=True, on_delete=models.PROTECT, related_name="adjustments"
    )
    amount = money_field(_("amount"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["period", "partner_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_accrual", "kind", "period"],
                condition=Q(source_accrual__isnull=False),
                name="adjustment_unique_source_kind_period",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="adjustment_period_first_day"),
        ]

    def __str__(self):
        return f"{self.partner_id} {display.month(self.period)} {self.amount}"


class Statement(models.Model):
    """A partner's statement for a month (结算单): its accruals and adjustments, with any negative balance
    carried in from earlier statements netted against them.

    `calculated_at` and `inputs` record the reward calculation that last built it: `inputs` is a summary of
    what the calculation read (sales, published grade, targets, manual KPI values, policies), compared with
    the same summary taken now to tell a stale statement (see `incentives.services.freshness`)."""

    # No index of its own: the unique (partner, period) index leads with it.
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="statements",
        db_index=False,
    )
    period = models.DateField(_("month"))
    accrual_total = money_field(_("accruals"), default=0)
    adjustment_total = money_field(_("adjustments"), default=0)
    carried_in = money_field(_("carried in"), default=0)
    payable = money_field(_("payable"), default=0)
    carried_out = money_field(_("carried forward"), default=0)
    updated_at = models.DateTimeField(_("updated at"))
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    inputs = models.JSONField(_("inputs at calculation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-period", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="statement_unique_partner_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="statement_period_first_day"),
        ]

    def __str__(self):
        return f"{self.partner} {display.month(self.period)}"

    @property
    def total(self):
        return self.accrual_total + self.adjustment_total

    @property
    def number(self) -> str:
        """The statement number printed on its PDF and quoted by both sides: month and partner code."""
        return f"ST-{self.period:%Y%m}-{self.partner.code}"


class Payout(models.Model):
    """Paying a statement: draft → approved (Finance, four eyes) → paid (settled one of three ways)."""

    class Settlement(models.TextChoices):
        BANK = "bank", _("Bank payment")
        REBATE_ACCOUNT = "rebate_account", _("Rebate account credit")
        GOODS = "goods", _("Goods compensation")

    statement = models.OneToOneField(
        Statement, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="payout"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="payouts"
    )
    period = models.DateField(_("month"))
    amount = money_field(_("amount"))
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    settlement = models.CharField(_("settled as"), max_length=20, choices=Settlement.choices, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    goods_description = models.CharField(_("goods"), max_length=200, blank=True)
    goods_quantity = models.PositiveIntegerField(_("goods quantity"), null=True, blank=True)
    goods_value = money_field(_("goods value"), null=True, blank=True)
    # A payout's history is read by payout (its `id` index); a month's calculation adds a row per partner.
    history = HistoricalRecords(no_db_index=["statement", "partner", "approved_by"])

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-period", "partner_id"]
        permissions = [
            ("approve_payout", _("Can approve payouts")),
            ("settle_payout", _("Can mark payouts paid")),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return f"{self.partner} {display.month(self.period)} {self.amount}"

    @property
    def is_locked(self) -> bool:
        return self.status != LineStatus.DRAFT


class RebateAccountEntry(models.Model):
    """One entry of a partner's rebate account (返利账户). Append-only: never edited, only reversed by a new
    entry. `sequence` numbers a partner's entries; its unique constraint keeps concurrent writers honest."""

    class Kind(models.TextChoices):
        CREDIT = "credit", _("Credit from a statement")
        USE = "use", _("Used against an order")
        REVERSAL = "reversal", _("Reversal")

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="rebate_entries"
    )
    sequence = models.PositiveIntegerField(_("no."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = money_field(_("amount"))
    balance = money_field(_("balance"))
    order_reference = models.CharField(_("order reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    payout = models.OneToOneField(
        Payout, verbose_name=_("payout"), null=True, blank=True, on_delete=models.PROTECT, related_name="rebate_entry"
    )
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rebate account entry")
        verbose_name_plural = _("rebate account entries")
        ordering = ["partner_id", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "sequence"], name="rebate_entry_unique_sequence"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="rebate_balance_not_negative"),
        ]

    def __str__(self):
        return f"{self.partner_id} #{self.sequence} {self.amount}"


class Fund(models.Model):
    """A partner's market-support budget for a month (市场费用): fixed, or a percentage of last month's sales."""

    class Basis(models.TextChoices):
        FIXED = "fixed", _("Fixed amount")
        PERCENT = "percent", _("Percent of the previous month's sales")

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="funds"
    )
    period = models.DateField(_("month"))
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.FIXED)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    budget = money_field(_("budget"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("market-support fund")
        verbose_name_plural = _("market-support funds")
        ordering = ["-period", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="fund_unique_partner_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="fund_period_first_day"),
        ]

    def __str__(self):
        return f"{self.partner} {display.month(self.period)}"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class FundRequest(models.Model):
    """A fund request (费用申请): what the partner plans to do and how much it asks for."""

    class Activity(models.TextChoices):
        ADVERTISING = "advertising", _("Advertising")
        PROMOTION = "promotion", _("Promotion")
        EXHIBITION = "exhibition", _("Exhibition")
        MATERIALS = "materials", pgettext_lazy("fund category", "Materials")

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="requests")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="fund_requests"
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(_("plan"))
    amount = money_field(_("amount requested"), validators=[MinValueValidator(Decimal("0.01"))])
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    approved_amount = money_field(_("amount approved"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund request")
        verbose_name_plural = _("fund requests")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_fundrequest", _("Can approve fund requests and claims"))]

    def __str__(self):
        return self.title


class FundClaim(models.Model):
    """The execution report and claim (执行上报) of an approved request; approving it writes the amount off (核销)."""

    request = models.ForeignKey(FundRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="claims")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="fund_claims"
    )
    amount = money_field(_("amount claimed"), validators=[MinValueValidator(Decimal("0.01"))])
    report = models.TextField(_("execution report"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    reimbursed_amount = money_field(_("amount written off"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund claim")
        verbose_name_plural = _("fund claims")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.request} {self.amount}"


def proof_upload_to(instance, filename):
    return unguessable_path(f"fund-proofs/{instance.claim.partner_id}", filename)


class ClaimProof(models.Model):
    """A photo or document proving a claimed activity took place."""

    claim = models.ForeignKey(FundClaim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="proofs")
    file = models.FileField(_("file"), upload_to=proof_upload_to)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proof")
        verbose_name_plural = _("proofs")
        ordering = ["pk"]

    def __str__(self):
        return self.file.name


class BankAccount(models.Model):
    """Where a partner's bank payments go (收款账户). Every change is kept in history. Pages show the account
    number masked (`incentives.banking.masked`); only Finance's bank payment file carries it whole."""

    partner = models.OneToOneField(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="bank_account"
    )
    bank_name = models.CharField(_("bank name"), max_length=100)
    branch = models.CharField(_("branch"), max_length=100, blank=True)
    account_name = models.CharField(_("account name"), max_length=200)
    account_number = models.CharField(
        _("account number"),
        max_length=40,
        validators=[RegexValidator(r"^[0-9][0-9 ]{5,38}[0-9]$", _("Enter the account number in digits."))],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["partner_id"]

    def __str__(self):
        return f"{self.bank_name} {masked(self.account_number)}"

    @property
    def masked_number(self) -> str:
        return masked(self.account_number)


class BankAccountChange(models.Model):
    """A new bank account submitted for a partner (by the partner in the portal, or by Finance), waiting for
    a Finance user other than its submitter to verify it (四眼原则). Until then the bank payment file keeps
    paying the partner's verified `BankAccount`. A new submission replaces a pending one (superseded)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Replaced by a later change")

    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="bank_account_changes",
    )
    bank_name = models.CharField(_("bank name"), max_length=100)
    branch = models.CharField(_("branch"), max_length=100, blank=True)
    account_name = models.CharField(_("account name"), max_length=200)
    account_number = models.CharField(
        _("account number"),
        max_length=40,
        validators=[RegexValidator(r"^[0-9]{8,30}$", _("Enter the account number in digits."))],
    )
    # False: the account holder's name differs from the partner's legal name, which Finance must look at.
    name_matches = models.BooleanField(_("account name is the legal name"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("verified or rejected at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejecting"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bank account change")
        verbose_name_plural = _("bank account changes")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(status="pending"), name="bank_account_change_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {masked(self.account_number)}"

    @property
    def masked_number(self) -> str:
        return masked(self.account_number)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class StatementResponse(models.Model):
    """A partner's answer to a released statement (对账): confirmed, or disputed (异议) with a reason until
    Finance resolves it. An open dispute holds the payment back (`incentives.services.responses`)."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")

    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField(_("answer"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"))
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement answer")
        verbose_name_plural = _("statement answers")
        ordering = ["-responded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(kind="disputed", resolved_at__isnull=True),
                name="statement_one_open_dispute",
            ),
            models.UniqueConstraint(
                fields=["statement"], condition=Q(kind="confirmed"), name="statement_confirmed_once"
            ),
        ]

    def __str__(self):
        return f"{self.statement} {self.kind}"

    @property
    def is_open_dispute(self) -> bool:
        return self.kind == self.Kind.DISPUTED and self.resolved_at is None
