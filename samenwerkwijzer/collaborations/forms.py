from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import dates
from samenwerkwijzer.lib import forms as lib_forms

from .ambition import AMBITION_HELP
from .models import EXPLORER_SHARES, Collaboration, Invitation, Participant, Phase


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CollaborationForm(forms.ModelForm):
    class Meta:
        model = Collaboration
        fields = ["name", "purpose", "ambition_level", "duration_kind", "planned_end_date"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "ambition_level": forms.RadioSelect,
            "duration_kind": forms.RadioSelect,
            "planned_end_date": DateInput(),
        }
        help_texts = {
            "name": _("A short name all partners recognise."),
            "purpose": _("What do you want to achieve together, and why?"),
            "ambition_level": AMBITION_HELP,
            "planned_end_date": _("Leave empty for a structural collaboration without an end date."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" choice: the field is required anyway.
        for name in ("ambition_level", "duration_kind"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]

    def clean_planned_end_date(self):
        value = self.cleaned_data.get("planned_end_date")
        previous = self.instance.planned_end_date if self.instance.pk else None
        return dates.validate_planned_date(value, previous=previous)  # the one date rule (lib/dates.py)


class CollaborationCreateForm(CollaborationForm):
    organisation = lib_forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        empty_label=None,
        help_text=_("Your organisation becomes the lead (penvoerder) of the collaboration."),
    )

    class Meta(CollaborationForm.Meta):
        fields = ["organisation", *CollaborationForm.Meta.fields]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CollaborationEditForm(CollaborationForm):
    pass


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        # Required, but the service says so (one rule, one place).
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("All partners see this next to the phase, until what has happened passes it."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The person receives a personal link."))
    kind = forms.ChoiceField(
        label=_("Invite as"),
        choices=Invitation.Kind.choices,
        initial=Invitation.Kind.PARTICIPANT,
        widget=forms.RadioSelect,
        help_text=_("An observer (for example an adviser) reads along and changes nothing."),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you invite them, in your own words. It is shown in the e-mail and on the invitation page."),
    )


class AcceptInvitationForm(forms.Form):
    organisation = lib_forms.ModelChoiceField(
        label=_("Join with organisation"), queryset=None, empty_label=None, required=True
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ParticipantRoleForm(forms.Form):
    # An explorer is admitted by consent (``services.explorer_decide``), never by setting a role.
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in Participant.Role.choices if c[0] != Participant.Role.EXPLORER]
    )


class ExplorerSharesForm(forms.Form):
    shares = forms.MultipleChoiceField(
        label=_("Besides the name, the goal and your contact details, the explorer sees"),
        choices=list(EXPLORER_SHARES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ExplorerDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Does your organisation agree to admit this explorer as partner?"),
        choices=[
            ("consent", _("Yes, admit it as partner once every partner organisation agrees")),
            ("decline", _("No, end the exploration")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your organisation agrees.")},
    )
