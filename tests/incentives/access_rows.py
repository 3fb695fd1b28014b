import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from incentives.models import (
    BankAccount,
    BankAccountChange,
    CalculationRun,
    ClaimProof,
    FundClaim,
    LineStatus,
    RebateAccountEntry,
    StatementResponse,
)
from tests.access import DIRECTOR, FINANCE, MANAGER, internal, portal
from tests.incentives.factories import FundRequestFactory, PayoutFactory, PolicyFactory, StatementFactory

OWNERS = (DIRECTOR, MANAGER)
READERS = (DIRECTOR, MANAGER, FINANCE)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def populate(world):
    """Partner A's incentive objects: an approved (released) and a draft statement, a ledger entry,
    a fund with an approved and a submitted request, and a submitted claim with its proof."""
    a = world.partner_a
    world.policy = PolicyFactory()
    CalculationRun.objects.create(period=dt.date(2026, 10, 1))
    world.released = PayoutFactory(
        statement=StatementFactory(partner=a, period=dt.date(2026, 9, 1)), status=LineStatus.APPROVED
    )
    world.draft_payout = PayoutFactory(statement=StatementFactory(partner=a, period=dt.date(2026, 10, 1)))
    world.entry = RebateAccountEntry.objects.create(
        partner=a, sequence=1, kind=RebateAccountEntry.Kind.CREDIT, amount=Decimal("500"), balance=Decimal("500")
    )
    world.approved_request = FundRequestFactory(
        fund__partner=a, status="approved", approved_amount=Decimal("4000.00"), amount=Decimal("4000.00")
    )
    world.submitted_request = FundRequestFactory(fund=world.approved_request.fund, amount=Decimal("1000.00"))
    world.claim = FundClaim.objects.create(
        request=world.approved_request, partner=a, amount=Decimal("1000.00"), report="Done"
    )
    world.proof = ClaimProof.objects.create(claim=world.claim, file=SimpleUploadedFile("proof.png", PNG))
    world.bank_account = BankAccount.objects.create(
        partner=a, bank_name="招商银行", account_name="Partner A Ltd", account_number="6225880112345678"
    )
    world.bank_change = BankAccountChange.objects.create(
        partner=a,
        bank_name="工商银行",
        branch="深圳分行",
        account_name="Partner A Ltd",
        account_number="6222020200112233",
        submitted_at=timezone.now(),
    )
    world.dispute = StatementResponse.objects.create(
        statement=world.released.statement, kind="disputed", reason="Missing line", responded_at=timezone.now()
    )


