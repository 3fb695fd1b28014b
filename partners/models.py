from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import display
from common.money import money_field
from common.uploads import unguessable_path, upload_validator
from partners.validators import validate_credit_code


class Region(models.Model):
    """China's administrative divisions: provinces (and municipalities, autonomous regions, SARs)
    with their cities below them. `code` is the GB/T 2260 six-digit administrative code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")

    code = models.CharField(_("administrative code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True) | Q(level="city", parent__isnull=False),
                name="region_city_has_province",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def province(self):
        return self if self.level == self.Level.PROVINCE else self.parent


class Tier(models.Model):
    """Partner tiers (e.g. 金牌 / 银牌 / 铜牌). Names are data; `rank` orders them, 1 the highest.
    The certifications a tier requires are declared on training courses (`required_courses`)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(
        pgettext_lazy("order of tiers", "rank"), unique=True, help_text=_("1 is the highest tier.")
    )
    annual_sales_threshold = money_field(_("annual sales threshold"), default=0)
    benefits = models.TextField(_("benefits"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["rank"]

    def __str__(self):
        return self.name


class ProductCategory(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ChannelType(models.TextChoices):
    DIRECT = "direct", _("Direct")
    DISTRIBUTOR = "distributor", _("Distributor")
    AGENT = "agent", _("Agent")
    RETAILER = "retailer", _("Retailer")
    ECOMMERCE = "ecommerce", _("E-commerce")
    SOCIAL = "social", _("Social & live-stream commerce")


class Partner(models.Model):
    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ONBOARDING = "onboarding", _("Onboarding")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    code = models.CharField(
        _("partner code"), max_length=20, unique=True, help_text=_("Used in sales files and by other systems.")
    )
    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices)
    tier = models.ForeignKey(
        Tier, verbose_name=_("tier"), null=True, blank=True, on_delete=models.PROTECT, related_name="partners"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="partners")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("channel manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_partners",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROSPECT)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["status", "channel_type"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name


class PartnerStatusChange(models.Model):
    """One step of the partner lifecycle, with the reason the user gave."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Partner.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Partner.Status.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,  # empty when a command or a task changed it
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner status change")
        verbose_name_plural = _("partner status changes")
        ordering = ["-changed_at", "-pk"]
        # Each partner's history in time order: the "active in the month" read (partners_active_in) takes
        # every partner's last change before a month and first change since from it in one ordered pass.
        indexes = [models.Index(fields=["partner", "changed_at", "id"], name="partner_status_history_idx")]

    def __str__(self):
        return f"{self.partner}: {self.from_status or '-'} → {self.to_status}"


class Contact(models.Model):
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans", help_text=_("For emails.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partner"], condition=Q(is_primary=True), name="one_primary_contact")
        ]

    def __str__(self):
        return self.name


class PartnerMembership(models.Model):
    """Links a portal user to the one partner it belongs to."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Partner admin")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="partner_membership"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner membership")
        verbose_name_plural = _("partner memberships")

    def __str__(self):
        return f"{self.user} → {self.partner}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


AGREEMENT_FILE_VALIDATOR = upload_validator("pdf", "jpg", "png", max_mb=10)


def agreement_upload_to(instance, filename):
    return unguessable_path(f"agreements/{instance.partner_id}", filename)


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        TERMINATED = "terminated", _("Terminated")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField(_("agreement number"), max_length=50, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"))
    territory = models.ManyToManyField(
        Region, verbose_name=_("authorised territory"), blank=True, related_name="agreements"
    )
    signed_file = models.FileField(
        _("signed file"),
        upload_to=agreement_upload_to,
        blank=True,
        validators=[AGREEMENT_FILE_VALIDATOR],
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewal",
    )
    history = HistoricalRecords(m2m_fields=[territory])

    class Meta:
        verbose_name = _("partner agreement")
        verbose_name_plural = _("partner agreements")
        ordering = ["-start_on"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="agreement_ends_after_start")
        ]

    def __str__(self):
        return self.number


# The columns the sales aggregates read (partners/selectors.py), carried by the covering indexes.
SUMMED = ("amount", "kind", "quantity", "new_customers", "category", "id")


class SalesRecord(models.Model):
    """One line of a partner's reported sales: a sale (amount 0 or more) or a return / credit note
    (退货 / 红冲: amount 0 or less), the latter optionally naming the original sale's `external_ref`.

    Every sum in partners/selectors.py is a plain sum, so returns net in the month they are booked; the
    reward calculation turns what a month's returns take beyond its own sales into a clawback line.
    `original` is the linked sale when `original_ref` names one of the partner's sales (set by the import).
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        RETURN = "return", _("Return / credit note")

    class Source(models.TextChoices):
        IMPORT = "import", _("File import")
        PORTAL = "portal", _("Partner portal")
        API = "api", _("API")
        MANUAL = "manual", _("Entered by hand")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="sales_records"
    )
    date = models.DateField(_("date"))
    amount = money_field(_("amount"))
    quantity = models.IntegerField(_("quantity"), default=0)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), on_delete=models.PROTECT, related_name="+"
    )
    new_customers = models.PositiveIntegerField(_("new customers"), default=0)
    # What a line may say about what was sold and to whom (the channel rules read these): a product's code
    # as the catalogue (channelrules.Product) knows it, the price per unit, the end customer's province or city.
    product_code = models.CharField(_("product code"), max_length=30, blank=True)
    unit_price = money_field(_("unit price"), null=True, blank=True)
    customer_region = models.ForeignKey(
        Region,
        verbose_name=_("customer region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    external_ref = models.CharField(_("external reference"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SALE)
    original_ref = models.CharField(_("original sale's reference"), max_length=64, blank=True)
    original = models.ForeignKey(
        "self",
        verbose_name=_("original sale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returns",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales record")
        verbose_name_plural = _("sales records")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "external_ref"], name="sales_record_ref_unique_per_partner"),
            models.CheckConstraint(
                condition=(Q(kind="sale", amount__gte=0, original_ref="") | Q(kind="return", amount__lte=0)),
                name="sales_record_sign_follows_kind",
            ),
        ]
        # Covering indexes (PostgreSQL): the sums the pages, the cycle and the reward calculation take over a
        # partner's months or over a month's partners read the index alone, never the table's pages.
        indexes = [
            models.Index(fields=["partner", "date"], include=[*SUMMED], name="sales_partner_date_covering"),
            models.Index(fields=["date"], include=["partner", *SUMMED], name="sales_date_covering"),
        ]

    def __str__(self):
        return f"{self.partner} {display.day(self.date)} {self.amount}"


class SalesMonth(models.Model):
    """A partner's sales of one month, summed: what the pages read instead of scanning the sales lines.

    Derived data, never edited: every path that writes sales lines (the sales import and the API's push, the
    demo seed, the benchmark's fill, the admin's corrections and deletes) recomputes the (partner, month) keys
    it touched with `partners.sales_months.sales_months_refresh`, in the same transaction as the lines, so
    the table always equals a GROUP BY over `SalesRecord`; `manage.py rebuild_sales_months` rebuilds it from
    scratch. `month` is the month's first day (sales dates are the installation's local dates). A key whose
    lines are all gone has no row. As in the lines, `amount` is net of returns; `returns` is their part (0 or
    less); `priced` counts the sales lines that state a unit price."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    amount = money_field(_("amount"))
    returns = money_field(_("returns"))
    quantity = models.BigIntegerField(_("quantity"))
    new_customers = models.BigIntegerField(_("new customers"))
    lines = models.IntegerField(_("sales lines"))
    # The sales lines (not returns) that state a unit price: the base of the price compliance rate.
    priced = models.IntegerField(_("priced sales lines"), default=0)

    class Meta:
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        constraints = [models.UniqueConstraint(fields=["partner", "month"], name="sales_month_unique_per_partner")]
        # The unique constraint's index serves a partner's months; this one a month's sum over every partner.
        indexes = [models.Index(fields=["month"], include=["partner", "amount"], name="sales_month_month_covering")]

    def __str__(self):
        return f"{self.partner_id} {display.month(self.month)} {self.amount}"


class SalesProductMonth(models.Model):
    """The units of one product a partner sold in one month, net of returns: what the channel rules' stock
    figures (sell-through, weeks of stock) read instead of the month's sales lines.

    Kept with `SalesMonth`, by the same refresh in the same transaction (`partners.sales_months`), so it always
    equals a GROUP BY over the lines that name a product (`product_code` not blank); a (partner, month,
    product) whose lines are all gone has no row, one whose sales and returns cancel out has quantity 0."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    product_code = models.CharField(_("product code"), max_length=30)
    quantity = models.BigIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("monthly sales of a product")
        verbose_name_plural = _("monthly sales of products")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "month", "product_code"], name="sales_product_month_unique_per_partner"
            )
        ]
        # The unique constraint's index serves a partner's months; this one the pairs sold in a month.
        indexes = [
            models.Index(
                fields=["month"], include=["partner", "product_code", "quantity"], name="sales_product_month_covering"
            )
        ]

    def __str__(self):
        return f"{self.partner_id} {display.month(self.month)} {self.product_code} {self.quantity}"


class Interaction(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        INTERVIEW = "interview", _("Partner interview")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {display.day(self.occurred_on)}"


class ComplianceIncident(models.Model):
    class Kind(models.TextChoices):
        PRICE = "price", _("Price violation")
        TERRITORY = "territory", _("Cross-territory selling")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        INVESTIGATING = "investigating", _("Investigating")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance incident")
        verbose_name_plural = _("compliance incidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["partner", "occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {display.day(self.occurred_on)}"


class SalesImport(models.Model):
    """One upload of a sales file (page, portal or `manage.py import_sales`): who, when, what came of it.

    A rejected file wrote no sales records; its errors are kept (the first ones) so the page can be
    shown again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("In progress")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,  # empty when imported by the management command
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sales_imports",
        help_text=_("Set when the file was limited to one partner (portal uploads)."),
    )
    source = models.CharField(_("source"), max_length=10, choices=SalesRecord.Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    bad_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    seconds = models.DecimalField(_("seconds"), max_digits=8, decimal_places=2, default=0)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, blank=True, editable=False)
    # A large file waits here for the worker, which deletes it once imported.
    upload = models.FileField(_("file"), upload_to="sales-imports/%Y/%m/", blank=True, editable=False)

    class Meta:
        verbose_name = _("sales import")
        verbose_name_plural = _("sales imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partner", "-created_at"])]
        constraints = [
            # The same file uploaded twice at once: the second is refused, not raced.
            models.UniqueConstraint(
                fields=["file_sha256"],
                condition=models.Q(status__in=["queued", "running"]),
                name="partners_salesimport_one_in_progress_per_file",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
