import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements import sealing, selectors, services, verification
from samenwerkwijzer.agreements.models import Approval, Freeze, SealedDocument, Signature, SigningEvent
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, Participant
from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import (
    PASSWORD,
    MembershipFactory,
    add_recovery_codes,
    add_totp,
    mark_verified,
    totp_code,
)

from .factories import (
    AGREEMENT,
    access_of,
    approved_agreement,
    frozen_agreement,
    proof_for,
    sign,
    signed_agreement,
    write_agreement,
)
from .helpers import url

pytestmark = pytest.mark.django_db


def approve(personas, who, freeze):
    return services.document_approve(
        access=access_of(personas, who, write=True), freeze=freeze, document_sha256=freeze.pdf_sha256
    )


# --- Freezing ---


def test_an_incomplete_agreement_cannot_be_frozen_and_the_lead_is_told_why(personas):
    access = access_of(personas, "alice", lead=True)
    services.version_save(
        access=access,
        kind=AGREEMENT,
        section="goals",
        section_data={
            "purpose": "",
            "activities": "",
            "items": [{"description": "Meer omzet", "indicator": "", "target": "", "deadline": ""}],
        },
        base_number=0,
    )
    with pytest.raises(ValidationError) as error:
        services.document_freeze(access=access, kind=AGREEMENT, version_number=1)
    text = " ".join(error.value.messages)
    assert "Goal 1" in text or "Doel 1" in text
    assert not Freeze.objects.exists()


def test_a_partner_cannot_freeze(personas):
    write_agreement(personas)
    with pytest.raises(PermissionDenied):
        services.document_freeze(access=access_of(personas, "bob", write=True), kind=AGREEMENT, version_number=9)


def test_freezing_stores_the_exact_pdf_with_its_hash_and_records_it(personas):
    freeze = frozen_agreement(personas)
    pdf = bytes(freeze.pdf)
    assert pdf.startswith(b"%PDF-")
    assert freeze.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert freeze.content_sha256 == freeze.version.content_sha256
    assert sorted(freeze.organisation_ids) == sorted([personas.alpha.pk, personas.beta.pk])
    assert SigningEvent.objects.get(freeze=freeze).kind == SigningEvent.Kind.FROZEN
    assert AuditEvent.objects.filter(action="agreement_frozen", details__document_sha256=freeze.pdf_sha256).exists()


def test_a_version_is_put_up_for_approval_once(personas):
    freeze = frozen_agreement(personas)
    with pytest.raises(ValidationError) as error:
        services.document_freeze(
            access=access_of(personas, "alice", lead=True), kind=AGREEMENT, version_number=freeze.version.number
        )
    assert error.value.messages == ["Deze versie is al ter goedkeuring aangeboden."]
    assert Freeze.objects.count() == 1


def test_a_stale_version_number_cannot_be_frozen(personas):
    document = write_agreement(personas)
    with pytest.raises(ValidationError):
        services.document_freeze(
            access=access_of(personas, "alice", lead=True),
            kind=AGREEMENT,
            version_number=document.current_version.number - 1,
        )


# --- Approving ---


def test_every_organisation_approves_once(personas):
    freeze = frozen_agreement(personas)
    approve(personas, "alice", freeze)
    with pytest.raises(ValidationError):
        approve(personas, "alice", freeze)
    approve(personas, "bob", freeze)
    assert Approval.objects.filter(freeze=freeze).count() == 2
    assert selectors.document_status(access_of(personas, "olivia"), AGREEMENT).state == selectors.SIGNING


def test_an_observer_cannot_approve(personas):
    freeze = frozen_agreement(personas)
    observer = get_collaboration_for_user(personas.olivia, personas.collaboration.pk)
    with pytest.raises(PermissionDenied):
        services.document_approve(access=observer, freeze=freeze, document_sha256=freeze.pdf_sha256)


