"""Multi-row upserts that cost one COPY and one statement for any number of rows.

Django's `bulk_create(update_conflicts=True)` prepares every value of every row in Python and, on PostgreSQL,
sends them as arrays that psycopg quotes one string at a time: for tens of thousands of rows with a JSON column
that is seconds of Python. `copy_upsert` streams the rows into a temporary staging table with COPY instead,
then writes them with one `INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE (stored) IS DISTINCT FROM (new)`,
so a row equal to what is stored is not rewritten (no new row version, no trigger). Other databases (SQLite,
the embedded default) take `bulk_create` with the same meaning. `any_of` names many ids in one parameter.

The table and column names come from the model's own metadata, never from input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models
from django.db.models.expressions import RawSQL


def copy_upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    unique: Sequence[str],
    update: Sequence[str],
    compared: Sequence[str] | None = None,
    guard: tuple[str, str] | None = None,
    fresh: bool = False,
) -> None:
    """Insert `rows` (tuples of `columns`, by attname) into `model`'s table, updating the row with the same
    `unique` columns instead: `update` columns are set, but only where one of the `compared` ones (default:
    all of `update`) differs from what is stored, and, with `guard` = (column, value), only where the stored
    row's column has that value (e.g. only a draft). `fresh` says no stored row has any of the rows' `unique`
    values (the caller holds the lock of every writer and read none): the rows are copied straight in."""
    rows = list(rows)
    if not rows:
        return
    if connection.vendor != "postgresql":
        _bulk_create(model, columns, rows, unique=unique, update=update)
        return
    meta = model._meta
    table = meta.db_table
    fields = {field.attname: field for field in meta.concrete_fields}
    converters = _converters([fields[column] for column in columns])
    qn = connection.ops.quote_name
    names = ", ".join(qn(column) for column in columns)
    stage = qn(f"{table}_stage")
    compared = list(compared or update)
    where = f"({', '.join(f'{qn(table)}.{qn(c)}' for c in compared)}) IS DISTINCT FROM "
    where += f"({', '.join(f'EXCLUDED.{qn(c)}' for c in compared)})"
    params = []
    if guard:
        where += f" AND {qn(table)}.{qn(guard[0])} = %s"
        params.append(guard[1])
    with connection.cursor() as cursor:
        if fresh:
            _copy(cursor, qn(table), names, rows, converters)
            return
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{stage}")
        cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {names} FROM {qn(table)} WITH NO DATA")  # nosec B608
        _copy(cursor, stage, names, rows, converters)
        cursor.execute(
            f"INSERT INTO {qn(table)} ({names}) SELECT {names} FROM {stage} "  # nosec B608
            f"ON CONFLICT ({', '.join(qn(c) for c in unique)}) DO UPDATE SET "
            + ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in update)
            + f" WHERE {where}",
            params,
        )


# JSON as jsonb keeps it (no spaces, text as it is rather than \u escapes): a fifth less to encode and send.
_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode


class _IsoTexts(dict):
    """A date or time stamp → its ISO text, made once: the rows of a write share a handful (the month, the time
    of the run), and psycopg would format each anew (about a microsecond a value, 10⁵ values a calculation)."""

    def __missing__(self, value):
        text = self[value] = None if value is None else value.isoformat()
        return text


def _json_once() -> Callable:
    """JSON text of a value, encoded once per object: rows that share a value (partners that share a result
    share its explanation) encode it once. By id(): the rows being copied hold every value until the copy ends,
    so no id is reused meanwhile."""
    texts: dict[int, str] = {}

    def text(value) -> str:
        found = texts.get(id(value))
        if found is None:
            found = texts[id(value)] = _json(value)
        return found

    return text


def _converters(fields: list[models.Field]) -> list[tuple[int, Callable]]:
    """(column index, what makes its COPY text) for the JSON, date and time stamp columns."""
    converters = []
    for i, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            converters.append((i, _json_once()))
        elif isinstance(field, models.DateField):  # and DateTimeField, a subclass
            converters.append((i, _IsoTexts().__getitem__))
    return converters


def _copy(cursor, table: str, names: str, rows: list[Sequence], converters: list[tuple[int, Callable]]) -> None:
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        write = copy.write_row
        if not converters:
            for row in rows:
                write(row)
            return
        for row in rows:
            row = list(row)
            for i, convert in converters:
                row[i] = convert(row[i])
            write(row)


def _bulk_create(model, columns, rows, *, unique, update) -> None:
    meta = model._meta
    by_attname = {field.attname: field.name for field in meta.concrete_fields}
    model.objects.bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows],
        update_conflicts=True,
        unique_fields=[by_attname[c] for c in unique],
        update_fields=[by_attname[c] for c in update],
        batch_size=500,
    )


def any_of(ids: Iterable[int]):
    """The right-hand side of an `__in` lookup over many ids: on PostgreSQL one array parameter (naming thousands
    of ids one parameter each costs more to build and parse than the query costs to run), elsewhere the list."""
    ids = sorted(ids)
    if connection.vendor != "postgresql":
        return ids
    return RawSQL("SELECT unnest(%s::bigint[])", [ids])  # nosec B611: the ids travel as one parameter
