from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.reference import catalog

from .models import Membership, Organisation
from .services import verified_holder
from .validators import normalise_kvk_number, parse_sbi_codes, validate_kvk_number, validate_pc4


def legal_form_choices():
    return [("", _("Choose a legal form"))] + [
        (form.code, f"{form.description}") for form in catalog.legal_forms().values()
    ]


class OrganisationForm(forms.ModelForm):
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=12,
        help_text=_("The 8 digits of your registration at the Chamber of Commerce."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=legal_form_choices)
    sbi_codes = forms.CharField(
        label=_("SBI codes"),
        help_text=_(
            "The activity codes of your registration (SBI 2025), separated by commas. "
            "A code also stands for all its sub-codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    pc4 = forms.CharField(
        label=_("Postcode (4 digits)"),
        max_length=4,
        min_length=4,
        help_text=_("The digits of the postcode of your main address, e.g. 3511."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        validators=[validate_pc4],
    )

    class Meta:
        model = Organisation
        fields = ["name", "kvk_number", "legal_form", "sbi_codes", "size_class", "pc4", "website", "description"]
        labels = {"size_class": _("Number of working persons")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"website": forms.URLField}

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["sbi_codes"] = ", ".join(self.instance.sbi_codes)
        if self.instance.pk and self.instance.is_verified:
            # The verified number is what was proven: it is shown, not edited.
            self.fields["kvk_number"].disabled = True
            self.fields["kvk_number"].help_text = _("Verified; it cannot be changed.")

    def clean_kvk_number(self):
        value = normalise_kvk_number(self.cleaned_data["kvk_number"])
        validate_kvk_number(value)
        holder = verified_holder(value, exclude_pk=self.instance.pk)
        if holder is not None:
            raise forms.ValidationError(
                _("%(name)s holds this KvK number and is verified. Ask one of its administrators to invite you.")
                % {"name": holder.name}
            )
        return value

    def clean_sbi_codes(self):
        return parse_sbi_codes(self.cleaned_data["sbi_codes"])


class NewOrganisationForm(OrganisationForm):
    is_authorised_signatory = forms.BooleanField(
        label=_("I am authorised to sign for this organisation"),
        required=False,
        help_text=_("As registered in the Handelsregister. You can change this later."),
    )


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    is_authorised_signatory = forms.BooleanField(
        label=_("Authorised signatory"),
        required=False,
        help_text=_("May sign agreements for the organisation, according to the organisation itself."),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you invite them, in your own words. It is shown in the e-mail and on the invitation page."),
    )


class MemberUpdateForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "is_authorised_signatory"]
