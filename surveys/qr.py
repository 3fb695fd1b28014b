"""QR codes of the public survey links, drawn by segno as SVG."""

from __future__ import annotations

import io

import segno
from django.http import HttpResponse


def qr_svg_response(url: str, *, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
