"""One error body for every API error:

    {"code": "invalid", "message": "…", "errors": [{"item": 3, "field": "amount", "code": "bad_amount",
     "message": "…"}]}

`errors` lists field- or item-level problems (empty when there are none); `item` numbers a sales item from 1
and is null elsewhere.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

DEFAULT_MESSAGES = {"invalid": _("The request is not valid; see the errors.")}


class Rejected(exceptions.APIException):
    """A batch of which some items are wrong: nothing was written; `errors` names each wrong item."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "rejected"
    default_detail = _("Nothing was written: some items are not valid; see the errors.")

    def __init__(self, errors: list[dict], detail=None):
        super().__init__(detail)
        self.errors = errors


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The request conflicts with another one.")


def _flatten(detail, path: str = "") -> list[dict]:
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in _flatten(value, f"{path}.{key}" if path else key)]
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return [error for item in detail for error in _flatten(item, path)]
        return [error for index, item in enumerate(detail) for error in _flatten(item, f"{path}[{index}]")]
    field = None if path in ("", "non_field_errors") else path
    return [{"item": None, "field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)}]


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Rejected):
        body = {"code": exc.default_code, "message": str(exc.detail), "errors": exc.errors}
    elif isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": str(DEFAULT_MESSAGES["invalid"]), "errors": _flatten(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(detail), "errors": []}
    response.data = body
    return response
