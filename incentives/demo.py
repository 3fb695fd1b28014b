# ruff: noqa: RUF001  (the demo data is Chinese text with Chinese punctuation)
"""Demo incentives: one policy of each kind (a quarterly rebate with monthly advances among them), twelve
months of calculated accruals with payouts in every status and every settlement, a rebate account in use,
a penalty entered by hand, market-support funds with requests and claims in every state, every partner's bank
account, and one approved statement its partner disputes.

Idempotent: policies are found by name, a month already calculated is not calculated again, only draft
payouts are approved, and funds, requests and claims are keyed by partner, month and title.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from common.periods import Period
from incentives import services
from incentives.models import (
    Adjustment,
    CalculationRun,
    Fund,
    FundRequest,
    IncentivePolicy,
    LineStatus,
    Payout,
    PeriodLength,
    PolicyKind,
    RebateAccountEntry,
    StatementResponse,
)
from partners.models import Partner

D = Decimal
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"

POLICIES = [
    (
        "月度销售提成",
        PolicyKind.COMMISSION,
        PeriodLength.MONTH,
        False,
        {"rate": "1.5", "category_rates": {"SW": "3"}},
        None,
    ),
    (
        "季度销量返利（全额累进）",
        PolicyKind.VOLUME_REBATE,
        PeriodLength.QUARTER,
        True,
        {"mode": "retroactive", "brackets": [["0", "0"], ["300000", "1"], ["1000000", "2"], ["3000000", "3"]]},
        D("200000"),
    ),
    (
        "月度目标达成奖",
        PolicyKind.TARGET_BONUS,
        PeriodLength.MONTH,
        False,
        {"attainment_pct": "100", "fixed_amount": "3000", "sales_pct": None, "accelerator_pct": "1"},
        D("20000"),
    ),
    (
        "月度考核等级奖",
        PolicyKind.GRADE_BONUS,
        PeriodLength.MONTH,
        False,
        {"amounts": {"A": "5000", "B": "2000"}},
        None,
    ),
    (
        "违规处罚",
        PolicyKind.PENALTY,
        PeriodLength.MONTH,
        False,
        {"amounts": {"low": "500", "medium": "2000", "high": "10000"}},
        None,
    ),
]
SETTLEMENTS = [Payout.Settlement.BANK, Payout.Settlement.REBATE_ACCOUNT, Payout.Settlement.GOODS]


def seed(ctx) -> None:
    manager, finance = ctx.users["manager"], ctx.users["finance"]
    last = Period.containing(ctx.today).previous()
    months = last.trailing(12)
    for name, kind, length, advances, rules, cap in POLICIES:
        if not IncentivePolicy.objects.filter(name=name).exists():
            services.policy_create(
                by=manager,
                name=name,
                kind=kind,
                period_length=length,
                monthly_advances=advances,
                valid_from=months[0].first_day,
                rules=rules,
                cap=cap,
                is_active=True,
            )
    for period in months:
        if not CalculationRun.objects.filter(period=period.first_day).exists():
            services.rewards_calculate(period=period, by=manager)
    _payouts(months, finance)
    _penalty_by_hand(last, manager)
    _funds(ctx, last, manager)
    _bank_accounts(finance)
    _dispute()


BANKS = ["中国工商银行", "招商银行", "中国建设银行", "交通银行"]


def _bank_accounts(finance) -> None:
    partners = Partner.objects.filter(bank_account__isnull=True).select_related("region").order_by("code")
    for index, partner in enumerate(partners):
        services.bank_account_save(
            partner=partner,
            by=finance,
            bank_name=BANKS[index % len(BANKS)],
            branch=f"{partner.region.name}分行" if partner.region_id else "",
            account_name=partner.legal_name or partner.name,
            account_number=f"6222{partner.pk:012d}",
        )


def _dispute() -> None:
    if StatementResponse.objects.exists():
        return
    payout = Payout.objects.filter(status=LineStatus.APPROVED, partner__memberships__isnull=False).first()
    if payout:
        services.statement_answer(
            statement=payout.statement,
            kind=StatementResponse.Kind.DISPUTED,
            reason="本月退货未计入，返利金额偏高，请核对。",
            by=payout.partner.memberships.first().user,
        )


def _payouts(months: list[Period], finance) -> None:
    """Months up to three ago are paid (by bank, rebate account or goods in turn), the two before last are
    approved, last month waits in the approvals queue."""
    paid, approved = months[:-3], months[-3:-1]
    drafts = Payout.objects.filter(
        status=LineStatus.DRAFT, period__in=[p.first_day for p in paid + approved]
    ).select_related("partner")
    for index, payout in enumerate(drafts.order_by("period", "partner__code")):
        services.payout_approve(payout=payout, by=finance)
        if Period(payout.period) in paid:
            settlement = SETTLEMENTS[index % 3]
            services.payout_settle(
                payout=payout,
                by=finance,
                settlement=settlement,
                paid_on=Period(payout.period).next().first_day + dt.timedelta(days=8),
                payment_reference=f"BANK-{payout.period:%Y%m}-{payout.partner.code}",
                goods_description="智能硬件样机",
                goods_quantity=max(1, int(payout.amount // 1299)),
                goods_value=payout.amount,
            )
    entry = RebateAccountEntry.objects.filter(kind=RebateAccountEntry.Kind.CREDIT, amount__gte=100).first()
    if entry and not RebateAccountEntry.objects.filter(kind=RebateAccountEntry.Kind.USE).exists():
        services.rebate_use_record(
            partner=entry.partner,
            amount=(entry.amount / 2).quantize(D("0.01")),
            order_reference=f"SO{months[-1].first_day:%Y%m}-0001",
            by=finance,
            note="抵扣采购订单",
        )


def _penalty_by_hand(last: Period, manager) -> None:
    partner = Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code").last()
    if partner and not Adjustment.objects.filter(kind=Adjustment.Kind.PENALTY).exists():
        services.adjustment_add(
            partner=partner,
            period=last,
            kind=Adjustment.Kind.PENALTY,
            amount=D("1500"),
            reason="未按时提交月度销售报表",
            by=manager,
        )


def _funds(ctx, last: Period, manager) -> None:
    """Funds for a dozen partners this month and last, with requests and claims in every state."""
    partners = list(Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code")[:12])
    current = last.next()
    for index, partner in enumerate(partners):
        for period in (last, current):
            if Fund.objects.filter(partner=partner, period=period.first_day).exists():
                continue
            if index % 2:
                fund = services.fund_set(
                    partner=partner, period=period, basis=Fund.Basis.PERCENT, percent=D("2"), by=manager
                )
            else:
                fund = services.fund_set(
                    partner=partner, period=period, basis=Fund.Basis.FIXED, budget=D("20000"), by=manager
                )
            if fund.budget < 1000 or period != last:
                continue
            _requests(fund, index, manager)


def _requests(fund: Fund, index: int, manager) -> None:
    budget = fund.budget
    plans = [
        (FundRequest.Activity.PROMOTION, "门店周末促销", "两个周末的门店体验与限时折扣", budget * D("0.4")),
        (FundRequest.Activity.ADVERTISING, "本地生活平台广告", "投放本地生活平台信息流广告一个月", budget * D("0.3")),
        (FundRequest.Activity.MATERIALS, "门店物料", "展架、海报和宣传单页", budget * D("0.1")),
    ]
    for number, (activity, title, plan, amount) in enumerate(plans):
        amount = amount.quantize(D("0.01"))
        if FundRequest.objects.filter(fund=fund, title=title).exists():
            continue
        request = services.fund_request_submit(
            fund=fund, activity=activity, title=title, plan=plan, amount=amount, by=None
        )
        state = (index + number) % 4
        if state == 0:
            continue  # waits for a decision
        if state == 1:
            services.fund_request_decide(request=request, approve=False, note="预算已用于其他活动", by=manager)
            continue
        request = services.fund_request_decide(request=request, approve=True, by=manager)
        claim = services.fund_claim_submit(
            request=request,
            amount=amount,
            report="活动已完成，附现场照片。",
            files=[ContentFile(PNG, name=f"proof-{fund.partner.code}-{number}.png")],
            by=None,
        )
        if state == 3:
            services.fund_claim_decide(
                claim=claim, approve=True, amount=(amount * D("0.9")).quantize(D("0.01")), by=manager
            )
