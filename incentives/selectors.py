"""Reads of the incentives app, always scoped: internal users by permission, partner users to their own partner."""

from __future__ import annotations

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from common.access import scope_to_partner
from common.money import ZERO
from common.versions import kept_under
from incentives.models import (
    Accrual,
    Adjustment,
    CalculationRun,
    ClaimProof,
    Fund,
    FundClaim,
    FundRequest,
    IncentivePolicy,
    Payout,
    RebateAccountEntry,
    RequestStatus,
    Statement,
)
from partners.models import Partner
from partners.selectors import PARTNERS


def policies_for(*, user) -> QuerySet[IncentivePolicy]:
    if not user.has_perm("incentives.view_incentivepolicy"):
        return IncentivePolicy.objects.none()
    return IncentivePolicy.objects.select_related("updated_by").prefetch_related("tiers", "regions")


def accruals_for(*, user) -> QuerySet[Accrual]:
    return scope_to_partner(
        Accrual.objects.select_related("partner", "policy", "version"), user, perm="incentives.view_accrual"
    )


def month_accrual_figures(accruals: QuerySet[Accrual], *, period, by_status: bool, memo: dict | None = None) -> dict:
    """The count, the total and the totals by policy (with the partners they reach) of `accruals`, a month's
    accruals as the list filters them: a month holds an accrual per partner and policy, 400,000 at 100,000
    partners, so they are summed again only when they can have changed. A month's accruals are written only by
    its calculation, one transaction that also counts the run (`CalculationRun.runs`), and their status only
    with their payout's (`services.payouts._mark_lines`: a payout history row); the filters and the labels read
    the partners and the policies (both versioned). `by_status`: the list filters by status."""
    runs = CalculationRun.objects.filter(period=period.first_day).values_list("runs", flat=True).first() or 0
    plain = accruals.select_related(None).order_by()

    def compute() -> dict:
        by_policy = (
            plain.values("policy__name")
            .annotate(total=Sum("amount"), partners=Count("partner", distinct=True))
            .order_by("policy__name")
        )
        return {"by_policy": list(by_policy), **plain.aggregate(count=Count("pk"), total=Sum("amount"))}

    tables = ("policies", *PARTNERS, *(("payouts",) if by_status else ()))
    return kept_under(f"month-accruals:{runs}", tables, plain, compute, memo=memo)


def statements_for(*, user) -> QuerySet[Statement]:
    return scope_to_partner(
        Statement.objects.select_related("partner", "payout", "payout__approved_by"),
        user,
        perm="incentives.view_statement",
    )


def payouts_for(*, user) -> QuerySet[Payout]:
    return scope_to_partner(
        Payout.objects.select_related("partner", "statement", "approved_by"), user, perm="incentives.view_payout"
    )


def payouts_by_status(*, user, memo: dict | None = None) -> dict[str, dict]:
    """status → the count and sum of every payout the user may see: every payout ever made, so counted again only
    after a payout was written (each write adds a history row; common.versions)."""
    by_status = payouts_for(user=user).values("status").annotate(n=Count("pk"), total=Sum("amount")).order_by()
    return kept_under(
        "payouts-by-status", ("payouts",), by_status, lambda: {row["status"]: row for row in by_status}, memo=memo
    )


def statement_lines(statement: Statement) -> tuple[list[Accrual], list[Adjustment]]:
    accruals = list(
        Accrual.objects.filter(partner_id=statement.partner_id, period=statement.period)
        .select_related("policy", "version")
        .order_by("policy__name")
    )
    adjustments = list(
        Adjustment.objects.filter(partner_id=statement.partner_id, period=statement.period)
        .select_related("policy", "source_accrual")
        .order_by("pk")
    )
    return accruals, adjustments


def rebate_entries_for(*, user) -> QuerySet[RebateAccountEntry]:
    return scope_to_partner(
        RebateAccountEntry.objects.select_related("partner", "created_by", "reverses", "payout").prefetch_related(
            "reversed_by"
        ),
        user,
        perm="incentives.view_rebateaccountentry",
    )


def partners_with_balances(*, user) -> QuerySet[Partner]:
    """Partners that have a rebate account, with the balance of their latest entry."""
    latest = RebateAccountEntry.objects.filter(partner=OuterRef("pk")).order_by("-sequence").values("balance")[:1]
    partners = scope_to_partner(
        Partner.objects.all(), user, partner_field="self", perm="incentives.view_rebateaccountentry"
    )
    return partners.filter(rebate_entries__isnull=False).distinct().annotate(balance=Subquery(latest)).order_by("code")


def funds_for(*, user) -> QuerySet[Fund]:
    money = DecimalField(max_digits=14, decimal_places=2)
    committed = (
        FundRequest.objects.filter(fund=OuterRef("pk"), status=RequestStatus.APPROVED)
        .values("fund")
        .annotate(total=Sum("approved_amount"))
        .values("total")
    )
    written_off = (
        FundClaim.objects.filter(request__fund=OuterRef("pk"), status=RequestStatus.APPROVED)
        .values("request__fund")
        .annotate(total=Sum("reimbursed_amount"))
        .values("total")
    )
    return scope_to_partner(
        Fund.objects.select_related("partner")
        .annotate(
            committed=Coalesce(Subquery(committed), Value(ZERO), output_field=money),
            written_off=Coalesce(Subquery(written_off), Value(ZERO), output_field=money),
        )
        .annotate(remaining=ExpressionWrapper(F("budget") - F("committed"), output_field=money)),
        user,
        perm="incentives.view_fund",
    )


def fund_requests_for(*, user) -> QuerySet[FundRequest]:
    return scope_to_partner(
        FundRequest.objects.select_related("fund", "partner", "decided_by"), user, perm="incentives.view_fundrequest"
    )


def fund_claims_for(*, user) -> QuerySet[FundClaim]:
    return scope_to_partner(
        FundClaim.objects.select_related("request", "partner").prefetch_related("proofs"),
        user,
        perm="incentives.view_fundclaim",
    )


def proofs_for(*, user) -> QuerySet[ClaimProof]:
    return scope_to_partner(
        ClaimProof.objects.select_related("claim"),
        user,
        partner_field="claim__partner",
        perm="incentives.view_claimproof",
    )
