"""What every incentive kind declares: the form fields of its rules, how they are checked, what they pay.

A kind is one class (one module each in this package, registered in `incentives.kinds.KINDS`); the
policy form, the policy services and the reward calculation ask the kind instead of branching on it.
A new kind is a new module and one line in the registry.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common import display
from incentives import calculations as calc
from incentives.explanations import pct
from incentives.models import PolicyKind

if TYPE_CHECKING:
    from common.periods import Period
    from incentives.models import PolicyVersion
    from incentives.services.rewards import Facts


class IncentiveKind:
    """One kind of incentive policy. Subclasses set `code` (a `PolicyKind` value) and fill in the hooks."""

    code: str
    # Whether the version's cap per partner and period limits what the kind pays (a penalty is not capped).
    capped = True

    @property
    def label(self) -> str:
        return PolicyKind(self.code).label

    def form_fields(self) -> dict[str, forms.Field]:
        """The policy form's fields for this kind's rules, by name."""
        raise NotImplementedError

    def form_initial(self, rules: dict) -> dict:
        """The form's initial values for a version's rules."""
        return {name: rules.get(name) for name in self.form_fields()}

    def rules_from_form(self, data: dict) -> dict:
        """The rules as the form's cleaned data states them, before `clean_rules`; may raise ValidationError."""
        return {name: data.get(name) for name in self.form_fields()}

    def clean_rules(self, rules: dict) -> dict:
        """Check the rules; returns them with decimals as strings (JSON-safe). Raises ValidationError by field."""
        raise NotImplementedError

    def describe(self, rules: dict) -> list[str]:
        """The rules worded for a page, one line each, in the active language (never the stored dict)."""
        raise NotImplementedError

    def parse(self, rules: dict):
        """The stored rules as `compute` reads them (Decimals rather than the stored strings)."""
        return rules

    def compute(self, rules, *, partner_id: int, months: list[Period], facts: Facts) -> calc.Result:
        """What the rules (as `parse` returns them) pay the partner over `months` (the policy period so far),
        before any cap."""
        raise NotImplementedError

    def shared_inputs(self, *, partner_id: int, months: list[Period], facts: Facts):
        """For a kind whose result depends on values most partners share (a grade, a few incidents): those values,
        hashable. Partners with equal ones get one result, computed once a run (its explanation is then encoded
        once too). None: the result is computed for each partner."""
        return None

    def result(self, version: PolicyVersion, *, partner_id: int, months: list[Period], facts: Facts) -> calc.Result:
        shared = self.shared_inputs(partner_id=partner_id, months=months, facts=facts)
        if shared is None:
            return self._computed(version, partner_id, months, facts)
        key = (version.pk, shared)  # the calculation's versions are read from the database: each has its pk
        result = facts.shared.get(key)
        if result is None:
            result = facts.shared[key] = self._computed(version, partner_id, months, facts)
        return result

    def _computed(self, version: PolicyVersion, partner_id: int, months: list[Period], facts: Facts) -> calc.Result:
        result = self.compute(self._parsed(version), partner_id=partner_id, months=months, facts=facts)
        return calc.capped(result, version.cap) if self.capped else result

    def _parsed(self, version: PolicyVersion):
        """`parse(version.rules)` once per version object, not once per partner (a month has tens of thousands),
        kept beside the rules it was parsed from so that rules assigned anew are parsed anew."""
        kept = version.__dict__.get(_PARSED)
        if kept is None or kept[0] is not version.rules:
            kept = version.__dict__[_PARSED] = (version.rules, self.parse(version.rules))
        return kept[1]


_PARSED = "_parsed_rules"


class AmountPerKey(IncentiveKind):
    """A kind that pays (or deducts) an amount per key, e.g. per grade; its rules are {"amounts": {key: amount}}."""

    prefix: str  # the form field of a key is prefix + key

    def keys(self) -> list[tuple[str, str]]:
        """(key, label) pairs, in the form's order."""
        raise NotImplementedError

    def field_label(self, label: str) -> str:
        raise NotImplementedError

    def form_fields(self):
        return {
            f"{self.prefix}{key}": forms.DecimalField(
                label=self.field_label(label), required=False, min_value=0, decimal_places=2
            )
            for key, label in self.keys()
        }

    def form_initial(self, rules):
        return {f"{self.prefix}{key}": amount for key, amount in (rules.get("amounts") or {}).items()}

    def rules_from_form(self, data):
        return {"amounts": {key: data.get(f"{self.prefix}{key}") for key, _label in self.keys()}}

    def describe(self, rules):
        amounts = rules.get("amounts") or {}
        return [
            labelled(self.field_label(label), display.money(amounts[key]))
            for key, label in self.keys()
            if decimal(amounts.get(key))
        ]

    def parse(self, rules):
        return decimals(rules.get("amounts"))

    def clean_rules(self, rules):
        amounts = rules.get("amounts") or {}
        return {"amounts": {key: number(value, "amounts", required=False) or "0" for key, value in amounts.items()}}


def number(value, field: str, *, required: bool = True) -> str | None:
    """A rule's number as a string of a decimal, zero or more; None when blank and not required."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        parsed = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if parsed < 0:
        raise ValidationError({field: _("Enter zero or more.")})
    return str(parsed)


def labelled(label, value) -> str:
    """A rule's line "label: value", with the colon of the active language."""
    colon = pgettext("after a label", ":")
    return f"{label}{colon}{' ' if colon.isascii() else ''}{value}"  # a full-width colon carries its own space


def percent(value) -> str:
    """A stored rate as a page shows it: "2.50" → 2.5%."""
    return pct(decimal(value, Decimal(0)))


def decimal(value, default: Decimal | None = None) -> Decimal | None:
    """A stored rule's number back as a Decimal (rules are JSON: numbers are kept as strings)."""
    return default if value in (None, "") else Decimal(str(value))


def decimals(mapping: dict | None) -> dict[str, Decimal]:
    """A stored {key: amount} rule as Decimals, blank and zero entries left out."""
    return {key: Decimal(str(amount)) for key, amount in (mapping or {}).items() if amount}


# Chinese input methods type full-width punctuation and digits: "10万(full-width colon)2" means "100000:2".
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：，、；．", "0123456789:,,,.")  # noqa: RUF001


def _number(text: str) -> str:
    """An amount as typed, with 万 (ten thousand) written out: "1.5万" → "15000"."""
    if text.endswith("万"):
        try:
            return f"{(Decimal(text[:-1].strip()) * 10000).normalize():f}"
        except ArithmeticError:
            return text  # left for the field's own check to refuse
    return text


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """ "100000:2, 500000:3", "10万" with a full-width colon, or one pair a line → [("100000", "2"), ("500000", "3")]."""
    pairs = []
    for chunk in text.translate(_FULL_WIDTH).replace("\n", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if ":" not in chunk:
            raise ValidationError(_("Write each pair as left:right, e.g. 100000:2."))
        left, right = (_number(part.strip()) for part in chunk.split(":", 1))
        pairs.append((left, right))
    return pairs


def format_pairs(pairs) -> str:
    return "\n".join(f"{left}:{right}" for left, right in pairs)
