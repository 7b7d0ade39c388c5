"""Forms for freezing, making a new version, approving, signing and verifying."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..sections import sections_for
from .fields import MAX_UPLOAD_BYTES

# --- Signing and verifying ------------------------------------------------------------


class FreezeForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class NewVersionForm(forms.Form):
    """Make a new version of a signed document; ``section``: the section to edit next (optional)."""

    section = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_section(self):
        value = self.cleaned_data.get("section", "")
        return value if value in {s.key for s in sections_for(self.kind)} else ""


class ApproveForm(forms.Form):
    freeze = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    document_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class SignForm(ApproveForm):
    """Signing needs the signer's second factor: the code of the authenticator app or a recovery code,
    or a passkey confirmed just before through allauth (then ``code_required`` is off)."""

    confirm = forms.BooleanField(
        label=_("I have read the document and sign it on behalf of my organisation."), required=True
    )
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("To be sure it is really you, confirm with your second factor."),
        error_messages={"required": _("Enter the code from your authenticator app, or one of your recovery codes.")},
    )

    def __init__(self, *args, code_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not code_required:
            del self.fields["code"]


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("A PDF downloaded from Samenwerkwijzer, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB. Upload the PDF as downloaded here."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF. Upload the PDF as downloaded here."))
        return upload
