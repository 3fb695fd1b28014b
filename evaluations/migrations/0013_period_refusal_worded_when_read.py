from django.db import migrations, models


def keep_stored_reasons(apps, schema_editor):
    """A reason stored as text before stays readable, as it was worded then (no parameter to reword)."""
    PeriodEvaluation = apps.get_model("evaluations", "PeriodEvaluation")
    for evaluation in PeriodEvaluation.objects.exclude(calculation_error=""):
        evaluation.calculation_refusal = {"message": evaluation.calculation_error.replace("%", "%%"), "params": {}}
        evaluation.save(update_fields=["calculation_refusal"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0012_period_evaluation_calculation_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperiodevaluation",
            name="calculation_refusal",
            field=models.JSONField(blank=True, default=dict, verbose_name="why the calculation stopped"),
        ),
        migrations.AddField(
            model_name="periodevaluation",
            name="calculation_refusal",
            field=models.JSONField(blank=True, default=dict, verbose_name="why the calculation stopped"),
        ),
        migrations.RunPython(keep_stored_reasons, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalperiodevaluation", name="calculation_error"),
        migrations.RemoveField(model_name="periodevaluation", name="calculation_error"),
    ]
