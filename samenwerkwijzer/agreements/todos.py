"""The agreements' to-dos (see collaborations.todos and docs/todos.md)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.collaborations.selectors import collaboration_counts
from samenwerkwijzer.collaborations.signals import todos_requested
from samenwerkwijzer.collaborations.todos import COLLABORATION, ORGANISATION, Todo
from samenwerkwijzer.organisations.models import Membership

from .models import Approval, DocumentKind, Freeze, Signature

APPROVE_TITLES = {
    DocumentKind.LETTER_OF_INTENT: gettext_lazy("Approve the letter of intent"),
    DocumentKind.AGREEMENT: gettext_lazy("Approve the collaboration agreement"),
}
SIGN_TITLES = {
    DocumentKind.LETTER_OF_INTENT: gettext_lazy("Sign the letter of intent"),
    DocumentKind.AGREEMENT: gettext_lazy("Sign the collaboration agreement"),
}
SEAL_TITLES = {
    DocumentKind.LETTER_OF_INTENT: gettext_lazy("Add the seal to the signed letter of intent"),
    DocumentKind.AGREEMENT: gettext_lazy("Add the seal to the signed collaboration agreement"),
}


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


def letter_of_intent_todos(accesses) -> list:
    """The lead: once a partner has joined, draw up the letter of intent and put it up for approval,
    until a version of it is up for approval (or signed). One query, and the counts shared through the
    request memo."""
    ids = [a.collaboration.pk for a in accesses if a.is_lead]
    if not ids:
        return []
    loi = Q(agreement_documents__kind=DocumentKind.LETTER_OF_INTENT)
    counts = collaboration_counts(ids)  # shared through the request memo
    rows = (
        Collaboration.objects.filter(pk__in=ids)
        .annotate(
            drafted=Count(
                "agreement_documents", filter=loi & Q(agreement_documents__current_version__isnull=False), distinct=True
            ),
            frozen=Count(
                "agreement_documents__freezes",
                filter=loi & Q(agreement_documents__freezes__voided_at__isnull=True),
                distinct=True,
            ),
        )
        .values_list("pk", "drafted", "frozen")
    )
    todos = []
    slug = DocumentKind.LETTER_OF_INTENT.slug
    for pk, drafted, frozen in sorted(rows):
        if counts[pk].participants < 2 or frozen:
            continue
        if drafted:
            todo = Todo(
                "agreements.letter_of_intent",
                _("Put the letter of intent up for approval"),
                reverse("agreements:freeze", args=[pk, slug]),
                _("Put up for approval"),
                hint=_("When it is complete, every organisation approves it and then signs."),
                urgency=35,
                scope=COLLABORATION,
                lead_only=True,
            )
        else:
            todo = Todo(
                "agreements.letter_of_intent",
                _("Draw up the letter of intent"),
                reverse("agreements:document", args=[pk, slug]),
                _("Draw up"),
                hint=_("In it you write down together that you intend to work together, and on what."),
                urgency=35,
                scope=COLLABORATION,
                lead_only=True,
            )
        todos.append((pk, todo))
    return todos


def seal_todos(accesses, unsealed: list, signed: set) -> list:
    """The lead: a version every party signed whose seal could not be added yet (the time-stamping
    authority did not answer). The job retries by itself; the lead can add it now. No query of its own:
    ``unsealed`` are the collaborations' unsealed, non-voided freezes, ``signed`` their (freeze, organisation)
    signatures."""
    leading = {a.collaboration.pk for a in accesses if a.is_lead}
    todos = []
    for freeze in sorted(unsealed, key=lambda f: f.pk):
        collaboration_id = freeze.document.collaboration_id
        signers = {o for f, o in signed if f == freeze.pk}
        if collaboration_id not in leading or not set(freeze.organisation_ids) <= signers:
            continue
        kind = DocumentKind(freeze.document.kind)
        todos.append(
            (
                collaboration_id,
                Todo(
                    "agreements.seal",
                    str(SEAL_TITLES[kind]),
                    reverse("agreements:freeze_detail", args=[collaboration_id, kind.slug, freeze.pk]),
                    _("Add the seal"),
                    hint=_("Every organisation has signed; the seal could not be added yet and follows automatically."),
                    urgency=20,
                    scope=COLLABORATION,
                    lead_only=True,
                ),
            )
        )
    return todos


def contribute(sender, *, accesses, **kwargs) -> list:
    """A letter of intent to draw up (the lead); a signed version still to be sealed (the lead); a frozen version
    waiting for your organisation's approval or signature. At most seven queries."""
    todos = letter_of_intent_todos(accesses)
    acting = {a.collaboration.pk: a.organisation.pk for a in accesses if a.organisation is not None}
    if not acting:
        return todos
    user = accesses[0].user
    unsealed = list(
        Freeze.objects.filter(
            document__collaboration_id__in=list(acting),
            voided_at__isnull=True,
            sealed__isnull=True,
        )
        .select_related("document")
        .defer("pdf")
    )
    if not unsealed:
        return todos
    signed = set(
        Signature.objects.filter(freeze_id__in=[f.pk for f in unsealed]).values_list("freeze_id", "organisation_id")
    )
    todos += seal_todos(accesses, unsealed, signed)
    # Only the freeze of the document's current version is up for approval and signing.
    freezes = [
        f
        for f in unsealed
        if f.version_id == f.document.current_version_id
        and acting[f.document.collaboration_id] in f.organisation_ids
        and not set(f.organisation_ids) <= {o for g, o in signed if g == f.pk}
    ]
    if not freezes:
        return todos
    ids = [f.pk for f in freezes]
    approvals = set(Approval.objects.filter(freeze_id__in=ids).values_list("freeze_id", "organisation_id"))
    own_orgs = set(acting.values())
    signatory_orgs = set(
        Membership.objects.filter(organisation_id__in=own_orgs, is_authorised_signatory=True).values_list(
            "organisation_id", "user_id"
        )
    )
    second_factor = None
    for freeze in freezes:
        collaboration_id = freeze.document.collaboration_id
        own = acting[collaboration_id]
        kind = DocumentKind(freeze.document.kind)
        document_url = reverse("agreements:document", args=[collaboration_id, kind.slug])
        parties = len(freeze.organisation_ids)
        if (freeze.pk, own) not in approvals:
            done = sum(1 for f, _o in approvals if f == freeze.pk)
            todos.append(
                (
                    collaboration_id,
                    Todo(
                        "agreements.approve",
                        str(APPROVE_TITLES[kind]),
                        document_url,
                        _("Read and approve"),
                        hint=_("%(done)s of %(total)s organisations approved") % {"done": done, "total": parties},
                        urgency=15,
                        scope=ORGANISATION,
                    ),
                )
            )
            continue
        all_approved = all((freeze.pk, o) in approvals for o in freeze.organisation_ids)
        if not all_approved or (freeze.pk, own) in signed:
            continue
        hint = _("%(done)s of %(total)s organisations signed") % {
            "done": sum(1 for f, _o in signed if f == freeze.pk),
            "total": parties,
        }
        if (own, user.pk) not in signatory_orgs:
            if any(o == own for o, _u in signatory_orgs):
                continue  # a colleague can sign
            todos.append(
                (
                    collaboration_id,
                    Todo(
                        "agreements.become_signatory",
                        _("Become an authorised signatory to be able to sign"),
                        reverse("organisations:detail", args=[own]),
                        _("View signatories"),
                        hint=_("Nobody in your organisation may sign yet; an administrator records who may."),
                        urgency=15,
                        scope=ORGANISATION,
                    ),
                )
            )
            continue
        if second_factor is None:
            second_factor = _has_second_factor(user)
        if not second_factor:
            todos.append(
                (
                    collaboration_id,
                    Todo(
                        "agreements.second_factor",
                        _("Set up two-factor authentication to be able to sign"),
                        reverse("mfa_index"),
                        _("Set up"),
                        hint=hint,
                        urgency=12,
                        scope=ORGANISATION,
                    ),
                )
            )
            continue
        todos.append(
            (
                collaboration_id,
                Todo(
                    "agreements.sign",
                    str(SIGN_TITLES[kind]),
                    reverse("agreements:sign", args=[collaboration_id, kind.slug]),
                    _("Sign"),
                    hint=hint,
                    urgency=10,
                    scope=ORGANISATION,
                ),
            )
        )
    return todos


todos_requested.connect(contribute, dispatch_uid="agreements_todos")
