"""`__in` with a long list of ids or codes, on PostgreSQL: bound as one array parameter.

The server binds the parameters (config.settings, DATABASE_PREPARED_STATEMENTS), and a statement takes at most
65,535 of them; `IN (%s, %s, …)` takes one per value, and some reads list every partner by id (the plan's
training completion lists every active partner: 80,000 at the tenfold benchmark). `= ANY(%s::bigint[])` takes
one whatever the length, and PostgreSQL plans `IN (…)` as exactly that. Lists of other values (dates, decimals,
mixed) keep `IN (…)`, as do short lists, whose SQL reads as before.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In
from django.utils.datastructures import OrderedSet

LONG_LIST = 100
# Python type of every value → the array the column is compared with (an integer or text column of any width).
ARRAY_TYPES = {int: "bigint", str: "text"}


class _ArrayWhenLong:
    def as_postgresql(self, compiler, connection):
        if self.rhs_is_direct_value() and len(self.rhs) > LONG_LIST and not isinstance(self.lhs, (ColPairs, tuple)):
            try:
                values = OrderedSet(self.rhs)
            except TypeError:  # unhashable values: IN (…) as Django writes it
                return self.as_sql(compiler, connection)
            values.discard(None)  # NULL is never equal to anything, as with IN
            if not values:
                raise EmptyResultSet
            sqls, params = self.batch_process_rhs(compiler, connection, values)
            kinds = {type(param) for param in params}
            array = ARRAY_TYPES.get(kinds.pop()) if len(kinds) == 1 else None
            if array is not None and all(sql == "%s" for sql in sqls):
                lhs, lhs_params = self.process_lhs(compiler, connection)
                return f"{lhs} = ANY(%s::{array}[])", (*lhs_params, list(params))
        return self.as_sql(compiler, connection)


class ArrayIn(_ArrayWhenLong, In):
    pass


class RelatedArrayIn(_ArrayWhenLong, RelatedIn):
    pass


def register() -> None:
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(RelatedArrayIn)
