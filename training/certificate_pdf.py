"""A certificate as a printable PDF, for the partner's portal and the internal pages alike; each caller has
already checked that the user may read the certification (training.access)."""

from __future__ import annotations

from django.conf import settings

from common.pdf import pdf_response


def certificate_pdf_response(certification, request):
    context = {"company": settings.COMPANY_NAME, "certification": certification}
    return pdf_response(f"certificate-{certification.number}.pdf", "training/certificate_pdf.html", context, request)
