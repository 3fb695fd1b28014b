"""Target bonus (目标达成奖): paid once attainment of the period's target reaches a percentage."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import display
from common.money import ZERO
from incentives import calculations as calc
from incentives.kinds.base import IncentiveKind, decimal, labelled, number, percent
from incentives.models import PolicyKind


class TargetBonus(IncentiveKind):
    code = PolicyKind.TARGET_BONUS

    def form_fields(self):
        return {
            "attainment_pct": forms.DecimalField(
                label=gettext_lazy("Paid from attainment (%)"), required=False, min_value=0
            ),
            "fixed_amount": forms.DecimalField(
                label=gettext_lazy("Fixed bonus"), required=False, min_value=0, decimal_places=2
            ),
            "sales_pct": forms.DecimalField(label=gettext_lazy("Or percent of sales (%)"), required=False, min_value=0),
            "accelerator_pct": forms.DecimalField(
                label=gettext_lazy("Accelerator on sales above target (%)"), required=False, min_value=0
            ),
        }

    def clean_rules(self, rules):
        cleaned = {
            "attainment_pct": number(rules.get("attainment_pct"), "attainment_pct"),
            "fixed_amount": number(rules.get("fixed_amount"), "fixed_amount", required=False),
            "sales_pct": number(rules.get("sales_pct"), "sales_pct", required=False),
            "accelerator_pct": number(rules.get("accelerator_pct"), "accelerator_pct", required=False),
        }
        if not (cleaned["fixed_amount"] or cleaned["sales_pct"]):
            raise ValidationError({"fixed_amount": _("Enter a fixed amount or a percent of sales.")})
        return cleaned

    def describe(self, rules):
        lines = [labelled(_("Paid from attainment"), percent(rules.get("attainment_pct") or 100))]
        if decimal(rules.get("fixed_amount")):
            lines.append(labelled(_("Fixed bonus"), display.money(rules["fixed_amount"])))
        if decimal(rules.get("sales_pct")):
            lines.append(labelled(_("Percent of sales"), percent(rules["sales_pct"])))
        if decimal(rules.get("accelerator_pct")):
            lines.append(labelled(_("Accelerator on sales above target"), percent(rules["accelerator_pct"])))
        return lines

    def parse(self, rules):
        return {
            "attainment_pct": decimal(rules.get("attainment_pct"), Decimal(100)),
            "fixed_amount": decimal(rules.get("fixed_amount")),
            "sales_pct": decimal(rules.get("sales_pct")),
            "accelerator_pct": decimal(rules.get("accelerator_pct")),
        }

    def compute(self, rules, *, partner_id, months, facts):
        return calc.target_bonus(
            sum(facts.sales_by_category(partner_id, months).values(), ZERO), facts.target(partner_id, months), **rules
        )
