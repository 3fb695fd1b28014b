"""Fill the monthly sales summary from the sales lines already on record (one DELETE, one INSERT … SELECT …
GROUP BY). From here on every path that writes sales keeps it (partners/sales_months.py); `manage.py
rebuild_sales_months` does the same as this migration at any later time."""

from django.db import migrations
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth


def fill(apps, schema_editor):
    SalesRecord = apps.get_model("partners", "SalesRecord")
    SalesMonth = apps.get_model("partners", "SalesMonth")
    connection = schema_editor.connection
    SalesMonth.objects.using(connection.alias).all().delete()
    grouped = (
        SalesRecord.objects.using(connection.alias)
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(
            s_amount=Sum("amount"),
            s_returns=Coalesce(Sum("amount", filter=Q(kind="return")), 0, output_field=SalesRecord._meta.get_field("amount")),
            s_quantity=Sum("quantity"),
            s_new_customers=Sum("new_customers"),
            s_lines=Count("pk"),
        )
        .order_by()
        .values_list("partner_id", "month", "s_amount", "s_returns", "s_quantity", "s_new_customers", "s_lines")
    )
    select, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("partner_id", "month", "amount", "returns", "quantity", "new_customers", "lines"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(SalesMonth._meta.db_table)} ({columns}) {select}", params)


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_sales_month_summary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
