"""History rows ("who, when, what changed") for a detail page, computed in memory from simple-history
records fetched once, so a long history costs one query."""

from __future__ import annotations

from dataclasses import dataclass

SKIPPED = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user", "created_at"}


@dataclass
class Change:
    when: object
    who: object
    kind: str
    label: str
    fields: list[tuple[str, str, str]]


def changes(records, *, label=lambda record: "") -> list[Change]:
    """Newest first; each record compared with the previous record of the same object."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous: dict[int, object] = {}
    result = []
    for record in records:
        model = record.instance_type
        before = previous.get(record.id)
        fields = []
        for field in model._meta.concrete_fields:
            name = field.attname
            if field.name in SKIPPED or name in SKIPPED:
                continue
            after_value = getattr(record, name, None)
            before_value = getattr(before, name, None) if before is not None else None
            if before is None or before_value != after_value:
                if before is None and after_value in (None, "", [], {}):
                    continue
                fields.append((str(field.verbose_name), _text(before_value), _text(after_value)))
        result.append(
            Change(record.history_date, record.history_user, record.get_history_type_display(), label(record), fields)
        )
        previous[record.id] = record
    return list(reversed(result))


def _text(value) -> str:
    return "—" if value in (None, "") else str(value)
