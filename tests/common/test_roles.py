import pytest
from django.contrib.auth.models import Group

from common.roles import INTERNAL_ROLES


@pytest.mark.parametrize("role", INTERNAL_ROLES)
def test_roles_exist_with_permissions(db, role):
    group = Group.objects.get(name=role)
    assert group.permissions.filter(codename="view_partner").exists()


def test_finance_cannot_change_partners(db):
    finance = Group.objects.get(name="Finance")
    assert not finance.permissions.filter(codename="change_partner").exists()
