"""Forms for editing one section of a document, and for approving, signing and verifying.

A ``SectionEditor`` bundles the form and formsets of one section: it turns the stored
section data into initial values and the posted values back into section data.
"""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import rules
from .sections import COST_ARRANGEMENTS, EVALUATION_FREQUENCIES, obligation_row, rows_for_parties

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KVK_NUMBER = RegexValidator(r"^\d{8}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(label, *, help_text="", rows=3, max_length=4000):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _line(label, *, help_text="", max_length=300, required=False):
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text)


def _date(label, *, help_text=""):
    return forms.DateField(label=label, required=False, help_text=help_text, widget=DateInput())


def _clean_value(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, str):
        return value.strip()
    return value


def cleaned_dict(form, fields) -> dict:
    return {name: _clean_value(form.cleaned_data.get(name)) for name in fields}


class BaseVersionForm(forms.Form):
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


# --- Per-party rows ----------------------------------------------------------


class PartyRowForm(forms.Form):
    organisation_id = forms.IntegerField(widget=forms.HiddenInput)


class PartyForm(PartyRowForm):
    address = _line(_("Address"), help_text=_("Street and number, postcode and place of business."), required=True)
    signatory_name = _line(
        _("Signs on behalf of the organisation"),
        help_text=_("The person who may sign for the organisation, as in the Handelsregister."),
        max_length=200,
        required=True,
    )
    signatory_role = _line(_("Function of the signatory"), max_length=100)
    FIELDS = ("address", "signatory_name", "signatory_role")


class ContributionForm(PartyRowForm):
    summary = _text(_("What this party brings in, in short"), rows=2)
    money = forms.DecimalField(
        label=_("Money (euro)"), required=False, min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours per month"), required=False, min_value=0, max_digits=7, decimal_places=1, localize=True
    )
    knowledge = _text(_("Knowledge"), rows=2)
    means = _text(_("Means"), rows=2, help_text=_("For example machines, space, vehicles or a network."))
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

    effort = _text(
        _("Obligation of effort (inspanningsverplichting)"),
        help_text=_("What this party will do its best for, without promising the outcome. Leave empty if none."),
        rows=2,
    )
    result = _text(
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
        for field, what in (("cost_share", _("costs")), ("revenue_share", _("revenue and profit"))):
            shares = {i: form.cleaned_data.get(field) for i, form in enumerate(self.forms)}
            if all(value is None for value in shares.values()):
                continue  # not agreed yet: the freeze check asks for it
            result = rules.check_split(shares)
            if result.problem == rules.SPLIT_MISSING:
                raise forms.ValidationError(
                    _("Give every party a share of the %(what)s, also when it is 0 %%.") % {"what": what}
                )
            if not result.ok:
                raise forms.ValidationError(
                    _("The shares of the %(what)s add up to %(total)s %%; together they must be exactly 100 %%.")
                    % {"what": what, "total": rules.format_percentage(result.total) or result.total}
                )


# --- Repeating items (goals, milestones, next steps) ---------------------------


class ItemForm(forms.Form):
    FIELDS: tuple = ()

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) not in (None, "") for name in self.FIELDS)


class GoalForm(ItemForm):
    description = _line(_("Goal"), help_text=_("What do you want to achieve, for whom?"))
    indicator = _line(_("Indicator"), help_text=_("How do you measure it? For example: number of deliveries per week."))
    target = _line(
        _("Target value"), help_text=_("The number you want to reach, for example 40 or 15 %."), max_length=100
    )
    deadline = _date(_("Deadline"))
    confirmed = forms.BooleanField(label=_("Acceptable and realistic"), required=False)
    FIELDS = ("description", "indicator", "target", "deadline")  # the wording; ``confirmed`` is per party


class MilestoneForm(ItemForm):
    description = _line(_("Milestone"))
    date = _date(_("Date"))
    owner = _line(_("Who takes care of it"), max_length=200)
    FIELDS = ("description", "date", "owner")


class StepForm(ItemForm):
    description = _line(_("Step"))
    date = _date(_("Date"))
    FIELDS = ("description", "date")


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


# --- Section main forms ----------------------------------------------------------


