"""Import of a session's attendance and scores from CSV: every row checked, row errors reported, and
nothing written unless the whole file is right.

The file has a header row with the columns `email` (or `contact` for a name, when the contact has no
email), `status` and `score`. The roster download of a session (`roster_rows`) has exactly this shape,
so a trainer downloads it, fills it in and uploads it back.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from training.models import Enrollment, Session
from training.services import AttendanceEntry, attendance_record

MAX_ROWS = 2000
HEADER = ("email", "contact", "status", "score")


def _status_aliases() -> dict[str, str]:
    """Status codes, and the labels a trainer may type in either language, to the code."""
    from django.utils import translation

    aliases = {}
    for code, label in Enrollment.Status.choices:
        aliases[code] = code
        aliases[code.replace("_", "-")] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                aliases[str(label).strip().lower()] = code
    return aliases


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    summary: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not UTF-8 or GB18030 text."))


def _parse_score(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": text})
    return value


def attendance_import(*, session: Session, raw: bytes, by) -> ImportResult:
    """Parse and check every row; record all of them through `attendance_record`, or none."""
    result = ImportResult()
    try:
        reader = csv.DictReader(io.StringIO(_decode(raw)))
        columns = {(name or "").strip().lower() for name in reader.fieldnames or ()}
    except (ValidationError, csv.Error) as error:
        result.errors.append((1, error.messages[0] if isinstance(error, ValidationError) else str(error)))
        return result
    if "status" not in columns or not columns & {"email", "contact"}:
        result.errors.append((1, _("The header needs the columns email (or contact), status and score.")))
        return result
    enrollments = list(session.enrollments.select_related("contact"))
    by_email = {e.contact.email.lower(): e for e in enrollments if e.contact.email}
    by_name: dict[str, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_name.setdefault(enrollment.contact.name.strip(), []).append(enrollment)
    statuses = _status_aliases()
    entries: list[AttendanceEntry] = []
    line_of: dict[int, int] = {}
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            result.errors.append((line, _("Too many rows; the limit is %(limit)d.") % {"limit": MAX_ROWS}))
            break
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items() if key}
        if not any(row.values()):
            continue
        email, name = row.get("email", ""), row.get("contact", "")
        enrollment = by_email.get(email.lower()) if email else None
        if enrollment is None and not email and name:
            matches = by_name.get(name, [])
            if len(matches) > 1:
                result.errors.append(
                    (line, _("More than one person is called %(name)s; use the email.") % {"name": name})
                )
                continue
            enrollment = matches[0] if matches else None
        if enrollment is None:
            who = email or name or "—"
            result.errors.append((line, _("%(who)s is not enrolled in this session.") % {"who": who}))
            continue
        if enrollment.pk in line_of:
            result.errors.append(
                (
                    line,
                    _("%(name)s is already on line %(line)d.")
                    % {"name": enrollment.contact.name, "line": line_of[enrollment.pk]},
                )
            )
            continue
        line_of[enrollment.pk] = line
        status = statuses.get(row.get("status", "").lower())
        if status is None:
            result.errors.append((line, _("Unknown status “%(value)s”.") % {"value": row.get("status", "")}))
            continue
        try:
            score = _parse_score(row.get("score", ""))
        except ValidationError as error:
            result.errors.append((line, error.messages[0]))
            continue
        entries.append(AttendanceEntry(enrollment_id=enrollment.pk, status=status, score=score))
    if result.errors:
        return result
    if not entries:
        result.errors.append((1, _("The file has no rows.")))
        return result
    try:
        result.summary = attendance_record(session=session, entries=entries, by=by)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for enrollment_id, messages in error.message_dict.items():
                result.errors.extend((line_of.get(int(enrollment_id), 1), message) for message in messages)
        else:
            result.errors.extend((1, message) for message in error.messages)
        result.errors.sort()
    return result


def roster_rows(session: Session) -> list[list[str]]:
    """The session's people in the import's shape, with what is recorded so far."""
    rows = []
    for enrollment in session.enrollments.select_related("contact").order_by("contact__name", "pk"):
        rows.append(
            [
                enrollment.contact.email,
                enrollment.contact.name,
                enrollment.status,
                "" if enrollment.score is None else f"{enrollment.score.normalize():f}",
            ]
        )
    return rows
