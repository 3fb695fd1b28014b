"""Writes of the incentives app, by subject; everything a caller needs is importable from here.

`rebate_amount` (the pure bracket rule) is re-exported so callers find it next to the services.
"""

from incentives.calculations import rebate_amount
from incentives.services.approval import approval_refusals, duty_conflicts
from incentives.services.banking import (
    bank_account_change_reject,
    bank_account_change_submit,
    bank_account_change_verify,
    bank_account_may_submit,
    bank_account_save,
)
from incentives.services.funds import (
    fund_claim_decide,
    fund_claim_submit,
    fund_committed,
    fund_remaining,
    fund_request_decide,
    fund_request_submit,
    fund_set,
    request_written_off,
)
from incentives.services.ledger import rebate_balance, rebate_entry_add, rebate_entry_reverse, rebate_use_record
from incentives.services.payouts import (
    adjustment_add,
    awaiting,
    payout_approve,
    payout_settle,
    payouts_approve,
    payouts_settle,
)
from incentives.services.policies import policy_create, policy_preview, policy_update, rules_validate, version_save
from incentives.services.responses import (
    can_answer,
    dispute_resolve,
    disputed_statement_ids,
    open_dispute,
    statement_answer,
)
from incentives.services.rewards import (
    CalculationBusy,
    rewards_calculate,
    rewards_calculate_requested,
    rewards_calculation_request,
    rewards_due,
    rewards_recalculate,
    rewards_run_due,
)
from incentives.services.statements import statements_refresh

__all__ = [
    "CalculationBusy",
    "adjustment_add",
    "approval_refusals",
    "awaiting",
    "bank_account_change_reject",
    "bank_account_change_submit",
    "bank_account_change_verify",
    "bank_account_may_submit",
    "bank_account_save",
    "can_answer",
    "dispute_resolve",
    "disputed_statement_ids",
    "duty_conflicts",
    "fund_claim_decide",
    "fund_claim_submit",
    "fund_committed",
    "fund_remaining",
    "fund_request_decide",
    "fund_request_submit",
    "fund_set",
    "open_dispute",
    "payout_approve",
    "payout_settle",
    "payouts_approve",
    "payouts_settle",
    "policy_create",
    "policy_preview",
    "policy_update",
    "rebate_amount",
    "rebate_balance",
    "rebate_entry_add",
    "rebate_entry_reverse",
    "rebate_use_record",
    "request_written_off",
    "rewards_calculate",
    "rewards_calculate_requested",
    "rewards_calculation_request",
    "rewards_due",
    "rewards_recalculate",
    "rewards_run_due",
    "rules_validate",
    "statement_answer",
    "statements_refresh",
    "version_save",
]
