"""The sections of the letter of intent and the agreement, their help texts and first draft.

Help texts are in our own words, faithful to the KvK guide "Samenwerken? Pak het goed
aan!" (section named in ``guide``). The first draft fills in only what is not an answer:
the participants as parties (with their organisations' registry facts and signatories),
the collaboration's own purpose and planned end, defaults such as the evaluation frequency,
and the legal form chosen in the legal-form advice. Free-text clauses stay empty: the
partners' answers are shown beside each section as sources, with model clauses to choose
from (``clauses.py``). A draft proposes, people decide.
"""

import logging
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.organisations.models import Membership

from .models import DocumentKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    help: Promise
    guide: str  # section of the guide the help text follows


AGREEMENT_SECTIONS = [
    Section(
        "parties",
        _("Parties"),
        _(
            "Who enters into the agreement: every participating organisation with its KvK number, its address "
            "and the person who signs for it. Check in the Handelsregister who is authorised to sign."
        ),
        "3.3",
    ),
    Section(
        "goals",
        _("Purpose and activities"),
        _(
            "Agree together what you want to achieve and which activities that takes. What added value must "
            "the collaboration bring each partner, and how does it come about? Make every goal SMART: specific "
            "(say concretely what you want), measurable (an indicator and a target value), acceptable (every "
            "partner supports it), realistic (it can be reached with the means and time you have) and time-bound "
            "(by when). Samenwerkwijzer checks specific, measurable and time-bound; acceptable and realistic each "
            "partner confirms for itself. When a goal changes, the others are asked to confirm it again."
        ),
        "4.1",
    ),
    Section(
        "planning",
        _("Planning"),
        _("A rough planning: the main milestones, each with a date and who takes care of it."),
        "4.1",
    ),
    Section(
        "contributions",
        _("Contributions per party"),
        _(
            "What each partner puts in: money, hours, knowledge and means such as machines, space or a network. "
            "Also agree how services that partners deliver to each other are settled."
        ),
        "4.2, 4.3",
    ),
    Section(
        "benefits",
        _("Benefits and burdens"),
        _(
            "Agree how you divide the costs and what the collaboration yields: money, but also knowledge gained "
            "and intellectual property such as patents and models. Leave nothing undiscussed: the better you "
            "record it now, the smaller the chance of problems later. If it proves hard to agree on this, take "
            "that as a serious signal."
        ),
        "4.2",
    ),
    Section(
        "obligations",
        _("Obligations per party"),
        _(
            "The partners' mutual obligations. Per partner: what does it promise to do its best for (an "
            "obligation of effort, inspanningsverplichting), and which results does it promise to deliver (an "
            "obligation of result, resultaatverplichting)? A partner can have both kinds; fill in what applies."
        ),
        "4.3",
    ),
    Section(
        "term",
        _("Term, notice and exit scenario"),
        _(
            "Every collaboration ends some day, so agree on the way out in advance: for how long you work "
            "together, how a partner can leave, what that means for the others, how you divide what has been "
            "achieved so far, and how you part if things turn out not to work. An accountant or notary can help."
        ),
        "4.2, 4.3",
    ),
    Section(
        "evaluation",
        _("Evaluation"),
        _(
            "How often you sit down together to check whether the collaboration still meets the goals and "
            "expectations you agreed. Do not save problems up. The frequency sets the schedule of the "
            "Collaboration checker rounds."
        ),
        "4.3, 6",
    ),
    Section(
        "conditions",
        _("Confidentiality, digital tools, disputes and legal form"),
        _(
            "What stays between the partners, which digital tools you use to communicate and share documents, "
            "how you resolve a disagreement, and the legal form of the collaboration. Choose no heavier legal "
            "form than needed: often a clear agreement is enough."
        ),
        "4.3, 5",
    ),
]

