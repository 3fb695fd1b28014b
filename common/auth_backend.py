"""Django's ModelBackend, reading a signed-in user's frame in two queries instead of five.

Every page needs the user, whether it belongs to a partner (and which), its internal roles and its permissions.
ModelBackend reads the user, then on first use its own and its groups' permissions (three queries), and
common.access the partner membership, its partner and the roles (two or three more). Here the user comes with its
membership, partner and tier in one join, and the roles come with both kinds of permissions in one query
(`common.access.load_roles_and_permissions`), which fills the caches ModelBackend and common.access read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.query import get_related_populators

from common.access import load_roles_and_permissions

# The user id `_user_statement` compiles with, to check it is the statement's one parameter.
_ANY_USER = -1


class ChannelworkBackend(ModelBackend):
    def get_user(self, user_id):
        user = _user_statement(connection.vendor).fetch(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_superuser and not hasattr(user_obj, "_perm_cache"):
            load_roles_and_permissions(user_obj)
        return super().get_all_permissions(user_obj, obj)


@dataclass(frozen=True)
class _UserStatement:
    """The compiled SELECT of a user with its membership, partner and tier, and how its row becomes them: what
    Django's own iterator does with a select_related row, without compiling the join on every request."""

    sql: str
    model: type
    fields: slice  # the user's columns in the row
    attnames: list[str]
    populators: list  # the related objects' RelatedPopulators: each builds its object from the row and links it
    converters: dict  # column → (converters, expression), as the compiler applies them

    def fetch(self, user_id):
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (converters, expression) in self.converters.items():
            for convert in converters:
                row[position] = convert(row[position], expression, connection)
        user = self.model.from_db(connection.alias, self.attnames, row[self.fields])
        for populator in self.populators:
            populator.populate(row, user)
        return user


@functools.cache
def _user_statement(vendor: str) -> _UserStatement:
    """Compiled once per process and database vendor: compiling the three joins takes the ORM longer than the
    database takes to answer them, and every signed-in request asks."""
    queryset = (
        get_user_model()
        ._default_manager.select_related("partner_membership__partner__tier")
        .filter(pk=_ANY_USER)
        .order_by()
    )
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if list(params) != [_ANY_USER]:
        raise ImproperlyConfigured(f"The user query takes parameters other than the user's id: {params!r}")
    select, klass_info = compiler.select, compiler.klass_info
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _UserStatement(
        sql=sql,
        model=klass_info["model"],
        fields=slice(first, last),
        attnames=[column[0].target.attname for column in select[first:last]],
        populators=get_related_populators(klass_info, select, connection.alias),
        converters=compiler.get_converters([column[0] for column in select]),
    )
