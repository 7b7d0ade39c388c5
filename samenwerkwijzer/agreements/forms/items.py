"""Repeating items of a section: goals, milestones and next steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import dates

from .fields import cleaned_dict, date_field, line_field

# --- Repeating items (goals, milestones, next steps) ---------------------------


class ItemForm(forms.Form):
    FIELDS: tuple = ()
    PLANNED_DATES: tuple = ()  # date fields that plan the future: the one date rule (lib/dates.py) applies

    def clean(self):
        data = super().clean()
        for name in self.PLANNED_DATES:
            if data.get(name) is None:
                continue
            try:
                dates.validate_planned_date(data[name], previous=self.initial.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) not in (None, "") for name in self.FIELDS)


class GoalForm(ItemForm):
    description = line_field(_("Goal"), help_text=_("What do you want to achieve, for whom?"))
    indicator = line_field(
        _("Indicator"), help_text=_("How do you measure it? For example: number of deliveries per week.")
    )
    target = line_field(
        _("Target value"), help_text=_("The number you want to reach, for example 40 or 15 %."), max_length=100
    )
    deadline = date_field(_("Deadline"))
    confirmed = forms.BooleanField(label=_("Acceptable and realistic"), required=False)
    FIELDS = ("description", "indicator", "target", "deadline")  # the wording; ``confirmed`` is per party
    PLANNED_DATES = ("deadline",)


class MilestoneForm(ItemForm):
    description = line_field(_("Milestone"))
    date = date_field(_("Date"))
    owner = line_field(_("Who takes care of it"), max_length=200)
    FIELDS = ("description", "date", "owner")
    PLANNED_DATES = ("date",)


class StepForm(ItemForm):
    description = line_field(_("Step"))
    date = date_field(_("Date"))
    FIELDS = ("description", "date")
    PLANNED_DATES = ("date",)


def item_formset(form_class, *, rows, data=None, prefix="items"):
    FormSet = forms.formset_factory(form_class, extra=2, can_delete=True, max_num=30, validate_max=True)
    formset = FormSet(data, initial=[{k: r.get(k, "") for k in form_class.FIELDS} for r in rows or []], prefix=prefix)
    return formset


def item_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if form.cleaned_data.get("DELETE") or form.is_blank():
            continue
        rows.append(cleaned_dict(form, form.FIELDS))
    return rows
