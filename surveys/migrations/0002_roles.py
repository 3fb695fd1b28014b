"""Directors own surveys and their schedule; managers run customer rounds and read every result."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, grant

ALL = ["view", "add", "change", "delete"]


def grant_surveys(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {
                "surveys.surveytemplate": ALL, "surveys.surveyversion": ALL, "surveys.question": ALL,
                "surveys.surveyschedule": ALL, "surveys.surveyround": ALL, "surveys.invitation": ["view"],
                "surveys.response": ["view"],
            },
            CHANNEL_MANAGER: {
                "surveys.surveytemplate": ["view"], "surveys.surveyversion": ["view"], "surveys.question": ["view"],
                "surveys.surveyround": ["view", "add", "change"], "surveys.invitation": ["view"],
                "surveys.response": ["view"],
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("partners", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant_surveys, migrations.RunPython.noop)]
