"""Request size limit: a JSON body above `API_MAX_BODY_BYTES` is refused with 413 before it is read."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser


class TooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.API_MAX_BODY_BYTES
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            length = int(length or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise TooLarge(
                _("The request body is larger than %(mb)s MB; send fewer items per request.") % {"mb": limit // 2**20}
            )
        return super().parse(stream, media_type, parser_context)
