"""Documents in every state, built through the real services."""

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from testsupport.factories import mark_verified

from .. import demo, selectors, services
from ..models import DocumentKind, Signature

AGREEMENT = DocumentKind.AGREEMENT


def access_of(personas, who, **kwargs):
    return get_collaboration_for_user(getattr(personas, who), personas.collaboration.pk, **kwargs)


def accesses(personas):
    return [access_of(personas, "alice", write=True), access_of(personas, "bob", write=True)]


def write_agreement(personas, kind=AGREEMENT):
    demo.write_document(accesses=accesses(personas), kind=kind)
    return selectors.document_status(access_of(personas, "alice"), kind).document


def frozen_agreement(personas, kind=AGREEMENT):
    write_agreement(personas, kind)
    version = selectors.document_status(access_of(personas, "alice"), kind).version
    return services.document_freeze(
        access=access_of(personas, "alice", lead=True), kind=kind, version_number=version.number
    )


def approved_agreement(personas, kind=AGREEMENT):
    freeze = frozen_agreement(personas, kind)
    for access in accesses(personas):
        services.document_approve(access=access, freeze=freeze, document_sha256=freeze.pdf_sha256)
    return freeze


def proof_for(user):
    # Signing needs a second factor: the proof of a code just entered in the authenticator app.
    return services.Reauthentication(user_pk=user.pk, method=Signature.Method.TOTP)


def sign(personas, who, freeze):
    access = access_of(personas, who, write=True)
    if not access.organisation.is_verified:
        mark_verified(access.organisation)  # only a verified organisation signs in the company's name
    return services.document_sign(
        access=access,
        freeze=freeze,
        document_sha256=freeze.pdf_sha256,
        proof=proof_for(access.user),
        ip="127.0.0.1",
        user_agent="pytest",
    )


def signed_agreement(personas, kind=AGREEMENT):
    freeze = approved_agreement(personas, kind)
    sign(personas, "alice", freeze)
    sign(personas, "bob", freeze)
    freeze.refresh_from_db()
    return freeze


def cached(personas, name, factory):
    """Build once per test: the matrix asks for the same object in several URL kwargs."""
    key = f"_agreements_{name}"
    if not hasattr(personas, key):
        setattr(personas, key, factory(personas))
    return getattr(personas, key)
