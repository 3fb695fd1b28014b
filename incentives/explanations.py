# ruff: noqa: RUF001, RUF002 -- explanations use the multiplication and minus signs of a printed statement
"""Why an accrual is worth what it is, kept as a message id with parameters and worded for the reader.

The calculation runs in a worker whose language is nobody's; a partner in Shanghai and an auditor in
Hamburg read the same accrual. So a rule returns an explanation as data (stored as JSON on the accrual),
and every page, export and email renders it with `render` in the language active at display time:

- a string is shown as it is: a formula without words (``PHONE: 100,000.00 × 5% = 5,000.00``) or an
  explanation stored as text before explanations were data (migration 0005 kept those rows readable);
- ``{"id": ..., "args": {...}}`` is the message `MESSAGES[id]`, translated, with each argument rendered;
- ``{"money": "600000.00"}`` is an amount with the installation's currency (`common.display.money`:
  ¥600,000.00, CNY 600,000.00), ``{"pct": "2.5"}`` a rate,
  ``{"join": "; ", "parts": [...]}`` several explanations side by side.

Message ids are stable names, so rewording a message (or fixing its translation) rewords every stored
accrual; an id is never reused for a different meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop

from common import display
from common.money import round_money

Explanation = str | dict[str, Any]

MESSAGES = {
    # volume rebate
    "rebate.mode.retroactive": gettext_noop("retroactive"),
    "rebate.mode.incremental": gettext_noop("incremental"),
    "rebate.no_sales": gettext_noop("net sales %(sales)s: no rebate"),
    "rebate.below_first": gettext_noop("%(sales)s is below the first threshold %(threshold)s: no rebate"),
    "rebate.retroactive": gettext_noop("%(sales)s × %(rate)s (bracket ≥ %(threshold)s, %(mode)s)"),
    "rebate.incremental": gettext_noop("%(parts)s (%(mode)s) = %(amount)s"),
    "rebate.slice": "%(sales)s × %(rate)s",
    # commission
    "commission.none": gettext_noop("net sales %(sales)s: no commission"),
    "commission.line": "%(category)s: %(sales)s × %(rate)s = %(amount)s",
    # target bonus
    "target.none": gettext_noop("no target for the period: no bonus"),
    "target.below": gettext_noop("attainment %(attainment)s of %(target)s is below %(threshold)s: no bonus"),
    "target.reached": gettext_noop("attainment %(attainment)s of %(target)s ≥ %(threshold)s: %(parts)s"),
    "target.fixed": gettext_noop("fixed %(amount)s"),
    "target.sales_pct": "%(sales)s × %(rate)s = %(amount)s",
    "target.accelerator": gettext_noop("accelerator %(above)s above target × %(rate)s = %(amount)s"),
    # grade bonus
    "grade.none": gettext_noop("no published scorecard: no bonus"),
    "grade.amount": gettext_noop("grade %(grade)s: %(amount)s"),
    # penalty (the severities are the labels of partners.ComplianceIncident.Severity)
    "penalty.none": gettext_noop("no compliance incidents"),
    "penalty.lines": gettext_noop("penalty: %(lines)s"),
    "penalty.line": "%(count)s × %(severity)s × %(amount)s",
    "severity.low": gettext_noop("Low"),
    "severity.medium": gettext_noop("Medium"),
    "severity.high": gettext_noop("High"),
    # any kind
    "capped": gettext_noop("%(explanation)s; capped at %(cap)s"),
    "true_up": gettext_noop("%(explanation)s; minus %(already)s already accrued = %(amount)s"),
    "true_up.clawback": gettext_noop("%(explanation)s; minus %(already)s already accrued = %(amount)s (clawback)"),
}


def message(message_id: str, **args) -> dict[str, Any]:
    """An explanation: the message `message_id` with its arguments (explanations, amounts, rates or text)."""
    if message_id not in MESSAGES:
        raise KeyError(f"Unknown explanation message {message_id!r}.")
    return {"id": message_id, "args": args} if args else {"id": message_id}


def money(value: Decimal) -> dict[str, str]:
    return {"money": str(round_money(value))}


def percent(value: Decimal) -> dict[str, str]:
    return {"pct": str(Decimal(value))}


def joined(separator: str, parts: Iterable[Explanation]) -> dict[str, Any]:
    return {"join": separator, "parts": list(parts)}


def fmt(value: Decimal) -> str:
    """Cents with thousands separators: 600000 → 600,000.00."""
    return f"{round_money(value):,.2f}"


def pct(value: Decimal) -> str:
    """A rate without trailing zeros: 3.00 → 3%, 2.50 → 2.5%."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def render(explanation: Explanation | int | None) -> str:
    """The explanation worded in the active language."""
    if explanation is None:
        return ""
    if not isinstance(explanation, dict):
        return str(explanation)
    if "money" in explanation:
        return display.money(Decimal(explanation["money"]))
    if "pct" in explanation:
        return pct(Decimal(explanation["pct"]))
    if "join" in explanation:
        return explanation["join"].join(render(part) for part in explanation["parts"])
    template = MESSAGES.get(explanation.get("id"))
    if template is None:  # a message retired since: its id says more than nothing
        return str(explanation.get("id", ""))
    args = {name: render(value) for name, value in (explanation.get("args") or {}).items()}
    return gettext(template) % args if args else gettext(template)
