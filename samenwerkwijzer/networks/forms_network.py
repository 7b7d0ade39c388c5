from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import forms as lib_forms
from samenwerkwijzer.lib.forms import IdMultipleChoiceField
from samenwerkwijzer.organisations.validators import parse_sbi_codes, validate_pc4

from .models import Availability, Network, RateBand


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name of the network"), max_length=Network._meta.get_field("name").max_length)
    description = forms.CharField(
        label=_("What the network is about"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: who the members are and for which clients they work together."),
    )


class NetworkCreateForm(NetworkForm):
    organisation = lib_forms.ModelChoiceField(
        label=_("Start the network with organisation"), queryset=None, empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.order_fields(["organisation", "name", "description"])


class ExpertiseForm(forms.Form):
    name = forms.CharField(label=_("Expertise"), max_length=100)
    description = forms.CharField(label=_("Description (optional)"), max_length=300, required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you invite this person; it is in the e-mail."),
    )


class AcceptForm(forms.Form):
    organisation = lib_forms.ModelChoiceField(label=_("Join with organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ProfileForm(forms.Form):
    expertises = IdMultipleChoiceField(
        label=_("Your expertises"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the network's own list. Missing one? Ask the coordinator."),
    )
    sbi_codes = forms.CharField(
        label=_("SBI codes (optional)"),
        required=False,
        help_text=_("The activity codes of your registration (SBI 2025), separated by commas."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    day_rate = forms.DecimalField(
        label=_("Day rate in euros (optional)"),
        required=False,
        min_value=1,
        max_digits=8,
        decimal_places=2,
        help_text=_("Excluding VAT. Rather not say an amount? Choose a rate band."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        localize=True,
    )
    rate_band = forms.ChoiceField(
        label=_("Or a rate band"), required=False, choices=[("", _("No rate band")), *RateBand.choices]
    )
    home_pc4 = forms.CharField(
        label=_("Postcode area you work from (4 digits, optional)"),
        required=False,
        min_length=4,
        max_length=4,
        validators=[validate_pc4],
        help_text=_("Used to measure the distance to an assignment, e.g. 3511."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertises"].queryset = network.expertises.all()

    def clean_sbi_codes(self):
        value = self.cleaned_data["sbi_codes"]
        return parse_sbi_codes(value) if value.strip() else []


class AvailabilityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("In this period I am"), choices=Availability.Kind.choices, widget=forms.RadioSelect
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    days_per_week = forms.IntegerField(
        label=_("Days a week (when available)"),
        min_value=1,
        max_value=5,
        required=False,
        initial=5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)
