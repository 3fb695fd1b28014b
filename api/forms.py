import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("1 year"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “ERP sales feed”.")
    )
    lifetime = forms.TypedChoiceField(label=_("Expires after"), choices=LIFETIMES, coerce=int, initial=90)
    partner = forms.CharField(
        label=_("Partner code"),
        max_length=20,
        required=False,
        help_text=_(
            "Leave empty for a token of your own, with your permissions. With a partner's code: a partner "
            "token, which reads and writes that partner's data only."
        ),
    )

    def __init__(self, *args, partners=None, **kwargs):
        kwargs.setdefault("auto_id", "token_%s")  # the list's filter form on the same page has a "name" too
        super().__init__(*args, **kwargs)
        self.partners = partners
        if partners is None:
            del self.fields["partner"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_partner(self):
        code = self.cleaned_data["partner"].strip()
        if not code:
            return None
        partner = self.partners.filter(code=code).first()
        if partner is None:
            raise forms.ValidationError(_("No partner has the code “%(value)s”."), params={"value": code})
        return partner

    def expires_at(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(days=self.cleaned_data["lifetime"])