def test_approving_with_the_hash_of_another_document_is_refused(personas):
    freeze = frozen_agreement(personas)
    with pytest.raises(ValidationError):
        services.document_approve(
            access=access_of(personas, "bob", write=True), freeze=freeze, document_sha256="0" * 64
        )
    assert not Approval.objects.exists()


# --- Signing ---


def test_signing_waits_until_everyone_has_approved(personas):
    freeze = frozen_agreement(personas)
    approve(personas, "alice", freeze)
    with pytest.raises(ValidationError):
        sign(personas, "alice", freeze)
    assert not Signature.objects.exists()


def test_a_person_who_is_not_an_authorised_signatory_cannot_sign(personas):
    freeze = approved_agreement(personas)
    anna = get_collaboration_for_user(personas.anna, personas.collaboration.pk, write=True)
    with pytest.raises(ValidationError) as error:
        services.document_sign(
            access=anna,
            freeze=freeze,
            document_sha256=freeze.pdf_sha256,
            proof=proof_for(personas.anna),
            ip=None,
            user_agent="",
        )
    assert personas.alpha.name in error.value.messages[0]
    assert not Signature.objects.exists()


def test_nobody_can_sign_for_an_organisation_in_which_they_are_not_a_signatory(personas):
    freeze = approved_agreement(personas)
    # Alice also becomes a plain member of beta and acts for beta: still not a signatory there.
    MembershipFactory(user=personas.alice, organisation=personas.beta, is_authorised_signatory=False)
    as_beta = get_collaboration_for_user(
        personas.alice, personas.collaboration.pk, write=True, preferred_organisation_id=personas.beta.pk
    )
    assert as_beta.organisation == personas.beta
    with pytest.raises(ValidationError):
        services.document_sign(
            access=as_beta,
            freeze=freeze,
            document_sha256=freeze.pdf_sha256,
            proof=proof_for(personas.alice),
            ip=None,
            user_agent="",
        )
    assert not Signature.objects.exists()


def test_one_organisations_signature_never_counts_for_another(personas):
    freeze = approved_agreement(personas)
    signature = sign(personas, "alice", freeze)
    assert signature.organisation == personas.alpha
    with pytest.raises(ValidationError):
        sign(personas, "alice", freeze)
    status = selectors.document_status(access_of(personas, "bob"), AGREEMENT)
    assert status.state == selectors.SIGNING
    assert status.party(personas.beta).signature is None
    assert not SealedDocument.objects.exists()


def test_a_stale_version_is_never_signed(personas):
    freeze = approved_agreement(personas)
    services.version_save(
        access=access_of(personas, "bob", write=True),
        kind=AGREEMENT,
        section="evaluation",
        section_data={"frequency": "monthly", "notes": ""},
        base_number=freeze.version.number,
    )
    with pytest.raises(ValidationError):
        sign(personas, "alice", freeze)
    with pytest.raises(ValidationError):
        approve(personas, "alice", freeze)
    assert not Signature.objects.exists()


def test_signing_another_pdf_than_the_frozen_one_is_refused(personas):
    freeze = approved_agreement(personas)
    with pytest.raises(ValidationError):
        services.document_sign(
            access=access_of(personas, "alice", write=True),
            freeze=freeze,
            document_sha256=hashlib.sha256(b"anders").hexdigest(),
            proof=proof_for(personas.alice),
            ip=None,
            user_agent="",
        )


@pytest.mark.parametrize("proof", ["someone_else", "expired"])
def test_signing_needs_a_fresh_reauthentication_of_the_signer(personas, proof):
    freeze = approved_agreement(personas)
    if proof == "someone_else":
        evidence = proof_for(personas.bob)
    else:
        evidence = services.Reauthentication(
            user_pk=personas.alice.pk, method="password", at=timezone.now() - timedelta(minutes=10)
        )
    with pytest.raises(ValidationError):
        services.document_sign(
            access=access_of(personas, "alice", write=True),
            freeze=freeze,
            document_sha256=freeze.pdf_sha256,
            proof=evidence,
            ip=None,
            user_agent="",
        )


