"""The public verification page in a real browser, without an account, on a phone and on a desktop (#16).

Every page is checked with axe by the harness; screenshots go to var/.
"""

import pytest

from .factories import signed_agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_an_anonymous_visitor_verifies_a_sealed_agreement(new_page, personas, tmp_path, width):
    freeze = signed_agreement(personas)
    sealed = tmp_path / "ondertekend.pdf"
    sealed.write_bytes(bytes(freeze.sealed.pdf))
    other = tmp_path / "brief.pdf"
    other.write_bytes(b"GIF89a geen pdf")

    visitor = new_page(width=width, height=844 if width == 390 else 900)
    visitor.goto("/agreements/verify/")
    assert "/accounts/login/" not in visitor.page.url

    # Not a PDF: a message next to the field (and in the error summary), no verdict.
    visitor.page.set_input_files("input[name=file]", str(other))
    visitor.submit()
    assert visitor.page.locator("#verify-result").count() == 0
    assert "geen pdf" in visitor.page.locator("main").inner_text()
    visitor.page.screenshot(path=f"var/e2e-verify-public-error-{width}.png", full_page=True)

    visitor.page.set_input_files("input[name=file]", str(sealed))
    visitor.submit()
    assert visitor.page.locator("#verify-result.alert--success").count() == 1
    signatories = visitor.page.locator("#verify-signatories li").all_inner_texts()
    assert len(signatories) == 2 and all("Tweede stap: authenticator-app" in text for text in signatories)
    assert visitor.page.locator("#verify-certificate").inner_text().strip()
    # The development seal: honest that there is no trusted timestamp and no chain others trust.
    assert "PAdES B-B" in visitor.page.locator("#verify-level").inner_text()
    assert "Geen: er is geen vertrouwd tijdstempel" in visitor.page.locator("#verify-timestamp").inner_text()
    # A visitor without an account gets no links into the collaboration.
    assert visitor.page.locator(f"#verify-result a[href*='/agreements/{personas.collaboration.pk}/']").count() == 0
    assert visitor.page.evaluate("document.documentElement.scrollWidth") <= width
    visitor.page.screenshot(path=f"var/e2e-verify-public-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_b_lta_seal_shows_its_level_trusted_chain_and_timestamps(new_page, personas, pki_seal, tmp_path, width):
    freeze = signed_agreement(personas)
    sealed = tmp_path / "verzegeld.pdf"
    sealed.write_bytes(bytes(freeze.sealed.pdf))
    visitor = new_page(width=width, height=844 if width == 390 else 900)
    visitor.goto("/agreements/verify/")
    visitor.page.set_input_files("input[name=file]", str(sealed))
    visitor.submit()
    assert visitor.page.locator("#verify-result.alert--success").count() == 1
    assert "PAdES B-LTA" in visitor.page.locator("#verify-level").inner_text()
    assert visitor.page.locator("#verify-chain").inner_text().startswith("Vertrouwd")
    assert "Time-Stamping Authority" in visitor.page.locator("#verify-timestamp").inner_text()
    assert visitor.page.locator("#verify-archive li").count() == 1
    assert visitor.page.evaluate("document.documentElement.scrollWidth") <= width
    visitor.page.screenshot(path=f"var/e2e-verify-public-b-lta-{width}.png", full_page=True)
