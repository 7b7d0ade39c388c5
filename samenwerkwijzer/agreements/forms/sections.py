"""The main form of each section, and ``SectionEditor``: form, per-party formset and item formset as one unit.

A ``SectionEditor`` turns the stored section data into initial values and the posted values back into
section data.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..sections import COST_ARRANGEMENTS, EVALUATION_FREQUENCIES, obligation_row, rows_for_parties
from .fields import KVK_NUMBER, BaseVersionForm, cleaned_dict, date_field, text_field
from .items import GoalForm, MilestoneForm, StepForm, item_formset, item_rows
from .parties import (
    BasePartyFormSet,
    ContributionForm,
    ObligationForm,
    PartyForm,
    ShareForm,
    SharesFormSet,
)

# --- Section main forms ----------------------------------------------------------


class GoalsForm(forms.Form):
    purpose = text_field(
        _("Purpose and added value"),
        help_text=_("What should the collaboration bring each partner, and how does that added value come about?"),
        rows=4,
    )
    activities = text_field(_("Activities"), help_text=_("What you will do together to reach the goals."), rows=4)
    FIELDS = ("purpose", "activities")


class ContributionsForm(forms.Form):
    settlement = text_field(
        _("Settling services partners deliver to each other"),
        help_text=_("For example: hours are charged at cost price and settled every quarter."),
    )
    FIELDS = ("settlement",)


class BenefitsForm(forms.Form):
    customer_owner = text_field(_("Who owns a customer that comes from the collaboration?"))
    customer_contact = text_field(_("May a partner approach that customer outside the collaboration?"))
    crm = text_field(_("How do you handle customer data and CRM systems?"))
    suppliers = text_field(_("Do agreements with your own suppliers also apply to the collaboration?"))
    ip = text_field(
        _("Who owns what you develop together: knowledge, patents, models?"),
        help_text=_("With product development patents may arise; find out about intellectual property in advance."),
    )
    breach = text_field(_("What happens when a partner does not keep the agreements?"))
    setbacks = text_field(_("How do you deal with setbacks, and who carries their costs?"))
    FIELDS = ("customer_owner", "customer_contact", "crm", "suppliers", "ip", "breach", "setbacks")


class TermForm(forms.Form):
    start_date = date_field(_("Start date"))
    end_date = date_field(_("End date"), help_text=_("Leave empty for a collaboration without an end date."))
    notice = text_field(
        _("Notice"), help_text=_("For example: three months, in writing, at the end of a quarter."), rows=2
    )
    leave_how = text_field(_("How can a partner end the collaboration?"))
    consequences = text_field(_("What are the consequences for those involved?"))
    results_division = text_field(_("How do you divide the results achieved so far?"))
    parting = text_field(_("How do you part if things turn out not to work in the meantime?"))
    FIELDS = ("start_date", "end_date", "notice", "leave_how", "consequences", "results_division", "parting")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class EvaluationForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often do you evaluate?"),
        choices=[(key, label) for key, label, _months in EVALUATION_FREQUENCIES],
        widget=forms.RadioSelect,
        help_text=_("This sets the schedule of the Collaboration checker rounds."),
    )
    notes = text_field(_("How do you evaluate?"), help_text=_("Who prepares it, who takes part, what you look at."))
    FIELDS = ("frequency", "notes")


class ConditionsForm(forms.Form):
    confidentiality = text_field(
        _("Confidentiality"), help_text=_("What stays between the partners, and for how long.")
    )
    digital_tools = text_field(
        _("Digital tools"), help_text=_("Which tools you use to communicate, plan and share documents.")
    )
    disputes = text_field(_("Disputes"), help_text=_("For example: first a talk, then a mediator, then the court."))
    legal_form = text_field(
        _("Legal form"),
        help_text=_("A plain agreement is often enough; the legal-form advice of this collaboration fills this in."),
        rows=2,
    )
    FIELDS = ("confidentiality", "digital_tools", "disputes", "legal_form")


class IntentionForm(forms.Form):
    intention = text_field(_("Intention"), help_text=_("What do you intend to do together, and why?"), rows=4)
    scope = text_field(_("Scope"), help_text=_("What falls within the collaboration, and what does not."), rows=3)
    duration_kind = forms.ChoiceField(
        label=_("Project or structural"),
        choices=[("project", _("as a project (for a set term)")), ("structural", _("structurally"))],
        widget=forms.RadioSelect,
    )
    FIELDS = ("intention", "scope", "duration_kind")


class ConfidentialityForm(forms.Form):
    text = text_field(
        _("Confidentiality"), help_text=_("What the partners keep to themselves, and for how long."), rows=4
    )
    FIELDS = ("text",)


class CostsForm(forms.Form):
    arrangement = forms.ChoiceField(label=_("Costs made so far"), choices=COST_ARRANGEMENTS, widget=forms.RadioSelect)
    notes = text_field(_("Explanation"), rows=3)
    FIELDS = ("arrangement", "notes")


# --- The editor of one section ----------------------------------------------------

MAIN_FORMS = {
    "goals": GoalsForm,
    "contributions": ContributionsForm,
    "benefits": BenefitsForm,
    "term": TermForm,
    "evaluation": EvaluationForm,
    "conditions": ConditionsForm,
    "intention": IntentionForm,
    "confidentiality": ConfidentialityForm,
    "costs": CostsForm,
}
PARTY_FORMS = {
    "parties": (PartyForm, {"address": "", "signatory_name": "", "signatory_role": ""}),
    "contributions": (ContributionForm, {}),
    "benefits": (ShareForm, {}),
    "obligations": (ObligationForm, {"effort": "", "result": ""}),
}
ITEM_FORMS = {"goals": GoalForm, "planning": MilestoneForm, "next_steps": StepForm}
ITEM_LEGENDS = {"goals": _("Goal %(n)s"), "planning": _("Milestone %(n)s"), "next_steps": _("Step %(n)s")}


class SectionEditor:
    """Form, per-party formset and item formset of one section, as one unit."""

    def __init__(
        self, key: str, *, stored: dict, parties: list[dict], data=None, organisations=None, organisation=None
    ):
        self.key = key
        self.organisation = organisation  # the organisation the editor acts for: it confirms goals for itself
        self.parties = parties
        self.stored = stored
        self.organisations = organisations or {}
        self.base = BaseVersionForm(data)
        self.main = None
        self.party_formset = None
        self.item_formset = None
        if key in MAIN_FORMS:
            self.main = MAIN_FORMS[key](data, initial={k: stored.get(k, "") for k in MAIN_FORMS[key].FIELDS})
        if key in PARTY_FORMS:
            form_class, defaults = PARTY_FORMS[key]
            rows = stored if key == "parties" else stored.get("parties", [])
            if key == "obligations":
                rows = [obligation_row(row) for row in rows]
            formset_class = SharesFormSet if key == "benefits" else BasePartyFormSet
            FormSet = forms.formset_factory(
                form_class,
                formset=formset_class,
                extra=0,
                min_num=len(parties),
                max_num=len(parties),
                validate_min=True,
                validate_max=True,
            )
            initial = rows_for_parties(rows, parties, defaults)
            self.party_formset = FormSet(data, initial=initial, prefix="parties", parties=parties)
            for form, party in zip(self.party_formset.forms, parties, strict=False):
                form.legend = party["name"]
                form.party = party
        if key in ITEM_FORMS:
            self.item_formset = item_formset(ITEM_FORMS[key], rows=stored.get("items", []), data=data)
            for number, form in enumerate(self.item_formset.forms, start=1):
                form.legend = ITEM_LEGENDS[key] % {"n": number}
            if key == "goals":
                self._prepare_goal_confirmations()

    def _prepare_goal_confirmations(self):
        """Each goal row: a box for the acting organisation's own confirmation of "acceptable and
        realistic", ticked when it confirmed this goal before, and the names of who did."""
        rows = self.stored.get("items", [])
        names = {p["organisation_id"]: p["name"] for p in self.parties}
        own_id = getattr(self.organisation, "pk", None)
        for index, form in enumerate(self.item_formset.forms):
            row = rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}
            confirmed = rules.confirmed_by(row)
            form.confirmed_names = [names[pid] for pid in names if pid in confirmed]
            field = form.fields["confirmed"]
            if own_id is None:
                del form.fields["confirmed"]
                continue
            form.initial["confirmed"] = own_id in confirmed
            field.label = _("%(name)s finds this goal acceptable and realistic") % {"name": self.organisation.name}
            field.help_text = _(
                "Acceptable: your organisation supports this goal. Realistic: it can be reached with the means and "
                "time available. Only your own organisation's confirmation is recorded here."
            )

    @property
    def has_errors(self) -> bool:
        if not self.base.is_bound:
            return False
        return any(
            part.errors if isinstance(part, forms.Form) else (part.total_error_count() > 0)
            for part in (self.base, *self.parts())
        )

    def parts(self):
        return [part for part in (self.main, self.party_formset, self.item_formset) if part is not None]

    def is_valid(self) -> bool:
        valid = [part.is_valid() for part in (self.base, *self.parts())]
        if all(valid) and self.key == "parties":
            self._check_registry_data()
            valid.append(not any(form.errors for form in self.party_formset.forms))
        return all(valid)

    def _check_registry_data(self):
        for form, party in zip(self.party_formset.forms, self.parties, strict=False):
            try:
                KVK_NUMBER(party.get("kvk_number", ""))
            except forms.ValidationError:
                form.add_error(
                    None,
                    _("%(name)s has no valid KvK number (8 digits). Add it to the organisation's profile first.")
                    % {"name": party["name"]},
                )

    @property
    def base_version(self) -> int:
        return self.base.cleaned_data["base_version"]

    def cleaned_section(self):
        """The section data to store."""
        if self.key == "parties":
            result = []
            for form, party in zip(self.party_formset.forms, self.parties, strict=False):
                result.append({**party, **cleaned_dict(form, PartyForm.FIELDS)})
            return result
        section = {}
        if self.main is not None:
            section.update(cleaned_dict(self.main, self.main.FIELDS))
        if self.party_formset is not None:
            form_class = PARTY_FORMS[self.key][0]
            section["parties"] = [
                {
                    "organisation_id": party["organisation_id"],
                    "name": party["name"],
                    **cleaned_dict(form, form_class.FIELDS),
                }
                for form, party in zip(self.party_formset.forms, self.parties, strict=False)
            ]
        if self.item_formset is not None:
            section["items"] = item_rows(self.item_formset)
            if self.key == "goals":
                section["items"] = self._confirmed_goal_rows()
        return section

    def _confirmed_goal_rows(self) -> list[dict]:
        kept = [form for form in self.item_formset.forms if not form.cleaned_data.get("DELETE") and not form.is_blank()]
        rows = [cleaned_dict(form, form.FIELDS) for form in kept]
        own_id = getattr(self.organisation, "pk", None)
        own = [bool(form.cleaned_data.get("confirmed")) and own_id is not None for form in kept]
        return rules.carry_confirmations(self.stored.get("items", []), rows, organisation_id=own_id, own=own)
