"""Forms of the agreements app, by responsibility:

- ``fields``: field helpers and turning cleaned values into stored section data;
- ``parties``: the per-party rows (parties, contributions, shares, obligations);
- ``items``: repeating items (goals, milestones, next steps), with the one date rule;
- ``sections``: the main form of each section and ``SectionEditor``;
- ``signing``: freezing, a new version, approving, signing and verifying.

Everything is importable from ``samenwerkwijzer.agreements.forms`` as before.
"""

from .fields import KVK_NUMBER, MAX_UPLOAD_BYTES, BaseVersionForm, DateInput, cleaned_dict
from .items import GoalForm, ItemForm, MilestoneForm, StepForm, item_formset, item_rows
from .parties import (
    BasePartyFormSet,
    ContributionForm,
    ObligationForm,
    PartyForm,
    PartyRowForm,
    ShareForm,
    SharesFormSet,
)
from .sections import (
    ITEM_FORMS,
    ITEM_LEGENDS,
    MAIN_FORMS,
    PARTY_FORMS,
    BenefitsForm,
    ConditionsForm,
    ConfidentialityForm,
    ContributionsForm,
    CostsForm,
    EvaluationForm,
    GoalsForm,
    IntentionForm,
    SectionEditor,
    TermForm,
)
from .signing import ApproveForm, FreezeForm, NewVersionForm, SignForm, VerifyForm

__all__ = [
    "ITEM_FORMS",
    "ITEM_LEGENDS",
    "KVK_NUMBER",
    "MAIN_FORMS",
    "MAX_UPLOAD_BYTES",
    "PARTY_FORMS",
    "ApproveForm",
    "BasePartyFormSet",
    "BaseVersionForm",
    "BenefitsForm",
    "ConditionsForm",
    "ConfidentialityForm",
    "ContributionForm",
    "ContributionsForm",
    "CostsForm",
    "DateInput",
    "EvaluationForm",
    "FreezeForm",
    "GoalForm",
    "GoalsForm",
    "IntentionForm",
    "ItemForm",
    "MilestoneForm",
    "NewVersionForm",
    "ObligationForm",
    "PartyForm",
    "PartyRowForm",
    "SectionEditor",
    "ShareForm",
    "SharesFormSet",
    "SignForm",
    "StepForm",
    "TermForm",
    "VerifyForm",
    "cleaned_dict",
    "item_formset",
    "item_rows",
]
