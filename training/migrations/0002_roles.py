"""Trainers own training; directors may do everything; managers see it and register their partners' people."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, TRAINER, grant

ALL = ["view", "add", "change", "delete"]
OWN = {
    "training.course": ALL, "training.coursematerial": ALL, "training.session": ALL,
    "training.enrollment": ALL, "training.certification": ALL, "training.certificationreminder": ["view"],
}


def grant_training(apps, schema_editor):
    grant(
        apps,
        {
            TRAINER: OWN,
            CHANNEL_DIRECTOR: OWN,
            CHANNEL_MANAGER: {
                "training.course": ["view"], "training.coursematerial": ["view"], "training.session": ["view"],
                "training.enrollment": ["view", "add"], "training.certification": ["view"],
                "training.certificationreminder": ["view"],
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("partners", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant_training, migrations.RunPython.noop)]
