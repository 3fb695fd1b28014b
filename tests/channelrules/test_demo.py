"""`seed_demo` gives the channel rules something to show: products, a price list per tier, findings (one
raised as an incident, one dismissed) and inventory reports, some late and some missing."""

from django.core.management import call_command

from channelrules.models import Finding, InventoryReport, PriceList, Product, Shipment
from common.periods import Period


def test_seed_demo_fills_the_channel_rules(db):
    call_command("seed_demo")

    assert Product.objects.count() == 6
    assert PriceList.objects.filter(tier__isnull=False).count() == 3
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert statuses == {Finding.Status.OPEN, Finding.Status.INCIDENT, Finding.Status.DISMISSED}
    assert set(Finding.objects.values_list("kind", flat=True)) == {Finding.Kind.PRICE, Finding.Kind.TERRITORY}
    assert InventoryReport.objects.filter(late=True).exists() and Shipment.objects.exists()
    last_month = Period.current().previous().first_day
    reported = InventoryReport.objects.filter(period=last_month).count()
    assert 0 < reported < InventoryReport.objects.filter(period=Period.current().previous(2).first_day).count()
