"""Deleting a person's data from agreements (privacy/registry.py).

What the person wrote in a draft keeps its text but loses their name. What is evidence of what
was agreed stays with their name: putting a version up for approval, approvals, signatures and
the signing log (art. 17(3)(e) AVG/GDPR).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from samenwerkwijzer.privacy.pseudonym import addresses, former_user, scrub
from samenwerkwijzer.privacy.registry import Kept, register_erasure

from .models import Approval, Document, Freeze, Signature, SigningEvent, Version


def _evidence() -> str:
    return _("Evidence of what was agreed (art. 17(3)(e) GDPR: establishing, exercising or defending legal claims).")


def _documents_naming(user):
    """Documents whose text (a version's data) names the person, e.g. as signatory."""
    query = Q(pk__in=[])
    for needle in [*addresses(user), *([user.full_name] if len(user.full_name) >= 3 else [])]:
        query |= Q(versions__data__icontains=needle)
    return Document.objects.filter(query)


def describe(user) -> list[Kept]:
    kept = []
    for signature in Signature.objects.filter(user=user).select_related("freeze__document__collaboration"):
        document = signature.freeze.document
        kept.append(
            Kept(
                what=_(
                    "Your name, e-mail address and signature (time and method) in the %(document)s of '%(collaboration)s'"
                )
                % {"document": document.get_kind_display(), "collaboration": document.collaboration.name},
                why=_evidence(),
            )
        )
    for approval in Approval.objects.filter(user=user).select_related("freeze__document__collaboration"):
        document = approval.freeze.document
        kept.append(
            Kept(
                what=_("Your name with your approval of the %(document)s of '%(collaboration)s'")
                % {"document": document.get_kind_display(), "collaboration": document.collaboration.name},
                why=_evidence(),
            )
        )
    for freeze in Freeze.objects.filter(frozen_by=user).select_related("document__collaboration"):
        kept.append(
            Kept(
                what=_("Your name as the person who put the %(document)s of '%(collaboration)s' up for approval")
                % {"document": freeze.document.get_kind_display(), "collaboration": freeze.document.collaboration.name},
                why=_evidence(),
            )
        )
    for document in _documents_naming(user).filter(freezes__isnull=False).distinct().select_related("collaboration"):
        kept.append(
            Kept(
                what=_(
                    "Your name in the text of the %(document)s of '%(collaboration)s' (for example as representative)"
                )
                % {"document": document.get_kind_display(), "collaboration": document.collaboration.name},
                why=_evidence(),
            )
        )
    events = SigningEvent.objects.filter(actor=user).count()
    if events:
        kept.append(
            Kept(
                what=_(
                    "Your name in the signing log of the documents you approved, signed or sealed (%(count)s entries)"
                )
                % {"count": events},
                why=_evidence(),
            )
        )
    return kept


def erase(user) -> list[Kept]:
    kept = describe(user)
    name = former_user()
    Version.objects.filter(author=user).update(author_name=name)
    # A text never put up for approval is a draft: the person's name in it is replaced.
    for version in Version.objects.filter(document__in=_documents_naming(user).filter(freezes__isnull=True)):
        Version.objects.filter(pk=version.pk).update(data=scrub(version.data, user, name))
    return kept


register_erasure("agreements", erase, describe)
