"""Membership by consent: an administrator invites by e-mail, the person accepts.

Every rule through the views, as a person brings it about; a refused request changes nothing.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.organisations import services
from samenwerkwijzer.organisations.models import Membership, MembershipInvitation
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite_url(organisation):
    return reverse("organisations:member_add", args=[organisation.pk])


def accept_url(token):
    return reverse("organisations:invitation_accept", args=[token])


def invite(client, organisation, email, capture, **fields):
    """Post the invitation form as a logged-in administrator; returns the response and the mailed token."""
    data = {"email": email, "role": "member"} | fields
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(invite_url(organisation), data)
    token = None
    if len(mail.outbox) > before:
        token = re.search(r"/organisations/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)
    return response, token


def token_for(personas, email, *, role="member", signatory=False):
    """An open invitation to alpha made by alice through the service, and its raw token."""
    alice = Membership.objects.get(organisation=personas.alpha, user=personas.alice)
    return services.membership_invitation_create(
        by=alice, email=email, role=role, is_authorised_signatory=signatory, base_url="http://testserver"
    )


def state():
    """What a refused request must leave alone."""
    return (
        sorted(Membership.objects.values_list("user_id", "organisation_id", "role", "is_authorised_signatory")),
        sorted(
            MembershipInvitation.objects.values_list("pk", "accepted_at", "accepted_by", "revoked_at", "declined_at")
        ),
    )


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.alice)
    return client


@pytest.fixture
def invitation(admin_client, personas, django_capture_on_commit_callbacks):
    """An open invitation of alpha for Charlie (who has an account) to become an administrator and signatory."""
    response, token = invite(
        admin_client,
        personas.alpha,
        "Charlie@example.org",
        django_capture_on_commit_callbacks,
        role="admin",
        is_authorised_signatory="on",
    )
    assert response.status_code == 302
    admin_client.logout()
    return MembershipInvitation.objects.get(email="charlie@example.org"), token


# --- Inviting ---------------------------------------------------------------------------------


def test_an_administrator_invites_and_nobody_becomes_a_member_before_accepting(
    admin_client, personas, django_capture_on_commit_callbacks
):
    assert "Lid uitnodigen" in admin_client.get(invite_url(personas.alpha)).content.decode()
    response, token = invite(
        admin_client, personas.alpha, "charlie@example.org", django_capture_on_commit_callbacks, role="admin"
    )
    assert response.status_code == 302 and response.url == reverse("organisations:detail", args=[personas.alpha.pk])
    assert token and len(mail.outbox) == 1 and mail.outbox[0].to == ["charlie@example.org"]
    assert not Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).exists()
    invitation = MembershipInvitation.objects.get()
    # Only the hash of the token is kept.
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    page = admin_client.get(reverse("organisations:detail", args=[personas.alpha.pk])).content.decode()
    assert "Er is een uitnodiging gestuurd naar charlie@example.org" in page
    assert "Openstaande uitnodigingen" in page and "charlie@example.org" in page


def test_the_mail_is_in_dutch_and_says_who_invites_to_what_with_which_role(
    admin_client, personas, django_capture_on_commit_callbacks
):
    invite(
        admin_client,
        personas.alpha,
        "charlie@example.org",
        django_capture_on_commit_callbacks,
        role="admin",
        is_authorised_signatory="on",
    )
    message = mail.outbox[0]
    assert message.subject == "Alice Lead nodigt u uit om lid te worden van Alpha Bakkerij — Samenwerkwijzer"
    assert "Alice Lead nodigt u uit om lid te worden van Alpha Bakkerij" in message.body
    assert "Rol: beheerder" in message.body
    assert "U wordt uitgenodigd als tekenbevoegde" in message.body
    assert "De link werkt één keer" in message.body


def _normalised(response, *, email, invitation_pks):
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", page)
    page = page.replace(email, "ADDRESS")
    for pk in invitation_pks:
        page = page.replace(f"/invitations/{pk}/", "/invitations/PK/")
    return page


def test_the_form_answers_the_same_whether_or_not_the_address_has_an_account(
    admin_client, personas, django_capture_on_commit_callbacks
):
    answers, mails = [], []
    for email in ("charlie@example.org", "nobody-here@example.org"):
        response, token = invite(admin_client, personas.alpha, email, django_capture_on_commit_callbacks)
        invitation = MembershipInvitation.objects.get(email=email)
        page = admin_client.get(response.url)
        answers.append(
            (
                response.status_code,
                response.url,
                response.content,
                _normalised(page, email=email, invitation_pks=[invitation.pk]),
            )
        )
        mails.append((mail.outbox[-1].subject, mail.outbox[-1].body.replace(token, "TOKEN"), mail.outbox[-1].to))
        # Withdraw it so that both pages list the same (one) open invitation.
        services.membership_invitation_withdraw(
            by=Membership.objects.get(organisation=personas.alpha, user=personas.alice), invitation=invitation
        )
    assert answers[0] == answers[1]
    # One mail each, to the invited address only, with the same words: no mail tells anyone whether
    # the address has an account.
    assert len(mail.outbox) == 2
    assert mails[0][:2] == mails[1][:2]
    assert [m[2] for m in mails] == [["charlie@example.org"], ["nobody-here@example.org"]]


def test_an_invalid_address_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    admin_client, personas, django_capture_on_commit_callbacks
):
    response, _token = invite(admin_client, personas.alpha, "geen-adres", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'value="geen-adres"' in response.content.decode()
    assert not MembershipInvitation.objects.exists() and not mail.outbox


def test_an_address_that_is_already_a_member_is_told_to_the_administrator_only(
    admin_client, personas, django_capture_on_commit_callbacks
):
    before = state()
    response, _token = invite(admin_client, personas.alpha, "ANNA@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Deze persoon is al lid van Alpha Bakkerij."]
    assert state() == before and not mail.outbox


def test_a_second_open_invitation_for_the_same_address_is_refused(
    admin_client, personas, django_capture_on_commit_callbacks
):
    invite(admin_client, personas.alpha, "charlie@example.org", django_capture_on_commit_callbacks)
    before = state()
    response, _token = invite(admin_client, personas.alpha, "charlie@example.org", django_capture_on_commit_callbacks)
    assert "Voor dit adres staat al een uitnodiging open" in response.content.decode()
    assert state() == before and len(mail.outbox) == 1


def test_a_plain_member_cannot_invite_and_nothing_is_sent(client, personas, django_capture_on_commit_callbacks):
    client.force_login(personas.anna)
    before = state()
    response, _token = invite(
        client, personas.alpha, "charlie@example.org", django_capture_on_commit_callbacks, role="admin"
    )
    assert response.status_code == 403
    assert state() == before and not mail.outbox


def test_plain_members_do_not_see_open_invitations(client, personas, invitation):
    client.force_login(personas.anna)
    page = client.get(reverse("organisations:detail", args=[personas.alpha.pk])).content.decode()
    assert "charlie@example.org" not in page and "Openstaande uitnodigingen" not in page


# --- Accepting --------------------------------------------------------------------------------


def test_an_anonymous_visitor_sees_who_invites_to_what_and_comes_back_after_logging_in(client, personas, invitation):
    _invitation, token = invitation
    page = client.get(accept_url(token)).content.decode()
    assert "U bent uitgenodigd voor Alpha Bakkerij" in page
    assert "Alice Lead" in page and "niet geverifieerd" in page
    assert "beheerder" in page and "ja: u mag afspraken voor de organisatie ondertekenen" in page
    response = client.post(reverse("account_login"), {"login": "charlie@example.org", "password": PASSWORD})
    assert response.url == accept_url(token)
    assert not Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).exists()


def test_the_invited_person_accepts_and_gets_the_role_and_signing_authority_then(client, personas, invitation):
    record, token = invitation
    personas.alpha.verification_status = "verified"
    personas.alpha.verification_method = "eherkenning"
    personas.alpha.assurance_level = "EH3"
    personas.alpha.verified_at = timezone.now()
    personas.alpha.save()
    client.force_login(personas.charlie)
    page = client.get(accept_url(token)).content.decode()
    assert "Lid worden van Alpha Bakkerij?" in page
    assert "geverifieerd via eHerkenning (EH3)" in page
    assert ">Accepteren</button>" in page and ">Weigeren</button>" in page
    response = client.post(accept_url(token), {"decision": "accept"})
    assert response.url == reverse("organisations:detail", args=[personas.alpha.pk])
    membership = Membership.objects.get(user=personas.charlie, organisation=personas.alpha)
    assert membership.role == "admin" and membership.is_authorised_signatory
    assert membership.signatory_basis == Membership.SignatoryBasis.SELF
    record.refresh_from_db()
    assert record.accepted_by == personas.charlie and record.accepted_at is not None
    assert "U bent nu lid van Alpha Bakkerij" in client.get(response.url).content.decode()


def test_a_member_invited_without_signing_authority_has_no_basis(client, personas):
    _record, token = token_for(personas, "charlie@example.org")
    client.force_login(personas.charlie)
    client.post(accept_url(token), {"decision": "accept"})
    membership = Membership.objects.get(user=personas.charlie, organisation=personas.alpha)
    assert membership.role == "member" and not membership.is_authorised_signatory
    assert membership.signatory_basis == ""


def test_declining_changes_no_membership_and_closes_the_invitation(client, personas, invitation):
    record, token = invitation
    client.force_login(personas.charlie)
    response = client.post(accept_url(token), {"decision": "decline"})
    assert response.url == reverse("core:home")
    assert not Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).exists()
    record.refresh_from_db()
    assert record.declined_at is not None
    response = client.get(accept_url(token))
    assert response.status_code == 410 and "geweigerd" in response.content.decode()


def test_an_invitation_used_twice_is_refused_the_second_time(client, personas, invitation):
    _record, token = invitation
    client.force_login(personas.charlie)
    client.post(accept_url(token), {"decision": "accept"})
    Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).update(role="member")
    before = state()
    for method in ("get", "post"):
        response = getattr(client, method)(accept_url(token), {"decision": "accept"})
        assert response.status_code == 410
        assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert state() == before


def test_another_logged_in_address_is_refused_and_learns_nothing_of_the_organisation(client, personas, invitation):
    _record, token = invitation
    client.force_login(personas.dave)
    before = state()
    for method in ("get", "post"):
        response = getattr(client, method)(accept_url(token), {"decision": "accept"})
        assert response.status_code == 403
        page = response.content.decode()
        assert "naar een ander e-mailadres gestuurd" in page
        assert "Alpha Bakkerij" not in page
    assert state() == before


def test_an_address_that_is_not_verified_is_refused(client, personas, invitation):
    _record, token = invitation
    EmailAddress.objects.filter(user=personas.charlie).update(verified=False)
    client.force_login(personas.charlie)
    before = state()
    response = client.post(accept_url(token), {"decision": "accept"})
    assert response.status_code == 403
    assert state() == before


def test_a_verified_second_address_of_the_account_may_accept(client, personas, invitation):
    _record, token = invitation
    other = UserFactory(email="charlie.werk@example.org")
    EmailAddress.objects.filter(user=personas.charlie).delete()
    EmailAddress.objects.create(user=other, email="charlie@example.org", verified=True, primary=False)
    client.force_login(other)
    assert client.post(accept_url(token), {"decision": "accept"}).status_code == 302
    assert Membership.objects.filter(user=other, organisation=personas.alpha, role="admin").exists()


def test_an_expired_invitation_is_refused(client, personas, invitation):
    record, token = invitation
    MembershipInvitation.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(personas.charlie)
    before = state()
    response = client.post(accept_url(token), {"decision": "accept"})
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert state() == before
    # Anonymous visitors get the same clear page.
    client.logout()
    assert client.get(accept_url(token)).status_code == 410


def test_an_administrator_withdraws_an_invitation_and_the_link_stops_working(client, personas, invitation):
    record, token = invitation
    client.force_login(personas.alice)
    response = client.post(reverse("organisations:invitation_withdraw", args=[personas.alpha.pk, record.pk]))
    assert response.url == reverse("organisations:detail", args=[personas.alpha.pk])
    page = client.get(response.url).content.decode()
    assert "De uitnodiging aan charlie@example.org is ingetrokken" in page
    assert "Er staan geen uitnodigingen open" in page
    # Withdrawing again says it is no longer open and changes nothing.
    before = state()
    client.post(reverse("organisations:invitation_withdraw", args=[personas.alpha.pk, record.pk]))
    assert "Deze uitnodiging staat niet meer open" in client.get(response.url).content.decode()
    assert state() == before
    client.force_login(personas.charlie)
    response = client.post(accept_url(token), {"decision": "accept"})
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    assert not Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).exists()


def test_an_invitation_of_another_organisation_cannot_be_withdrawn_from_ones_own(client, personas, invitation):
    record, _token = invitation
    client.force_login(personas.bob)
    before = state()
    response = client.post(reverse("organisations:invitation_withdraw", args=[personas.beta.pk, record.pk]))
    assert response.status_code == 404
    assert state() == before


def test_an_unknown_link_is_not_found(client):
    response = client.get(accept_url("nonsense"))
    assert response.status_code == 404 and "niet geldig" in response.content.decode()


def test_someone_who_became_a_member_meanwhile_is_told_so(client, personas, invitation):
    _record, token = invitation
    MembershipFactory(user=personas.charlie, organisation=personas.alpha, role="member")
    client.force_login(personas.charlie)
    before = state()
    response = client.post(accept_url(token), {"decision": "accept"})
    assert response.status_code == 409 and "U bent al lid van Alpha Bakkerij" in response.content.decode()
    assert state() == before


def test_a_newcomer_signs_up_with_the_invited_address_and_comes_back(client, personas):
    _record, raw = token_for(personas, "nieuw@example.org")
    client.get(accept_url(raw))
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD, "full_name": "Nina Nieuw"},
    )
    assert response.status_code == 302
    # Verification is mandatory: the link in the confirmation mail brings the newcomer back.
    site = re.escape(settings.SITE_URL)
    confirm = re.search(site + r"(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    client.post(confirm)
    login = client.post(reverse("account_login"), {"login": "nieuw@example.org", "password": PASSWORD})
    assert login.url == accept_url(raw)
    client.post(accept_url(raw), {"decision": "accept"})
    assert Membership.objects.filter(user__email="nieuw@example.org", organisation=personas.alpha).exists()


# --- Leaving ----------------------------------------------------------------------------------


def test_a_member_who_joined_by_invitation_can_leave(client, personas, invitation):
    _record, token = invitation
    client.force_login(personas.charlie)
    client.post(accept_url(token), {"decision": "accept"})
    membership = Membership.objects.get(user=personas.charlie, organisation=personas.alpha)
    response = client.post(reverse("organisations:member_remove", args=[personas.alpha.pk, membership.pk]))
    assert response.url == reverse("organisations:list")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_post_without_a_decision_accepts_nothing(client, personas, invitation):
    _record, token = invitation
    client.force_login(personas.charlie)
    before = state()
    response = client.post(accept_url(token), {})
    assert response.status_code == 200 and ">Accepteren</button>" in response.content.decode()
    assert state() == before
