"""Create the internal roles and grant them the partner register's permissions.

Later apps add their own permissions to these groups in their own data migrations (common.roles.grant).
"""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER, grant

ALL = ["view", "add", "change", "delete"]
EDIT = ["view", "add", "change"]


def create_roles(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {
                "partners.partner": ALL, "partners.contact": ALL, "partners.agreement": ALL,
                "partners.salesrecord": ALL, "partners.interaction": ALL, "partners.complianceincident": ALL,
                "partners.tier": ALL, "partners.region": EDIT, "partners.productcategory": ALL,
                "partners.partnermembership": ALL, "partners.partnerstatuschange": ["view", "add"],
            },
            CHANNEL_MANAGER: {
                "partners.partner": EDIT, "partners.contact": ALL, "partners.agreement": EDIT,
                "partners.salesrecord": EDIT, "partners.interaction": ALL, "partners.complianceincident": EDIT,
                "partners.tier": ["view"], "partners.region": ["view", "add"], "partners.productcategory": ["view"],
                "partners.partnermembership": EDIT, "partners.partnerstatuschange": ["view", "add"],
            },
            FINANCE: {
                "partners.partner": ["view"], "partners.contact": ["view"], "partners.agreement": ["view"],
                "partners.salesrecord": ["view"], "partners.tier": ["view"], "partners.region": ["view"],
                "partners.productcategory": ["view"],
            },
            TRAINER: {
                "partners.partner": ["view"], "partners.contact": ["view"], "partners.tier": ["view"],
                "partners.region": ["view"],
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
