"""Directors and channel managers run the channel rules; finance reads the catalogue and price lists."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant

ALL = ["view", "add", "change", "delete"]
RUN = {
    "channelrules.product": ALL,
    "channelrules.pricelist": ALL,
    "channelrules.pricelistline": ALL,
    "channelrules.finding": ["view", "add", "change"],
    "channelrules.shipment": ALL,
    "channelrules.inventoryreport": ["view"],
    "channelrules.inventoryline": ["view"],
    "channelrules.stockthreshold": ALL,
}


def grant_channelrules(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: RUN,
            CHANNEL_MANAGER: RUN,
            FINANCE: {"channelrules.product": ["view"], "channelrules.pricelist": ["view"], "channelrules.pricelistline": ["view"]},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("channelrules", "0001_initial"),
        ("partners", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant_channelrules, migrations.RunPython.noop)]
