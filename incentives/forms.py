"""Forms of the incentives pages. They validate input; the services decide and write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import display
from common.periods import Period
from common.uploads import upload_validator
from incentives.banking import account_digits, account_number_fits
from incentives.kinds import kind_for
from incentives.models import (
    Adjustment,
    Fund,
    FundRequest,
    IncentivePolicy,
    Payout,
    StatementResponse,
)
from incentives.services import rules_validate
from partners.forms import PartnerCodeField
from partners.models import ChannelType

proof_validator = upload_validator("jpg", "png", "pdf", max_mb=10)


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker); cleans to a `Period`."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise ValidationError(_("Enter a month as YYYY-MM.")) from exc

    def prepare_value(self, value):
        return str(value) if isinstance(value, Period) else value


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyForm(forms.ModelForm):
    """The policy and, below it, the amounts of the version it takes effect with."""

    effective_from = forms.DateField(
        label=_("Changes take effect from"),
        widget=DATE,
        required=False,
        help_text=_("A change of amounts becomes a new version from this date; earlier months keep the old one."),
    )
    cap = forms.DecimalField(label=_("Cap per partner per period"), required=False, min_value=0, decimal_places=2)
    channel_types = forms.MultipleChoiceField(
        label=_("Channel types"),
        choices=ChannelType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None selected: every channel type."),
    )

    class Meta:
        model = IncentivePolicy
        fields = [
            "name",
            "period_length",
            "monthly_advances",
            "valid_from",
            "valid_to",
            "tiers",
            "channel_types",
            "regions",
            "is_active",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "tiers": forms.CheckboxSelectMultiple,
            "regions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind_for(kind)
        self.fields.update(self.kind.form_fields())
        self.fields["regions"].queryset = self.fields["regions"].queryset.filter(level="province")
        self.fields["regions"].help_text = _("Provinces; none selected: everywhere.")
        if self.instance.pk:
            self.fields["effective_from"].required = True
            self._load_version(self.instance.versions.order_by("-effective_from").first())
        else:
            del self.fields["effective_from"]

    def _load_version(self, version):
        if version is None:
            return
        self.initial["cap"] = version.cap
        self.initial.update(self.kind.form_initial(version.rules))

    def clean(self):
        cleaned = super().clean()
        try:
            self.rules = rules_validate(self.kind.code, self.kind.rules_from_form(cleaned))
        except ValidationError as error:
            self._add_rule_errors(error)
        return cleaned

    def _add_rule_errors(self, error: ValidationError):
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            target = field if field in self.fields else None
            if field == "amounts":
                target = None
            for message in messages:
                self.add_error(target, message)


class CalculateForm(forms.Form):
    month = MonthField(label=_("Month"))


class PreviewForm(forms.Form):
    month = MonthField(label=_("Preview month"), required=False)


class SettleForm(forms.Form):
    settlement = forms.ChoiceField(label=_("Settle as"), choices=Payout.Settlement.choices)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    payment_reference = forms.CharField(label=_("Payment reference"), required=False, max_length=100)
    goods_description = forms.CharField(label=_("Goods"), required=False, max_length=200)
    goods_quantity = forms.IntegerField(label=_("Goods quantity"), required=False, min_value=1)
    goods_value = forms.DecimalField(label=_("Goods value"), required=False, min_value=0, decimal_places=2)


class BulkSettleForm(forms.Form):
    """Mark the ticked approved payouts paid by bank: one reference for the batch, or one per payout
    (a `reference-<payout id>` field next to each ticked payout, which wins over the batch's)."""

    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"),
    )
    batch_reference = forms.CharField(
        label=_("Payment reference of the batch"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        help_text=_("Used for every ticked payout without a reference of its own."),
    )

    def references(self, data) -> dict[int, str]:
        found = {}
        for key, value in data.items():
            prefix, _sep, pk = key.partition("reference-")
            if not prefix and pk.isdigit() and value.strip():
                found[int(pk)] = value.strip()[:100]
        return found


class BankAccountForm(forms.Form):
    """A new bank account, for Finance to verify (incentives.services.banking)."""

    bank_name = forms.CharField(label=_("Bank name"), max_length=100, help_text=_("For example: China Merchants Bank."))
    branch = forms.CharField(label=_("Branch"), max_length=100, help_text=_("The branch that holds the account."))
    account_name = forms.CharField(
        label=_("Account name"), max_length=200, help_text=_("The account holder: your company's legal name.")
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=60,
        help_text=_("Digits only; spaces between groups are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_account_number(self):
        digits = account_digits(self.cleaned_data["account_number"])
        if not account_number_fits(digits):
            raise forms.ValidationError(_("Enter the account number in digits: 8 to 30 of them."))
        return digits


class BankAccountRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        help_text=_("The partner reads it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatementAnswerForm(forms.Form):
    kind = forms.ChoiceField(choices=StatementResponse.Kind.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2}))


class AdjustmentForm(forms.Form):
    partner = PartnerCodeField(label=_("Partner"))
    month = MonthField(label=_("Statement month"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, v) for k, v in Adjustment.Kind.choices if k != Adjustment.Kind.RECALCULATION]
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        decimal_places=2,
        help_text=_("A penalty is always deducted; a correction may be positive or negative."),
    )
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=IncentivePolicy.objects.all(), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RebateUseForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount used"), min_value=Decimal("0.01"), decimal_places=2)
    order_reference = forms.CharField(label=_("Order reference"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FundForm(forms.Form):
    partner = PartnerCodeField(label=_("Partner"))
    month = MonthField(label=_("Month"))
    basis = forms.ChoiceField(label=_("Basis"), choices=Fund.Basis.choices)
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, decimal_places=2)
    percent = forms.DecimalField(label=_("Percent"), required=False, min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        help_text=_("Blank: the full amount."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FundRequestForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.none())
    activity = forms.ChoiceField(label=_("Activity"), choices=FundRequest.Activity.choices)
    title = forms.CharField(label=pgettext_lazy("fund request", "Title"), max_length=200)
    plan = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2)

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        self.fields["fund"].label_from_instance = lambda fund: (
            f"{display.month(fund.period)} · {display.money(fund.budget)}"
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by the upload validator."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": proof_validator.accept()}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single(item, initial) for item in files if item]
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in cleaned:
            proof_validator(item)
        return cleaned


class ClaimForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount claimed"), min_value=Decimal("0.01"), decimal_places=2)
    report = forms.CharField(label=_("Execution report"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Photos or documents"), help_text=_("JPEG, PNG or PDF, up to 10 MB each."))


def default_month(today: dt.date) -> Period:
    return Period.containing(today).previous()
