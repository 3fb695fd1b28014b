from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common import display
from common.phones import validate_phone
from common.uploads import upload_validator
from deals.models import ConflictCase, DealRegistration, Lead
from partners.forms import PartnerCodesField
from partners.models import ComplianceIncident, Partner, ProductCategory, Region, Tier

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def regions():
    return Region.objects.select_related("parent").order_by("code")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


class RegistrationForm(forms.ModelForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    products = forms.ModelMultipleChoiceField(
        label=_("Products"), queryset=ProductCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DealRegistration
        fields = ["customer_name", "credit_code", "region", "products", "expected_amount", "expected_close_on", "notes"]
        widgets = {"expected_close_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("products", None)
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))])
    closing_sales = forms.ModelMultipleChoiceField(
        label=_("Sales records that closed it"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registration: DealRegistration, **kwargs):
        super().__init__(*args, **kwargs)
        # The partner's sales since the registration: the lines that can have closed it.
        self.fields["closing_sales"].queryset = registration.partner.sales_records.filter(
            date__gte=registration.submitted_at.date()
        ).order_by("-date", "-pk")
        self.fields["closing_sales"].label_from_instance = lambda r: (
            f"{display.day(r.date)} · {r.external_ref} · {display.money(r.amount)}"
        )


class DisputeForm(forms.Form):
    description = forms.CharField(
        label=_("Why should this customer be yours?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LeadForm(forms.ModelForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    tiers = forms.ModelMultipleChoiceField(
        label=_("Tiers"), queryset=Tier.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Lead
        fields = [
            "customer_name",
            "credit_code",
            "region",
            "channel_type",
            "tiers",
            "contact_name",
            "contact_phone",
            "expected_amount",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions()

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        return validate_phone(phone) if phone.strip() else ""

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("tiers", None)
        return data


LEAD_FILE_VALIDATOR = upload_validator("csv", "xlsx", max_mb=10)  # the import stops at 20,000 leads anyway


class LeadImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        validators=[LEAD_FILE_VALIDATOR],
        widget=forms.ClearableFileInput(attrs={"accept": LEAD_FILE_VALIDATOR.accept()}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class CaseForm(forms.ModelForm):
    partners = PartnerCodesField(label=_("Partners involved"))

    class Meta:
        model = ConflictCase
        fields = ["subject", "customer_name", "partners", "direct_sales", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("partners", None)
        return data


class ResolveForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    rule_applied = forms.CharField(label=_("Rule applied"), max_length=200, required=False)
    incident_partner = forms.ModelChoiceField(
        label=_("Record a compliance incident against"), queryset=Partner.objects.none(), required=False
    )
    incident_kind = forms.ChoiceField(label=_("Incident kind"), choices=ComplianceIncident.Kind.choices, required=False)
    incident_severity = forms.ChoiceField(
        label=_("Severity"), choices=ComplianceIncident.Severity.choices, required=False
    )

    def __init__(self, *args, case: ConflictCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_partner"].queryset = case.partners.order_by("name")

    def incident(self) -> dict | None:
        partner = self.cleaned_data.get("incident_partner")
        if partner is None:
            return None
        return {
            "partner": partner,
            "kind": self.cleaned_data.get("incident_kind") or ComplianceIncident.Kind.OTHER,
            "severity": self.cleaned_data.get("incident_severity") or ComplianceIncident.Severity.LOW,
            "status": ComplianceIncident.Status.RESOLVED,
            "description": self.cleaned_data["decision"],
        }