def test_when_all_have_signed_the_pdf_is_sealed_on_top_of_the_exact_frozen_bytes(personas):
    freeze = signed_agreement(personas)
    sealed = SealedDocument.objects.get(freeze=freeze)
    sealed_pdf, frozen_pdf = bytes(sealed.pdf), bytes(freeze.pdf)
    assert sealed_pdf.startswith(frozen_pdf) and len(sealed_pdf) > len(frozen_pdf)
    assert sealed.sha256 == hashlib.sha256(sealed_pdf).hexdigest()
    assert sealed.certificate_sha256 == sealing.certificate_sha256()
    assert sealing.check_seal(sealed_pdf, trusted_fingerprints={sealed.certificate_sha256}).valid
    assert {s.organisation for s in freeze.signatures.all()} == {personas.alpha, personas.beta}
    assert all(s.document_sha256 == freeze.pdf_sha256 for s in freeze.signatures.all())
    kinds = list(SigningEvent.objects.filter(freeze=freeze).values_list("kind", flat=True))
    assert kinds == ["frozen", "approved", "approved", "signed", "signed", "sealed"]
    assert AuditEvent.objects.filter(action="agreement_signed").count() == 2
    assert AuditEvent.objects.filter(action="agreement_sealed").count() == 1
    assert selectors.document_status(access_of(personas, "olivia"), AGREEMENT).state == selectors.SIGNED


def test_a_seal_by_another_certificate_is_not_trusted(personas):
    freeze = signed_agreement(personas)
    sealed_pdf = bytes(freeze.sealed.pdf)
    assert sealing.check_seal(sealed_pdf, trusted_fingerprints={"0" * 64}).reason == "untrusted"


def test_the_signing_trail_is_append_only(personas):
    freeze = frozen_agreement(personas)
    event = SigningEvent.objects.get(freeze=freeze)
    event.actor_name = "Iemand anders"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


# --- Verification ---


def test_the_sealed_pdf_and_the_signed_pdf_verify(personas):
    freeze = signed_agreement(personas)
    assert verification.verify(bytes(freeze.sealed.pdf)).code == verification.VALID_SEALED
    assert verification.verify(bytes(freeze.pdf)).code == verification.VALID_SIGNED


@pytest.mark.parametrize("position", [0.1, 0.5, 0.99])
def test_changing_one_byte_of_a_signed_pdf_fails_verification(personas, position):
    freeze = signed_agreement(personas)
    for original in (bytes(freeze.sealed.pdf), bytes(freeze.pdf)):
        changed = bytearray(original)
        index = max(8, int(len(changed) * position))
        changed[index] ^= 0x01
        result = verification.verify(bytes(changed))
        assert not result.valid, result.code


def test_a_sealed_pdf_with_something_appended_is_recognised_as_changed(personas):
    freeze = signed_agreement(personas)
    result = verification.verify(bytes(freeze.sealed.pdf) + b"\n% extra\n")
    assert not result.valid
    assert result.code in (verification.CHANGED_AFTER_SEALING, verification.UNKNOWN)


def test_a_pdf_that_is_not_signed_by_all_is_not_valid(personas):
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    assert verification.verify(bytes(freeze.pdf)).code == verification.NOT_SIGNED_BY_ALL


def test_other_files_are_not_valid(personas):
    assert verification.verify(b"hello").code == verification.NOT_PDF
    assert verification.verify(b"%PDF-1.7\n%%EOF").code == verification.UNKNOWN
    assert verification.verify(b"%PDF-" + b"0" * (10 * 1024 * 1024)).code == verification.TOO_LARGE


# --- Re-authentication ---


def test_reauthentication_accepts_the_right_password_only(personas):
    assert services.reauthenticate(user=personas.alice, password=PASSWORD).method == "password"
    with pytest.raises(ValidationError):
        services.reauthenticate(user=personas.alice, password="fout")


