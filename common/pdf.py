"""Printable documents as PDF (WeasyPrint): a template rendered to HTML, one print stylesheet, an attachment.

The stylesheet names the CJK fonts installed on the server, so Chinese text prints as text, not boxes.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

DOCUMENT_CSS = "common/document-pdf.css"


def pdf_bytes(template: str, context: dict, request=None, *, stylesheet: str = DOCUMENT_CSS) -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string(template, context, request)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(stylesheet))])


def pdf_response(filename: str, template: str, context: dict, request=None, *, stylesheet: str = DOCUMENT_CSS):
    response = HttpResponse(
        pdf_bytes(template, context, request, stylesheet=stylesheet), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
