from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data are deleted and that this cannot be undone"),
        error_messages={"required": _("Confirm that you want to delete your account.")},
    )
