"""The monthly sales summaries as stored, and as the sales lines say they must be (the tests compare the two)."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from common.money import ZERO
from partners.models import SalesMonth, SalesProductMonth, SalesRecord


def from_lines() -> dict:
    """What the summary must hold: the sums of the lines, grouped by partner and month."""
    rows = (
        SalesRecord.objects.annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(
            a=Sum("amount"),
            r=Coalesce(Sum("amount", filter=Q(kind="return")), ZERO),
            q=Sum("quantity"),
            c=Sum("new_customers"),
            n=Count("pk"),
            p=Count("pk", filter=Q(kind="sale", unit_price__isnull=False)),
        )
        .order_by()
    )
    return {(x["partner_id"], x["month"]): (x["a"], x["r"], x["q"], x["c"], x["n"], x["p"]) for x in rows}


def summary() -> dict:
    rows = SalesMonth.objects.values_list(
        "partner_id", "month", "amount", "returns", "quantity", "new_customers", "lines", "priced"
    )
    return {(p, m): tuple(rest) for p, m, *rest in rows}


def products_from_lines() -> dict:
    """What the summary of products must hold: the units of the lines naming a product, by partner, month, product."""
    rows = (
        SalesRecord.objects.exclude(product_code="")
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month", "product_code")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    return {(x["partner_id"], x["month"], x["product_code"]): x["q"] for x in rows}


def products_summary() -> dict:
    rows = SalesProductMonth.objects.values_list("partner_id", "month", "product_code", "quantity")
    return {(p, m, code): quantity for p, m, code, quantity in rows}
