"""Grant the evaluation permissions to the internal roles and create the default scorecard template.

Managers and directors own targets, templates and cycles; only directors reopen a published cycle.
Finance reads targets and scorecards (grade bonuses depend on them); trainers see nothing here.
"""

from decimal import Decimal

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant, grant_custom

ALL = ["view", "add", "change", "delete"]
EDIT = ["view", "add", "change"]
OWNED = ("target", "scorecardtemplate", "kpi", "gradeband", "templateassignment", "manualkpivalue")

# kind, weight, zero_at, full_at, ceiling — see evaluations.scoring.kpi_points for the mapping.
DEFAULT_KPIS = [
    ("sales_attainment", "40", "0", "100", "120"),
    ("yoy_growth", "15", "-20", "20", "100"),
    ("new_customers", "10", "0", "10", "100"),
    ("region_share", "10", "0", "20", "100"),
    ("training_completion", "10", "0", "100", "100"),
    ("compliance", "10", "3", "0", "100"),
    ("manual", "5", "0", "100", "100"),
]
DEFAULT_BANDS = [("A", "90"), ("B", "75"), ("C", "60"), ("D", "0")]


def setup(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {f"evaluations.{m}": ALL for m in OWNED}
            | {"evaluations.evaluationcycle": EDIT, "evaluations.scorecard": ["view", "change"],
               "evaluations.scorecardline": ["view"], "evaluations.evaluationemail": ["view"]},
            CHANNEL_MANAGER: {f"evaluations.{m}": EDIT for m in OWNED}
            | {"evaluations.evaluationcycle": EDIT, "evaluations.scorecard": ["view", "change"],
               "evaluations.scorecardline": ["view"], "evaluations.evaluationemail": ["view"]},
            FINANCE: {"evaluations.target": ["view"], "evaluations.evaluationcycle": ["view"],
                      "evaluations.scorecard": ["view"], "evaluations.scorecardline": ["view"]},
        },
    )
    grant_custom(
        apps,
        {
            CHANNEL_DIRECTOR: ["evaluations.publish_evaluationcycle", "evaluations.reopen_evaluationcycle"],
            CHANNEL_MANAGER: ["evaluations.publish_evaluationcycle"],
        },
    )
    Template = apps.get_model("evaluations", "ScorecardTemplate")
    if Template.objects.exists():
        return
    template = Template.objects.create(
        name="标准评分卡", description="Default scorecard for every channel type.", is_default=True
    )
    KPI = apps.get_model("evaluations", "KPI")
    for position, (kind, weight, zero_at, full_at, ceiling) in enumerate(DEFAULT_KPIS):
        KPI.objects.create(
            template=template, kind=kind, weight=Decimal(weight), zero_at=Decimal(zero_at),
            full_at=Decimal(full_at), ceiling=Decimal(ceiling), position=position,
        )
    GradeBand = apps.get_model("evaluations", "GradeBand")
    for grade, min_total in DEFAULT_BANDS:
        GradeBand.objects.create(template=template, grade=grade, min_total=Decimal(min_total))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("partners", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
