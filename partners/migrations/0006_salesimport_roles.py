"""Who sees the sales-import history: directors and managers (who import), finance (who reads sales)."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant


def grant_imports(apps, schema_editor):
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: {"partners.salesimport": ["view", "add"]},
            CHANNEL_MANAGER: {"partners.salesimport": ["view", "add"]},
            FINANCE: {"partners.salesimport": ["view"]},
        },
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_salesimport")]
    operations = [migrations.RunPython(grant_imports, migrations.RunPython.noop)]
