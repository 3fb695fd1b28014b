"""Phone numbers as people type them: checked with `phonenumbers`, China as the default region."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "CN"


def validate_phone(value: str) -> str:
    """The number as entered, stripped, when it is a valid number (13812345678, 010-6552 9988, +852 2123 4567)."""
    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number, such as 138 1234 5678 or 010-6552 9988."), code="invalid_phone"
        )
    return text