def test_wrong_passwords_are_limited(personas):
    for _attempt in range(services.REAUTH_MAX_FAILURES):
        with pytest.raises(ValidationError):
            services.reauthenticate(user=personas.alice, password="fout")
    with pytest.raises(ValidationError) as error:
        services.reauthenticate(user=personas.alice, password=PASSWORD)
    assert error.value.error_dict["password"][0].code == "rate_limited"


def test_reauthentication_accepts_a_code_from_the_authenticator_app(personas):
    code = totp_code(add_totp(personas.alice))
    assert services.reauthenticate(user=personas.alice, code=code).method == "totp"
    with pytest.raises(ValidationError) as error:
        services.reauthenticate(user=personas.alice, code="000000" if code != "000000" else "111111")
    assert list(error.value.message_dict) == ["code"]


def test_with_a_second_factor_the_password_alone_is_not_enough(personas):
    add_totp(personas.alice)
    with pytest.raises(ValidationError) as error:
        services.reauthenticate(user=personas.alice, password=PASSWORD)
    assert error.value.message_dict == {
        "code": ["Vul de code uit uw authenticator-app in, of een van uw herstelcodes."]
    }


def test_a_code_from_the_app_counts_once(personas):
    code = totp_code(add_totp(personas.alice))
    services.reauthenticate(user=personas.alice, code=code)
    with pytest.raises(ValidationError):
        services.reauthenticate(user=personas.alice, code=code)


def test_a_recovery_code_confirms_once(personas):
    add_totp(personas.alice)
    codes = add_recovery_codes(personas.alice)
    assert services.reauthenticate(user=personas.alice, code=codes[0]).method == Signature.Method.RECOVERY_CODE
    with pytest.raises(ValidationError):
        services.reauthenticate(user=personas.alice, code=codes[0])


def test_wrong_codes_are_limited_next_to_the_code_field(personas):
    secret = add_totp(personas.alice)
    for _attempt in range(services.REAUTH_MAX_FAILURES):
        with pytest.raises(ValidationError):
            services.reauthenticate(user=personas.alice, code="12345678")
    with pytest.raises(ValidationError) as error:
        services.reauthenticate(user=personas.alice, code=totp_code(secret))
    assert error.value.error_dict["code"][0].code == "rate_limited"


def passkey_record(user, *, seconds_ago=0.0, **extra):
    """What allauth records in the session when the user confirms with a passkey."""
    import time

    return {
        "method": "mfa",
        "type": "webauthn",
        "reauthenticated": True,
        "id": 1,
        "at": time.time() - seconds_ago,
        **extra,
    }


def test_a_fresh_passkey_confirmation_is_proof_for_signing(personas):
    password = {"method": "password", "at": passkey_record(personas.alice)["at"], "reauthenticated": True}
    record = passkey_record(personas.alice, seconds_ago=30)
    proof = services.reauthentication_by_passkey(user=personas.alice, records=[record, password])
    assert (proof.user_pk, proof.method) == (personas.alice.pk, Signature.Method.WEBAUTHN)
    assert timezone.now() - proof.at >= timedelta(seconds=29)


@pytest.mark.parametrize("case", ["none", "password_only", "login_only", "too_old", "used"])
def test_only_a_fresh_unused_passkey_confirmation_counts(personas, case):
    record = passkey_record(personas.alice, seconds_ago=10)
    records, used_at = {
        "none": ([], None),
        "password_only": ([{"method": "password", "at": record["at"], "reauthenticated": True}], None),
        "login_only": ([{**record, "reauthenticated": False, "passwordless": True}], None),
        "too_old": ([passkey_record(personas.alice, seconds_ago=6 * 60)], None),
        # used once already: the view keeps the time of the proof that signed
        "used": ([record], services.reauthentication_by_passkey(user=personas.alice, records=[record]).at.timestamp()),
    }[case]
    with pytest.raises(ValidationError):
        services.reauthentication_by_passkey(user=personas.alice, records=records, used_at=used_at)


