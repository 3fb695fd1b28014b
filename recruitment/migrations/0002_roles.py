"""Channel directors and managers run recruitment; finance and trainers have no part in it."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, grant

ALL = ["view", "add", "change", "delete"]
EDIT = ["view", "add", "change"]


def grant_recruitment(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {
                "recruitment.campaign": ALL, "recruitment.campaigngoal": ALL, "recruitment.screeningcriterion": ALL,
                "recruitment.application": ALL, "recruitment.stagechange": ["view", "add"],
                "recruitment.applicationemail": ["view"],
            },
            CHANNEL_MANAGER: {
                "recruitment.campaign": EDIT, "recruitment.campaigngoal": ALL, "recruitment.screeningcriterion": ALL,
                "recruitment.application": EDIT, "recruitment.stagechange": ["view", "add"],
                "recruitment.applicationemail": ["view"],
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_initial"),
        ("partners", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant_recruitment, migrations.RunPython.noop)]
