"""Channel rules (渠道管理规则): the product catalogue, tier price lists, the violation findings drawn from
partners' sales, and partners' monthly channel inventory reports with the company's shipments (sell-in)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import display
from common.money import money_field
from partners.models import ChannelType, Partner, ProductCategory, Region, SalesRecord, Tier


class Product(models.Model):
    code = models.CharField(_("product code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), on_delete=models.PROTECT, related_name="products"
    )
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. piece, box, set."))
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class PriceList(models.Model):
    """Prices for partners of a tier and/or a channel type (blank: every one) from `valid_from` to
    `valid_to` (inclusive; blank: until further notice). The most specific list in force wins
    (see channelrules/prices.py)."""

    name = models.CharField(_("name"), max_length=100)
    tier = models.ForeignKey(
        Tier, verbose_name=_("tier"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["-valid_from", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="channelrules_pricelist_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class PriceListLine(models.Model):
    """The supply price and the minimum resale price of one product, or of every product of a category."""

    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supply_price = money_field(_("supply price"))
    min_resale_price = money_field(_("minimum resale price"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price list line")
        verbose_name_plural = _("price list lines")
        ordering = ["price_list", "product__code", "category__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False, category__isnull=True)
                | Q(product__isnull=True, category__isnull=False),
                name="channelrules_priceline_product_or_category",
            ),
            models.UniqueConstraint(fields=["price_list", "product"], name="channelrules_priceline_one_per_product"),
            models.UniqueConstraint(fields=["price_list", "category"], name="channelrules_priceline_one_per_category"),
            models.CheckConstraint(
                condition=Q(supply_price__gte=0, min_resale_price__gte=0), name="channelrules_priceline_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.price_list}: {self.product or self.category}"


class Finding(models.Model):
    """A sale the violation report found against the rules: below the minimum resale price in force on
    its date, or into a region outside the partner's authorised territory. One per sale and kind (a
    report run twice finds the same findings). A manager raises a compliance incident from it, or
    dismisses it with a reason."""

    class Kind(models.TextChoices):
        PRICE = "price", _("Price violation")
        TERRITORY = "territory", _("Cross-territory selling")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        INCIDENT = "incident", _("Incident raised")
        DISMISSED = "dismissed", _("Dismissed")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    sale = models.ForeignKey(SalesRecord, verbose_name=_("sale"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period = models.DateField(_("period"), help_text=_("First day of the month of the sale."))
    sold_on = models.DateField(_("date of sale"))
    product_code = models.CharField(_("product code"), max_length=30, blank=True)
    unit_price = money_field(_("unit price"), null=True, blank=True)
    min_price = money_field(_("minimum resale price"), null=True, blank=True)
    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("customer region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    incident = models.OneToOneField(
        "partners.ComplianceIncident",
        verbose_name=_("compliance incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation finding")
        verbose_name_plural = _("violation findings")
        ordering = ["-sold_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["sale", "kind"], name="channelrules_finding_one_per_sale_kind")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.partner} {display.day(self.sold_on)}"


class Shipment(models.Model):
    """Sell-in: what the company shipped to a partner (imported from the order system)."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    shipped_on = models.DateField(_("shipped on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    external_ref = models.CharField(_("external reference"), max_length=64)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-shipped_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["external_ref"], name="channelrules_shipment_ref_unique")]
        indexes = [models.Index(fields=["partner", "shipped_on"])]

    def __str__(self):
        return self.external_ref


class InventoryReport(models.Model):
    """A partner's stock on hand at the end of a month (渠道库存), one per partner and month. A report
    received after the deadline day of the next month is flagged late."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("period"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField(_("late"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inventory report")
        verbose_name_plural = _("inventory reports")
        ordering = ["-period", "partner__code"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="channelrules_inventory_one_per_partner_month")
        ]

    def __str__(self):
        return f"{self.partner} {display.month(self.period)}"


class InventoryLine(models.Model):
    report = models.ForeignKey(
        InventoryReport, verbose_name=_("inventory report"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("stock on hand"))

    class Meta:
        verbose_name = _("inventory line")
        verbose_name_plural = _("inventory lines")
        ordering = ["product__code"]
        constraints = [models.UniqueConstraint(fields=["report", "product"], name="channelrules_inventory_line_unique")]

    def __str__(self):
        return f"{self.product}: {self.quantity}"


class StockThreshold(models.Model):
    """Weeks of stock the manager considers healthy, for one product or (blank) for every product."""

    product = models.OneToOneField(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    min_weeks = models.DecimalField(_("minimum weeks of stock"), max_digits=6, decimal_places=1)
    max_weeks = models.DecimalField(_("maximum weeks of stock"), max_digits=6, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stock threshold")
        verbose_name_plural = _("stock thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(product__isnull=True), name="channelrules_one_default_threshold"
            ),
            models.CheckConstraint(
                condition=Q(max_weeks__gte=models.F("min_weeks")), name="channelrules_threshold_order"
            ),
        ]

    def __str__(self):
        return f"{self.product or '*'}: {self.min_weeks}-{self.max_weeks}"
