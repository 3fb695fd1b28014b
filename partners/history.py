"""A partner's register changes as "field: before → after" lines, read from django-simple-history.

Adjacent historical rows are compared in memory, and foreign keys are resolved to names with one query
per related model, so the history tab's query count does not grow with the number of changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from partners.models import Partner, Region, Tier

SKIPPED = {"id", "created_at", "updated_at"}
RELATED = {"tier": Tier, "region": Region, "manager": get_user_model()}


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Change:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    fields: list[FieldChange]


def _label(obj) -> str:
    full_name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
    return full_name or str(obj)


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    if field.name in RELATED:
        return names[field.name].get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def partner_changes(partner: Partner, *, limit: int = 50) -> list[Change]:
    records = list(partner.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = [field for field in Partner._meta.concrete_fields if field.name not in SKIPPED]
    names = {}
    for name, model in RELATED.items():
        attname = Partner._meta.get_field(name).attname
        ids = {getattr(record, attname) for record in records} - {None}
        names[name] = {obj.pk: _label(obj) for obj in model.objects.filter(pk__in=ids)}
    changes = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        lines = []
        for field in fields:
            after = getattr(record, field.attname)
            before = getattr(previous, field.attname) if previous else None
            if previous is None and record.history_type != "+":
                continue  # the oldest shown row of a long history: nothing to compare it with
            if after != before:
                lines.append(
                    FieldChange(str(field.verbose_name), _display(field, before, names), _display(field, after, names))
                )
        changes.append(Change(record.history_date, record.history_user, record.history_type, lines))
    return changes