ROWS = [
    internal("incentives:policies", roles=READERS),
    internal("incentives:policy-create", roles=OWNERS, query="kind=commission"),
    internal("incentives:policy-detail", roles=READERS, kwargs=lambda w: {"pk": w.policy.pk}),
    internal("incentives:policy-edit", roles=OWNERS, kwargs=lambda w: {"pk": w.policy.pk}),
    internal("incentives:calculate", roles=OWNERS),
    internal("incentives:calculate-progress", roles=OWNERS, kwargs=lambda w: {"period": "2026-10"}),
    internal("incentives:accruals", roles=READERS, query="month=2026-10"),
    internal("incentives:statements", roles=READERS, query="month=2026-10"),
    internal("incentives:statement-detail", roles=READERS, kwargs=lambda w: {"pk": w.draft_payout.statement_id}),
    internal("incentives:approvals", roles=READERS),
    internal(
        "incentives:payout-approve", roles=(FINANCE,), method="post", ok=302, kwargs=lambda w: {"pk": w.draft_payout.pk}
    ),
    internal(
        "incentives:payouts-approve",
        roles=(FINANCE,),
        method="post",
        ok=302,
        data=lambda w: {"payout": [w.draft_payout.pk]},
    ),
    internal("incentives:payout-settle", roles=(FINANCE,), kwargs=lambda w: {"pk": w.released.pk}),
    internal("incentives:payouts-export", roles=READERS, query="month=2026-10"),
    # An empty form is refused with a message, back to the queue.
    internal("incentives:payouts-settle", roles=(FINANCE,), method="post", ok=302),
    internal("incentives:bank-file", roles=(FINANCE,)),
    internal("incentives:bank-account", roles=READERS, kwargs=lambda w: {"pk": w.partner_a.pk}),
    internal("incentives:bank-changes", roles=READERS),
    # GET: the confirmation pages; the decision is the POST.
    internal("incentives:bank-change-verify", roles=(FINANCE,), kwargs=lambda w: {"pk": w.bank_change.pk}),
    internal("incentives:bank-change-reject", roles=(FINANCE,), kwargs=lambda w: {"pk": w.bank_change.pk}),
    internal(
        "incentives:bank-change-verify",
        roles=(FINANCE,),
        method="post",
        ok=302,
        kwargs=lambda w: {"pk": w.bank_change.pk},
    ),
    internal("incentives:statement-pdf", roles=READERS, kwargs=lambda w: {"pk": w.released.statement_id}),
    internal("incentives:disputes", roles=READERS),
    internal(
        "incentives:dispute-resolve",
        roles=(FINANCE,),
        method="post",
        ok=302,
        kwargs=lambda w: {"pk": w.dispute.pk},
        data=lambda w: {"resolution": "Line added to November"},
    ),
    internal("incentives:adjustment-create", roles=OWNERS),
    internal("incentives:rebate-accounts", roles=READERS),
    internal("incentives:rebate-account", roles=READERS, kwargs=lambda w: {"pk": w.partner_a.pk}),
    internal("incentives:rebate-reverse", roles=(FINANCE,), method="post", ok=302, kwargs=lambda w: {"pk": w.entry.pk}),
    internal("incentives:funds", roles=READERS),
    internal("incentives:fund-create", roles=OWNERS),
    internal("incentives:fund-detail", roles=READERS, kwargs=lambda w: {"pk": w.approved_request.fund_id}),
    internal(
        "incentives:request-decide",
        roles=OWNERS,
        method="post",
        ok=302,
        kwargs=lambda w: {"pk": w.submitted_request.pk},
        data=lambda w: {"decision": "approve"},
    ),
    internal(
        "incentives:claim-decide",
        roles=OWNERS,
        method="post",
        ok=302,
        kwargs=lambda w: {"pk": w.claim.pk},
        data=lambda w: {"decision": "approve"},
    ),
    internal("incentives:proof", roles=READERS, kwargs=lambda w: {"pk": w.proof.pk}),
    portal("incentives_portal:statements"),
    portal("incentives_portal:statement-detail", kwargs=lambda w: {"pk": w.released.statement_id}),
    portal("incentives_portal:statement-download", kwargs=lambda w: {"pk": w.released.statement_id}),
    portal("incentives_portal:statement-pdf", kwargs=lambda w: {"pk": w.released.statement_id}),
    # The world's statement is disputed already: a confirmation is refused with a message, back to it.
    portal(
        "incentives_portal:statement-answer",
        kwargs=lambda w: {"pk": w.released.statement_id},
        method="post",
        ok=302,
        data=lambda w: {"kind": "confirmed"},
    ),
    portal("incentives_portal:rebate-account"),
    portal("incentives_portal:bank-account"),
    # Each partner's admin submits its own partner's account (never another's: the page names no object).
    portal(
        "incentives_portal:bank-account",
        method="post",
        ok=302,
        data=lambda w: {
            "bank_name": "招商银行",
            "branch": "深圳分行",
            "account_name": "Partner Ltd",
            "account_number": "6225 8801 1234 5678",
        },
    ),
    portal("incentives_portal:funds"),
    portal("incentives_portal:request-create"),
    portal("incentives_portal:claim-create", kwargs=lambda w: {"pk": w.approved_request.pk}),
    portal("incentives_portal:proof", kwargs=lambda w: {"pk": w.proof.pk}),
]
