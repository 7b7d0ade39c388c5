"""The signer's second step, shown in the audit log, on the signature page and by the verification page;
the verification page is public, rate-limited, size-limited and stores nothing (#16)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pyhanko.pdf_utils.writer import PdfFileWriter

from samenwerkwijzer.agreements import rendering, sealing, services, verification, views_signing
from samenwerkwijzer.agreements.demo import seed_agreements_demo
from samenwerkwijzer.agreements.models import DocumentKind, Signature
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.lib.formatting import format_certificate_name
from samenwerkwijzer.organisations.services import organisation_verify

from . import factories
from .factories import access_of, approved_agreement, signed_agreement
from .pdf_text import page_text

pytestmark = pytest.mark.django_db

URL = "/agreements/verify/"


def post(client, content: bytes, name="ondertekend.pdf", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, "application/pdf")}, **extra)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- The second step, recorded and shown ---------------------------------------------------------


def test_the_audit_log_says_which_second_step_each_signer_used(personas, monkeypatch):
    freeze = approved_agreement(personas)
    factories.sign(personas, "alice", freeze)  # an authenticator app (the factory's proof)
    monkeypatch.setattr(
        factories,
        "proof_for",
        lambda user: services.Reauthentication(user_pk=user.pk, method=Signature.Method.WEBAUTHN),
    )
    factories.sign(personas, "bob", freeze)
    signed = AuditEvent.objects.filter(action="agreement_signed").order_by("created_at", "id")
    assert [event.details["method"] for event in signed] == ["totp", "webauthn"]
    client = Client()
    client.force_login(personas.alice)
    page = squash(client.get(f"/collaborations/{personas.collaboration.pk}/audit-log/").content.decode())
    assert "ondertekend met een authenticator-app" in page
    assert "ondertekend met een passkey" in page


def test_every_method_has_an_audit_text():
    assert set(services.SIGNED_WITH_TEXTS) == set(Signature.Method.values)


def test_the_signature_page_of_the_sealed_pdf_names_the_second_step(personas):
    freeze = signed_agreement(personas)
    text = squash(page_text(bytes(freeze.sealed.pdf), first=rendering.page_count(bytes(freeze.pdf))))
    assert text.count("Tweede stap: authenticator-app") == 2


# --- The public page -----------------------------------------------------------------------------


def test_an_anonymous_visitor_verifies_the_sealed_demo_agreement_and_sees_who_signed_how(personas):
    organisation_verify(organisation=personas.alpha, method="eherkenning", assurance_level="EH3")
    organisation_verify(organisation=personas.beta, method="extract")
    seed_agreements_demo(
        collaboration=personas.collaboration, signers=[(personas.alice, personas.alpha), (personas.bob, personas.beta)]
    )
    from samenwerkwijzer.agreements import selectors

    freeze = selectors.document_status(access_of(personas, "alice"), DocumentKind.AGREEMENT).signed_freeze
    client = Client()
    assert client.get(URL).status_code == 200  # no login needed
    response = post(client, bytes(freeze.sealed.pdf))
    assert response.status_code == 200
    assert response.context["result"].code == verification.VALID_SEALED
    page = squash(response.content.decode())
    assert "Geldig" in page
    name = format_certificate_name(sealing.certificate_subject())
    assert f'id="verify-certificate">{name}' in page.replace("&#x27;", "'")
    for signature in freeze.signatures.all():
        line = f"{signature.signer_name} ({signature.organisation_name}, KvK {signature.organisation_kvk_number})"
        assert f"{line} · Tweede stap: demogegevens" in page
    # Links for members only are not shown to a visitor without an account.
    assert response.context["match"] is None
    assert f"/agreements/{personas.collaboration.pk}/" not in page


def test_the_page_names_the_second_step_of_each_signatory(personas):
    freeze = signed_agreement(personas)
    page = squash(post(Client(), bytes(freeze.sealed.pdf)).content.decode())
    assert page.count("· Tweede stap: authenticator-app") == 2
    assert personas.alpha.name in page and personas.beta.name in page


def test_nothing_uploaded_is_stored_not_in_a_file_and_not_in_a_row(personas, monkeypatch):
    freeze = signed_agreement(personas)

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("an upload was written to disk")

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", no_temporary_file)
    # Larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which Django would otherwise write to a temporary file.
    large = bytes(freeze.sealed.pdf) + b"\n%" + b"0" * (3 * 1024 * 1024)
    with CaptureQueriesContext(connection) as queries:
        first = post(Client(), bytes(freeze.sealed.pdf))
        second = post(Client(), large)
    assert first.context["result"].code == verification.VALID_SEALED
    assert not second.context["result"].valid  # read and checked in memory
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "samenwerkwijzer_cache" not in q["sql"]
    ]
    assert writes == []  # only the rate-limit counter in the cache table is written


# --- Bad input -----------------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    writer = PdfFileWriter()
    writer.encrypt(b"eigenaar", b"geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a plaatje", "Dit bestand is geen pdf."),
        (encrypted_pdf(), "Deze pdf is beveiligd met een wachtwoord"),
        (b"", "Het verstuurde bestand is leeg."),
        (b"%PDF-1.7" + b"0" * (10 * 1024 * 1024), "Het bestand is groter dan 10 MB."),
    ],
    ids=["not-a-pdf", "encrypted", "empty", "too-large"],
)
def test_bad_uploads_get_a_message_next_to_the_field_and_no_verdict(content, message):
    response = post(Client(), content)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(error.startswith(message) for error in form.errors["file"])
    assert response.context["result"] is None
    page = response.content.decode()
    assert 'id="id_file_error"' in page or "aria-invalid" in page
    assert 'id="verify-result"' not in page


def test_no_file_at_all_gets_a_message_next_to_the_field():
    response = Client().post(URL, {})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_a_declared_huge_upload_is_refused_before_it_is_read():
    response = post(Client(), b"%PDF-1.7", CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert response.context["form"].errors["file"] == [
        "Het bestand is groter dan 10 MB. Upload de pdf zoals u die hier hebt gedownload."
    ]


def test_the_uploads_of_one_address_are_limited(monkeypatch):
    monkeypatch.setattr(views_signing, "VERIFY_RATE_LIMIT", 3)
    client = Client()
    for _ in range(3):
        assert post(client, b"%PDF-1.7\n%%EOF").status_code == 200
    refused = post(client, b"%PDF-1.7\n%%EOF")
    assert refused.status_code == 429
    assert refused.context["result"] is None
    assert "U hebt in korte tijd veel bestanden gecontroleerd. Wacht tien minuten" in refused.content.decode()
    # Reading the page is not counted, and another address still has its own uploads.
    assert client.get(URL).status_code == 200
    assert post(client, b"%PDF-1.7\n%%EOF", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_rate_limit_survives_an_expired_counter(monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "incr", lambda key: (_ for _ in ()).throw(ValueError(key)))
    assert post(Client(), b"%PDF-1.7\n%%EOF").status_code == 200


# --- agreement_verify's lines after the verdict ----------------------------------------------------


def test_the_report_lines_name_the_seal_and_each_signatory(personas):
    freeze = signed_agreement(personas)
    lines = verification.report_lines(verification.verify(bytes(freeze.sealed.pdf)))
    # The development seal: B-B, no timestamp line, a chain no one else trusts.
    assert lines[:3] == ["PAdES B-B", f"certificate: {sealing.certificate_subject()}", "chain: not trusted"]
    alice = freeze.signatures.get(organisation=personas.alpha)
    assert lines[3] == (
        f"signatory: {alice.signer_name} ({personas.alpha.name}, KvK {personas.alpha.kvk_number}), method: totp"
    )
    assert len(lines) == 5
    # The copy without the signature page has no seal but the same signatories; an unknown file has neither.
    unsealed = verification.report_lines(verification.verify(bytes(freeze.pdf)))
    assert unsealed == lines[3:]
    assert verification.report_lines(verification.verify(b"%PDF-1.7\n%%EOF")) == []


def test_a_signatory_without_kvk_number_says_so(personas):
    freeze = signed_agreement(personas)
    signature = freeze.signatures.first()
    signature.organisation_kvk_number = ""
    assert verification.signatory_line(signature).endswith(
        "(" + signature.organisation_name + ", no KvK number), method: totp"
    )


def test_the_public_upload_still_needs_the_csrf_token():
    # The view sets its upload handlers before the CSRF check reads the body, then checks the token itself.
    assert post(Client(enforce_csrf_checks=True), b"%PDF-1.7\n%%EOF").status_code == 403


def test_the_command_lists_the_signatures_so_far_after_invalid(personas, tmp_path):
    from .test_commands import run_verify

    freeze = approved_agreement(personas)
    factories.sign(personas, "alice", freeze)
    path = tmp_path / "half.pdf"
    path.write_bytes(bytes(freeze.pdf))
    code, output = run_verify(path)
    lines = output.splitlines()
    assert code == 1 and lines[0].startswith("invalid: ") and len(lines) == 2
    assert lines[1].startswith(f"signatory: {personas.alice.display_name} ({personas.alpha.name}, KvK ")
    assert lines[1].endswith("), method: totp")


def test_a_badly_configured_seal_does_not_break_the_page(personas, settings, tmp_path):
    """The system checks name the fault; the page still answers (the seal recorded with the document counts)."""
    organisation_verify(organisation=personas.alpha, method="eherkenning", assurance_level="EH3")
    organisation_verify(organisation=personas.beta, method="extract")
    seed_agreements_demo(
        collaboration=personas.collaboration, signers=[(personas.alice, personas.alpha), (personas.bob, personas.beta)]
    )
    from samenwerkwijzer.agreements import selectors

    freeze = selectors.document_status(access_of(personas, "alice"), DocumentKind.AGREEMENT).signed_freeze
    sealed = bytes(freeze.sealed.pdf)
    setattr(settings, sealing.PKCS12_ENV, str(tmp_path / "missing.p12"))
    setattr(settings, sealing.TRUST_ROOTS_ENV, str(tmp_path / "missing.pem"))
    sealing._signer_cache.clear()
    try:
        response = post(Client(), sealed)
        assert response.status_code == 200
        assert response.context["result"].code == verification.VALID_SEALED
        assert post(Client(), sealed[:-10] + b"0123456789").status_code == 200
    finally:
        sealing._signer_cache.clear()


# --- The seal's level, chain and timestamps on the page (#16) ----------------------------------------


def test_the_page_says_the_development_seal_has_no_trusted_timestamp_and_no_trusted_chain(personas):
    freeze = signed_agreement(personas)
    response = post(Client(), bytes(freeze.sealed.pdf))
    page = squash(response.content.decode())
    assert response.context["result"].seal.pades_level == "B-B"
    assert "PAdES B-B</strong>: het zegel is geldig, maar heeft geen vertrouwd tijdstempel" in page
    assert "Niet vertrouwd door anderen" in page
    assert "Geen: er is geen vertrouwd tijdstempel" in page
    assert 'id="verify-archive"' not in page


def test_the_page_shows_a_b_lta_seal_with_its_trusted_chain_timestamp_and_archive_timestamp(personas, pki_seal):
    from samenwerkwijzer.lib.formatting import format_datetime

    freeze = signed_agreement(personas)
    response = post(Client(), bytes(freeze.sealed.pdf))
    assert response.context["result"].code == verification.VALID_SEALED
    page = squash(response.content.decode()).replace("&#x27;", "'")
    assert "PAdES B-LTA</strong>: het zegel is geldig, een vertrouwd tijdstempel bewijst" in page
    assert "Vertrouwd: het certificaat leidt naar een vertrouwd basiscertificaat." in page
    assert 'id="verify-certificate">Samenwerkwijzer Test Seal (Samenwerkwijzer Test B.V.)' in page
    timestamp = page.split('id="verify-timestamp">')[1].split("</dd>")[0]
    assert timestamp.startswith(format_datetime(freeze.sealed.timestamped_at))
    assert (
        "van de tijdstempeldienst Samenwerkwijzer Test Time-Stamping Authority (Samenwerkwijzer Test PKI)" in timestamp
    )
    archive = page.split('id="verify-archive">')[1].split("</ul>")[0]
    assert archive.count("<li>") == 1 and "Time-Stamping Authority" in archive


def test_a_copy_from_before_the_archive_timestamp_was_renewed_is_found_by_its_earlier_digest(personas):
    from samenwerkwijzer.agreements.models import SealedDigest

    freeze = signed_agreement(personas)
    earlier = bytes(freeze.sealed.pdf)
    sealed = freeze.sealed
    # As if a renewal had appended to the file: the stored digest is new, the old one is kept.
    SealedDigest.objects.create(sealed=sealed, sha256=sealed.sha256)
    sealed.sha256 = "f" * 64
    sealed.save(update_fields=["sha256"])
    result = verification.verify(earlier)
    assert result.code == verification.VALID_SEALED and result.freeze == freeze


def test_a_seal_from_a_certificate_of_another_root_is_not_trusted(personas, test_pki):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    freeze = signed_agreement(personas)
    other = signers.SimpleSigner.load(str(test_pki.key("other-root")), str(test_pki.cert("other-root")))
    forged = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(bytes(freeze.pdf))),
        signers.PdfSignatureMetadata(field_name=sealing.FIELD_NAME),
        signer=other,
    ).getvalue()
    response = post(Client(), forged)
    assert response.status_code == 200
    assert response.context["result"].code == verification.UNTRUSTED_SEAL
    assert "draagt een zegel, maar van een certificaat dat Samenwerkwijzer niet vertrouwt" in squash(
        response.content.decode()
    )


@pytest.mark.parametrize("where", ["signed-range", "garbage-after-pdf-header"])
def test_a_changed_byte_or_garbage_is_not_valid_and_not_a_500(personas, where):
    freeze = signed_agreement(personas)
    if where == "signed-range":
        content = bytearray(freeze.sealed.pdf)
        content[len(content) // 3] ^= 0x01
        content = bytes(content)
    else:
        content = b"%PDF-1.7\n" + bytes(range(256)) * 64
    response = post(Client(), content)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.valid
    expected = verification.CHANGED_AFTER_SEALING if where == "signed-range" else verification.UNKNOWN
    assert result.code == expected
