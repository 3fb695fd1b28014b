"""What is wrong with a file or one of its rows, as a code with plain parameters (JSON-friendly, so an
import's errors can be stored) that is worded only when shown, in the reader's language.

Each import registers the wording of its own row codes and the labels of its columns; the codes of
problems with the file as a whole are worded here, once for every import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "required": _("The %(column)s is missing."),
    "row_encoding": _(
        "This row is not valid %(encoding)s text, unlike the rows before it; save the whole file in one encoding."
    ),
    "row_nul": _("This row holds NUL characters: the file is not plain text."),
    # the whole file
    "empty": _("The file is empty."),
    "no_rows": _("The file has a header but no rows."),
    "missing_columns": _(
        "The header lacks the column(s) %(columns)s. The first row must name the columns; download the template."
    ),
    "not_text": _("The file is not a CSV text file."),
    "encoding": _("The file's text is neither UTF-8 nor GB18030 encoded."),
    "csv_syntax": _("The file is not valid CSV (%(detail)s)."),
    "not_xlsx": _("The file cannot be opened as an Excel .xlsx workbook."),
    "xlsx_too_large": _("The workbook unpacks to more than %(limit)s MB; it was refused before being read."),
    "xlsx_ratio": _(
        "A part of the workbook (%(member)s) is compressed %(ratio)s times, far beyond any real spreadsheet; "
        "it was refused before being read."
    ),
    "xlsx_dtd": _("The workbook holds XML entity or document type declarations, which Excel never writes."),
    "too_many_rows": _("The file has more than %(limit)s rows; split it into smaller files."),
    "too_many_errors": _(
        "Checking stopped at row %(row)s after %(limit)s errors; the rest of the file was not checked. "
        "Correct these rows and upload the file again."
    ),
    "changed": _("The data changed while the file was imported; nothing was written. Try again."),
}
LABELS = {}


def register(*, messages: dict, labels: dict) -> None:
    """Word an import's own row codes and label its columns (when its module is imported). A code or a
    column means one thing in every import: `required` and `amount` are worded once."""
    MESSAGES.update(messages)
    LABELS.update(labels)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None: the file as a whole
    code: str
    column: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        params = dict(self.params)
        if self.column:
            params["column"] = LABELS.get(self.column, self.column)
        if "columns" in params:
            params["columns"] = ", ".join(str(LABELS.get(name, name)) for name in params["columns"])
        return str(MESSAGES[self.code]) % params

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(**data)


class FileProblem(Exception):
    """Something wrong with the file as a whole (not with one row): `code` names it, `params` detail it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_error(self) -> RowError:
        return RowError(None, self.code, None, self.params)
