"""Fund request and claim amounts: the minimum of one cent is a Decimal, so exactly 0.01 is accepted
(the float 0.01 compared greater than Decimal("0.01"))."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

ONE_CENT = [django.core.validators.MinValueValidator(Decimal("0.01"))]


def amount(verbose_name):
    return models.DecimalField(decimal_places=2, max_digits=14, validators=ONE_CENT, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0003_rebate_ledger_append_only")]
    operations = [
        migrations.AlterField(model_name="fundclaim", name="amount", field=amount("amount claimed")),
        migrations.AlterField(model_name="fundrequest", name="amount", field=amount("amount requested")),
        migrations.AlterField(model_name="historicalfundclaim", name="amount", field=amount("amount claimed")),
        migrations.AlterField(model_name="historicalfundrequest", name="amount", field=amount("amount requested")),
    ]
