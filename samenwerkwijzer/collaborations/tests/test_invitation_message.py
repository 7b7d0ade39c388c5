"""An invitation says who invites you, to what, why (a personal message), what the tool is and until when."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from samenwerkwijzer.collaborations import services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Collaboration, Invitation
from samenwerkwijzer.lib.formatting import format_date
from samenwerkwijzer.organisations.services import mail_subject
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db


def send(client, personas, capture, **data):
    client.force_login(personas.alice)
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(
            reverse("collaborations:invite", args=[personas.collaboration.pk]),
            {"email": "partner@example.org", "kind": "participant"} | data,
        )
    return response, mail.outbox[before:]


def test_the_mail_says_who_invites_to_what_why_and_until_when(client, personas, django_capture_on_commit_callbacks):
    personas.alice.job_title = "Eigenaar"
    personas.alice.save()
    response, sent = send(
        client, personas, django_capture_on_commit_callbacks, message="Jullie bezorgen al in onze wijk.\nZullen we?"
    )
    assert response.status_code == 302 and len(sent) == 1
    message = sent[0]
    invitation = Invitation.objects.get(email="partner@example.org")
    assert invitation.message == "Jullie bezorgen al in onze wijk.\nZullen we?"
    assert message.subject == (
        'Alice Lead van Alpha Bakkerij nodigt u uit voor de samenwerking "Zonnedak Zwaluwstaart" — Samenwerkwijzer'
    )
    body = message.body
    assert "Alice Lead van Alpha Bakkerij nodigt u uit voor de samenwerking" in body and "(Eigenaar)" in body
    assert "Het doel van de samenwerking:\nSamen iets moois maken." in body
    assert "Persoonlijk bericht van Alice Lead:\nJullie bezorgen al in onze wijk.\nZullen we?" in body
    assert "Samenwerkwijzer helpt ondernemers stap voor stap samen te werken" in body
    assert f"geldig tot {format_date(invitation.expires_at)}" in body
    # The link comes from SITE_URL, not from the request's host.
    assert re.search(re.escape(settings.SITE_URL) + r"/collaborations/invitations/\S+/", body)
    assert body.rstrip().endswith("Samenwerkwijzer")


def test_without_a_message_the_mail_has_no_empty_message_block(client, personas, django_capture_on_commit_callbacks):
    _response, sent = send(client, personas, django_capture_on_commit_callbacks)
    assert "Persoonlijk bericht" not in sent[0].body


def test_a_message_that_is_too_long_is_refused_and_kept(client, personas, django_capture_on_commit_callbacks):
    response, sent = send(client, personas, django_capture_on_commit_callbacks, message="x" * 1001)
    assert response.status_code == 200 and response.context["form"].errors["message"]
    assert sent == [] and not Invitation.objects.filter(email="partner@example.org").exists()
    assert "x" * 1001 in response.content.decode()


def test_the_subject_is_one_bounded_line_whatever_the_names(personas, django_capture_on_commit_callbacks):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(
        name="Lang\nproject " + "z" * 180
    )  # within the 200 the field holds
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            access=get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True),
            email="partner@example.org",
            kind="participant",
            base_url="http://testserver",
        )
    subject = mail.outbox[-1].subject
    assert "\n" not in subject and len(subject) <= 150 and "Lang project" in subject


def test_mail_subject_collapses_and_truncates():
    assert mail_subject("  een\n  twee ") == "een twee"
    assert mail_subject("a" * 200, limit=10) == "a" * 9 + "…"


def test_the_acceptance_pages_show_the_purpose_and_the_message(client, personas):
    Invitation.objects.filter(pk=personas.open_invitation.pk).update(message="Wij hebben u nodig voor de montage.")
    url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    page = client.get(url).content.decode()  # not logged in: the welcome page
    assert "Wij hebben u nodig voor de montage." in page and "Persoonlijk bericht van Alice Lead" in page
    assert "Samen iets moois maken." in page and "Samenwerkwijzer helpt ondernemers" in page
    client.force_login(UserFactory(email="newcomer@example.org"))
    page = client.get(url).content.decode()
    assert "Wij hebben u nodig voor de montage." in page and "Samen iets moois maken." in page


def test_signing_up_from_the_invitation_starts_with_the_invited_address(client, personas):
    """The welcome page's "create an account" carries the invited address into the sign-up form."""
    import html

    url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    page = client.get(url).content.decode()
    [signup_link] = re.findall(r'href="(/accounts/signup/\?[^"]*email=[^"]*)"', page)
    form = client.get(html.unescape(signup_link)).content.decode()
    assert re.search(rf'name="email"[^>]*value="{re.escape(personas.open_invitation.email)}"', form)
