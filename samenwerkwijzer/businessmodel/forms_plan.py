"""Forms of the joint business plan."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import assemble, budget


class AmountField(forms.CharField):
    """An amount in euro as people type it: "1.250,50", "1250", "€ 1.250". Empty means zero."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "budget-amount"})

    def clean(self, value):
        value = super().clean(value)
        amount = budget.parse_amount(value)
        if amount is None:
            raise forms.ValidationError(_("Fill in an amount in euro, for example 1.250,50."))
        if amount < 0 or amount > budget.MAX_AMOUNT:
            raise forms.ValidationError(_("Fill in an amount of zero or more, in euro."))
        return amount


def _amount_text(value) -> str:
    """The stored amount as the form shows it: Dutch, without thousands separators ("1250,50")."""
    return "" if not value else f"{value:.2f}".replace(".", ",")


class BudgetForm(forms.Form):
    start_year = forms.IntegerField(
        label=gettext_lazy("First year of the budget"),
        help_text=gettext_lazy("The budget covers this year and up to five more."),
        min_value=1,
        max_value=9999,
    )

    def __init__(self, *args, budget_view, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = budget_view.organisations
        self.start = budget_view.start_year
        if not self.is_bound:
            self.initial["start_year"] = self.start
        self.groups = []
        for organisation in self.organisations:
            rows = []
            for index in range(budget.MAX_YEARS):
                year = self.start + index
                costs, revenues = budget_view.amounts.get((organisation["id"], year), (None, None))
                names = []
                for kind, label, value in (
                    ("costs", _("Costs in %(year)s (euro)"), costs),
                    ("revenues", _("Revenues in %(year)s (euro)"), revenues),
                ):
                    name = f"{kind}_{organisation['id']}_{index}"
                    self.fields[name] = AmountField(label=label % {"year": year})
                    self.initial[name] = _amount_text(value)
                    names.append(name)
                rows.append((year, index, names))
            self.groups.append((organisation, rows))

    def field_groups(self):
        """Per organisation: (organisation, [(year, costs field, revenues field)])."""
        return [
            (organisation, [(year, self[names[0]], self[names[1]]) for year, _index, names in rows])
            for organisation, rows in self.groups
        ]

    def amounts(self) -> dict:
        return {
            (organisation["id"], index): (
                self.cleaned_data[f"costs_{organisation['id']}_{index}"],
                self.cleaned_data[f"revenues_{organisation['id']}_{index}"],
            )
            for organisation, rows in self.groups
            for _year, index, _names in rows
        }


class PlanTextForm(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        helps = {
            "summary": gettext_lazy("In a few lines: what the collaboration offers, for whom, and why together."),
            "market": gettext_lazy("Who the customers are, what they need and who else offers it."),
            "organisation": gettext_lazy("Who does what, who is penvoerder and how you decide together."),
        }
        for key, title in assemble.TEXT_SECTIONS:
            self.fields[key] = forms.CharField(
                label=title,
                help_text=helps[key],
                required=False,
                max_length=assemble.TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key, _title in assemble.TEXT_SECTIONS}


class NewVersionForm(forms.Form):
    base_number = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("What changed (optional)"),
        required=False,
        max_length=300,
    )


class ApproveForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class GoalsToWorkPlanForm(forms.Form):
    year = forms.IntegerField(min_value=1, max_value=9999, widget=forms.HiddenInput)
