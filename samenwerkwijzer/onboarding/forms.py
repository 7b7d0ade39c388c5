from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.forms import CollaborationCreateForm
from samenwerkwijzer.organisations.models import SizeClass
from samenwerkwijzer.organisations.services import verified_holder
from samenwerkwijzer.organisations.validators import normalise_kvk_number, validate_kvk_number, validate_pc4
from samenwerkwijzer.reference import catalog

from . import legal_forms


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        help_text=_("Partners see this name in invitations, agreements and signatures."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label=_("Your function (optional)"),
        max_length=150,
        required=False,
        help_text=_("For example: owner, director or purchasing manager."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


def clean_kvk_number(value: str, *, exclude_pk=None) -> str:
    value = normalise_kvk_number(value)
    validate_kvk_number(value)
    holder = verified_holder(value, exclude_pk=exclude_pk)
    if holder is not None:
        raise forms.ValidationError(
            _("%(name)s holds this KvK number and is verified. Ask one of its administrators to invite you.")
            % {"name": holder.name}
        )
    return value


class KvkNumberForm(forms.Form):
    kvk_number = forms.CharField(
        label=_("KvK number of your organisation"),
        max_length=12,
        help_text=_("The 8 digits of your registration at the Chamber of Commerce. We look up what we can."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, organisation_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_pk = organisation_pk

    def clean_kvk_number(self):
        return clean_kvk_number(self.cleaned_data["kvk_number"], exclude_pk=self.organisation_pk)


def sbi_choices():
    return [(code, f"{code} {item.title_nl}") for code, item in catalog.sbi_codes().items()]


class OrganisationDetailsForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    legal_form_kind = forms.ChoiceField(label=_("Legal form"), choices=legal_forms.choices, widget=forms.RadioSelect)
    legal_form_other = forms.ChoiceField(
        label=_("Which legal form?"), choices=legal_forms.other_choices, required=False
    )
    sbi_codes = forms.MultipleChoiceField(
        label=_("Activities (SBI)"),
        choices=sbi_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity. Search with a word that describes your work.")},
    )
    size_class = forms.ChoiceField(label=_("Number of working persons"), choices=SizeClass.choices)
    pc4 = forms.CharField(
        label=_("Postcode (4 digits)"),
        max_length=4,
        min_length=4,
        help_text=_("The digits of the postcode of your main address, e.g. 3511."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        validators=[validate_pc4],
    )
    is_authorised_signatory = forms.BooleanField(
        label=_("I am authorised to sign for this organisation"),
        required=False,
        help_text=_("As registered in the Handelsregister. You can change this later."),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("legal_form_kind")
        if kind == legal_forms.OTHER and not data.get("legal_form_other"):
            self.add_error("legal_form_other", _("Choose the legal form from the list."))
        elif kind:
            data["legal_form"] = legal_forms.to_code(kind, data.get("legal_form_other", ""))
        return data


class CollaborationStepForm(CollaborationCreateForm):
    class Meta(CollaborationCreateForm.Meta):
        fields = ["organisation", "name", "purpose", "ambition_level", "duration_kind"]


class InviteStepForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your partner"),
        help_text=_("The person receives a personal link and joins with their own organisation."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why you invite them, in your own words. It is shown in the e-mail and on the invitation page."),
    )
