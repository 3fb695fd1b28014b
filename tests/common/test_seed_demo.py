from django.contrib.auth import get_user_model
from django.core.management import call_command

from common.roles import INTERNAL_ROLES
from partners.models import Partner


def _counts():
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_twice_changes_nothing_and_prints_every_role(db, capsys):
    call_command("seed_demo")
    first = _counts()
    output = capsys.readouterr().out
    call_command("seed_demo")
    assert _counts() == first
    for role in INTERNAL_ROLES:
        assert role in output
    User = get_user_model()
    assert User.objects.filter(groups__name__in=INTERNAL_ROLES).distinct().count() >= len(INTERNAL_ROLES)
    assert Partner.objects.filter(memberships__isnull=False).exists()
