"""Account verwijderen: after deletion nothing of the person is left beyond what the page said
stays; the last administrator is asked to hand over; reauthentication comes first."""

import time
from datetime import timedelta

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements.models import Approval, Freeze, Signature, SigningEvent, Version
from samenwerkwijzer.agreements.tests.factories import signed_agreement
from samenwerkwijzer.collaborations.erasure import EVIDENCE_ACTIONS
from samenwerkwijzer.collaborations.models import AuditEvent, Invitation
from samenwerkwijzer.integrations.models import ApiToken
from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.privacy import services
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory, add_totp, totp_code

pytestmark = pytest.mark.django_db

User = get_user_model()
TEXT = (models.CharField, models.TextField, models.JSONField)
# Where the page says the person's name stays, and why (agreements/erasure.py, collaborations/erasure.py).
EVIDENCE = {Signature, Approval, Freeze, SigningEvent}


def _reauthenticated(client, user, *records):
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"at": time.time(), "reauthenticated": True, **record} for record in records
    ]
    session.save()


def _traces(user_email: str, name: str) -> list[tuple[type, object]]:
    """Every record in every model with a text field holding the person's address or name."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            for needle in (user_email, name):
                for obj in model._default_manager.filter(**{f"{field.name}__icontains": needle}):
                    found.append((model, obj))
    return found


@pytest.fixture
def bob_with_history(personas):
    """bob signed the agreement, wrote in it, did things in the log, has a second factor, a token,
    an invitation to another address of his; beta gets a second administrator so he may leave."""
    p = personas
    freeze = signed_agreement(p)
    MembershipFactory(user=UserFactory(email="bea@example.org", full_name="Bea Beheer"), organisation=p.beta)
    AuditEvent.objects.create(
        collaboration=p.collaboration,
        actor=p.bob,
        actor_name=p.bob.full_name,
        action=AuditEvent.Action.UPDATED,
        details={"note": "Bob Partner wrote to bob@example.org"},
    )
    Version.objects.filter(document=freeze.document).update(author=p.bob, author_name=p.bob.full_name)
    add_totp(p.bob)
    ApiToken.objects.create(
        user=p.bob, name="Bobs koppeling", token_hash="x" * 64, expires_at=timezone.now() + timedelta(days=30)
    )
    EmailAddress.objects.create(user=p.bob, email="bob.prive@example.org", verified=True)
    Invitation.objects.create(
        collaboration=p.collaboration,
        email="bob.prive@example.org",
        token_hash="y" * 64,
        invited_by=p.alice,
        expires_at=timezone.now() + timedelta(days=14),
    )
    return freeze


def test_the_page_lists_what_is_deleted_and_what_stays_and_why(client, personas, bob_with_history):
    client.force_login(personas.bob)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "Wat wordt verwijderd" in page
    assert "Uw naam, e-mailadres en handtekening (tijdstip en manier) in de" in page
    assert "Zonnedak Zwaluwstaart" in page
    assert "art. 17 lid 3 onder e AVG" in page
    assert "Mijn account verwijderen" in page


def test_without_reauthentication_nothing_is_deleted(client, personas, bob_with_history):
    client.force_login(personas.bob)
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=personas.bob.pk).exists()
    # The password alone is not how bob logs in: his second factor is asked too.
    _reauthenticated(client, personas.bob, {"method": "password"})
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert User.objects.filter(pk=personas.bob.pk).exists()
    # Without the confirmation box nothing happens either, even just after reauthenticating.
    _reauthenticated(client, personas.bob, {"method": "password"}, {"method": "mfa", "type": "totp"})
    response = client.post(reverse("privacy:delete"), {})
    assert response.status_code == 200
    assert "Bevestig dat u uw account wilt verwijderen." in response.content.decode()
    assert User.objects.filter(pk=personas.bob.pk).exists()


def test_after_deletion_nothing_is_left_beyond_what_the_page_said_stays(client, personas, bob_with_history):
    p = personas
    bob_pk, email, name = p.bob.pk, p.bob.email, p.bob.full_name
    assert _traces(email, name)  # the scan finds him before
    said = services.what_stays(user=p.bob)
    other = client.__class__()
    other.force_login(p.bob)  # a second session of his, on another device

    client.force_login(p.bob)
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url.startswith(reverse("account_reauthenticate"))
    # allauth's own reauthentication page, then the form's second factor, resumes the deletion.
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_reauthenticate"))
    secret = Authenticator.objects.get(user_id=bob_pk, type=Authenticator.Type.TOTP).data["secret"]
    response = client.post(response.url, {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == reverse("privacy:deleted")
    assert "Uw account is verwijderd" in client.get(response.url).content.decode()

    assert not User.objects.filter(pk=bob_pk).exists()
    assert "_auth_user_id" not in client.session
    assert other.get(reverse("accounts:profile")).status_code == 302  # the other session is gone too
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(bob_pk)]
    assert not EmailAddress.objects.filter(email__in=[email, "bob.prive@example.org"]).exists()
    assert not Authenticator.objects.filter(user_id=bob_pk).exists()
    assert not ApiToken.objects.filter(user_id=bob_pk).exists()
    assert not Membership.objects.filter(user_id=bob_pk).exists()
    # Every link to a person that pointed at him is gone (deleted or emptied).
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                assert not model._default_manager.filter(**{field.attname: bob_pk}).exists(), model

    # His name or address only where the page said it stays, for the reason it gave.
    leftovers = {
        model
        for model, obj in _traces(email, name)
        if not (model is AuditEvent and obj.action in EVIDENCE_ACTIONS)
        and not (model is Version and obj.document.freezes.exists())  # the text that was signed
    }
    assert leftovers <= EVIDENCE, leftovers
    assert Signature.objects.filter(signer_name=name, signer_email=email).exists()
    assert any("handtekening" in kept.what for kept in said)
    assert not _traces("bob.prive@example.org", "bob.prive")
    assert AuditEvent.objects.filter(actor_name="voormalige gebruiker", action=AuditEvent.Action.UPDATED).exists()
    assert set(Version.objects.filter(document=bob_with_history.document).values_list("author_name", flat=True)) == {
        "voormalige gebruiker"
    }

    # And he cannot log in again.
    assert not client.login(username=email, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_last_administrator_of_the_lead_is_asked_to_hand_over(client, personas):
    p = personas
    client.force_login(p.alice)
    _reauthenticated(client, p.alice, {"method": "password"})
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "Draag eerst over" in page
    assert "U bent de laatste beheerder van Alpha Bakkerij, penvoerder van &#x27;Zonnedak Zwaluwstaart&#x27;" in page
    assert reverse("organisations:detail", args=[p.alpha.pk]) in page
    assert "Mijn account verwijderen" not in page
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=p.alice.pk).exists()
    with pytest.raises(ValidationError):
        services.delete_account(user=p.alice)
    assert User.objects.filter(pk=p.alice.pk).exists()


def test_the_last_administrator_of_any_organisation_is_asked_to_hand_over(client, personas):
    client.force_login(personas.charlie)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "U bent de laatste beheerder van Gamma Bouw. Draag eerst over" in page
    # Once another administrator is there, charlie may go.
    MembershipFactory(user=UserFactory(), organisation=personas.gamma)
    assert services.deletion_blockers(user=personas.charlie) == []


def test_a_plain_member_without_a_second_factor_confirms_with_the_password(client, personas):
    anna = personas.anna
    client.force_login(anna)
    _reauthenticated(client, anna, {"method": "password"})
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url == reverse("privacy:deleted")
    assert not User.objects.filter(pk=anna.pk).exists()


def test_a_passkey_is_enough_and_a_passkey_only_person_is_sent_to_it(client, personas):
    anna = personas.anna
    anna.set_unusable_password()
    anna.save()
    Authenticator.objects.create(user=anna, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(anna)
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url.startswith(reverse("mfa_reauthenticate_webauthn"))
    _reauthenticated(client, anna, {"method": "mfa", "type": "webauthn"})
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url == reverse("privacy:deleted")
    assert not Authenticator.objects.filter(user_id=anna.pk).exists()


def test_a_single_sign_on_person_logs_in_again_through_the_provider(client, personas):
    from allauth.socialaccount.models import SocialAccount

    anna = personas.anna
    anna.set_unusable_password()
    anna.save()
    SocialAccount.objects.create(user=anna, provider="microsoft", uid="anna-sso")
    client.force_login(anna)
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url.startswith(reverse("privacy:reauthenticate_sso"))
    assert User.objects.filter(pk=anna.pk).exists()
    # A login through the provider a moment ago (allauth records it) confirms who she is.
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(anna.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "provider": "microsoft", "at": time.time()}
    ]
    session.save()
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url == reverse("privacy:deleted")
    assert not SocialAccount.objects.filter(uid="anna-sso").exists()


def test_an_old_login_through_the_provider_is_not_enough(client, personas):
    from allauth.socialaccount.models import SocialAccount

    anna = personas.anna
    anna.set_unusable_password()
    anna.save()
    SocialAccount.objects.create(user=anna, provider="microsoft", uid="anna-sso")
    client.force_login(anna)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(anna.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "socialaccount", "at": time.time() - 3600}]
    session.save()
    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.url.startswith(reverse("privacy:reauthenticate_sso"))
    assert User.objects.filter(pk=anna.pk).exists()


def test_in_a_draft_never_put_up_for_approval_the_name_is_replaced(client, personas):
    from samenwerkwijzer.agreements.tests.factories import write_agreement

    p = personas
    document = write_agreement(p)
    MembershipFactory(user=UserFactory(), organisation=p.beta)
    assert Version.objects.filter(document=document, data__icontains="Bob Partner").exists()
    assert services.what_stays(user=p.bob) == []
    services.delete_account(user=p.bob)
    assert not Version.objects.filter(document=document, data__icontains="Bob Partner").exists()
    assert Version.objects.filter(document=document, data__icontains="voormalige gebruiker").exists()
    assert not _traces("bob@example.org", "Bob Partner")