LETTER_OF_INTENT_SECTIONS = [
    AGREEMENT_SECTIONS[0],
    Section(
        "intention",
        _("Intention and scope"),
        _(
            "Confirm that you intend to work together, what it is about and whether you do it as a project or "
            "structurally. Starting carefully can be wise: begin with a simple form to get to know each other "
            "better before you combine more."
        ),
        "3.3",
    ),
    Section(
        "next_steps",
        _("Next steps"),
        _(
            "The follow-up actions you agree on, each with a date. For example: find out whether a legal form is "
            "needed or a short contract will do; name the joint interests with everyone involved; for a new "
            "product, a small market survey."
        ),
        "3.3",
    ),
    Section(
        "confidentiality",
        _("Confidentiality"),
        _("What the partners tell each other during the talks and must keep to themselves."),
        "3.2, 3.3",
    ),
    Section(
        "costs",
        _("Costs made so far"),
        _("Who carries the costs made up to now and until a definite agreement: each its own, shared, or otherwise."),
        "3.3",
    ),
]

SECTIONS = {
    DocumentKind.AGREEMENT: AGREEMENT_SECTIONS,
    DocumentKind.LETTER_OF_INTENT: LETTER_OF_INTENT_SECTIONS,
}


def sections_for(kind) -> list[Section]:
    return SECTIONS[DocumentKind(kind)]


def section_for(kind, key: str) -> Section | None:
    return next((s for s in sections_for(kind) if s.key == key), None)


EVALUATION_FREQUENCIES = [
    ("monthly", _("every month"), 1),
    ("quarterly", _("every quarter"), 3),
    ("half_yearly", _("every six months"), 6),
    ("yearly", _("every year"), 12),
]
DEFAULT_EVALUATION_FREQUENCY = "quarterly"  # the form's default; the guide names no interval

OBLIGATION_KINDS = [
    ("effort", _("obligation of effort (inspanningsverplichting)")),
    ("result", _("obligation of result (resultaatverplichting)")),
]


def obligation_row(row: dict) -> dict:
    """An obligations row with both kinds as text (``effort`` and ``result``, either may be empty).

    Versions saved before a party could have both kinds hold one ``kind`` with one ``description``;
    that text becomes the obligation of its kind. Stored versions are never rewritten (their
    fingerprint is in the signed PDF); they are read through this function.
    """
    row = dict(row or {})
    if "effort" in row or "result" in row:
        row.setdefault("effort", "")
        row.setdefault("result", "")
    else:
        kind, description = row.get("kind"), str(row.get("description") or "")
        row["effort"] = description if kind != "result" else ""
        row["result"] = description if kind == "result" else ""
    row.pop("kind", None)
    row.pop("description", None)
    return row


COST_ARRANGEMENTS = [
    ("each_own", _("each party carries its own costs")),
    ("shared_equally", _("the parties share the costs equally")),
    ("other", _("otherwise, as described below")),
]

DISCLAIMER = _(
    "This document was drawn up with Samenwerkwijzer, following the KvK guide “Samenwerken? Pak het goed aan!”. "
    "It does not replace the advice of a lawyer, an accountant or a notary. When it really matters, or for more "
    "complex forms of collaboration, have a specialist check it before you sign."
)

NON_BINDING_CLAUSE = _(
    "This letter of intent records the wish to work together. It is not binding: no party can demand that an "
    "agreement is concluded, and no party owes another compensation when the talks end. The parties will work "
    "towards a written collaboration agreement in good faith."
)


# --- Parties ---------------------------------------------------------------


def participants_of(collaboration) -> list[Participant]:
    return list(
        Participant.objects.filter(collaboration=collaboration)
        .exclude(role=Participant.Role.EXPLORER)  # an explorer is no party (yet)
        .select_related("organisation")
        .order_by("role", "organisation__name")  # the lead first ("lead" < "partner")
    )


