"""Mijn gegevens downloaden: the ZIP holds the person's data, nothing of anyone else, and only
they can download it."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.privacy import personal_data, services
from samenwerkwijzer.privacy.models import PersonalDataDownload
from testsupport.factories import add_totp

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def _request(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(client, personas.alice).post(reverse("privacy:download"))
    assert response.status_code == 302
    return PersonalDataDownload.objects.get(user=personas.alice)


def _files(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_zip_holds_the_persons_data_and_nothing_of_anyone_else(
    client, personas, django_capture_on_commit_callbacks
):
    p = personas
    add_totp(p.alice)
    # Bob did something that names alice: it is about her, but his name is not hers to get.
    AuditEvent.objects.create(
        collaboration=p.collaboration,
        actor=p.bob,
        actor_name=p.bob.full_name,
        action=AuditEvent.Action.ROLE_CHANGED,
        details={"person": p.alice.full_name},
    )
    download = _request(client, p, django_capture_on_commit_callbacks)
    assert download.status == PersonalDataDownload.Status.READY
    assert download.expires_at == download.ready_at + timedelta(days=7)

    response = client.get(reverse("privacy:download_file", args=[download.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = _files(b"".join(response.streaming_content))
    assert {"README.txt", "account.json", "collaborations.json", "organisations.json", "agreements.json"} <= set(files)
    assert "Uw gegevens uit Samenwerkwijzer" in files["README.txt"]

    account = json.loads(files["account.json"])
    assert account["naam"] == "Alice Lead"
    assert account["e_mailadressen"][0]["adres"] == "alice@example.org"
    assert [set(factor) for factor in account["tweede_stappen"]] == [{"soort", "aangemaakt", "laatst_gebruikt"}]
    secret = Authenticator.objects.get(user=p.alice).data["secret"]
    everything = "\n".join(files.values())
    assert secret not in everything

    organisations = json.loads(files["organisations.json"])
    assert organisations["lidmaatschappen"][0]["organisatie"] == "Alpha Bakkerij"
    collaborations = json.loads(files["collaborations.json"])
    assert {"samenwerking": "Zonnedak Zwaluwstaart", "organisatie": "Alpha Bakkerij"}.items() <= collaborations[
        "deelnames"
    ][0].items()
    actions = [entry["action"] for entry in collaborations["logboek"]]
    assert "created" in actions and "role_changed" in actions

    # Nothing of another person: not bob (in the same collaboration), not the invitee.
    for other in (p.bob, p.olivia, p.oscar, p.anna, p.dave):
        assert other.email not in everything
        assert other.full_name not in everything
    assert "newcomer@example.org" not in everything
    assert "Geheim Gerstenat" not in everything


def test_the_person_gets_a_mail_without_data_and_the_page_shows_the_button(
    client, personas, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    download = _request(client, personas, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Uw gegevens staan klaar"
    assert "http://" in message.body and reverse("privacy:download") in message.body
    assert "Zonnedak" not in message.body and not message.attachments

    page = client.get(reverse("privacy:download")).content.decode()
    assert reverse("privacy:download_file", args=[download.pk]) in page
    assert "Mijn gegevens downloaden (ZIP)" in page


def test_while_it_is_prepared_the_page_says_so_and_a_second_request_is_not_doubled(client, personas):
    pending = PersonalDataDownload.objects.create(user=personas.alice)
    page = _client(client, personas.alice).get(reverse("privacy:download")).content.decode()
    assert "Uw gegevens worden voorbereid" in page
    assert services.request_download(user=personas.alice) == pending
    assert PersonalDataDownload.objects.filter(user=personas.alice).count() == 1


def test_only_the_person_downloads_it(client, personas, django_capture_on_commit_callbacks):
    download = _request(client, personas, django_capture_on_commit_callbacks)
    url = reverse("privacy:download_file", args=[download.pk])
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    for other in (personas.bob, personas.charlie):
        assert _client(client, other).get(url).status_code == 404
    _client(client, personas.alice)
    assert client.get(url).status_code == 200


def test_an_expired_download_is_gone_and_cleaned_up(client, personas, django_capture_on_commit_callbacks):
    download = _request(client, personas, django_capture_on_commit_callbacks)
    PersonalDataDownload.objects.filter(pk=download.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("privacy:download_file", args=[download.pk])).status_code == 404
    old_pending = PersonalDataDownload.objects.create(user=personas.bob)
    PersonalDataDownload.objects.filter(pk=old_pending.pk).update(requested_at=timezone.now() - timedelta(days=8))
    fresh = PersonalDataDownload.objects.create(user=personas.charlie)
    assert personal_data.clean_up(timezone.now()) == 2
    assert list(PersonalDataDownload.objects.all()) == [fresh]


def test_the_mails_sent_to_the_person_are_listed_without_their_text_and_not_those_to_others(personas):
    from samenwerkwijzer.core.models import OutgoingMail
    from samenwerkwijzer.core.personal_data import export

    OutgoingMail.objects.all().delete()
    OutgoingMail.objects.create(
        idempotency_key="a",
        subject="Uw overleg",
        body="https://x/inloggen/geheim-token/",
        to=["Alice <ALICE@example.org>"],
    )
    OutgoingMail.objects.create(idempotency_key="b", subject="Voor bob", body="", to=["bob@example.org"])
    # An address that merely contains hers is someone else's.
    OutgoingMail.objects.create(idempotency_key="c", subject="Voor een ander", body="", to=["malice@example.org"])
    OutgoingMail.objects.create(
        idempotency_key="d",
        subject="Uitnodiging",
        body="",
        to=["alice@example.org", "bob@example.org"],
        attachments=[{"filename": "overleg.ics", "mimetype": "text/calendar", "content": ""}],
    )
    mails = export(personas.alice)
    assert [(m["onderwerp"], m["status"], m["bijlagen"]) for m in mails] == [
        ("Uw overleg", "pending", []),
        ("Uitnodiging", "pending", ["overleg.ics"]),
    ]
    everything = json.dumps(mails)
    assert "geheim-token" not in everything and "bob@example.org" not in everything
