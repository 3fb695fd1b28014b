"""The monthly sales summary counts the priced sales lines too (the base of the price compliance rate, which the
monthly cycle reads from here): the column, then the summary filled again from the sales lines already on record
as 0012 does (one DELETE, one INSERT … SELECT … GROUP BY)."""

from django.db import migrations, models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth


def fill(apps, schema_editor):
    SalesRecord = apps.get_model("partners", "SalesRecord")
    SalesMonth = apps.get_model("partners", "SalesMonth")
    connection = schema_editor.connection
    SalesMonth.objects.using(connection.alias).all().delete()
    amount = SalesRecord._meta.get_field("amount")
    grouped = (
        SalesRecord.objects.using(connection.alias)
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(
            s_amount=Sum("amount"),
            s_returns=Coalesce(Sum("amount", filter=Q(kind="return")), 0, output_field=amount),
            s_quantity=Sum("quantity"),
            s_new_customers=Sum("new_customers"),
            s_lines=Count("pk"),
            s_priced=Count("pk", filter=Q(kind="sale", unit_price__isnull=False)),
        )
        .order_by()
        .values_list(
            "partner_id", "month", "s_amount", "s_returns", "s_quantity", "s_new_customers", "s_lines", "s_priced"
        )
    )
    select, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ("partner_id", "month", "amount", "returns", "quantity", "new_customers", "lines", "priced")
    columns = ", ".join(quote(name) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(SalesMonth._meta.db_table)} ({columns}) {select}", params)  # nosec B608


class Migration(migrations.Migration):
    dependencies = [("partners", "0012_sales_month_fill")]

    operations = [
        migrations.AddField(
            model_name="salesmonth",
            name="priced",
            field=models.IntegerField(default=0, verbose_name="priced sales lines"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
