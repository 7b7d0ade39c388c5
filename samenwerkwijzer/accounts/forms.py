from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, NotificationKind


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current.get(kind.value, Frequency.IMMEDIATELY),
                widget=forms.RadioSelect,
            )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class _NameFields(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label=_("Function (optional)"),
        max_length=150,
        required=False,
        help_text=_("For example: director, owner or project leader."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return name


class SignupForm(_NameFields):
    """The extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    def signup(self, request, user):
        from .services import update_profile

        update_profile(user=user, full_name=self.cleaned_data["full_name"], job_title=self.cleaned_data["job_title"])


class ProfileForm(_NameFields):
    """A person's own name and function (page "Your details")."""
