from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from channelrules.models import PriceList, PriceListLine, Product, StockThreshold
from common.periods import Period
from common.uploads import upload_validator

FILE_VALIDATOR = upload_validator("csv", "xlsx", max_mb=5)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        validators=[FILE_VALIDATOR],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as error:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from error


class InventoryUploadForm(UploadForm):
    period = PeriodField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))


class InventoryEntryForm(forms.Form):
    """The stock of every active product, typed in the portal. Blank products are left out."""

    period = PeriodField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            self.fields[f"product_{product.pk}"] = forms.IntegerField(
                label=f"{product.code} {product.name} ({product.unit})", min_value=0, required=False
            )

    def quantities(self) -> dict[int, int]:
        return {
            product.pk: self.cleaned_data[f"product_{product.pk}"]
            for product in self.products
            if self.cleaned_data.get(f"product_{product.pk}") is not None
        }


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["code", "name", "category", "unit", "active"]


class PriceListForm(forms.ModelForm):
    class Meta:
        model = PriceList
        fields = ["name", "tier", "channel_type", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT}


class PriceLineForm(forms.ModelForm):
    class Meta:
        model = PriceListLine
        fields = ["product", "category", "supply_price", "min_resale_price"]

    def clean(self):
        data = super().clean()
        if bool(data.get("product")) == bool(data.get("category")):
            raise forms.ValidationError(_("Choose a product or a product category, not both."))
        return data


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class IncidentForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("low", _("Low")), ("medium", _("Medium")), ("high", _("High"))],
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = StockThreshold
        fields = ["product", "min_weeks", "max_weeks"]
        help_texts = {"product": _("Leave blank for every product without a threshold of its own.")}
