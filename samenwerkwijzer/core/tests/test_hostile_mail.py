"""Hostile text through every mail the app sends; one collaboration's bad data never stops another's mail.

The senders (``grep -rn "notify(\\|send_after_commit\\|send_mail" samenwerkwijzer``):
collaboration invitations, organisation membership invitations, network invitations, a network member
who left a team (to the bringer), team invitations, a no and a complete team (to the bringer), "KvK number removed" (claim_removed),
extract decided (verification), meeting invitations and reminders, evaluation round opened and
reminded (jobs), a participant's round reminder, round revealed, pitfall warnings, the daily digest,
and allauth's account mails (sign-up confirmation, password reset).
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.accounts.models import Frequency, NotificationKind, NotificationSetting, PendingDigestItem, User
from samenwerkwijzer.accounts.notifications import send_digests
from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Collaboration, Invitation, Phase
from samenwerkwijzer.core import jobs as core_jobs
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.instruments.tests.factories import access_for, open_round, submit, tien_answers
from samenwerkwijzer.lib.mail import SUBJECT_LIMIT, safe_subject
from samenwerkwijzer.networks import services_assignments as assignment_services
from samenwerkwijzer.networks import services_network as network_services
from samenwerkwijzer.networks.access import get_network_for_user
from samenwerkwijzer.networks.models import Assignment, Network, NetworkMember, TeamInvitation
from samenwerkwijzer.networks.tests.factories import network_personas
from samenwerkwijzer.organisations import services as organisation_services
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.verification import services as verification_services
from samenwerkwijzer.verification.tests.factories import make_submission
from samenwerkwijzer.workspace import jobs as workspace_jobs
from samenwerkwijzer.workspace import services as workspace_services
from samenwerkwijzer.workspace.models import Meeting
from samenwerkwijzer.workspace.tests.factories import action
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "ampersands": "&" * 200,
    "quotes": "'" * 200,
    "header injection": "Overleg\nBcc: x@y.example",
    "emoji": "Samen 🚀🤝🏽 bouwen 👩‍👩‍👧",
    "right to left": "שלום עולם",
    # Every control character but NUL: every form field refuses NUL (Django's ProhibitNullCharactersValidator)
    # and PostgreSQL cannot store it, so it never reaches a stored title or name.
    "control characters": "".join(chr(c) for c in range(1, 32)) + "Titel\x7f",
    "5000 characters": "Lang " * 1000,
}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fit(model, field: str, text: str) -> str:
    """As much of the hostile text as the column holds (a form would refuse more)."""
    return text[: model._meta.get_field(field).max_length]


def assert_clean(message) -> None:
    subject = message.subject
    assert subject and "\n" not in subject and "\r" not in subject, repr(subject)
    assert len(subject) <= SUBJECT_LIMIT + len(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX), repr(subject)
    assert "&amp;" not in subject and "&#x27;" not in subject and "&#39;" not in subject and "&quot;" not in subject
    assert not CONTROL.search(subject), repr(subject)
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    message.message().as_bytes()  # headers encode: no BadHeaderError


def make_hostile(personas, text: str) -> None:
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(name=fit(Collaboration, "name", text))
    Organisation.objects.filter(pk__in=[personas.alpha.pk, personas.beta.pk]).update(
        name=fit(Organisation, "name", text)
    )
    User.objects.filter(pk__in=[personas.alice.pk, personas.bob.pk]).update(full_name=fit(User, "full_name", text))
    for persona in ("alice", "bob", "alpha", "beta", "collaboration"):
        getattr(personas, persona).refresh_from_db()


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_mail_the_app_sends_survives_hostile_text(personas, text, django_capture_on_commit_callbacks):
    make_hostile(personas, text)
    # Anna reads meeting mail in her daily digest, so hostile subjects are stored too.
    NotificationSetting.objects.create(user=personas.anna, kind=NotificationKind.MEETINGS, frequency=Frequency.DAILY)
    lead = get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)
    now = timezone.now()
    sent: dict[str, int] = {}

    def step(name, action_):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            action_()
        sent[name] = len(mail.outbox) - before

    step(
        "collaboration invitation",
        lambda: collaboration_services.invitation_create(
            access=lead, email="gast@example.org", kind=Invitation.Kind.PARTICIPANT, base_url=settings.SITE_URL
        ),
    )
    step(
        "membership invitation",
        lambda: organisation_services.membership_invitation_create(
            by=Membership.objects.get(user=personas.alice, organisation=personas.alpha),
            email="collega@example.org",
            role=Membership.Role.MEMBER,
            is_authorised_signatory=False,
            base_url=settings.SITE_URL,
            message=text,
        ),
    )
    net = network_personas(personas)
    Network.objects.filter(pk=net.network.pk).update(name=fit(Network, "name", text), description=text[:2000])
    Assignment.objects.filter(pk=net.assignment.pk).update(title=fit(Assignment, "title", text))
    step(
        "network invitation",
        lambda: network_services.invitation_create(
            access=get_network_for_user(personas.alice, net.network.pk),
            email="netwerk@example.org",
            message=text[:1000],
        ),
    )
    TeamInvitation.objects.create(assignment=net.assignment, member=net.alice_member, status="invited")
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(role="coordinator")
    step(
        "network member left",
        lambda: network_services.member_leave(access=get_network_for_user(personas.alice, net.network.pk)),
    )
    # Team mails: the invitation to a team, a no and a complete team (both to the bringer).
    NetworkMember.objects.create(network=net.network, organisation=personas.gamma).expertises.set([net.web])
    bob_in_network = get_network_for_user(personas.bob, net.network.pk)
    teams = []
    for _ in range(2):
        team_assignment = assignment_services.assignment_create(
            access=bob_in_network,
            data={
                "title": fit(Assignment, "title", text),
                "client": fit(Assignment, "client", text),
                "description": text[:4000],
                "starts_on": now.date() + timedelta(days=7),
                "ends_on": now.date() + timedelta(days=30),
                "location_pc4": "",
                "budget": None,
                "max_km": None,
                "max_people": None,
                "include_bringer": False,
                "objective": "fewest_people",
            },
            needs=[(net.web, 1)],
        )
        assignment_services.assignment_propose(access=bob_in_network, assignment=team_assignment)
        teams.append(team_assignment)
    step(
        "team invitation", lambda: [assignment_services.team_invite(access=bob_in_network, assignment=a) for a in teams]
    )

    def answer(team_assignment, accept):
        return assignment_services.team_respond(
            access=get_network_for_user(personas.charlie, net.network.pk),
            invitation=team_assignment.team.get(status="invited"),
            accept=accept,
            note=text[:500],
        )

    step("team declined", lambda: answer(teams[0], False))
    step("team complete", lambda: answer(teams[1], True))
    meeting = workspace_services.meeting_create(
        access=lead,
        title=fit(Meeting, "title", text),
        starts_at=now + timedelta(hours=20),
        duration_minutes=60,
        location=fit(Meeting, "location", text),
        online_link="",
        free_items=[text[:200]],
    )
    step("meeting invitation", lambda: workspace_services.meeting_send_invites(access=lead, meeting=meeting))
    step("meeting reminder", lambda: workspace_services.send_meeting_reminders(now=now))

    Collaboration.objects.filter(pk=personas.collaboration.pk).update(
        phase=Phase.EXECUTE, created_at=now - timedelta(days=400)
    )
    step("round opened", lambda: workspace_jobs.open_due_checker_rounds(now=now))
    checker = Round.objects.get(collaboration=personas.collaboration, instrument=definitions.CHECKER)
    step("round reminder (job)", lambda: workspace_jobs.remind_open_rounds(now=checker.opened_at + timedelta(days=8)))

    tien = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, tien, tien_answers(text[:500]))
    step(
        "round reminder (participant)",
        lambda: instrument_services.round_remind(
            access=access_for(personas.alice, personas.collaboration), round=tien, base_url=settings.SITE_URL
        ),
    )
    step("round revealed", lambda: submit(personas.bob, personas.collaboration, tien, tien_answers(text[:500])))

    action(personas.collaboration, personas.beta, description=text[:300], due=timezone.localdate() - timedelta(days=3))
    step("pitfall warnings", lambda: workspace_jobs.notify_new_flags(now=now))

    reviewer = UserFactory(email="beoordelaar@example.org", is_staff=True)
    submission = make_submission(personas.alpha, user=personas.alice)
    step(
        "extract decided",
        lambda: verification_services.extract_decide(
            submission=submission, reviewer=reviewer, approve=False, reason=text
        ),
    )
    claimant = UserFactory(email="claim@example.org", full_name=fit(User, "full_name", text))
    claim = Organisation.objects.create(name=fit(Organisation, "name", text), kvk_number="90001234")
    Membership.objects.create(user=claimant, organisation=claim, role=Membership.Role.ADMIN)
    Organisation.objects.filter(pk=personas.gamma.pk).update(kvk_number="90001234")
    step(
        "claim removed",
        lambda: organisation_services.organisation_verify(
            organisation=Organisation.objects.get(pk=personas.gamma.pk), method=Organisation.VerificationMethod.EXTRACT
        ),
    )

    stored = PendingDigestItem.objects.filter(user=personas.anna)
    assert stored.exists() and all(len(item.subject) <= SUBJECT_LIMIT for item in stored)
    tomorrow = timezone.localtime(now).replace(hour=8) + timedelta(days=1)
    step("daily digest", lambda: send_digests(now=tomorrow))

    assert all(sent.values()), sent  # every sender sent at least one mail
    for message in mail.outbox:
        assert_clean(message)
    digest = next(m for m in mail.outbox if m.to == ["anna@example.org"] and "List-Unsubscribe" in m.extra_headers)
    assert digest.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&" * 200, "&" * 149 + "…"),
        ("Overleg\nBcc: x@y", "Overleg Bcc: x@y"),
        ("a\x00b\x1fc\x7fd", "a b c d"),
        ("  שלום   🚀 ", "שלום 🚀"),
        ("woord " * 40, ("woord " * 40)[:144].rstrip() + "…"),
    ],
)
def test_a_safe_subject_is_one_plain_line_of_limited_length(text, expected):
    assert safe_subject(text) == expected
    assert len(safe_subject(text)) <= SUBJECT_LIMIT


def test_the_digest_one_click_unsubscribe_works_with_a_post_without_login(
    client, personas, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.create(user=personas.alice, kind=NotificationKind.FLAGS, frequency=Frequency.DAILY)
    PendingDigestItem.objects.create(user=personas.alice, kind=NotificationKind.FLAGS, subject="S", body="B")
    now = timezone.localtime().replace(hour=9)
    assert send_digests(now=now) == 1
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert "het dagelijks overzicht" in client.get(link.removeprefix(settings.SITE_URL)).content.decode()
    response = client.post(link.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSetting.objects.get(user=personas.alice, kind=NotificationKind.FLAGS).frequency == Frequency.OFF


def _meeting_due(personas, collaboration_pk, user, title, now):
    access = get_collaboration_for_user(user, collaboration_pk, write=True)
    return workspace_services.meeting_create(
        access=access,
        title=title,
        starts_at=now + timedelta(hours=20),
        duration_minutes=60,
        location="",
        online_link="",
        free_items=[],
    )


def test_one_collaborations_failure_never_stops_anothers_mail(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    now = timezone.now()
    broken = _meeting_due(personas, personas.collaboration.pk, personas.alice, "Kapot", now)
    _meeting_due(personas, personas.other_collaboration.pk, personas.dave, "Heel", now)
    real = workspace_services._mail_members

    def failing_for_one(meeting, template):
        if meeting.pk == broken.pk:
            raise RuntimeError("bad data in one collaboration")
        return real(meeting, template)

    monkeypatch.setattr(workspace_services, "_mail_members", failing_for_one)
    with django_capture_on_commit_callbacks(execute=True):
        assert workspace_services.send_meeting_reminders(now=now) == 1
    assert [m.to for m in mail.outbox] == [["dave@example.org"]]
    # The failed one is not marked as reminded: the next run tries again.
    assert Meeting.objects.get(pk=broken.pk).reminder_sent_at is None


def test_a_failing_job_is_logged_and_the_other_jobs_still_run(personas, monkeypatch, caplog):
    def broken(*, now):
        raise RuntimeError("boom")

    ran = []
    monkeypatch.setattr(
        core_jobs, "JOBS", [("first", broken), ("second", lambda *, now: ran.append(now) or 7)], raising=True
    )
    summary = core_jobs.run_all(now=timezone.now())
    assert summary == {"first": None, "second": 7} and ran
    assert "Scheduled job 'first' failed" in caplog.text and "boom" in caplog.text


def test_run_scheduled_jobs_says_which_job_failed_and_exits_non_zero(personas, monkeypatch):
    monkeypatch.setattr(core_jobs, "JOBS", [("first", lambda *, now: 1 / 0), ("second", lambda *, now: 2)])
    out = StringIO()
    with pytest.raises(CommandError, match="1 job\\(s\\) failed: first"):
        call_command("run_scheduled_jobs", stdout=out)
    assert "first: failed (see the log)" in out.getvalue() and "second: 2" in out.getvalue()


def test_a_reveal_never_fails_because_of_a_notification(personas, monkeypatch, django_capture_on_commit_callbacks):
    from samenwerkwijzer.accounts import notifications

    def broken_render(*args, **kwargs):
        raise RuntimeError("template trouble")

    monkeypatch.setattr(notifications, "render_subject", broken_render)
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers())
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(personas.bob, personas.collaboration, round_, tien_answers()) is True
    round_.refresh_from_db()
    assert round_.is_revealed()


def test_a_mail_that_cannot_be_sent_does_not_undo_the_invitation(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    def refused(self, *args, **kwargs):
        raise OSError("server unreachable")

    monkeypatch.setattr(EmailMessage, "send", refused)
    lead = get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = collaboration_services.invitation_create(
            access=lead, email="gast@example.org", kind=Invitation.Kind.PARTICIPANT, base_url=settings.SITE_URL
        )
    assert Invitation.objects.filter(pk=invitation.pk).exists()


OTHER_HOST = "andere-host.example"


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    settings.SITE_URL = "https://samenwerkwijzer.example.nl"
    return OTHER_HOST


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_the_sign_up_confirmation_links_to_site_url_whatever_the_host(client, other_host):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "Zeer-geheim-1234",
            "password2": "Zeer-geheim-1234",
            "full_name": "&&& 'Nina' \u202e\u05e9\u05dc\u05d5\u05dd",
        },
        HTTP_HOST=other_host,
    )
    assert response.status_code == 302
    links = _links(mail.outbox[-1])
    assert links and all(link.startswith("https://samenwerkwijzer.example.nl/") for link in links), links
    assert_clean(mail.outbox[-1])


def test_the_password_reset_links_to_site_url_whatever_the_host(client, personas, other_host):
    client.post(reverse("account_reset_password"), {"email": personas.alice.email}, HTTP_HOST=other_host)
    links = _links(mail.outbox[-1])
    assert any("/password/reset/key/" in link for link in links), links
    assert all(link.startswith("https://samenwerkwijzer.example.nl/") for link in links), links


def test_an_invitation_links_to_site_url_whatever_the_host(
    client, personas, other_host, django_capture_on_commit_callbacks
):
    client.force_login(personas.alice)
    url = reverse("collaborations:invite", args=[personas.collaboration.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "gast@example.org", "kind": "participant", "message": ""}, HTTP_HOST=other_host
        )
    assert response.status_code == 302
    links = _links(mail.outbox[-1])
    assert links and all(link.startswith("https://samenwerkwijzer.example.nl/") for link in links), links
