import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import forms as lib_forms
from samenwerkwijzer.organisations.validators import normalise_kvk_number, parse_sbi_codes, validate_pc4

from . import matching, names
from .models import CATEGORY_CHOICES, CHAIN_CHOICES, LISTING_CULTURE_MAX, SIZE_CHOICES, Connection

MAX_KM = 400  # the Netherlands fit in a circle of about 300 km


def split_tags(value: str) -> list[str]:
    tags = [matching.normalise_specialism(tag) for tag in re.split(r"[,;\n]+", value or "")]
    return list(dict.fromkeys(tag for tag in tags if tag))


class TagsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value):
        tags = split_tags(super().clean(value))
        if any(len(tag) > 100 for tag in tags):
            raise forms.ValidationError(_("Keep each specialism under 100 characters."))
        return tags


class PartnerProfileForm(forms.Form):
    sbi_codes = forms.CharField(
        label=_("Sectors (SBI codes)"),
        required=False,
        help_text=_(
            "SBI 2025 codes or section letters, separated by commas. A code also stands for all its "
            "sub-codes: 49 finds 49410. Leave empty for every sector."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    specialisms = TagsField(
        label=_("Specialisms"),
        help_text=_("Separated by commas, for example: koeltransport, duurzaam bouwen. Leave empty for any."),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Company size (working persons)"),
        choices=SIZE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for any size."),
    )
    pc4 = forms.CharField(
        label=_("Measure distance from postcode area"),
        min_length=4,
        max_length=4,
        required=False,
        validators=[validate_pc4],
        help_text=_("The 4 digits of your postcode; your organisation's postcode is filled in."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    max_km = forms.IntegerField(
        label=_("Maximum distance in km"),
        required=False,
        min_value=0,
        max_value=MAX_KM,
        help_text=_("Leave empty for the whole country."),
        error_messages={"min_value": _("A distance cannot be negative.")},
    )
    chain_positions = forms.MultipleChoiceField(
        label=_("Position in the chain"),
        choices=CHAIN_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for any position."),
    )
    needs = forms.MultipleChoiceField(
        label=_("What you need from a partner"),
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers = forms.MultipleChoiceField(
        label=_("What you bring"),
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    culture = forms.CharField(
        label=_("Culture and character"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What kind of company and entrepreneur fits you? This is not used for ranking: imported records "
            "have no data on culture. Organisations on Samenwerkwijzer describe their own culture, which you "
            "read next to their match; discuss it together in the match check."
        ),
    )

    def clean_sbi_codes(self):
        value = self.cleaned_data["sbi_codes"]
        if not value.strip():
            return []
        return parse_sbi_codes(value)

    def clean_pc4(self):
        return self.cleaned_data["pc4"] or ""


class SearchFilterForm(forms.Form):
    RING_CHOICES = [("", _("everyone")), ("1", _("only my direct contacts")), ("2", _("only contacts of contacts"))]
    q = forms.CharField(
        label=_("Name or trade name"),
        required=False,
        help_text=_("For example: bakkerij vd molen; typos and word order do not matter."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    ring = forms.ChoiceField(label=_("Network"), choices=RING_CHOICES, required=False)
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, suggestions_url: str | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")  # as the network's label beside it
        super().__init__(*args, **kwargs)
        if suggestions_url:
            # Suggestions while typing (htmx); without JavaScript the form is submitted as usual.
            self.fields["q"].widget.attrs.update(
                {
                    "hx-get": suggestions_url,
                    "hx-trigger": "input changed delay:300ms, search",
                    "hx-target": "#name-suggestions",
                    "hx-include": "closest form",
                }
            )

    def clean_q(self) -> names.NameQuery | None:
        """The name to search for, or None when the field is empty."""
        if not self.cleaned_data["q"]:
            return None
        query, problem = names.parse_query(self.cleaned_data["q"])
        if problem:
            raise forms.ValidationError(problem)
        return query

    def values(self) -> tuple[int | None, int, names.NameQuery | None]:
        """The network ring, the page number and the name query (None without a valid name).
        A wrong name leaves the other filters as they are; a wrong ring or page gives everyone's
        first page."""
        if not self.is_bound:
            return None, 1, None
        self.is_valid()
        data = self.cleaned_data
        if set(self.errors) - {"q"}:
            return None, 1, data.get("q")
        return (int(data["ring"]) if data["ring"] else None), data["page"] or 1, data.get("q")


class ListingForm(forms.Form):
    findable = forms.BooleanField(
        label=_("Make our organisation findable in the partner directory"),
        required=False,
        help_text=_(
            "Other users then see the name, KvK number, SBI codes, size class, postcode area and what you "
            "fill in below. Nothing else. You can switch this off at any time."
        ),
    )
    chain_position = forms.ChoiceField(
        label=_("Position in the chain"), choices=CHAIN_CHOICES, widget=forms.RadioSelect
    )
    offers = forms.MultipleChoiceField(
        label=_("What we offer"), choices=CATEGORY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("What we look for"), choices=CATEGORY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    specialisms = TagsField(label=_("Specialisms"), help_text=_("Separated by commas."))
    culture = forms.CharField(
        label=_("Culture and way of working"),
        required=False,
        max_length=LISTING_CULTURE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In a few sentences and in your own words: how you work and what kind of company you are. "
            "Whoever finds you reads it next to the match."
        ),
    )


class InviteForm(forms.Form):
    collaboration = lib_forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=None,
        empty_label=None,
        help_text=_("Only collaborations in which your organisation is the lead."),
    )
    email = forms.EmailField(
        label=_("E-mail address of your contact there"),
        help_text=_("The directory holds no e-mail addresses; the person receives a personal link."),
    )

    def __init__(self, *args, collaborations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collaboration"].queryset = collaborations


class ConnectionForm(forms.Form):
    kvk_number = forms.CharField(
        label=_("KvK number of the other organisation"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The organisation must use Samenwerkwijzer and be findable in the directory."),
    )
    kind = forms.ChoiceField(
        label=_("How do you know each other?"), choices=Connection.Kind.choices, widget=forms.RadioSelect
    )

    def clean_kvk_number(self):
        return normalise_kvk_number(self.cleaned_data["kvk_number"])


class EntryChoiceForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")], widget=forms.HiddenInput)
