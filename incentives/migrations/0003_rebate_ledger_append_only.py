"""On PostgreSQL the rebate-account ledger refuses UPDATE and DELETE at the database itself:
an entry is never edited, only reversed by a new one. (SQLite relies on the service layer.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION incentives_rebate_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rebate account entries are append-only; reverse an entry with a new one';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER incentives_rebate_ledger_append_only
    BEFORE UPDATE OR DELETE ON incentives_rebateaccountentry
    FOR EACH ROW EXECUTE FUNCTION incentives_rebate_ledger_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS incentives_rebate_ledger_append_only ON incentives_rebateaccountentry;
DROP FUNCTION IF EXISTS incentives_rebate_ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0002_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
