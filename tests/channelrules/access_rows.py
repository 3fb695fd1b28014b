import datetime as dt

from tests.access import DIRECTOR, FINANCE, MANAGER, internal, portal
from tests.channelrules.factories import FindingFactory, InventoryReportFactory, PriceListFactory, ProductFactory
from tests.partners.factories import SalesRecordFactory

RUNNERS = (DIRECTOR, MANAGER)
READERS = (DIRECTOR, MANAGER, FINANCE)


def populate(world):
    """A product and a price list, a finding on one of partner A's sales, and partner A's inventory report."""
    world.product_a = ProductFactory(code="ACCESS-SKU")
    world.price_list_a = PriceListFactory()
    # A sale of a past year: the pages that sum this year's sales see none of it.
    world.finding_a = FindingFactory(sale=SalesRecordFactory(partner=world.partner_a, date=dt.date(2025, 10, 15)))
    world.inventory_report_a = InventoryReportFactory(partner=world.partner_a)


ROWS = [
    internal("channelrules:products", roles=READERS),
    internal("channelrules:product-create", roles=RUNNERS),
    internal("channelrules:product-import", roles=RUNNERS, method="post", ok=400),
    internal("channelrules:price-lists", roles=READERS),
    internal("channelrules:price-list-create", roles=RUNNERS),
    internal("channelrules:price-list-detail", roles=READERS, kwargs=lambda w: {"pk": w.price_list_a.pk}),
    internal("channelrules:price-list-edit", roles=RUNNERS, kwargs=lambda w: {"pk": w.price_list_a.pk}),
    internal(
        "channelrules:price-line-add", roles=RUNNERS, kwargs=lambda w: {"pk": w.price_list_a.pk}, method="post", ok=400
    ),
    internal("channelrules:violations", roles=RUNNERS),
    internal("channelrules:violations-run", roles=RUNNERS, method="post", ok=302),
    internal("channelrules:finding-detail", roles=RUNNERS, kwargs=lambda w: {"pk": w.finding_a.pk}),
    internal(
        "channelrules:finding-incident",
        roles=RUNNERS,
        kwargs=lambda w: {"pk": w.finding_a.pk},
        method="post",
        data=lambda w: {"severity": "not-a-severity"},
        ok=400,
    ),
    internal(
        "channelrules:finding-dismiss", roles=RUNNERS, kwargs=lambda w: {"pk": w.finding_a.pk}, method="post", ok=400
    ),
    internal("channelrules:inventory", roles=RUNNERS),
    internal("channelrules:inventory-reports", roles=RUNNERS),
    internal("channelrules:shipment-import", roles=RUNNERS, method="post", ok=400),
    internal("channelrules:thresholds", roles=RUNNERS),
    portal("channelrules_portal:prices"),
    portal("channelrules_portal:prices-download", kwargs=lambda w: {"fmt": "csv"}, other=200),
    portal("channelrules_portal:inventory"),
    portal("channelrules_portal:inventory-template"),
    portal("channelrules_portal:inventory-upload", method="post", ok=400, other=400),
    portal("channelrules_portal:inventory-detail", kwargs=lambda w: {"pk": w.inventory_report_a.pk}),
]
