from django import forms
from django.utils.translation import gettext_lazy as _

from common.imports.reading import SNIFF_BYTES
from common.uploads import upload_validator

MAX_MB = 20  # about 300,000 CSV rows
SALES_FILE_VALIDATOR = upload_validator("csv", "xlsx", max_mb=MAX_MB)


class SalesFileForm(forms.Form):
    file = forms.FileField(
        label=_("Sales file"),
        validators=[SALES_FILE_VALIDATOR],
        widget=forms.FileInput(attrs={"accept": SALES_FILE_VALIDATOR.accept()}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or GB18030) or Excel .xlsx, at most %(mb)s MB. The first row names the columns."
        ) % {"mb": MAX_MB}

    def clean_file(self):
        """A CSV has no magic number; at least refuse binary content under a .csv name here."""
        upload = self.cleaned_data["file"]
        if upload.name.lower().endswith(".csv"):
            upload.seek(0)
            head = upload.read(SNIFF_BYTES)
            upload.seek(0)
            if b"\x00" in head:
                raise forms.ValidationError(_("The file is not a CSV text file."), code="file_type")
        return upload
