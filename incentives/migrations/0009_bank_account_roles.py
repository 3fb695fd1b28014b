"""Finance keeps the partners' bank accounts; managers and directors may read them (masked on every page)."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            FINANCE: {"incentives.bankaccount": ["view", "add", "change"], "incentives.statementresponse": ["view"]},
            CHANNEL_DIRECTOR: {"incentives.bankaccount": ["view"], "incentives.statementresponse": ["view"]},
            CHANNEL_MANAGER: {"incentives.bankaccount": ["view"], "incentives.statementresponse": ["view"]},
        },
    )


class Migration(migrations.Migration):
    dependencies = [("incentives", "0008_bank_accounts_and_statement_answers")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
