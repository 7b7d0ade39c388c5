"""Factories and personas shared by the tests of every app."""

from dataclasses import dataclass
from functools import cached_property

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Collaboration, Invitation, Observer, Participant
from samenwerkwijzer.organisations.models import Membership, Organisation

PASSWORD = "Samenwerken-test-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    legal_form = "41"
    sbi_codes = factory.LazyFunction(lambda: ["62100"])
    size_class = "2-4"
    pc4 = "3511"
    description = "Een organisatie om mee te testen."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADMIN
    is_authorised_signatory = True
    signatory_basis = factory.LazyAttribute(
        lambda membership: Membership.SignatoryBasis.SELF if membership.is_authorised_signatory else ""
    )


def make_collaboration(*, user, organisation, name="Samenwerking Testproject", **fields) -> Collaboration:
    defaults = {
        "purpose": "Samen iets moois maken.",
        "ambition_level": "tactical",
        "duration_kind": "project",
        "planned_end_date": None,
    }
    defaults.update(fields)
    return collaboration_services.collaboration_create(user=user, organisation=organisation, name=name, **defaults)


@dataclass
class Personas:
    """alice leads the collaboration, bob is a partner in it, olivia and oscar observe it,
    charlie belongs to no collaboration and dave leads another one. An invitation
    for newcomer@example.org is open."""

    alice: object
    bob: object
    charlie: object
    dave: object
    olivia: object
    alpha: Organisation
    beta: Organisation
    gamma: Organisation
    delta: Organisation
    collaboration: Collaboration
    other_collaboration: Collaboration
    bob_participant: Participant
    alice_participant: Participant
    olivia_observer: Observer
    oscar: object
    oscar_observer: Observer
    open_invitation: Invitation
    open_invitation_token: str
    anna: object  # a plain member (not administrator) of alpha

    # erin explores the collaboration for epsilon (invited "to explore", accepted): made on first use,
    # so the tests that do not ask for her see the collaboration as it always was.
    @cached_property
    def erin_participant(self) -> Participant:
        return add_explorer(self.collaboration, lead=self.alice, email="erin@example.org", name="Epsilon Advies")

    @property
    def erin(self):
        return Membership.objects.get(organisation=self.erin_participant.organisation).user

    @property
    def epsilon(self) -> Organisation:
        return self.erin_participant.organisation


def make_personas() -> Personas:
    alice = UserFactory(email="alice@example.org", full_name="Alice Lead")
    bob = UserFactory(email="bob@example.org", full_name="Bob Partner")
    charlie = UserFactory(email="charlie@example.org", full_name="Charlie Outsider")
    dave = UserFactory(email="dave@example.org", full_name="Dave Elsewhere")
    olivia = UserFactory(email="olivia@example.org", full_name="Olivia Observer")
    alpha = MembershipFactory(user=alice, organisation__name="Alpha Bakkerij").organisation
    beta = MembershipFactory(user=bob, organisation__name="Beta Transport").organisation
    gamma = MembershipFactory(user=charlie, organisation__name="Gamma Bouw").organisation
    delta = MembershipFactory(user=dave, organisation__name="Delta Design").organisation
    collaboration = make_collaboration(user=alice, organisation=alpha, name="Zonnedak Zwaluwstaart")
    other = make_collaboration(user=dave, organisation=delta, name="Geheim Gerstenat")
    bob_participant = Participant.objects.create(collaboration=collaboration, organisation=beta)
    olivia_observer = Observer.objects.create(collaboration=collaboration, user=olivia)
    anna = UserFactory(email="anna@example.org", full_name="Anna Member")
    MembershipFactory(user=anna, organisation=alpha, role=Membership.Role.MEMBER, is_authorised_signatory=False)
    oscar = UserFactory(email="oscar@example.org", full_name="Oscar Observer")
    oscar_observer = Observer.objects.create(collaboration=collaboration, user=oscar)
    invitation, token = collaboration_services.invitation_create(
        access=get_collaboration_for_user(alice, collaboration.pk, lead=True),
        email="newcomer@example.org",
        kind=Invitation.Kind.PARTICIPANT,
        base_url="http://testserver",
    )
    return Personas(
        alice=alice,
        bob=bob,
        charlie=charlie,
        dave=dave,
        olivia=olivia,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        delta=delta,
        collaboration=collaboration,
        other_collaboration=other,
        bob_participant=bob_participant,
        alice_participant=Participant.objects.get(collaboration=collaboration, organisation=alpha),
        olivia_observer=olivia_observer,
        oscar=oscar,
        oscar_observer=oscar_observer,
        open_invitation=invitation,
        open_invitation_token=token,
        anna=anna,
    )


def add_explorer(collaboration, *, lead, email: str, name: str) -> Participant:
    """Invite an organisation to explore and let its administrator accept, as in the app: the
    explorer's own match check opens with the partners taking part now."""
    user = UserFactory(email=email, full_name=f"{name} Verkenner")
    organisation = MembershipFactory(user=user, organisation__name=name).organisation
    _invitation, token = collaboration_services.invitation_create(
        access=get_collaboration_for_user(lead, collaboration.pk, lead=True),
        email=email,
        kind=Invitation.Kind.EXPLORER,
        base_url="http://testserver",
    )
    return collaboration_services.invitation_accept(token=token, user=user, organisation=organisation)


# --- Second factors and verified organisations (signing, /beheer/) ---


def add_totp(user) -> str:
    """Give ``user`` an authenticator app (allauth's TOTP) and return its secret, for ``totp_code``."""
    from allauth.mfa.totp.internal import auth as totp

    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code the authenticator app shows right now; in the last seconds of a period it waits for
    the next one, so the code is still valid when the test has typed and sent it."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal import auth as totp

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)

    counters = list(totp.yield_hotp_counters_from_time())
    return totp.format_hotp_value(totp.hotp_value(secret, counters[len(counters) // 2]))


def add_recovery_codes(user) -> list[str]:
    """Give ``user`` allauth's recovery codes and return them."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    return RecoveryCodes.activate(user).generate_codes()


def mark_verified(organisation, method: str = Organisation.VerificationMethod.EXTRACT) -> Organisation:
    """Mark ``organisation`` verified as a test's starting point (the verification flows have their own tests)."""
    from django.utils import timezone

    organisation.verification_status = Organisation.VerificationStatus.VERIFIED
    organisation.verification_method = method
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verification_status", "verification_method", "verified_at"])
    return organisation


def log_in_with_second_factor(client, user) -> None:
    """Log ``user`` in on a test client as after allauth's login with an authenticator code: staff
    pages (/beheer/, the review of extracts) ask for a second factor used in the session."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        add_totp(user)
    client.force_login(user)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
    session.save()
