"""Re-create the internal roles after a transactional test's flush removed them.

Transactional tests (threads, live server) end with a flush, which empties the groups that data
migrations created; permissions come back through post_migrate, groups do not. This replays the role
migrations of partners and training against the real models.
"""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group

from common.roles import TRAINER

ROLE_MIGRATIONS = [
    ("partners.migrations.0003_roles", "create_roles"),
    ("training.migrations.0002_roles", "grant_training"),
]


class _LiveApps:
    """Enough of a migration's `apps` for `common.roles.grant`: the real models, and no app configs, as
    the permissions exist already (post_migrate re-creates them after a flush)."""

    def get_model(self, app_label, model_name):
        return global_apps.get_model(app_label, model_name)

    def get_app_configs(self):
        return []


@pytest.fixture
def internal_roles(transactional_db):
    if not Group.objects.filter(name=TRAINER, permissions__codename="change_enrollment").exists():
        for module, function in ROLE_MIGRATIONS:
            getattr(importlib.import_module(module), function)(_LiveApps(), None)
