from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import dates
from samenwerkwijzer.lib import forms as lib_forms

from .models import Meeting


class MeetingForm(forms.ModelForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    online_link = forms.URLField(label=_("Link for joining online"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "duration_minutes", "location", "online_link"]

    field_order = ["title", "date", "time", "duration_minutes", "location", "online_link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs.update({"min": 15, "max": 600, "step": 15})
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.update({"date": local.date(), "time": local.time().replace(second=0, microsecond=0)})

    def clean_date(self):
        # The one date rule: a meeting moved to (or planned on) a past day is refused; an unchanged day is kept.
        previous = timezone.localtime(self.instance.starts_at).date() if self.instance.pk else None
        return dates.validate_planned_date(self.cleaned_data["date"], previous=previous)

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 15 <= value <= 600:
            raise forms.ValidationError(_("Choose a duration between 15 and 600 minutes."))
        return value

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))

    def changes(self) -> dict:
        data = {field: self.cleaned_data[field] for field in ["title", "duration_minutes", "location", "online_link"]}
        data["starts_at"] = self.starts_at()
        return data


class NewMeetingForm(MeetingForm):
    free_items = forms.CharField(
        label=_("Other subjects for the agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One subject per line. Differences marked for discussion and open action items are added by themselves."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time") and self.starts_at() < timezone.now():
            # Today, at an hour that has passed (an earlier day is refused by the date rule).
            self.add_error("time", _("A new meeting cannot start in the past."))
        return cleaned


class EditMeetingForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("New subject"), max_length=300)


MINUTES_FORM_ID = "minutes-form"


class MinutesForm(forms.Form):
    """The minutes of one agenda item; the page holds one per item, all saved by one button.

    ``original`` is what the box held when the page was loaded: a box nobody changed is left alone,
    so saving never overwrites what somebody else wrote there in the meantime."""

    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
    original = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The boxes sit between the per-item decision forms; the form attribute ties them to the one form.
            field.widget.attrs["form"] = MINUTES_FORM_ID

    def changed(self) -> bool:
        def normal(text):
            return (text or "").replace("\r\n", "\n").strip()

        return normal(self.cleaned_data["minutes"]) != normal(self.cleaned_data["original"])


def minutes_forms_for(items, data=None) -> dict[int, MinutesForm]:
    """One form per agenda item, keyed by the item's pk. With data, only the boxes that were posted
    (an autosave posts one box; the page's one save button posts them all)."""
    forms_by_item = {}
    for item in items:
        prefix = f"minutes-{item.pk}"
        if data is not None and f"{prefix}-minutes" not in data:
            continue
        initial = {"minutes": item.minutes, "original": item.minutes}
        forms_by_item[item.pk] = MinutesForm(data, prefix=prefix, initial=initial)
    return forms_by_item


class DecisionForm(forms.Form):
    description = forms.CharField(label=_("Decision / action"), max_length=1000)
    owner_organisation = lib_forms.ModelChoiceField(label=_("Who takes care of it"), queryset=None, empty_label=None)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations

    def clean_due_date(self):
        return dates.validate_planned_date(self.cleaned_data.get("due_date"))


class FlagReviewForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    evidence_hash = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What did you agree?"), required=False, max_length=2000)


class WorkGoalForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    title = forms.CharField(label=_("Goal"), max_length=300)
    agreement_goal = forms.CharField(label=_("Goal in the agreement"), required=False, max_length=300)


class PlanActionForm(forms.Form):
    description = forms.CharField(label=_("What needs to happen"), max_length=1000)
    owner_organisation = lib_forms.ModelChoiceField(label=_("Which organisation takes care of it"), queryset=None)
    owner_person = lib_forms.ModelChoiceField(label=_("Who in particular (optional)"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    work_goal = lib_forms.ModelChoiceField(label=_("For goal (optional)"), queryset=None, required=False)

    def __init__(self, *args, organisations, people, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_person"].queryset = people
        self.fields["work_goal"].queryset = goals

    def clean_due_date(self):
        return dates.validate_planned_date(self.cleaned_data.get("due_date"))
