"""Signed, not yet sealed: the time-stamping authority down, slow or answering garbage at the last
signature. The signature stands, the seal follows from the scheduled job or the lead's button."""

import contextlib
import socket

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements import jobs, phase_facts, sealing, services, services_sealing, todos
from samenwerkwijzer.agreements.models import DocumentKind, SealedDocument, Signature, SigningEvent
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.core.jobs import JOBS
from testsupport.factories import PASSWORD, add_totp, mark_verified, totp_code
from testsupport.local_server import LocalServer

from .factories import AGREEMENT, access_of, approved_agreement, sign, signed_agreement
from .helpers import url

pytestmark = pytest.mark.django_db

PENDING_MESSAGE = "Alle organisaties hebben nu ondertekend: uw handtekening telt."


class _Garbage(LocalServer):
    def handle(self, method, path, headers, body):
        return 200, {"Content-Type": "application/timestamp-reply"}, b"\x00this is no timestamp token"


@contextlib.contextmanager
def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield f"http://127.0.0.1:{port}/"


@contextlib.contextmanager
def _silent(settings):
    """Accepts the connection (the kernel's backlog) and never answers."""
    settings.AGREEMENT_SEAL_TSA_TIMEOUT = "1"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/"


@contextlib.contextmanager
def _garbage():
    with _Garbage() as server:
        yield server.origin + "/"


def _tsa(how, settings):
    return {"down": _closed_port, "slow": lambda: _silent(settings), "garbage": _garbage}[how]()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _sign_last_in_the_browser(personas, freeze):
    """Alice signs through the service, Bob (the last) posts the signing form."""
    sign(personas, "alice", freeze)
    mark_verified(personas.beta)
    code = totp_code(add_totp(personas.bob))
    return _client(personas.bob).post(
        url(personas, "sign"),
        {"freeze": freeze.pk, "document_sha256": freeze.pdf_sha256, "confirm": "on", "code": code},
        follow=True,
    )


def _pending(personas, settings, kind=AGREEMENT):
    freeze = approved_agreement(personas, kind)
    sign(personas, "alice", freeze)
    with _closed_port() as down:
        settings.AGREEMENT_SEAL_TSA_URL = down
        sign(personas, "bob", freeze)
    return freeze


@pytest.mark.parametrize("how", ["down", "slow", "garbage"])
def test_a_tsa_that_fails_leaves_the_agreement_signed_not_sealed_and_the_job_seals_it(
    personas, pki_seal, settings, how
):
    freeze = approved_agreement(personas)
    with _tsa(how, settings) as tsa:
        settings.AGREEMENT_SEAL_TSA_URL = tsa
        response = _sign_last_in_the_browser(personas, freeze)
    assert response.status_code == 200
    text = response.content.decode()
    assert "U hebt ondertekend namens Beta Transport." in text
    assert PENDING_MESSAGE in text
    assert Signature.objects.filter(freeze=freeze).count() == 2
    assert not SealedDocument.objects.exists()
    assert services_sealing.awaits_seal(freeze)
    audit = AuditEvent.objects.get(action="agreement_signed", actor=personas.bob)
    assert audit.details["seal_pending"]
    assert not SigningEvent.objects.filter(freeze=freeze, kind=SigningEvent.Kind.SEALED).exists()
    assert not AuditEvent.objects.filter(action="agreement_sealed").exists()

    # The TSA is back: the scheduled job seals it, once.
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    settings.AGREEMENT_SEAL_TSA_TIMEOUT = "10"
    assert jobs.seal_pending_agreements(now=timezone.now()) == 1
    sealed = SealedDocument.objects.get(freeze=freeze)
    assert sealed.pades_level == "B-LTA"
    event = SigningEvent.objects.get(freeze=freeze, kind=SigningEvent.Kind.SEALED, actor=None)
    assert event.details["sealed_after_signing"] is True
    assert AuditEvent.objects.filter(action="agreement_sealed", actor=None).count() == 1
    assert jobs.seal_pending_agreements(now=timezone.now()) == 0
    assert SealedDocument.objects.count() == 1
    assert services_sealing.seal_awaiting(freeze=freeze) is None


