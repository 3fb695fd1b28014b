"""Volume rebate (销量返利): the period's net sales against brackets, retroactive or incremental."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import display
from common.money import ZERO
from incentives import calculations as calc
from incentives.kinds.base import IncentiveKind, format_pairs, labelled, number, parse_pairs, percent
from incentives.models import PolicyKind


class VolumeRebate(IncentiveKind):
    code = PolicyKind.VOLUME_REBATE

    def form_fields(self):
        return {
            "mode": forms.ChoiceField(
                label=gettext_lazy("Bracket mode"),
                required=False,
                choices=[
                    (calc.RETROACTIVE, gettext_lazy("Retroactive (全额累进)")),
                    (calc.INCREMENTAL, gettext_lazy("Incremental (超额累进)")),
                ],
            ),
            "brackets": forms.CharField(
                label=gettext_lazy("Brackets"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=gettext_lazy(
                    "One threshold and rate (%) a line, e.g. 0:0, 100000:2, 500000:3. "
                    "Reached when sales are equal or above."
                ),
            ),
        }

    def form_initial(self, rules):
        return {"mode": rules.get("mode"), "brackets": format_pairs(rules.get("brackets") or [])}

    def rules_from_form(self, data):
        brackets = parse_pairs(data.get("brackets") or "")
        if not brackets:
            raise ValidationError({"brackets": _("Enter at least one bracket.")})
        return {"mode": data.get("mode"), "brackets": brackets}

    def clean_rules(self, rules):
        if rules.get("mode") not in calc.MODES:
            raise ValidationError({"mode": _("Choose retroactive or incremental.")})
        brackets = [[number(t, "brackets"), number(r, "brackets")] for t, r in rules.get("brackets") or []]
        try:
            calc.sorted_brackets([(Decimal(t), Decimal(r)) for t, r in brackets])
        except ValueError as exc:
            raise ValidationError(
                {"brackets": _("Enter brackets with different thresholds, e.g. 0:0, 100000:2.")}
            ) from exc
        return {"mode": rules["mode"], "brackets": sorted(brackets, key=lambda b: Decimal(b[0]))}

    def describe(self, rules):
        """The mode, then one line a bracket: "¥100,000.00 to ¥500,000.00: 2%", the last one open-ended."""
        mode = rules.get("mode", calc.RETROACTIVE)
        lines = [str(dict(self.form_fields()["mode"].choices).get(mode, mode))]
        brackets = rules.get("brackets") or []
        for index, (threshold, rate) in enumerate(brackets):
            if index + 1 < len(brackets):
                span = _("%(low)s to %(high)s") % {
                    "low": display.money(threshold),
                    "high": display.money(brackets[index + 1][0]),
                }
            else:
                span = _("%(amount)s and above") % {"amount": display.money(threshold)}
            lines.append(labelled(span, percent(rate)))
        return lines

    def parse(self, rules):
        brackets = calc.sorted_brackets((Decimal(str(t)), Decimal(str(r))) for t, r in rules["brackets"])
        return brackets, rules.get("mode", calc.RETROACTIVE)

    def compute(self, rules, *, partner_id, months, facts):
        brackets, mode = rules
        return calc.ordered_rebate(sum(facts.sales_by_category(partner_id, months).values(), ZERO), brackets, mode)
