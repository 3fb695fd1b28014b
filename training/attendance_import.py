"""Import of a session's attendance and scores from a CSV or XLSX file, on the shared import pipeline
(`common/imports`): every row checked, row errors reported, and nothing written unless the whole file is
right.

The file has a header row with the columns `email` (or `contact` for a name, when the contact has no
email), `status` and `score`. The roster download of a session (`roster_rows`) has exactly this shape,
so a trainer downloads it, fills it in and uploads it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.imports.cells import text_of
from common.imports.checking import TabularImport
from common.imports.errors import RowError, register
from common.imports.reading import Columns, RawRow
from common.imports.running import Refused, file_kind, import_file
from training.models import Enrollment, Session
from training.services import AttendanceEntry, attendance_record

MAX_ROWS = 2000
HEADER = ("email", "contact", "status", "score")
ATTENDANCE_COLUMNS = Columns(
    HEADER, required=(("email", "contact"), "status"), aliases={"邮箱": "email", "学员": "contact", "状态": "status"}
)

register(
    messages={
        "ambiguous_name": _("More than one person is called %(name)s; use the email."),
        "not_enrolled": _("%(who)s is not enrolled in this session."),
        "already_listed": _("%(name)s is already on line %(line)d."),
        "unknown_status": _("Unknown status “%(value)s”."),
        "not_a_number": _("“%(value)s” is not a number."),
        "attendance_refused": "%(message)s",  # the service's message, already in the reader's language
    },
    labels={"email": _("email"), "contact": _("contact"), "status": _("status"), "score": _("score")},
)


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


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    line: int
    enrollment: Enrollment
    entry: AttendanceEntry


def _parse_score(text: str) -> Decimal | None:
    """None for blank; raises ValueError for what is not a finite number."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def attendance_import(*, session: Session, file, file_name: str, by) -> ImportResult:
    """Parse and check every row; record all of them through `attendance_record`, or none."""
    enrollments = list(session.enrollments.select_related("contact"))
    by_email = {e.contact.email.lower(): e for e in enrollments if e.contact.email}
    by_name: dict[str, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_name.setdefault(enrollment.contact.name.strip(), []).append(enrollment)
    statuses = _status_aliases()

    def parse(raw: RawRow) -> tuple[AttendanceRow | None, list[RowError]]:
        errors = []
        email, name = text_of(raw.values["email"]), text_of(raw.values["contact"])
        enrollment = by_email.get(email.lower()) if email else None
        if enrollment is None and not email and name:
            matches = by_name.get(name, [])
            if len(matches) > 1:
                return None, [RowError(raw.number, "ambiguous_name", "contact", {"name": name})]
            enrollment = matches[0] if matches else None
        if enrollment is None:
            errors.append(RowError(raw.number, "not_enrolled", None, {"who": email or name or "—"}))
        status_text = text_of(raw.values["status"])
        status = statuses.get(status_text.lower())
        if status is None:
            errors.append(RowError(raw.number, "unknown_status", "status", {"value": status_text}))
        try:
            score = _parse_score(text_of(raw.values["score"]))
        except ValueError as error:
            errors.append(RowError(raw.number, "not_a_number", "score", {"value": str(error)}))
        if errors:
            return None, errors
        entry = AttendanceEntry(enrollment_id=enrollment.pk, status=status, score=score)
        return AttendanceRow(raw.number, enrollment, entry), []

    spec = TabularImport(
        columns=ATTENDANCE_COLUMNS,
        parse=parse,
        max_rows=MAX_ROWS,
        key=lambda row: str(row.enrollment.pk),
        duplicate=lambda number, row, first: RowError(
            number, "already_listed", None, {"name": row.enrollment.contact.name, "line": first}
        ),
    )
    report, summary = import_file(
        file, kind=file_kind(file_name) or "csv", spec=spec, write=lambda rows: _record(rows, session=session, by=by)
    )
    return ImportResult(errors=[(error.row or 1, error.message) for error in report.errors], summary=summary or {})


def _record(rows: Iterable[AttendanceRow], *, session: Session, by) -> dict:
    """All rows through the service, which checks what only the whole session shows (pass marks ...)."""
    rows = list(rows)  # at most MAX_ROWS
    line_of = {row.entry.enrollment_id: row.line for row in rows}
    try:
        return attendance_record(session=session, entries=[row.entry for row in rows], by=by)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors = [
                RowError(line_of.get(int(enrollment_id), 1), "attendance_refused", None, {"message": message})
                for enrollment_id, messages in error.message_dict.items()
                for message in messages
            ]
        else:
            errors = [RowError(None, "attendance_refused", None, {"message": message}) for message in error.messages]
        raise Refused(sorted(errors, key=lambda error: error.row or 0)) from error


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