def signatory_names(organisation) -> list[str]:
    return [
        m.user.display_name
        for m in Membership.objects.filter(organisation=organisation, is_authorised_signatory=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def party_from_participant(participant: Participant, previous: dict | None = None) -> dict:
    """The party as recorded in the document: registry facts from the organisation, the rest as typed."""
    organisation = participant.organisation
    previous = previous or {}
    signatories = signatory_names(organisation)
    return {
        "organisation_id": organisation.pk,
        "name": organisation.name,
        "kvk_number": organisation.kvk_number or "",
        "legal_form": organisation.legal_form_name or "",
        "address": previous.get("address", ""),
        "place": previous.get("place") or organisation.place,
        "signatory_name": previous.get("signatory_name") or (signatories[0] if signatories else ""),
        "signatory_role": previous.get("signatory_role", ""),
    }


def by_organisation(rows) -> dict[int, dict]:
    return {row.get("organisation_id"): row for row in rows or [] if isinstance(row, dict)}


def rows_for_parties(rows, parties: list[dict], defaults: dict) -> list[dict]:
    """One row per current party, keeping what was stored for it before."""
    existing = by_organisation(rows)
    result = []
    for party in parties:
        row = {**defaults, **existing.get(party["organisation_id"], {})}
        row["organisation_id"] = party["organisation_id"]
        row["name"] = party["name"]
        result.append(row)
    return result


# --- First draft -----------------------------------------------------------


def _legal_form_advice(collaboration) -> str:
    """The chosen or advised legal form, when the legal-form module has one."""
    try:
        from samenwerkwijzer.legalforms.selectors import latest_legal_form_choice
    except ImportError:
        return ""
    try:
        choice = latest_legal_form_choice(collaboration)
    except Exception:  # a module built in parallel must not break the agreement
        logger.exception("Reading the legal-form choice failed.")
        return ""
    if not choice:
        return ""
    if isinstance(choice, str):
        return choice
    for attribute in ("label", "name", "title"):
        value = getattr(choice, attribute, None)
        if isinstance(value, str | Promise) and str(value).strip():
            return str(value)
    return str(choice)


def initial_data(collaboration, kind) -> dict:
    """The unsaved first draft of a document: facts and defaults, never an answer as clause text."""
    from . import prefill  # the signed letter of intent prefills the agreement (prefill.py)

    parties = [party_from_participant(p) for p in participants_of(collaboration)]
    if DocumentKind(kind) == DocumentKind.LETTER_OF_INTENT:
        return {
            "parties": parties,
            "intention": {
                "intention": collaboration.purpose,
                "scope": "",
                "duration_kind": collaboration.duration_kind,
            },
            "next_steps": {"items": []},
            "confidentiality": {"text": ""},
            "costs": {"arrangement": "each_own", "notes": ""},
        }
    draft = {
        "parties": parties,
        "goals": {"purpose": collaboration.purpose, "activities": "", "items": []},
        "planning": {"items": []},
        "contributions": {
            "parties": [
                {
                    "organisation_id": p["organisation_id"],
                    "name": p["name"],
                    "summary": "",
                    "money": "",
                    "hours_per_month": "",
                    "knowledge": "",
                    "means": "",
                }
                for p in parties
            ],
            "settlement": "",
        },
        "benefits": {
            "parties": [
                {"organisation_id": p["organisation_id"], "name": p["name"], "cost_share": "", "revenue_share": ""}
                for p in parties
            ],
            "customer_owner": "",
            "customer_contact": "",
            "crm": "",
            "suppliers": "",
            "ip": "",
            "breach": "",
            "setbacks": "",
        },
        "obligations": {
            "parties": [
                {
                    "organisation_id": p["organisation_id"],
                    "name": p["name"],
                    "effort": "",
                    "result": "",
                }
                for p in parties
            ]
        },
        "term": {
            "start_date": "",
            "end_date": collaboration.planned_end_date.isoformat() if collaboration.planned_end_date else "",
            "notice": "",
            "leave_how": "",
            "consequences": "",
            "results_division": "",
            "parting": "",
        },
        "evaluation": {"frequency": DEFAULT_EVALUATION_FREQUENCY, "notes": ""},
        "conditions": {
            "confidentiality": "",
            "digital_tools": "",
            "disputes": "",
            "legal_form": _legal_form_advice(collaboration),
        },
    }
    return prefill.from_signed_letter_of_intent(collaboration, draft)  # what the signed letter of intent recorded
