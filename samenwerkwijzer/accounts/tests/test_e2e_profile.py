"""Sign-up with a name, then "Uw gegevens", in a real browser (axe on every page, phone and desktop)."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lang-Genoeg-2026!"


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_up_with_a_name_and_edit_it(new_page, width):
    person = new_page(width=width, height=844)
    person.goto("/accounts/signup/")
    # A name of only spaces is refused next to the field, and the address typed is kept.
    person.page.fill("input[name=email]", "nina@example.org")
    person.page.fill("input[name=full_name]", "   ")
    person.page.fill("input[name=password1]", PASSWORD)
    person.page.fill("input[name=password2]", PASSWORD)
    person.submit()
    assert "Vul uw volledige naam in." in person.page.content()
    assert person.page.input_value("input[name=email]") == "nina@example.org"
    person.page.fill("input[name=full_name]", "Nina Nieuw")
    person.page.fill("input[name=job_title]", "Eigenaar")
    person.page.fill("input[name=password1]", PASSWORD)
    person.page.fill("input[name=password2]", PASSWORD)
    person.submit()
    message = mail.outbox[-1]
    assert "Hallo van Samenwerkwijzer!" in message.body
    person.goto(re.search(r"https?://\S+(/accounts/confirm-email/\S+)", message.body).group(1))
    person.submit()

    person.goto("/notifications/profile/")
    assert person.page.input_value("input[name=full_name]") == "Nina Nieuw"
    assert person.page.input_value("input[name=job_title]") == "Eigenaar"
    person.page.fill("input[name=full_name]", "Nina de Nieuwe")
    person.submit()
    assert "Uw gegevens zijn opgeslagen." in person.page.content()
    assert person.page.input_value("input[name=full_name]") == "Nina de Nieuwe"
    person.page.screenshot(path=f"var/e2e-profile-{width}.png", full_page=True)