def test_the_sealed_event_has_the_freeze_as_its_key_and_is_delivered_once(personas, pki_seal, settings):
    from samenwerkwijzer.webhooks.delivery import event_id
    from samenwerkwijzer.webhooks.events import AGREEMENT_SEALED
    from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        collaboration=personas.collaboration,
        name="Kanaal",
        url="https://hooks.example.com/x",
        events=[AGREEMENT_SEALED],
    )
    freeze = _pending(personas, settings)
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    assert jobs.seal_pending_agreements(now=timezone.now()) == 1
    # A second run (another node that got past the check before the first committed) announces it again.
    freeze.refresh_from_db()
    services_sealing.record_sealed(freeze, freeze.document, SealedDocument.objects.get(freeze=freeze))
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.event_id == event_id(f"agreement.sealed:{freeze.pk}") == delivery.payload["id"]


def test_the_job_is_registered_and_skips_what_still_cannot_be_sealed(personas, pki_seal, settings, monkeypatch, caplog):
    assert ("signed agreements sealed", jobs.seal_pending_agreements) in JOBS
    letter = _pending(personas, settings, DocumentKind.LETTER_OF_INTENT)
    agreement = _pending(personas, settings)
    with _closed_port() as down:
        settings.AGREEMENT_SEAL_TSA_URL = down
        assert jobs.seal_pending_agreements(now=timezone.now()) == 0
    assert "still not sealed" in caplog.text
    # One freeze failing in an unexpected way never stops the others.
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    real = sealing.seal_freeze

    def broken_for_the_letter(freeze):
        if freeze.pk == letter.pk:
            raise RuntimeError("disk full")
        return real(freeze)

    monkeypatch.setattr(sealing, "seal_freeze", broken_for_the_letter)
    assert jobs.seal_pending_agreements(now=timezone.now()) == 1
    assert "Sealing freeze" in caplog.text
    assert SealedDocument.objects.filter(freeze=agreement).exists()
    assert not SealedDocument.objects.filter(freeze=letter).exists()
    assert services_sealing.awaits_seal(letter)


def test_a_voided_freeze_is_not_sealed(personas, pki_seal, settings):
    freeze = _pending(personas, settings)
    freeze.voided_at = timezone.now()
    freeze.save(update_fields=["voided_at"])
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    assert jobs.seal_pending_agreements(now=timezone.now()) == 0
    assert not SealedDocument.objects.exists()
    with pytest.raises(ValidationError, match="vervallen"):
        services_sealing.seal_now(access=access_of(personas, "alice", lead=True), freeze=freeze)


def test_the_lead_adds_the_seal_with_the_button_others_only_read_that_it_follows(personas, pki_seal, settings):
    freeze = _pending(personas, settings)
    detail = url(personas, "freeze_detail", freeze.pk)
    seal_url = url(personas, "seal_now", freeze.pk)
    lead, partner = _client(personas.alice), _client(personas.bob)
    partner_page = partner.get(detail).content.decode()
    assert "ondertekend, nog niet verzegeld — het zegel wordt automatisch toegevoegd" in partner_page
    assert seal_url not in partner_page
    assert partner.post(seal_url).status_code == 403
    with pytest.raises(PermissionDenied):
        services_sealing.seal_now(access=access_of(personas, "bob", write=True), freeze=freeze)
    assert seal_url in lead.get(detail).content.decode()
    assert "Zegel nu toevoegen" in lead.get(detail).content.decode()

    # Still down: a clear message, nothing changed.
    with _closed_port() as down:
        settings.AGREEMENT_SEAL_TSA_URL = down
        before = (SigningEvent.objects.count(), AuditEvent.objects.count())
        page = lead.post(seal_url, follow=True).content.decode()
    assert "Het zegel kon nu niet worden toegevoegd" in page
    assert not SealedDocument.objects.exists()
    assert (SigningEvent.objects.count(), AuditEvent.objects.count()) == before

    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    page = lead.post(seal_url, follow=True).content.decode()
    assert "Het zegel is toegevoegd." in page
    sealed = SealedDocument.objects.get(freeze=freeze)
    assert sealed.pades_level == "B-LTA"
    assert SigningEvent.objects.get(freeze=freeze, kind=SigningEvent.Kind.SEALED).actor == personas.alice
    # The page shows the seal's facts now.
    assert "PAdES B-LTA" in page and "Samenwerkwijzer Test Seal" in page and "Time-Stamping Authority" in page
    assert "alle gegevens om het zegel ook na het verlopen van de certificaten te controleren" in page
    assert "Zegel nu toevoegen" not in page
    # Pressed again (another tab): refused, nothing changed.
    with pytest.raises(ValidationError, match="al verzegeld"):
        services_sealing.seal_now(access=access_of(personas, "alice", lead=True), freeze=freeze)
    assert jobs.seal_pending_agreements(now=timezone.now()) == 0


