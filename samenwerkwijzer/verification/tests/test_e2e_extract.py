"""An administrator uploads the Handelsregister extract, a staff reviewer approves it, the organisation is verified.

In a real browser, every page checked with axe at 390 px and 1280 px wide.
"""

import datetime

import pytest

from samenwerkwijzer.registry.tests.conftest import fake_kvk  # noqa: F401  (the local KVK API)
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.services import today_in_amsterdam
from testsupport.factories import PASSWORD, UserFactory, add_totp, totp_code

from .factories import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def check_both_widths(person, screenshot=None):
    """The page as it is now, checked with axe on a phone and on a laptop."""
    original = person.page.viewport_size
    for width in WIDTHS:
        person.page.set_viewport_size({"width": width, "height": 900})
        person.check()
        if screenshot:
            person.page.screenshot(path=f"var/e2e-verification-{screenshot}-{width}.png", full_page=True)
    person.page.set_viewport_size(original)


def test_an_admin_uploads_an_extract_a_reviewer_approves_and_the_admin_sees_it(
    new_page,
    personas,
    tmp_path,
    fake_kvk,  # noqa: F811
):
    alpha = personas.alpha
    alpha.kvk_number = "69599084"
    alpha.save(update_fields=["kvk_number"])
    # A reviewer is staff, and staff log in with a second factor.
    rita_totp = add_totp(UserFactory(email="rita@example.org", full_name="Rita Reviewer", is_staff=True))
    extract = tmp_path / "uittreksel-handelsregister.pdf"
    extract.write_bytes(PDF)

    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(f"/organisations/{alpha.pk}/")
    alice.follow("Organisatie verifiëren")
    check_both_widths(alice, "overview_unverified")
    assert "niet geverifieerd" in alice.page.locator("#verification-status").inner_text()
    alice.follow("Uittreksel uploaden")
    check_both_widths(alice, "upload")
    alice.page.set_input_files("input[name=extract]", str(extract))
    alice.page.fill("input[name=extract_date]", (today_in_amsterdam() - datetime.timedelta(days=3)).isoformat())
    alice.page.fill("input[name=signatories]", "A. Lead, bestuurder, alleen bevoegd")
    alice.submit()
    assert alice.page.locator("#pending-extract").count() == 1
    check_both_widths(alice, "overview_pending")

    rita = new_page(width=390, height=844)
    log_in(rita, "rita@example.org")
    assert "/accounts/2fa/authenticate/" in rita.page.url
    rita.page.fill("input[name=code]", totp_code(rita_totp))
    rita.submit("main form[method=post] button[type=submit]")
    rita.goto("/verification/review/")
    check_both_widths(rita, "review_list")
    rita.follow("Beoordelen")
    check_both_widths(rita, "review_detail")
    assert "Test EMZ Dagobert" in rita.page.locator("#registry-card").inner_text()
    assert "A. Lead, bestuurder" in rita.page.locator("#extract-card").inner_text()
    rita.page.check("input[name=decision][value=approve]")
    rita.page.get_by_label("Alice Lead").check()
    rita.submit()
    assert "/verification/review/" in rita.page.url
    assert ExtractSubmission.objects.get().status == "approved"

    alice.goto(f"/verification/organisations/{alpha.pk}/")
    check_both_widths(alice, "overview_verified")
    status = alice.page.locator("#verification-status").inner_text()
    assert "geverifieerd via beoordeeld uittreksel" in status
    assert "goedgekeurd" in alice.page.locator("#submission-history").inner_text()

    # A partner in a shared collaboration sees the verification on the reliability check and may read the extract.
    bob = new_page()
    log_in(bob, "bob@example.org")
    bob.goto(f"/registry/collaborations/{personas.collaboration.pk}/participants/{personas.alice_participant.pk}/")
    check_both_widths(bob, "participant_check")
    section = bob.page.locator("#participant-verification")
    assert "geverifieerd via beoordeeld uittreksel" in section.inner_text()
    with bob.page.expect_download() as download_info:
        section.get_by_role("link", name="Goedgekeurd uittreksel downloaden").click()
    path = tmp_path / "gedownload.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes() == PDF
