"""Market-support funds (市场费用): budget → request → approval → claim with proof → write-off (核销).

The remaining budget is the fund minus what approved requests committed; a claim is written off up
to what its request was approved for, less what earlier claims of that request already wrote off.
Every decision locks the fund row, so two approvals cannot both spend the last of a budget.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.history import changed_by
from common.money import ZERO, round_money
from common.periods import Period
from incentives.models import ClaimProof, Fund, FundClaim, FundRequest, RequestStatus
from partners.selectors import sales_total


def fund_committed(fund: Fund) -> Decimal:
    total = fund.requests.filter(status=RequestStatus.APPROVED).aggregate(total=Sum("approved_amount"))["total"]
    return total or ZERO


def fund_remaining(fund: Fund) -> Decimal:
    return fund.budget - fund_committed(fund)


def request_written_off(request: FundRequest) -> Decimal:
    total = request.claims.filter(status=RequestStatus.APPROVED).aggregate(total=Sum("reimbursed_amount"))["total"]
    return total or ZERO


def fund_set(
    *, partner, period: Period, basis: str, by, budget: Decimal | None = None, percent: Decimal | None = None, note=""
) -> Fund:
    """Create or change a partner's fund for a month; a percent basis takes the previous month's net sales."""
    if basis == Fund.Basis.PERCENT:
        if percent is None:
            raise ValidationError({"percent": _("Enter the percentage.")})
        previous = period.previous()
        sales = sales_total(first=previous, last=previous, partner_ids=[partner.pk]).get(partner.pk, ZERO)
        budget = round_money(max(sales, ZERO) * percent / 100)
    elif budget is None:
        raise ValidationError({"budget": _("Enter the budget.")})
    with transaction.atomic():
        fund = Fund.objects.select_for_update().filter(partner=partner, period=period.first_day).first()
        fund = fund or Fund(partner=partner, period=period.first_day, created_by=by)
        if fund.pk and budget < fund_committed(fund):
            raise ValidationError({"budget": _("Approved requests already commit more than this budget.")})
        fund.basis, fund.percent, fund.budget, fund.note = basis, percent, budget, note
        changed_by(fund, by)
        fund.full_clean()
        fund.save()
    return fund


def fund_request_submit(*, fund: Fund, activity: str, title: str, plan: str, amount: Decimal, by) -> FundRequest:
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        if amount > fund_remaining(fund):
            raise ValidationError(
                {"amount": _("Only %(remaining)s of this fund remains.") % {"remaining": fund_remaining(fund)}}
            )
        request = FundRequest(
            fund=fund, partner=fund.partner, activity=activity, title=title, plan=plan, amount=amount, requested_by=by
        )
        changed_by(request, by)
        request.full_clean()
        request.save()
    return request


def fund_request_decide(
    *, request: FundRequest, approve: bool, by, amount: Decimal | None = None, note: str = ""
) -> FundRequest:
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=request.fund_id)
        request = FundRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError(_("This request has already been decided."))
        if approve:
            amount = request.amount if amount is None else amount
            if amount <= 0 or amount > request.amount:
                raise ValidationError({"amount": _("Approve more than zero and at most the amount requested.")})
            if amount > fund_remaining(fund):
                raise ValidationError(
                    {"amount": _("Only %(remaining)s of this fund remains.") % {"remaining": fund_remaining(fund)}}
                )
            request.approved_amount = amount
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        request.decided_by, request.decision_note = by, note
        changed_by(request, by)
        request.full_clean()
        request.save()
    return request


def fund_claim_submit(*, request: FundRequest, amount: Decimal, report: str, files, by) -> FundClaim:
    """The partner's execution report with its proof (at least one photo or document)."""
    if request.status != RequestStatus.APPROVED:
        raise ValidationError(_("Only an approved request can be claimed."))
    if not files:
        raise ValidationError({"files": _("Attach at least one photo or document as proof.")})
    available = request.approved_amount - request_written_off(request)
    if amount > available:
        raise ValidationError({"amount": _("At most %(available)s can still be claimed.") % {"available": available}})
    with transaction.atomic():
        claim = FundClaim(request=request, partner=request.partner, amount=amount, report=report, created_by=by)
        changed_by(claim, by)
        claim.full_clean()
        claim.save()
        for upload in files:
            proof = ClaimProof(claim=claim, file=upload)
            proof.full_clean()
            proof.save()
    return claim


def fund_claim_decide(
    *, claim: FundClaim, approve: bool, by, amount: Decimal | None = None, note: str = ""
) -> FundClaim:
    """Approving writes the claim off against its request, never above what the request was approved for."""
    with transaction.atomic():
        request = FundRequest.objects.select_for_update().get(pk=claim.request_id)
        claim = FundClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != RequestStatus.SUBMITTED:
            raise ValidationError(_("This claim has already been decided."))
        if approve:
            amount = claim.amount if amount is None else amount
            available = request.approved_amount - request_written_off(request)
            if amount <= 0 or amount > claim.amount or amount > available:
                raise ValidationError(
                    {
                        "amount": _("Write off more than zero, at most the claim and at most %(available)s.")
                        % {"available": available}
                    }
                )
            claim.reimbursed_amount = amount
        claim.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        claim.decided_by, claim.decision_note = by, note
        changed_by(claim, by)
        claim.full_clean()
        claim.save()
    return claim
