"""Commission (提成): a percentage of the period's net sales, with optional rates by product category."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.money import ZERO
from incentives import calculations as calc
from incentives.kinds.base import (
    IncentiveKind,
    decimal,
    decimals,
    format_pairs,
    labelled,
    number,
    parse_pairs,
    percent,
)
from incentives.models import PolicyKind


class Commission(IncentiveKind):
    code = PolicyKind.COMMISSION

    def form_fields(self):
        return {
            "rate": forms.DecimalField(label=_("Commission rate (%)"), required=False, min_value=0, decimal_places=3),
            "category_rates": forms.CharField(
                label=_("Rates by product category"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Optional, one category code and rate a line, e.g. PHONE:3.5"),
            ),
        }

    def form_initial(self, rules):
        return {"rate": rules.get("rate"), "category_rates": format_pairs((rules.get("category_rates") or {}).items())}

    def rules_from_form(self, data):
        return {"rate": data.get("rate"), "category_rates": dict(parse_pairs(data.get("category_rates") or ""))}

    def clean_rules(self, rules):
        return {
            "rate": number(rules.get("rate"), "rate"),
            "category_rates": {
                code: number(rate, "category_rates") for code, rate in (rules.get("category_rates") or {}).items()
            },
        }

    def describe(self, rules):
        lines = [labelled(_("Commission rate"), percent(rules.get("rate")))]
        lines += [
            labelled(_("Category %(code)s") % {"code": code}, percent(rate))
            for code, rate in (rules.get("category_rates") or {}).items()
        ]
        return lines

    def parse(self, rules):
        return decimal(rules.get("rate"), ZERO), decimals(rules.get("category_rates"))

    def compute(self, rules, *, partner_id, months, facts):
        rate, category_rates = rules
        return calc.commission(
            facts.sales_by_category(partner_id, months), rate, category_rates, names=facts.category_names
        )
