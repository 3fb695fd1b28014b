from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partners.credit_code import problem_with

_MESSAGES = {
    "length": _("A unified social credit code has exactly 18 characters."),
    "characters": _("A unified social credit code uses only digits and the capital letters A-Y except I, O, S, V."),
    "check": _("The last character of this unified social credit code does not match its check digit."),
}


def validate_credit_code(value: str) -> None:
    problem = problem_with(value or "")
    if problem:
        raise ValidationError(_MESSAGES[problem], code=f"credit_code_{problem}")
