from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import forms as lib_forms

from .evaluation import GRADE_MAX, GRADE_MIN, STATEMENTS, scale_labels
from .models import NetworkMember


class TeamMemberChoiceField(lib_forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class AgreementForm(forms.Form):
    lead_member = TeamMemberChoiceField(
        label=_("Penvoerder"),
        help_text=_("The member who leads the work for the client and invoices it."),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    client_contact = TeamMemberChoiceField(
        label=_("Contact for the client"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    income_split = forms.CharField(
        label=_("How income is divided"),
        help_text=_("For example: each member invoices its own days at its own day rate, via the penvoerder."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    other_terms = forms.CharField(
        label=_("Other arrangements"),
        help_text=_("For example: how you keep each other informed, and what happens when someone drops out."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        team = NetworkMember.objects.filter(pk__in=[m.pk for m in members]).select_related("organisation")
        for name in ("lead_member", "client_contact"):
            self.fields[name].queryset = team.order_by("organisation__name")


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvaluationForm(forms.Form):
    """Statements 1-5 (radio buttons) and a grade 1-10; none required until the member submits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = scale_labels()
        for statement in STATEMENTS:
            self.fields[statement.key] = forms.TypedChoiceField(
                label=statement.text,
                choices=[(value, f"{value} · {text}") for value, text in labels.items()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["grade"] = forms.IntegerField(
            label=_("Your grade for the assignment"),
            help_text=_("From 1 (very poor) to 10 (excellent)."),
            min_value=GRADE_MIN,
            max_value=GRADE_MAX,
            required=False,
        )
        self.fields["remarks"] = forms.CharField(
            label=_("Remarks (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
        )

    def answers(self) -> dict:
        return {s.key: self.cleaned_data.get(s.key) for s in STATEMENTS if self.cleaned_data.get(s.key) is not None}
