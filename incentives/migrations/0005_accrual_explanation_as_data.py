"""An accrual's explanation becomes data (`Accrual.why`, a message id with parameters, see
incentives/explanations.py) worded in the reader's language when displayed.

Rows calculated before keep their text: it is stored as a JSON string, which `render` shows as it is, so
every old accrual reads exactly as before (in the language of the worker that calculated it) until a
recalculation of its month replaces it by data.
"""

from django.db import migrations, models

TO_JSON = {
    "postgresql": "UPDATE incentives_accrual SET why = to_jsonb(explanation)",
    "sqlite": "UPDATE incentives_accrual SET why = json_quote(explanation)",
}


def text_to_json(apps, schema_editor):
    schema_editor.execute(TO_JSON[schema_editor.connection.vendor])


def json_to_text(apps, schema_editor):
    from incentives.explanations import render

    Accrual = apps.get_model("incentives", "Accrual")
    accruals = list(Accrual.objects.only("pk", "why"))
    for accrual in accruals:
        accrual.explanation = render(accrual.why)
    Accrual.objects.bulk_update(accruals, ["explanation"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0004_fund_amounts_accept_one_cent")]
    operations = [
        migrations.AddField(
            model_name="accrual",
            name="why",
            field=models.JSONField(default="", verbose_name="explanation"),
            preserve_default=False,
        ),
        migrations.RunPython(text_to_json, json_to_text),
        # A default, so that undoing the removal can add the column back to existing rows.
        migrations.AlterField(
            model_name="accrual", name="explanation", field=models.TextField(default="", verbose_name="explanation")
        ),
        migrations.RemoveField(model_name="accrual", name="explanation"),
    ]