# --- Views ---


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def sign_post(freeze, **extra):
    return {"freeze": freeze.pk, "document_sha256": freeze.pdf_sha256, "confirm": "on", **extra}


def ready_to_sign(user, organisation) -> str:
    """A verified organisation and a signatory with an authenticator app: returns the app's current code."""
    mark_verified(organisation)
    return totp_code(add_totp(user))


def signing_state():
    return (Signature.objects.count(), SigningEvent.objects.count(), AuditEvent.objects.count())


def test_behind_a_proxy_the_signature_records_the_address_the_proxy_reports(personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    freeze = approved_agreement(personas)
    code = ready_to_sign(personas.bob, personas.beta)
    client_for(personas.bob).post(
        url(personas, "sign"),
        sign_post(freeze, code=code),
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",  # a made-up first entry, then what the proxy saw
    )
    assert Signature.objects.get().ip_address == "203.0.113.9"


def test_signing_in_the_browser_records_who_when_where_how_and_on_what_basis(personas):
    freeze = approved_agreement(personas)
    Membership.objects.filter(user=personas.bob, organisation=personas.beta).update(signatory_basis="eherkenning")
    code = ready_to_sign(personas.bob, personas.beta)
    client = client_for(personas.bob)
    page = client.get(url(personas, "sign"))
    assert page.status_code == 200 and page.context["is_signatory"]
    text = page.content.decode()
    assert (
        "gemachtigd via eHerkenning voor Samenwerkwijzer — dit is niet hetzelfde als wettelijke vertegenwoordiging"
        in text
    )
    assert "niet geverifieerd" in text  # alpha, the other party, is not verified (yet)
    assert 'name="password"' not in text and 'name="code"' in text
    wrong = client.post(url(personas, "sign"), sign_post(freeze, code="000000" if code != "000000" else "111111"))
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert not Signature.objects.exists()
    response = client.post(
        url(personas, "sign"),
        sign_post(freeze, code=code),
        HTTP_USER_AGENT="Testbrowser/1.0",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.organisation, signature.user, signature.ip_address, signature.user_agent) == (
        personas.beta,
        personas.bob,
        "192.0.2.7",
        "Testbrowser/1.0",
    )
    assert signature.method == Signature.Method.TOTP
    assert signature.signatory_basis == "eherkenning"
    personas.beta.refresh_from_db()
    assert signature.organisation_verification == personas.beta.verification_dict()
    assert signature.organisation_verification["status"] == "verified"


def test_a_signatory_without_a_second_factor_is_told_how_to_set_one_up_and_cannot_sign(personas):
    freeze = approved_agreement(personas)
    mark_verified(personas.beta)
    client = client_for(personas.bob)
    page = client.get(url(personas, "sign"))
    text = page.content.decode()
    assert 'id="no-second-factor"' in text and reverse("mfa_index") in text
    assert 'name="confirm"' not in text
    before = signing_state()
    response = client.post(url(personas, "sign"), sign_post(freeze, code="123456", password=PASSWORD))
    assert response.status_code == 200
    assert "Stel eerst een tweede stap in; daarna kunt u ondertekenen." in response.content.decode()
    assert signing_state() == before == (0, 3, before[2])


def test_a_password_alone_does_not_sign_when_a_second_factor_exists(personas):
    freeze = approved_agreement(personas)
    ready_to_sign(personas.bob, personas.beta)
    before = signing_state()
    response = client_for(personas.bob).post(url(personas, "sign"), sign_post(freeze, password=PASSWORD))
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Vul de code uit uw authenticator-app in, of een van uw herstelcodes."
    ]
    assert signing_state() == before