def test_the_lead_cannot_seal_a_version_not_everyone_signed(personas):
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    with pytest.raises(ValidationError, match="Nog niet elke organisatie"):
        services_sealing.seal_now(access=access_of(personas, "alice", lead=True), freeze=freeze)
    assert not SealedDocument.objects.exists()


def test_a_signed_not_sealed_version_counts_as_signed_stays_as_it_is_and_is_a_todo_for_the_lead(
    personas, pki_seal, settings
):
    freeze = _pending(personas, settings)
    facts = phase_facts.contribute(None, collaboration_ids=[personas.collaboration.pk])
    assert facts[personas.collaboration.pk]["agreement_signed"] is True
    lead_todos = todos.contribute(None, accesses=[access_of(personas, "alice")])
    seal = [todo for _pk, todo in lead_todos if todo.rule == "agreements.seal"]
    assert seal and seal[0].url == url(personas, "freeze_detail", freeze.pk)
    assert not [
        t for _pk, t in todos.contribute(None, accesses=[access_of(personas, "bob")]) if t.rule == "agreements.seal"
    ]
    # The signed text is not edited in place; a new version leaves the signatures and the coming seal alone.
    with pytest.raises(ValidationError, match="ondertekend"):
        services.version_save(
            access=access_of(personas, "alice", write=True),
            kind=AGREEMENT,
            section="goals",
            section_data={"purpose": "Anders", "activities": "", "items": []},
            base_number=freeze.version.number,
        )
    version = services.document_new_version(access=access_of(personas, "alice", write=True), kind=AGREEMENT)
    services.version_save(
        access=access_of(personas, "alice", write=True),
        kind=AGREEMENT,
        section="goals",
        section_data={"purpose": "Anders", "activities": "", "items": []},
        base_number=version.number,
    )
    freeze.refresh_from_db()
    assert freeze.voided_at is None and services_sealing.awaits_seal(freeze)
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    assert jobs.seal_pending_agreements(now=timezone.now()) == 1
    assert not [
        t for _pk, t in todos.contribute(None, accesses=[access_of(personas, "alice")]) if t.rule == "agreements.seal"
    ]


def test_the_overview_offers_the_signed_text_without_seal_until_the_seal_is_added(personas, pki_seal, settings):
    freeze = _pending(personas, settings)
    overview = reverse("agreements:overview", args=[personas.collaboration.pk])
    page = _client(personas.bob).get(overview).content.decode()
    assert f"De ondertekende tekst downloaden (pdf zonder zegel, versie {freeze.version.number})" in page
    assert "De ondertekende pdf downloaden" not in page
    settings.AGREEMENT_SEAL_TSA_URL = pki_seal.tsa_url
    assert jobs.seal_pending_agreements(now=timezone.now()) == 1
    page = _client(personas.bob).get(overview).content.decode()
    assert f"De ondertekende pdf downloaden (versie {freeze.version.number})" in page
    assert "zonder zegel" not in page


def test_a_sealed_agreement_is_no_todo_and_counts_as_signed(personas):
    signed_agreement(personas)
    assert not [
        t for _pk, t in todos.contribute(None, accesses=[access_of(personas, "alice")]) if t.rule == "agreements.seal"
    ]
    facts = phase_facts.contribute(None, collaboration_ids=[personas.collaboration.pk])
    assert facts[personas.collaboration.pk]["agreement_signed"] is True


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_lead_adds_the_seal_and_reads_its_facts(new_page, personas, settings):
    freeze = _pending(personas, settings)  # the development seal (make run): no TSA needed once it is back
    settings.AGREEMENT_SEAL_TSA_URL = ""
    detail = url(personas, "freeze_detail", freeze.pk)
    for width, height in ((390, 844), (1280, 900)):
        alice = new_page(width=width, height=height)
        alice.goto("/accounts/login/")
        alice.page.fill("input[name=login]", "alice@example.org")
        alice.page.fill("input[name=password]", PASSWORD)
        alice.submit()
        alice.goto(detail)
        assert "Zegel nu toevoegen" in alice.page.content()
        alice.page.screenshot(path=f"var/e2e-seal-pending-{width}.png", full_page=True)
    alice.submit("#seal-pending button[type=submit]")
    text = alice.page.content()
    assert "Het zegel is toegevoegd." in text and "PAdES B-B" in text
    assert "Geen betrouwbaar tijdstempel" in text
    alice.page.screenshot(path="var/e2e-seal-facts-1280.png", full_page=True)
    assert SealedDocument.objects.filter(freeze=freeze).exists()
