import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.lib import forms as lib_forms
from samenwerkwijzer.organisations.models import Organisation

from .models import ApiToken
from .services import token_expiry_problem

DEFAULT_DAYS = 90


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"), max_length=100, help_text=_("For example the name of the tool that uses it.")
    )
    scope = forms.ChoiceField(
        label=_("What may the token do?"),
        choices=[
            (ApiToken.Scope.READ, _("Read only")),
            (ApiToken.Scope.WRITE, _("Read and write (action items and agenda proposals)")),
        ],
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    organisation = lib_forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All my organisations"),
        help_text=_(
            "A token that writes acts for one organisation: choose it. A token that only reads may be limited to "
            "the collaborations of one organisation."
        ),
    )
    collaboration = lib_forms.ModelChoiceField(
        label=_("Only one collaboration"),
        queryset=None,
        required=False,
        empty_label=_("All my collaborations"),
        help_text=_("Optional: the token then works only for this collaboration."),
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["collaboration"].queryset = collaborations_for_user(user).order_by("name")
        self.fields["expires_on"].initial = today + datetime.timedelta(
            days=min(DEFAULT_DAYS, settings.API_TOKEN_MAX_DAYS)
        )
        self.fields["expires_on"].help_text = _(
            "At most %(days)s days from today. The token works through this day."
        ) % {"days": settings.API_TOKEN_MAX_DAYS}
        self.fields["expires_on"].widget.attrs.update(
            {
                "min": (today + datetime.timedelta(days=1)).isoformat(),
                "max": (today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)).isoformat(),
            }
        )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        problem = token_expiry_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("scope") == ApiToken.Scope.WRITE
            and not cleaned.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", _("Choose the organisation the token acts for."))
        return cleaned
