"""Channel directors and managers run deal registration, leads and conflict cases; nobody else sees them."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, grant, grant_custom

ALL = ["view", "add", "change", "delete"]
CHANNEL = {
    "deals.dealregistration": ["view", "change"],
    "deals.lead": ALL,
    "deals.leadoffer": ["view"],
    "deals.conflictcase": ["view", "add", "change"],
    "deals.reservedcustomer": ALL,
}


def grant_deals(apps, schema_editor):
    grant(apps, {CHANNEL_DIRECTOR: CHANNEL, CHANNEL_MANAGER: CHANNEL})
    grant_custom(
        apps,
        {
            CHANNEL_DIRECTOR: ["deals.decide_dealregistration"],
            CHANNEL_MANAGER: ["deals.decide_dealregistration"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0001_initial"),
        ("partners", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant_deals, migrations.RunPython.noop)]