class GoalsForm(forms.Form):
    purpose = _text(
        _("Purpose and added value"),
        help_text=_("What should the collaboration bring each partner, and how does that added value come about?"),
        rows=4,
    )
    activities = _text(_("Activities"), help_text=_("What you will do together to reach the goals."), rows=4)
    FIELDS = ("purpose", "activities")


class ContributionsForm(forms.Form):
    settlement = _text(
        _("Settling services partners deliver to each other"),
        help_text=_("For example: hours are charged at cost price and settled every quarter."),
    )
    FIELDS = ("settlement",)


class BenefitsForm(forms.Form):
    customer_owner = _text(_("Who owns a customer that comes from the collaboration?"))
    customer_contact = _text(_("May a partner approach that customer outside the collaboration?"))
    crm = _text(_("How do you handle customer data and CRM systems?"))
    suppliers = _text(_("Do agreements with your own suppliers also apply to the collaboration?"))
    ip = _text(
        _("Who owns what you develop together: knowledge, patents, models?"),
        help_text=_("With product development patents may arise; find out about intellectual property in advance."),
    )
    breach = _text(_("What happens when a partner does not keep the agreements?"))
    setbacks = _text(_("How do you deal with setbacks, and who carries their costs?"))
    FIELDS = ("customer_owner", "customer_contact", "crm", "suppliers", "ip", "breach", "setbacks")


class TermForm(forms.Form):
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"), help_text=_("Leave empty for a collaboration without an end date."))
    notice = _text(_("Notice"), help_text=_("For example: three months, in writing, at the end of a quarter."), rows=2)
    leave_how = _text(_("How can a partner end the collaboration?"))
    consequences = _text(_("What are the consequences for those involved?"))
    results_division = _text(_("How do you divide the results achieved so far?"))
    parting = _text(_("How do you part if things turn out not to work in the meantime?"))
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
    notes = _text(_("How do you evaluate?"), help_text=_("Who prepares it, who takes part, what you look at."))
    FIELDS = ("frequency", "notes")


class ConditionsForm(forms.Form):
    confidentiality = _text(_("Confidentiality"), help_text=_("What stays between the partners, and for how long."))
    digital_tools = _text(
        _("Digital tools"), help_text=_("Which tools you use to communicate, plan and share documents.")
    )
    disputes = _text(_("Disputes"), help_text=_("For example: first a talk, then a mediator, then the court."))
    legal_form = _text(
        _("Legal form"),
        help_text=_("A plain agreement is often enough; the legal-form advice of this collaboration fills this in."),
        rows=2,
    )
    FIELDS = ("confidentiality", "digital_tools", "disputes", "legal_form")


class IntentionForm(forms.Form):
    intention = _text(_("Intention"), help_text=_("What do you intend to do together, and why?"), rows=4)
    scope = _text(_("Scope"), help_text=_("What falls within the collaboration, and what does not."), rows=3)
    duration_kind = forms.ChoiceField(
        label=_("Project or structural"),
        choices=[("project", _("as a project (for a set term)")), ("structural", _("structurally"))],
        widget=forms.RadioSelect,
    )
    FIELDS = ("intention", "scope", "duration_kind")


class ConfidentialityForm(forms.Form):
    text = _text(_("Confidentiality"), help_text=_("What the partners keep to themselves, and for how long."), rows=4)
    FIELDS = ("text",)


class CostsForm(forms.Form):
    arrangement = forms.ChoiceField(label=_("Costs made so far"), choices=COST_ARRANGEMENTS, widget=forms.RadioSelect)
    notes = _text(_("Explanation"), rows=3)
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


# --- Signing and verifying ------------------------------------------------------------


class FreezeForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    freeze = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    document_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class SignForm(ApproveForm):
    """Signing needs the signer's second factor: the code of the authenticator app or a recovery code,
    or a passkey confirmed just before through allauth (then ``code_required`` is off)."""

    confirm = forms.BooleanField(
        label=_("I have read the document and sign it on behalf of my organisation."), required=True
    )
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("To be sure it is really you, confirm with your second factor."),
        error_messages={"required": _("Enter the code from your authenticator app, or one of your recovery codes.")},
    )

    def __init__(self, *args, code_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not code_required:
            del self.fields["code"]


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("A PDF downloaded from Samenwerkwijzer, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB. Upload the PDF as downloaded here."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF. Upload the PDF as downloaded here."))
        return upload
