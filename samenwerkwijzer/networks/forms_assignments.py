"""Forms for bringing in an assignment, offering days and answering a team invitation.

The required expertises are one number field per expertise of the network's own list ("person-days,
leave empty when not needed"): no JavaScript, no formset rows to add, and it reads well on a phone.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.reference import catalog

from .models import Assignment, Objective

NEED_PREFIX = "need_"
MAX_NEED_DAYS = 1000


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    client = forms.CharField(
        label=_("Client"), max_length=200, help_text=_("The organisation or person who asks for the work.")
    )
    description = forms.CharField(
        label=_("What the client asks"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=_date_widget())
    ends_on = forms.DateField(label=_("End date"), widget=_date_widget())
    location_pc4 = forms.CharField(
        label=_("Postcode area of the work"),
        max_length=4,
        required=False,
        help_text=_("The four digits of the postcode, e.g. 3511. Leave empty when the work can be done anywhere."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
    )
    budget = forms.DecimalField(
        label=_("Budget in euros (optional)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_km = forms.IntegerField(
        label=_("Maximum distance in km (optional)"),
        required=False,
        min_value=1,
        max_value=400,
        help_text=_("From each member's postcode area to the work."),
    )
    max_people = forms.IntegerField(
        label=_("At most this many people (optional)"), required=False, min_value=1, max_value=100
    )
    include_bringer = forms.BooleanField(label=_("I take part myself"), required=False)
    objective = forms.ChoiceField(
        label=_("What matters most"),
        choices=Objective.choices,
        initial=Objective.FEWEST_PEOPLE,
        widget=forms.RadioSelect,
        help_text=_("Among teams that are equally good on this, members with fewer assigned days come first."),
    )

    def __init__(self, *args, expertises=(), assignment: Assignment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expertises = list(expertises)
        days = {}
        if assignment is not None:
            days = {need.expertise_id: need.days for need in assignment.needs.all()}
            if not self.is_bound:
                for name in (
                    "title",
                    "client",
                    "description",
                    "starts_on",
                    "ends_on",
                    "location_pc4",
                    "budget",
                    "max_km",
                    "max_people",
                    "include_bringer",
                    "objective",
                ):
                    self.initial[name] = getattr(assignment, name)
        order = ["title", "client", "description", "starts_on", "ends_on", "location_pc4", "budget"]
        for index, expertise in enumerate(self.expertises):
            name = f"{NEED_PREFIX}{expertise.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("%(expertise)s: person-days") % {"expertise": expertise.name},
                required=False,
                min_value=1,
                max_value=MAX_NEED_DAYS,
                help_text=(
                    _("The required expertises: fill in the person-days each needs; leave the others empty.")
                    if index == 0
                    else ""
                ),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            if expertise.pk in days and not self.is_bound:
                self.initial[name] = days[expertise.pk]
            order.append(name)
        self.order_fields([*order, "max_km", "max_people", "include_bringer", "objective"])

    @property
    def first_need_field(self) -> str | None:
        return f"{NEED_PREFIX}{self.expertises[0].pk}" if self.expertises else None

    def clean_location_pc4(self):
        value = self.cleaned_data["location_pc4"].strip()
        if not value:
            return ""
        if not (len(value) == 4 and value.isdigit()):
            raise forms.ValidationError(_("Enter the four digits of a postcode, e.g. 3511."))
        if value not in catalog.pc4_areas():
            raise forms.ValidationError(_("%(pc4)s is not a Dutch postcode area.") % {"pc4": value})
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            self.expertises
            and not self.needs()
            and not any(f"{NEED_PREFIX}{e.pk}" in self.errors for e in self.expertises)
        ):
            self.add_error(self.first_need_field, _("Fill in the person-days for at least one expertise."))
        return cleaned

    def needs(self) -> list[tuple[object, int]]:
        """The expertises asked for, with their person-days (after validation)."""
        return [
            (expertise, self.cleaned_data[f"{NEED_PREFIX}{expertise.pk}"])
            for expertise in self.expertises
            if self.cleaned_data.get(f"{NEED_PREFIX}{expertise.pk}")
        ]

    def data_for_service(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "client",
                "description",
                "starts_on",
                "ends_on",
                "location_pc4",
                "budget",
                "max_km",
                "max_people",
                "include_bringer",
                "objective",
            )
        }


class OfferForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days you have for this assignment"),
        min_value=0,
        max_value=MAX_NEED_DAYS,
        help_text=_("In the assignment's period. 0 means you are not available."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you take part in this team?"),
        choices=[("yes", _("Yes, I take part")), ("no", _("No, I do not take part"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person who brought in the assignment sees it."),
    )
