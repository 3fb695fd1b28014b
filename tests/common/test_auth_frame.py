"""The signed-in user's frame (user, partner, roles, permissions) read in three queries with the session, and
the same answers as Django's ModelBackend."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.access import is_internal_user, partner_of, roles_of
from common.auth_backend import ChannelworkBackend
from common.roles import CHANNEL_MANAGER, FINANCE
from tests.common.factories import DirectorFactory, ManagerFactory, UserFactory
from tests.partners.factories import PartnerUserFactory, TierFactory


def _fresh(user):
    return ChannelworkBackend().get_user(user.pk)


@pytest.mark.django_db
def test_roles_and_permissions_come_in_one_query_and_match_model_backend(django_assert_num_queries):
    user = ManagerFactory()
    user.groups.add(Group.objects.get(name=FINANCE), Group.objects.create(name="Auditors"))  # the last: no perms
    user.user_permissions.add(Permission.objects.get(codename="delete_partner"))
    user = _fresh(user)
    with django_assert_num_queries(1):
        assert is_internal_user(user)
        assert roles_of(user) == {CHANNEL_MANAGER, FINANCE}
        perms = user.get_all_permissions()
        assert user.has_perm("partners.delete_partner")
    reference = type(user).objects.get(pk=user.pk)
    assert perms == ModelBackend().get_all_permissions(reference)
    assert user.get_user_permissions() == {"partners.delete_partner"}
    assert user.get_group_permissions() == ModelBackend().get_group_permissions(reference)


@pytest.mark.django_db
def test_a_user_in_no_internal_group_is_not_internal():
    user = UserFactory()
    user.groups.add(Group.objects.create(name="Auditors"))
    user = _fresh(user)
    assert not is_internal_user(user)
    assert roles_of(user) == set()
    assert user.get_all_permissions() == set()


@pytest.mark.django_db
def test_a_partner_user_comes_with_its_partner_and_tier(django_assert_num_queries):
    user = PartnerUserFactory(partner__tier=TierFactory(name="Gold"))
    with django_assert_num_queries(1):
        loaded = _fresh(user)
    with django_assert_num_queries(0):
        assert partner_of(loaded) == user.partner_membership.partner
        assert partner_of(loaded).tier.name == "Gold"
        assert not is_internal_user(loaded)


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [DirectorFactory, PartnerUserFactory], ids=["internal", "partner"])
def test_the_compiled_user_is_the_users_row_as_the_orm_reads_it(client, factory):
    """The statement compiled once per process builds the same objects, with the same typed values (dates, times,
    flags), as the ORM's select_related would."""
    user = factory()
    client.force_login(user)  # a last login: a time with its time zone
    loaded = _fresh(user)
    reference = type(user).objects.select_related("partner_membership__partner__tier").get(pk=user.pk)
    assert _fields(loaded) == _fields(reference)
    assert loaded.last_login is not None and loaded.last_login.tzinfo is not None
    assert loaded._state.adding is False and loaded._state.db == "default"
    membership, expected = partner_of(loaded), partner_of(reference)
    if expected is None:
        assert membership is None
    else:
        assert _fields(membership) == _fields(expected)
        assert _fields(loaded.partner_membership) == _fields(reference.partner_membership)
    assert _fresh(type(user)(pk=-5)) is None


@pytest.mark.django_db
def test_inactive_users_are_not_loaded_and_lose_their_permissions():
    user = DirectorFactory()
    user.is_active = False
    user.save()
    assert _fresh(user) is None
    user.refresh_from_db()
    assert not is_internal_user(user)
    assert user.get_all_permissions() == set()


@pytest.mark.django_db
def test_a_role_taken_away_shows_on_the_next_request(client):
    user = ManagerFactory()
    client.force_login(user)
    assert client.get(reverse("partners:list")).status_code == 200
    user.groups.clear()
    assert client.get(reverse("partners:list")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "expected"), [(DirectorFactory, 3), (PartnerUserFactory, 2)])
def test_a_signed_in_page_reads_its_frame_in_at_most_three_queries(client, factory, expected):
    """Session, user with its partner, and for an internal user roles with permissions (a partner user's menu
    asks none); the password page reads nothing else."""
    client.force_login(factory())
    client.get(reverse("password_change"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("password_change")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == expected, sql
    assert 'FROM "django_session"' in sql[0]
    assert 'FROM "auth_user"' in sql[1] and '"partners_partnermembership"' in sql[1]
    if expected == 3:
        assert '"auth_user_groups"' in sql[2] and '"auth_user_user_permissions"' in sql[2]
