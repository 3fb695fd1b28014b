"""The base of the access layer: who is internal, who is a partner user, and what each may reach.

A partner user belongs to exactly one partner (through `PartnerMembership`, reached here as
`user.partner_membership`, so this module needs no import from the domain apps). Every queryset a
partner user can reach goes through `scope_to_partner()`; a miss is a 404, never someone else's row.
"""

from __future__ import annotations

import functools

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.db.models import CharField, QuerySet, Value

from common.roles import INTERNAL_ROLES


def membership_of(user):
    """The user's PartnerMembership, or None for anonymous and internal users."""
    if not getattr(user, "is_authenticated", False):
        return None
    # `__class__`, not type(): request.user is a lazy proxy, whose type has no such descriptor.
    related = getattr(getattr(user.__class__, "partner_membership", None), "related", None)
    if related is not None and related.is_cached(user):
        # Loaded with the user (common.auth_backend) or asked before: an internal user's missing membership is
        # cached as None, and reading it through the attribute would raise and catch an exception each time
        # (a page asks a dozen times).
        return related.get_cached_value(user)
    try:
        return user.partner_membership
    except (AttributeError, ObjectDoesNotExist):
        return None


def partner_of(user):
    membership = membership_of(user)
    return membership.partner if membership else None


def is_partner_user(user) -> bool:
    return membership_of(user) is not None


def is_internal_user(user) -> bool:
    """Internal = an active member of an internal role (or a superuser) who is not a partner user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or is_partner_user(user):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_internal_roles"):
        load_roles_and_permissions(user)
    return bool(user._internal_roles)


def load_roles_and_permissions(user) -> None:
    """Read an active user's internal roles and permissions ("app_label.codename", its own and its groups') in one
    query, and keep them on the user where `is_internal_user` and ModelBackend (`_user_perm_cache`,
    `_group_perm_cache`, `_perm_cache`) look for them: both are asked on every page. Not for superusers, whom
    ModelBackend grants every permission."""
    sql, count = _roles_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk] * count)
        rows = cursor.fetchall()
    roles, own_perms, group_perms = set(), set(), set()
    for group, app_label, codename in rows:
        if group is None:
            own_perms.add(f"{app_label}.{codename}")
            continue
        if group in INTERNAL_ROLES:
            roles.add(group)
        if codename is not None:
            group_perms.add(f"{app_label}.{codename}")
    user._internal_roles = roles
    user._user_perm_cache, user._group_perm_cache = own_perms, group_perms
    user._perm_cache = own_perms | group_perms


# The user id `_roles_statement` compiles with, to find where the user's id goes among the parameters.
_ANY_USER = -1


@functools.cache
def _roles_statement(vendor: str) -> tuple[str, int]:
    """The SQL of the roles and permissions query, compiled once per process and database vendor, and how many
    times it takes the user's id (its only parameters): the ORM takes longer to compile the UNION than the
    database takes to answer it, and every page asks it."""
    by_group = (
        Group.objects.filter(user__pk=_ANY_USER)
        .order_by()  # SQLite refuses an ORDER BY inside a UNION
        .values_list("name", "permissions__content_type__app_label", "permissions__codename")
    )
    own = (
        Permission.objects.filter(user__pk=_ANY_USER)
        .order_by()
        .annotate(group_name=Value(None, output_field=CharField()))
        .values_list("group_name", "content_type__app_label", "codename")
    )
    sql, params = by_group.union(own, all=True).query.sql_with_params()
    if any(param != _ANY_USER for param in params):  # a parameter that is not the user's id: compile it per user
        raise ImproperlyConfigured(f"The roles query takes parameters other than the user's id: {params!r}")
    return sql, len(params)


def roles_of(user) -> set[str]:
    if not is_internal_user(user):
        return set()
    if user.is_superuser:
        return set(INTERNAL_ROLES)
    return set(user._internal_roles)


def scope_to_partner(queryset: QuerySet, user, *, partner_field: str = "partner", perm: str | None = None):
    """What of `queryset` the user may see.

    Internal users see everything when they hold `perm` (or when no perm is asked); a partner user
    sees only rows whose `partner_field` is its own partner; everybody else sees nothing.
    """
    if is_internal_user(user):
        return queryset if perm is None or user.has_perm(perm) else queryset.none()
    partner = partner_of(user)
    if partner is None:
        return queryset.none()
    lookup = "pk" if partner_field in ("", "self") else partner_field
    return queryset.filter(**{lookup: partner.pk})


class InternalRequiredMixin(AccessMixin):
    """Internal pages: anonymous users go to the login page, partner users and users without the
    permission get 403. Set `permission_required` to a permission or a tuple of them (all needed)."""

    permission_required: str | tuple[str, ...] | None = None

    def has_access(self) -> bool:
        user = self.request.user
        if not is_internal_user(user):
            return False
        perms = self.permission_required
        if perms is None:
            return True
        return user.has_perms((perms,) if isinstance(perms, str) else perms)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PortalRequiredMixin(AccessMixin):
    """Portal pages: only partner users; `self.partner` and `self.membership` are theirs."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = membership_of(request.user)
        if self.membership is None or not request.user.is_active:
            raise PermissionDenied
        self.partner = self.membership.partner
        return super().dispatch(request, *args, **kwargs)


class PartnerScopedMixin(PortalRequiredMixin):
    """A portal list or detail view whose queryset is narrowed to the user's partner.

    Subclasses set `model` (or `get_base_queryset()`) and `partner_field`; anything outside the
    user's partner is simply not in the queryset, so detail views answer 404.
    """

    partner_field = "partner"

    def get_base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self):
        return scope_to_partner(self.get_base_queryset(), self.request.user, partner_field=self.partner_field)
