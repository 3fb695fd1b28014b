"""Why a cycle or an evaluation refuses a change, worded when it is read.

A refusal keeps its untranslated words and raw parameters (ISO months and days), so one shown at once is worded
in the asker's language and one stored for later (a quarter's calculation that stopped on the worker) is worded
in the language of whoever reads its page, with months and days written that language's way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from common import display

# How each parameter is shown; any other is shown as it was given.
SHOWN = {
    "period": display.month,
    "date": display.day,
    "months": lambda months: ", ".join(display.month(month) for month in months),
}


def refusal_text(refusal: dict) -> str:
    """The words of a refusal ({"message": untranslated words, "params": raw parameters}) in the active language."""
    params = {name: SHOWN.get(name, str)(value) for name, value in refusal.get("params", {}).items()}
    return gettext(refusal["message"]) % params


class CycleStateError(ValidationError):
    """The cycle (or a quarter's or year's evaluation) is not in a status that allows the requested change.

    `message` is marked with gettext_noop; `params` are JSON values: `period` a month's ISO text or a quarter's
    or year's label, `date` an ISO day, `months` a list of ISO months."""

    def __init__(self, message: str, *, code: str, **params):
        self.refusal = {"message": message, "params": params}
        super().__init__(refusal_text(self.refusal), code=code)
