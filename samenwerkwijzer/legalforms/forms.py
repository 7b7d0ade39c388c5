from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib.bilingual import language_of

from . import advice
from .knowledge import get_knowledge

MIN_COMPARED = 2

# Guide 5.1 and 5.2: how long the collaboration lasts, not whether it is a project. A project of
# some years is "a longer time"; "incidental" is once or for a short time.
DURATION_CHOICES = [
    ("incidental", _("Incidentally or for a short time, for example one job together")),
    ("structural", _("For a longer time or indefinitely, or again and again (a project of some years too)")),
]
TAX_CHOICES = [
    ("", _("No preference, or not sure yet")),
    (
        "income_tax",
        _(
            "Income tax for the partners themselves, with the entrepreneur's allowance (ondernemersaftrek) and "
            "the SME profit exemption (mkb-winstvrijstelling) if they meet the hours criterion"
        ),
    ),
    ("corporate_tax", _("Corporate income tax (vennootschapsbelasting) in the legal entity")),
]
FOUNDER_KIND_CHOICES = [
    ("natural", _("Natural persons, for example freelancers or sole traders")),
    ("legal", _("Legal entities, for example private limited companies (bv's)")),
    ("mixed", _("Both")),
]
PURPOSE_CHOICES = [
    ("share_risk", _("Sharing the business risk")),
    ("financial_benefit", _("Financial benefit")),
    ("collective_benefit", _("Collective benefit, such as buying together at lower prices")),
    ("social_goal", _("A social, societal or idealistic goal")),
    ("common_goal", _("A common goal the members contribute to, for example with a membership fee")),
]


def form_choices(language: str, keys=None) -> list[tuple[str, str]]:
    """(key, name) of the given forms in the given order; of every form when keys is None."""
    forms_by_key = get_knowledge().forms
    keys = list(forms_by_key) if keys is None else [key for key in keys if key in forms_by_key]
    return [(key, forms_by_key[key].name.get(language)) for key in keys]


class IntakeForm(forms.Form):
    """The short intake of the advice; its fields are those of the API."""

    duration = forms.ChoiceField(
        label=_("How long will you work together?"),
        choices=DURATION_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("It is about how long you work together: a project of two years is a longer time, not a one-off."),
    )
    founders = forms.IntegerField(
        label=_("How many parties start the collaboration?"),
        min_value=1,
        max_value=100000,
        help_text=_("Count every entrepreneur or organisation that takes part, yourself included."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    founder_kind = forms.ChoiceField(
        label=_("Who are the parties?"), choices=FOUNDER_KIND_CHOICES, widget=forms.RadioSelect
    )
    purpose = forms.ChoiceField(
        label=_("What is the main goal of working together?"), choices=PURPOSE_CHOICES, widget=forms.RadioSelect
    )
    exclude_private_liability = forms.BooleanField(
        label=_("Our private assets must be safe: nobody should be privately liable."), required=False
    )
    notary_ok = forms.BooleanField(
        label=_("We are willing to have a notary draw up a deed."), required=False, initial=True
    )
    silent_investors = forms.BooleanField(
        label=_("Someone takes part with money only (a silent partner or investor)."), required=False
    )
    free_profession = forms.BooleanField(
        label=_("We practise a free profession, for example as doctor, accountant or physiotherapist."),
        required=False,
    )
    profit_to_members = forms.BooleanField(label=_("The profit should go to the partners or members."), required=False)
    tax_preference = forms.ChoiceField(
        label=_("How do you want the profit to be taxed?"),
        help_text=_(
            "The guide names taxes as the third thing that decides the form, after duration and liability. "
            "Check this with your accountant."
        ),
        choices=TAX_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, hidden: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if hidden:
            for name in advice.INTAKE_FIELDS:
                self.fields[name].widget = forms.HiddenInput()

    @property
    def question_fields(self):
        return [self[name] for name in advice.INTAKE_FIELDS if name not in advice.BOOLEAN_FIELDS]

    @property
    def statement_fields(self):
        return [self[name] for name in advice.BOOLEAN_FIELDS]

    def clean_tax_preference(self):
        return self.cleaned_data.get("tax_preference") or None

    def intake(self) -> advice.Intake:
        return advice.Intake.from_dict(self.cleaned_data)

    @classmethod
    def initial_for(cls, intake: advice.Intake | None = None, *, duration: str | None = None) -> dict:
        if intake is not None:
            return {name: value for name, value in intake.to_dict().items() if value is not None}
        return {"duration": duration} if duration else {}

    @staticmethod
    def is_submitted(data) -> bool:
        """A GET request carries an intake when any of its fields is in the query string."""
        return any(name in data for name in advice.INTAKE_FIELDS)


class ChooseForm(IntakeForm):
    """The intake once more (hidden) with the form the partners choose, to save in a collaboration."""

    chosen_form = forms.ChoiceField(
        label=_("Which legal form do you choose?"),
        help_text=_("Forms your answers rule out cannot be chosen."),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the forms your answers allow.")},
    )

    def __init__(self, *args, language: str, options=None, **kwargs):
        super().__init__(*args, hidden=True, **kwargs)
        self.fields["chosen_form"].choices = form_choices(language_of(language), options)


class ComparisonForm(forms.Form):
    selected = forms.MultipleChoiceField(
        label=_("Legal forms to compare"),
        help_text=_("Choose two forms or more."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = form_choices(language_of(language))
        self.fields["selected"].error_messages["required"] = _("Choose at least two forms to compare.")

    def clean_selected(self):
        chosen = list(dict.fromkeys(self.cleaned_data["selected"]))
        if len(chosen) < MIN_COMPARED:
            raise forms.ValidationError(_("Choose at least two forms to compare."))
        return chosen
