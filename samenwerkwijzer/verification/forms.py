from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.forms import DateInput
from samenwerkwijzer.lib.forms import IdMultipleChoiceField


class ExtractUploadForm(forms.Form):
    extract = forms.FileField(
        label=_("Handelsregister extract (PDF, at most 5 MB)"),
        help_text=_("An extract from the KVK Handelsregister of at most 30 days old, as you received it from the KVK."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    extract_date = forms.DateField(
        label=_("Date of the extract"),
        help_text=_("The date printed on the extract, for example 6-12-2026."),
        widget=DateInput(),
    )
    signatories = forms.CharField(
        label=_("Who may sign according to the extract (optional)"),
        required=False,
        max_length=500,
        help_text=_("Names and capacity as on the extract, e.g. 'J. de Vries, bestuurder, alleen bevoegd'."),
    )


class ReviewForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve: the extract is genuine, recent and matches the registry")),
        ("reject", _("Reject")),
    ]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    signatory_members = IdMultipleChoiceField(
        label=_("Members who are a bestuurder or gevolmachtigde on the extract"),
        help_text=_("Only on approval. Tick only people whose name is on the extract with the power to sign."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Required for a rejection; the organisation reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signatory_members"]
        field.queryset = members
        field.label_from_instance = lambda membership: membership.user.display_name
