"""Per-party rows of a section: parties, contributions, shares of costs and revenue, obligations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import rules
from .fields import line_field, text_field

# --- Per-party rows ----------------------------------------------------------


class PartyRowForm(forms.Form):
    organisation_id = forms.IntegerField(widget=forms.HiddenInput)


class PartyForm(PartyRowForm):
    address = line_field(_("Address"), help_text=_("Street and number, postcode and place of business."), required=True)
    signatory_name = line_field(
        _("Signs on behalf of the organisation"),
        help_text=_("The person who may sign for the organisation, as in the Handelsregister."),
        max_length=200,
        required=True,
    )
    signatory_role = line_field(_("Function of the signatory"), max_length=100)
    FIELDS = ("address", "signatory_name", "signatory_role")


class ContributionForm(PartyRowForm):
    summary = text_field(_("What this party brings in, in short"), rows=2)
    money = forms.DecimalField(
        label=_("Money (euro)"), required=False, min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours per month"), required=False, min_value=0, max_digits=7, decimal_places=1, localize=True
    )
    knowledge = text_field(_("Knowledge"), rows=2)
    means = text_field(_("Means"), rows=2, help_text=_("For example machines, space, vehicles or a network."))
    FIELDS = ("summary", "money", "hours_per_month", "knowledge", "means")


class ShareForm(PartyRowForm):
    cost_share = forms.DecimalField(
        label=_("Share of the costs (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
    )
    revenue_share = forms.DecimalField(
        label=_("Share of revenue and profit (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
    )
    FIELDS = ("cost_share", "revenue_share")


class ObligationForm(PartyRowForm):
    """Both kinds side by side: the guide speaks of mutual obligations of effort and of result."""

    effort = text_field(
        _("Obligation of effort (inspanningsverplichting)"),
        help_text=_("What this party will do its best for, without promising the outcome. Leave empty if none."),
        rows=2,
    )
    result = text_field(
        _("Obligation of result (resultaatverplichting)"),
        help_text=_("Which result this party promises to deliver. Leave empty if none."),
        rows=2,
    )
    FIELDS = ("effort", "result")


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args, parties, **kwargs):
        self.parties = parties
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {}

    def clean(self):
        if any(self.errors):
            return
        posted = [form.cleaned_data.get("organisation_id") for form in self.forms]
        if posted != [p["organisation_id"] for p in self.parties]:
            raise forms.ValidationError(
                _("The participants of the collaboration changed while you were editing. Check this section again.")
            )


class SharesFormSet(BasePartyFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        problems = []  # both splits are checked: every error of the form at once
        for field, what in (("cost_share", _("costs")), ("revenue_share", _("revenue and profit"))):
            shares = {i: form.cleaned_data.get(field) for i, form in enumerate(self.forms)}
            if all(value is None for value in shares.values()):
                continue  # not agreed yet: the freeze check asks for it
            result = rules.check_split(shares)
            if result.problem == rules.SPLIT_MISSING:
                problems.append(
                    forms.ValidationError(
                        _("Give every party a share of the %(what)s, also when it is 0 %%.") % {"what": what}
                    )
                )
            elif not result.ok:
                problems.append(
                    forms.ValidationError(
                        _("The shares of the %(what)s add up to %(total)s %%; together they must be exactly 100 %%.")
                        % {"what": what, "total": rules.format_percentage(result.total) or result.total}
                    )
                )
        if problems:
            raise forms.ValidationError(problems)
