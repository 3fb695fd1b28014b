"""Writes of the incentives app, by subject; everything a caller needs is importable from here.

`rebate_amount` (the pure bracket rule) is re-exported so callers find it next to the services.
"""

from incentives.calculations import rebate_amount
from incentives.services.approval import approval_refusals, duty_conflicts
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
from incentives.services.payouts import adjustment_add, payout_approve, payout_settle, payouts_approve
from incentives.services.policies import policy_create, policy_preview, policy_update, rules_validate, version_save
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
    "duty_conflicts",
    "fund_claim_decide",
    "fund_claim_submit",
    "fund_committed",
    "fund_remaining",
    "fund_request_decide",
    "fund_request_submit",
    "fund_set",
    "payout_approve",
    "payout_settle",
    "payouts_approve",
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
    "statements_refresh",
    "version_save",
]
