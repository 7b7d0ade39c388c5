"""A membership invitation carries the inviter's personal message, in the mail and on the page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from samenwerkwijzer.organisations.models import MembershipInvitation
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_message_is_in_the_mail_and_on_the_acceptance_page(client, personas, django_capture_on_commit_callbacks):
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:member_add", args=[personas.alpha.pk]),
            {"email": "nieuw@example.org", "role": "member", "message": "Welkom in het team, Sam!"},
        )
    invitation = MembershipInvitation.objects.get()
    assert invitation.message == "Welkom in het team, Sam!"
    message = mail.outbox[-1]
    assert message.subject == "Alice Lead nodigt u uit om lid te worden van Alpha Bakkerij — Samenwerkwijzer"
    assert "Persoonlijk bericht van Alice Lead:\nWelkom in het team, Sam!" in message.body
    assert "Samenwerkwijzer helpt ondernemers" in message.body and "Samenwerkwijzer\n" in message.body
    token = re.search(r"/organisations/invitations/([^/\s]+)/", message.body).group(1)
    client.force_login(UserFactory(email="nieuw@example.org"))
    page = client.get(reverse("organisations:invitation_accept", args=[token])).content.decode()
    assert "Welkom in het team, Sam!" in page and "Persoonlijk bericht van Alice Lead" in page


def test_a_message_that_is_too_long_is_refused(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("organisations:member_add", args=[personas.alpha.pk]),
        {"email": "nieuw@example.org", "role": "member", "message": "x" * 1001},
    )
    assert response.status_code == 200 and response.context["form"].errors["message"]
    assert not MembershipInvitation.objects.exists()
