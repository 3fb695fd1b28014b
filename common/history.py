"""Who changed what, and why: the one way to sign a change tracked by django-simple-history, and the one
way to read a list of changes back for a page.

Signing: simple-history takes the user from the request, which a service called by a task, a command or
another service does not have; `changed_by` states it on the instance about to be saved or deleted.

Reading: historical rows fetched once are compared in memory with the previous row of the same object;
foreign keys are resolved to names with one query per related model, choices show their labels, people
their names and moments the local date and time, so a page's query count does not grow with its history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from common import display

REASON_LENGTH = 100  # simple-history's history_change_reason column
SKIPPED = {"id", "created_at", "updated_at"}
KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def changed_by(instance: models.Model, by, *, reason: str | None = None) -> models.Model:
    """Sign the next save or delete of `instance` in its history with `by` (None: the system) and a reason.

    A reason longer than the history column is cut with an ellipsis rather than failing the change.
    """
    instance._history_user = by
    reason = (reason or "").strip()
    if reason:
        if len(reason) > REASON_LENGTH:
            reason = reason[: REASON_LENGTH - 1] + "…"
        instance._change_reason = reason
    return instance


class FieldChange(NamedTuple):
    field: str
    before: str
    after: str


@dataclass
class Change:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    label: str
    fields: list[FieldChange]
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


def _names(records: list, fields_by_model: dict) -> dict[tuple[type, str], dict]:
    """(related model, field name) → {pk: shown name}: one query per related model and field."""
    wanted: dict[type, set] = {}
    for record in records:
        for field in fields_by_model[record.instance_type]:
            if field.is_relation and field.many_to_one:
                value = getattr(record, field.attname, None)
                if value is not None:
                    wanted.setdefault(field.related_model, set()).add(value)
    user_model = get_user_model()
    names = {}
    for model, ids in wanted.items():
        shown = display.person if model is user_model else str
        names[model] = {obj.pk: shown(obj) for obj in model._base_manager.filter(pk__in=ids)}
    return names


def _text(field, value, names, shown=None) -> str:
    if value in (None, ""):
        return "—"
    if shown is not None:
        return shown(value)
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return display.moment(value)
    if isinstance(field, models.DateField):
        return display.day(value)
    if isinstance(field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    return str(value)


def changes(
    records: Iterable,
    *,
    label: Callable[[object], str] = lambda record: "",
    limit: int | None = None,
    shown: dict[str, Callable[[object], str]] | None = None,
) -> list[Change]:
    """The changes of one or several objects (of one or several models), newest first.

    `records` are historical rows, best fetched with `select_related("history_user")`. With `limit`, the
    newest `limit` changes are shown; pass limit + 1 rows so the oldest shown one has its predecessor.
    An object's first row shows what it was created with; a row whose predecessor was not fetched shows
    no field lines (nothing to compare it with). `shown` words the values of fields (by name) that only
    their owner can word, e.g. a JSON field of rules.
    """
    shown = shown or {}
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    truncated = limit is not None and len(records) > limit
    fields_by_model = {
        model: [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
        for model in {record.instance_type for record in records}
    }
    names = _names(records, fields_by_model)
    previous: dict[tuple[type, object], object] = {}
    result = []
    for record in records:
        key = (record.instance_type, record.id)
        before = previous.get(key)
        lines = []
        if before is not None or record.history_type == "+" or not truncated:
            for field in fields_by_model[record.instance_type]:
                after_value = getattr(record, field.attname, None)
                before_value = getattr(before, field.attname, None) if before is not None else None
                if before is None and after_value in (None, "", [], {}):
                    continue
                if before is None or before_value != after_value:
                    lines.append(
                        FieldChange(
                            str(field.verbose_name),
                            _text(field, before_value, names, shown.get(field.name)) if before is not None else "—",
                            _text(field, after_value, names, shown.get(field.name)),
                        )
                    )
        result.append(
            Change(
                record.history_date,
                record.history_user,
                record.history_type,
                label(record),
                lines,
                record.history_change_reason or "",
            )
        )
        previous[key] = record
    result.reverse()
    return result[:limit] if limit is not None else result
