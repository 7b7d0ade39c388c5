import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from samenwerkwijzer.agreements import sealing, verification
from samenwerkwijzer.lib.benchmark_docs import markers, write_section

from .factories import signed_agreement

pytestmark = pytest.mark.django_db


def run_verify(path):
    out = StringIO()
    try:
        call_command("agreement_verify", str(path), stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_the_command_says_valid_for_the_signed_pdf_and_why_not_for_a_changed_one(personas, tmp_path):
    freeze = signed_agreement(personas)
    good = tmp_path / "ondertekend.pdf"
    good.write_bytes(bytes(freeze.sealed.pdf))
    signatories = [
        f"signatory: {signature.signer_name} ({signature.organisation_name}, KvK {signature.organisation_kvk_number}), "
        "method: totp"
        for signature in freeze.signatures.order_by("created_at", "id")
    ]
    # The first line is still exactly "valid"; the level, the seal's subject, its chain and the signatories
    # follow, one a line (the development seal: no timestamp, a chain no one else trusts).
    assert run_verify(good) == (
        0,
        "\n".join(
            ["valid", "PAdES B-B", f"certificate: {sealing.certificate_subject()}", "chain: not trusted", *signatories]
        )
        + "\n",
    )
    assert signatories[0].startswith(f"signatory: {personas.alice.display_name} ({personas.alpha.name}, KvK ")
    changed = bytearray(freeze.sealed.pdf)
    changed[len(changed) // 3] ^= 0x20
    bad = tmp_path / "gewijzigd.pdf"
    bad.write_bytes(bytes(changed))
    code, output = run_verify(bad)
    assert code == 1 and output.startswith("invalid: ")


def test_the_command_reports_pades_b_lta_with_a_trusted_chain_and_the_timestamp(personas, pki_seal, tmp_path):
    freeze = signed_agreement(personas)
    path = tmp_path / "verzegeld.pdf"
    path.write_bytes(bytes(freeze.sealed.pdf))
    code, output = run_verify(path)
    lines = output.splitlines()
    assert code == 0 and lines[:4] == [
        "valid",
        "PAdES B-LTA",
        f"certificate: {freeze.sealed.certificate_subject}",
        "chain: trusted",
    ]
    stamp = freeze.sealed.timestamped_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert lines[4] == f"timestamp: {stamp}, TSA: {freeze.sealed.tsa_subject}"
    assert "Samenwerkwijzer Test Time-Stamping Authority" in lines[4]
    assert [line.split(" (")[0] for line in lines[5:]] == [
        f"signatory: {signature.signer_name}" for signature in freeze.signatures.order_by("created_at", "id")
    ]


def test_the_command_refuses_what_is_not_a_pdf_or_not_there(tmp_path):
    text = tmp_path / "brief.txt"
    text.write_text("geen pdf")
    assert run_verify(text)[0] == 1
    assert run_verify(tmp_path / "bestaat-niet.pdf")[0] == 1


def test_the_upload_page_verifies_a_pdf(personas):
    freeze = signed_agreement(personas)
    client = Client()
    client.force_login(personas.charlie)  # anyone with an account may check a file they received
    response = client.post("/agreements/verify/", {"file": SimpleUploadedFile("a.pdf", bytes(freeze.sealed.pdf))})
    assert response.status_code == 200 and response.context["result"].code == verification.VALID_SEALED
    assert response.context["match"] is None  # charlie does not learn which collaboration it is
    client.force_login(personas.bob)
    response = client.post("/agreements/verify/", {"file": SimpleUploadedFile("a.pdf", bytes(freeze.sealed.pdf))})
    assert response.context["match"] == freeze


@pytest.mark.parametrize(("content", "size"), [(b"GIF89a....", None), (b"%PDF-1.7", 10 * 1024 * 1024 + 1)])
def test_the_upload_page_refuses_other_files_and_large_files_with_a_message(personas, content, size):
    upload = SimpleUploadedFile("x.pdf", content + b"0" * ((size or 0) - len(content) if size else 0))
    client = Client()
    client.force_login(personas.alice)
    response = client.post("/agreements/verify/", {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["result"] is None


def test_the_benchmark_section_replaces_only_its_own_part(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\n<!-- load:start -->\nload\n<!-- load:end -->\n")
    write_section("agreements", "first", path)
    write_section("agreements", "second", path)
    text = path.read_text()
    assert "load\n" in text and "second" in text and "first" not in text
    assert text.count(markers("agreements")[0]) == 1


def test_the_benchmark_command_measures_and_leaves_no_data(tmp_path, personas):
    from samenwerkwijzer.agreements.models import Document

    out = StringIO()
    call_command("benchmark_agreement_pdf", runs=1, output=str(tmp_path / "b.md"), stdout=out)
    assert "median" in out.getvalue()
    assert "Agreement PDF" in (tmp_path / "b.md").read_text()
    assert not Document.objects.exists()


def test_a_declared_upload_over_10_mb_is_refused_before_it_is_read(personas):
    client = Client()
    client.force_login(personas.alice)
    response = client.post(
        "/agreements/verify/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7")}, CONTENT_LENGTH=str(50 * 1024 * 1024)
    )
    assert response.status_code == 413
    # The message stands next to the file field (and in the error summary); nothing was verified.
    assert response.context["form"].errors["file"] == [
        "Het bestand is groter dan 10 MB. Upload de pdf zoals u die hier hebt gedownload."
    ]
    assert response.context["result"] is None
