"""Reads across documents, versions, freezes, approvals and signatures."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext, gettext_lazy

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.organisations.models import Organisation

from . import rules
from .access import get_document_for_access
from .models import Approval, Document, DocumentKind, Freeze, Signature, SigningEvent, Version
from .sections import EVALUATION_FREQUENCIES, signatory_names

EMPTY, DRAFT, APPROVAL, SIGNING, SIGNED = "empty", "draft", "approval", "signing", "signed"


@dataclass
class PartyStatus:
    organisation_id: int
    name: str
    approval: Approval | None = None
    signature: Signature | None = None
    signatories: list[str] = field(default_factory=list)
    organisation: Organisation | None = None  # for its verification label


@dataclass
class DocumentStatus:
    kind: DocumentKind
    document: Document | None
    version: Version | None
    freeze: Freeze | None  # the freeze of the current version, if any
    # The latest freeze signed by all (may be an older version), sealed or with the seal still to follow.
    signed_freeze: Freeze | None
    parties: list[PartyStatus]
    state: str  # SIGNED once every party has signed: the signatures are the legal fact, the seal follows

    @property
    def all_approved(self) -> bool:
        return bool(self.parties) and all(p.approval for p in self.parties)

    @property
    def awaits_seal(self) -> bool:
        """The current version is signed by every party, and the seal has not been added yet."""
        return self.state == SIGNED and not is_sealed(self.freeze)

    @property
    def signed_freeze_awaits_seal(self) -> bool:
        return self.signed_freeze is not None and not is_sealed(self.signed_freeze)

    def party(self, organisation) -> PartyStatus | None:
        if organisation is None:
            return None
        return next((p for p in self.parties if p.organisation_id == organisation.pk), None)


def is_sealed(freeze: Freeze | None) -> bool:
    return freeze is not None and hasattr(freeze, "sealed")


def _signed_by_all(freeze: Freeze) -> bool:
    """Sealed, or signed by every party of the freeze (``signed_count`` annotated by document_status)."""
    return is_sealed(freeze) or freeze.signed_count >= len(set(freeze.organisation_ids))


def _freezes(document: Document):
    return (
        Freeze.objects.filter(document=document)
        .select_related("version", "sealed")
        .defer("pdf", "sealed__pdf", "version__data")
        .order_by("-frozen_at", "-id")
    )


def document_status(access: CollaborationAccess, kind: DocumentKind) -> DocumentStatus:
    document = get_document_for_access(access, kind)
    if document is None or document.current_version is None:
        return DocumentStatus(kind, document, None, None, None, [], EMPTY)
    version = document.current_version
    freezes = list(
        _freezes(document)
        .filter(voided_at__isnull=True)
        .annotate(signed_count=Count("signatures__organisation", distinct=True))
    )
    signed_freeze = next((f for f in freezes if _signed_by_all(f)), None)
    freeze = next((f for f in freezes if f.version_id == version.pk), None)
    parties = []
    state = DRAFT
    if freeze is not None:
        approvals = {a.organisation_id: a for a in freeze.approvals.all()}
        signatures = {s.organisation_id: s for s in freeze.signatures.all()}
        names = {p.get("organisation_id"): p.get("name", "") for p in version.data.get("parties", [])}
        organisations = Organisation.objects.in_bulk(freeze.organisation_ids)
        for organisation_id in freeze.organisation_ids:
            organisation = organisations.get(organisation_id)
            parties.append(
                PartyStatus(
                    organisation_id,
                    names.get(organisation_id) or (organisation.name if organisation else ""),
                    approvals.get(organisation_id),
                    signatures.get(organisation_id),
                    signatory_names(organisation) if organisation else [],
                    organisation,
                )
            )
        if _signed_by_all(freeze):  # sealed, or signed by all with the seal still to follow
            state = SIGNED
        elif all(p.approval for p in parties):
            state = SIGNING
        else:
            state = APPROVAL
    return DocumentStatus(kind, document, version, freeze, signed_freeze, parties, state)


def latest_signed_freeze(document: Document) -> Freeze | None:
    """The freeze signed last by every party, not voided: sealed, or with the seal still to follow."""
    freezes = (
        _freezes(document)
        .filter(voided_at__isnull=True)
        .annotate(signed_count=Count("signatures__organisation", distinct=True))
    )
    return next((f for f in freezes if _signed_by_all(f)), None)


def versions_of(document: Document):
    return Version.objects.filter(document=document).defer("data").order_by("-number")


def freezes_of(document: Document):
    """Every freeze, with ``signed_count``: the number of organisations that signed it."""
    return (
        _freezes(document)
        .annotate(signed_count=Count("signatures__organisation", distinct=True))
        .prefetch_related("approvals", "signatures")
    )


def events_of(freeze: Freeze):
    return SigningEvent.objects.filter(freeze=freeze).order_by("created_at", "id")


def evaluation_frequency(collaboration) -> tuple[str, int] | None:
    """How often the partners agreed to evaluate: (key, months), from the agreement signed last,
    else the current draft. For the Samenwerkingschecker schedule; None when not agreed."""
    document = Document.objects.filter(collaboration=collaboration, kind=DocumentKind.AGREEMENT).first()
    if document is None:
        return None
    signed = latest_signed_freeze(document)
    version = signed.version if signed else document.current_version
    if version is None:
        return None
    key = version.data.get("evaluation", {}).get("frequency")
    months = {k: m for k, _label, m in EVALUATION_FREQUENCIES}
    return (key, months[key]) if key in months else None


# --- What other apps read from the agreement ------------------------------------------

SMART_PROBLEM_WORDS = {
    rules.MISSING_DESCRIPTION: gettext_lazy("a description"),
    rules.VAGUE_DESCRIPTION: gettext_lazy("a concrete description"),
    rules.MISSING_INDICATOR: gettext_lazy("an indicator"),
    rules.MISSING_TARGET: gettext_lazy("a target value"),
    rules.TARGET_NOT_MEASURABLE: gettext_lazy("a measurable target value"),
    rules.MISSING_DEADLINE: gettext_lazy("a deadline"),
    rules.DEADLINE_PASSED: gettext_lazy("a deadline that has not passed"),
}
# Acceptable and realistic are not computed: every party confirms them for itself.
UNCONFIRMED_WORDS = gettext_lazy("every party's confirmation that it is acceptable and realistic")


def agreement_data(collaboration) -> dict | None:
    """The agreement as it stands: the version signed last, else the current draft."""
    document = Document.objects.filter(collaboration=collaboration, kind=DocumentKind.AGREEMENT).first()
    if document is None:
        return None
    signed = latest_signed_freeze(document)
    version = signed.version if signed else document.current_version
    if version is None:
        return None
    return Version.objects.only("data").get(pk=version.pk).data


def agreement_goal_titles(collaboration) -> list[str]:
    data = agreement_data(collaboration) or {}
    return [
        g["description"].strip() for g in data.get("goals", {}).get("items", []) if g.get("description", "").strip()
    ]


def agreement_radar_data(collaboration, *, today) -> dict | None:
    """Goals with what keeps them from being SMART, the cost and revenue split, and the evaluation interval."""
    data = agreement_data(collaboration)
    if data is None:
        return None
    party_ids = list(collaboration.participants.exclude(role="explorer").values_list("organisation_id", flat=True))
    goals = []
    for item in data.get("goals", {}).get("items", []):
        goal = rules.Goal(
            description=item.get("description", ""),
            indicator=item.get("indicator", ""),
            target=item.get("target", ""),
            deadline=rules.parse_date(item.get("deadline")),
        )
        missing = [str(SMART_PROBLEM_WORDS[p]) for p in rules.smart_problems(goal, today=today)]
        if rules.unconfirmed_parties(item, party_ids):
            missing.append(str(UNCONFIRMED_WORDS))
        goals.append((goal.description or "-", missing))
    splits = [
        (
            row.get("name", ""),
            rules.parse_percentage(row.get("cost_share")),
            rules.parse_percentage(row.get("revenue_share")),
        )
        for row in data.get("benefits", {}).get("parties", [])
    ]
    frequency = evaluation_frequency(collaboration)
    return {
        "goals": goals,
        "splits": splits,
        "interval_months": frequency[1] if frequency else None,
        "interval_key": frequency[0] if frequency else None,
        "signed": agreement_is_signed(collaboration),
    }


def agreement_is_signed(collaboration) -> bool:
    """Whether a version of the agreement is signed by every party and not voided (what the partners agreed),
    sealed or with the seal still to follow."""
    document = Document.objects.filter(collaboration=collaboration, kind=DocumentKind.AGREEMENT).first()
    return document is not None and latest_signed_freeze(document) is not None


def exit_scenario_checklist(collaboration) -> list[str]:
    """The exit scenario of the agreement as checklist lines (guide 4.4)."""
    term = (agreement_data(collaboration) or {}).get("term", {})
    lines = [
        (gettext("How a partner leaves the collaboration"), term.get("leave_how")),
        (gettext("Consequences for those involved"), term.get("consequences")),
        (gettext("Division of the results so far"), term.get("results_division")),
        (gettext("Parting when it does not work"), term.get("parting")),
    ]
    return [f"{label}: {text.strip()}" for label, text in lines if text and text.strip()]
