from django import forms
from django.utils.translation import gettext_lazy as _


class SignatoryStatementForm(forms.Form):
    signatories = forms.CharField(
        label=_("Who may sign for your organisation?"),
        max_length=500,
        help_text=_("Names and capacity as in the Handelsregister, e.g. 'J. de Vries, director, alone authorised'."),
    )
    extract = forms.FileField(
        label=_("KvK extract (PDF, at most 5 MB)"),
        help_text=_("A recent extract from the Handelsregister that shows who may sign."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
