"""Grant the plan's permissions to the internal roles. The director writes and approves the plan; managers
read it and keep the risk register and reviews; Finance reads it and enters spend against the budget."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant, grant_custom

EDIT = ["view", "add", "change"]
VIEW = ["view"]
MODELS = ("plan", "goal", "goalrevision", "marketsize", "coveragetarget", "budgetline", "spend", "risk", "review")


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {f"plans.{m}": EDIT for m in MODELS},
            CHANNEL_MANAGER: {f"plans.{m}": VIEW for m in MODELS} | {"plans.risk": EDIT, "plans.review": EDIT},
            FINANCE: {f"plans.{m}": VIEW for m in MODELS} | {"plans.spend": ["view", "add"]},
        },
    )
    grant_custom(apps, {CHANNEL_DIRECTOR: ["plans.approve_plan"]})


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("incentives", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
