from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
            self.add_error("date", _("A new meeting cannot start in the past."))
        return cleaned


class EditMeetingForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("New subject"), max_length=300)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    description = forms.CharField(label=_("Decision / action"), max_length=1000)
    owner_organisation = forms.ModelChoiceField(label=_("Who takes care of it"), queryset=None)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations


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
    owner_organisation = forms.ModelChoiceField(label=_("Which organisation takes care of it"), queryset=None)
    owner_person = forms.ModelChoiceField(label=_("Who in particular (optional)"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    work_goal = forms.ModelChoiceField(label=_("For goal (optional)"), queryset=None, required=False)

    def __init__(self, *args, organisations, people, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_person"].queryset = people
        self.fields["work_goal"].queryset = goals
