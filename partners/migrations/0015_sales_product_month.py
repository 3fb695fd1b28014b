"""The monthly sales of each product (the channel rules' sell-through and weeks of stock read it instead of the
month's sales lines): the table, then filled from the sales lines already on record that name a product (one
INSERT … SELECT … GROUP BY). From here on every sales write keeps it with the monthly summary
(partners/sales_months.py)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum
from django.db.models.functions import TruncMonth


def fill(apps, schema_editor):
    SalesRecord = apps.get_model("partners", "SalesRecord")
    SalesProductMonth = apps.get_model("partners", "SalesProductMonth")
    connection = schema_editor.connection
    grouped = (
        SalesRecord.objects.using(connection.alias)
        .exclude(product_code="")
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month", "product_code")
        .annotate(s_quantity=Sum("quantity"))
        .order_by()
        .values_list("partner_id", "month", "product_code", "s_quantity")
    )
    select, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("partner_id", "month", "product_code", "quantity"))
    table = quote(SalesProductMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # nosec B608


class Migration(migrations.Migration):
    dependencies = [("partners", "0014_status_history_index")]

    operations = [
        migrations.CreateModel(
            name="SalesProductMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(verbose_name="month")),
                ("product_code", models.CharField(max_length=30, verbose_name="product code")),
                ("quantity", models.BigIntegerField(verbose_name="quantity")),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.partner",
                        verbose_name="partner",
                    ),
                ),
            ],
            options={
                "verbose_name": "monthly sales of a product",
                "verbose_name_plural": "monthly sales of products",
                "indexes": [
                    models.Index(
                        fields=["month"],
                        include=("partner", "product_code", "quantity"),
                        name="sales_product_month_covering",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("partner", "month", "product_code"), name="sales_product_month_unique_per_partner"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