def test_an_unverified_organisation_cannot_sign_and_the_page_says_where_to_verify(personas):
    freeze = approved_agreement(personas)
    code = totp_code(add_totp(personas.bob))
    client = client_for(personas.bob)
    text = client.get(url(personas, "sign")).content.decode()
    assert 'id="not-verified"' in text and "Beta Transport is nog niet geverifieerd." in text
    assert 'name="confirm"' not in text
    before = signing_state()
    response = client.post(url(personas, "sign"), sign_post(freeze, code=code))
    assert response.status_code == 200
    assert "Beta Transport is niet geverifieerd" in str(response.context["form"].non_field_errors())
    assert signing_state() == before
    # The refusal spent nothing: the same code still signs once the organisation is verified.
    mark_verified(personas.beta)
    assert client.post(url(personas, "sign"), sign_post(freeze, code=code)).status_code == 302


def test_the_service_refuses_an_unverified_organisation_and_a_proof_without_second_factor(personas):
    freeze = approved_agreement(personas)
    access = access_of(personas, "bob", write=True)
    arguments = {"access": access, "freeze": freeze, "document_sha256": freeze.pdf_sha256, "ip": None, "user_agent": ""}
    with pytest.raises(ValidationError) as error:
        services.document_sign(**arguments, proof=proof_for(personas.bob))
    assert "niet geverifieerd" in error.value.messages[0]
    mark_verified(personas.beta)
    password_only = services.Reauthentication(user_pk=personas.bob.pk, method=Signature.Method.PASSWORD)
    with pytest.raises(ValidationError) as error:
        services.document_sign(**arguments, proof=password_only)
    assert list(error.value.message_dict) == ["code"]
    assert not Signature.objects.exists()


def set_session_records(client, user, records):
    """The authentication records allauth keeps in the session (as after its passkey confirmation)."""
    session = client.session
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_a_passkey_user_confirms_through_allauth_and_signs_without_a_code(personas):
    from allauth.mfa.models import Authenticator

    freeze = approved_agreement(personas)
    mark_verified(personas.beta)
    Authenticator.objects.create(user=personas.bob, type=Authenticator.Type.WEBAUTHN, data={})
    client = client_for(personas.bob)
    page = client.get(url(personas, "sign"))
    text = page.content.decode()
    confirm = f"{reverse('mfa_reauthenticate_webauthn')}?next={url(personas, 'sign')}"
    assert confirm in text and not page.context["passkey_confirmed"]
    assert client.post(url(personas, "sign"), sign_post(freeze)).context["form"].errors["code"]

    set_session_records(client, personas.bob, [passkey_record(personas.bob)])
    page = client.get(url(personas, "sign"))
    assert page.context["passkey_confirmed"] and "code" not in page.context["form"].fields
    response = client.post(url(personas, "sign"), sign_post(freeze))
    assert response.status_code == 302
    assert Signature.objects.get().method == Signature.Method.WEBAUTHN
    assert not client.get(url(personas, "sign", kind="letter-of-intent")).context["passkey_confirmed"]


def test_the_sign_page_tells_a_non_signatory_who_can_sign(personas):
    approved_agreement(personas)
    code = ready_to_sign(personas.anna, personas.alpha)
    response = client_for(personas.anna).get(url(personas, "sign"))
    assert response.status_code == 200 and not response.context["is_signatory"]
    assert personas.alice.display_name in response.content.decode()
    response = client_for(personas.anna).post(url(personas, "sign"), sign_post(Freeze.objects.get(), code=code))
    assert response.status_code == 200 and not Signature.objects.exists()


