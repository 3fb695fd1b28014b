"""Transactional tests (browser, concurrency) start from a flushed database, which has lost what data
migrations created: the regions and the role groups. `restore_reference_data()` runs those again."""

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

DATA_MIGRATION_SUFFIXES = ("_regions", "_roles")


def restore_reference_data() -> None:
    executor = MigrationExecutor(connection)
    state_apps = executor.loader.project_state().apps
    for app_label, name in sorted(executor.loader.disk_migrations):
        if not name.endswith(DATA_MIGRATION_SUFFIXES):
            continue
        module = importlib.import_module(f"{app_label}.migrations.{name}")
        for operation in module.Migration.operations:
            operation.code(state_apps, None)
