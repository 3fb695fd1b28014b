"""The statement as a formal PDF (对账单): the same figures for the partner's portal and the internal pages;
each caller has already checked that the user may read the statement."""

from __future__ import annotations

from django.conf import settings

from common import display
from common.pdf import pdf_response
from incentives import selectors


def statement_pdf_response(statement, request):
    accruals, adjustments = selectors.statement_lines(statement)
    payout = getattr(statement, "payout", None)
    context = {
        "company": settings.COMPANY_NAME,
        "statement": statement,
        "accruals": accruals,
        "adjustments": adjustments,
        "payout": payout,
        "currency": display.currency_code(),
    }
    return pdf_response(f"{statement.number}.pdf", "incentives/statement_pdf.html", context, request)