def test_signing_from_a_stale_page_signs_nothing(personas):
    freeze = approved_agreement(personas)
    stale = sign_post(freeze, code=ready_to_sign(personas.alice, personas.alpha))
    client_for(personas.bob).post(
        url(personas, "edit", "evaluation"), {"base_version": freeze.version.number, "frequency": "yearly", "notes": ""}
    )
    response = client_for(personas.alice).post(url(personas, "sign"), stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Signature.objects.exists()


def test_freeze_and_approve_in_the_browser(personas):
    document = write_agreement(personas)
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    assert bob.get(url(personas, "freeze")).status_code == 403
    assert alice.get(url(personas, "freeze")).status_code == 200
    response = alice.post(url(personas, "freeze"), {"version": document.current_version.number})
    assert response.status_code == 302
    freeze = Freeze.objects.get()
    response = bob.post(url(personas, "approve"), {"freeze": freeze.pk, "document_sha256": freeze.pdf_sha256})
    assert response.status_code == 302
    assert Approval.objects.get().organisation == personas.beta
    page = bob.get(url(personas, "document"))
    assert page.context["status"].state == selectors.APPROVAL


def test_the_signed_pdf_is_downloaded_by_participants_and_observers_only(personas):
    freeze = signed_agreement(personas)
    for user in (personas.alice, personas.bob, personas.olivia):
        response = client_for(user).get(url(personas, "signed_pdf", freeze.pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response) == bytes(freeze.sealed.pdf)
    assert client_for(personas.charlie).get(url(personas, "signed_pdf", freeze.pk)).status_code == 404
    trail = client_for(personas.olivia).get(url(personas, "freeze_detail", freeze.pk))
    assert trail.status_code == 200 and len(trail.context["signatures"]) == 2


def test_a_frozen_version_is_found_only_under_its_own_collaboration_and_kind(personas):
    freeze = frozen_agreement(personas)
    alice, dave = client_for(personas.alice), client_for(personas.dave)
    assert alice.get(url(personas, "freeze_detail", freeze.pk)).status_code == 200
    for name in ("freeze_detail", "signed_pdf"):
        assert alice.get(url(personas, name, freeze.pk, kind="letter-of-intent")).status_code == 404
        # Dave asks for the freeze under his own collaboration: alice's freeze is not there.
        address = reverse(f"agreements:{name}", args=[personas.other_collaboration.pk, "agreement", freeze.pk])
        assert dave.get(address).status_code == 404


def test_approving_after_everyone_signed_is_refused_with_a_message(personas):
    freeze = signed_agreement(personas)
    events = SigningEvent.objects.count()
    response = client_for(personas.bob).post(
        url(personas, "approve"), {"freeze": freeze.pk, "document_sha256": freeze.pdf_sha256}, follow=True
    )
    assert "Deze versie is al door iedereen ondertekend." in response.content.decode()
    assert Approval.objects.filter(freeze=freeze).count() == 2
    assert SigningEvent.objects.count() == events


def test_an_organisation_that_joined_after_the_freeze_cannot_approve_that_version(personas):
    freeze = frozen_agreement(personas)
    Participant.objects.create(collaboration=personas.collaboration, organisation=personas.gamma)
    response = client_for(personas.charlie).post(
        url(personas, "approve"), {"freeze": freeze.pk, "document_sha256": freeze.pdf_sha256}, follow=True
    )
    assert "Gamma Bouw was geen partij toen deze versie ter goedkeuring werd aangeboden." in response.content.decode()
    assert not Approval.objects.exists()


def test_a_wrong_attempt_just_after_the_count_expired_starts_a_new_count(personas, monkeypatch):
    class CountExpiresRightAfterAdd:
        """The cache, with the failure count expiring between ``add`` (it was there) and ``incr``."""

        def __init__(self, real):
            self.real = real

        def add(self, key, *args, **kwargs):
            added = self.real.add(key, *args, **kwargs)
            if not added:
                self.real.delete(key)
            return added

        def __getattr__(self, name):
            return getattr(self.real, name)

    with pytest.raises(ValidationError):
        services.reauthenticate(user=personas.alice, password="fout")
    monkeypatch.setattr(services, "cache", CountExpiresRightAfterAdd(services.cache))
    with pytest.raises(ValidationError) as error:
        services.reauthenticate(user=personas.alice, password="fout")
    assert error.value.message_dict == {"password": ["Dit wachtwoord klopt niet."]}
    assert services.cache.get(services._failure_key(personas.alice)) == 1
