"""The business plan in a real browser: alice fills the budget, makes version 1, alice and bob
approve, the PDF and DOCX links answer. Every page is checked with axe at 390 and 1280 px."""

import pytest
from django.utils import timezone

from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(new_page, email, width, height=900):
    page = new_page(width=width, height=height)
    page.goto("/accounts/login/")
    page.page.fill("input[name=login]", email)
    page.page.fill("input[name=password]", PASSWORD)
    page.submit()
    return page


def test_budget_version_approvals_and_downloads(new_page, personas):
    pk, alpha, beta = personas.collaboration.pk, personas.alpha.pk, personas.beta.pk
    year = timezone.localdate().year
    plan = f"/business-model/collaborations/{pk}/business-plan/"
    alice = log_in(new_page, "alice@example.org", 390, 844)
    alice.goto(plan)
    assert "De lusten en lasten zijn nog niet ingevuld" in alice.page.content()
    alice.follow("Begroting invullen")
    alice.page.fill(f"#id_costs_{alpha}_0", "1.250,50")
    alice.page.fill(f"#id_revenues_{beta}_0", "250")
    alice.page.fill(f"#id_revenues_{alpha}_1", "2.000")
    alice.submit("main form button[type=submit]")
    assert f"Break-evenjaar: {year + 1}" in alice.page.content()
    alice.submit("main form.plan-new-version button[type=submit]")
    assert "Versie 1 is gemaakt" in alice.page.content()
    alice.submit("main form[action$='/approve/'] button[type=submit]")
    alice.page.screenshot(path="var/e2e-business-plan-390.png", full_page=True)

    bob = log_in(new_page, "bob@example.org", 1280)
    bob.goto(plan)
    assert "Goedkeuren namens Beta Transport" in bob.page.content()
    bob.submit("main form[action$='/approve/'] button[type=submit]")
    assert "Goedgekeurd door alle partners" in bob.page.content()
    bob.page.screenshot(path="var/e2e-business-plan-1280.png", full_page=True)
    for kind, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        response = bob.page.request.get(f"{bob.base_url}{plan}versions/1/{kind}/")
        assert response.status == 200 and response.body().startswith(magic)
    bob.goto(f"{plan}versions/")
    bob.goto(f"{plan}versions/1/")
    assert f"Break-evenjaar: {year + 1}" in bob.page.content()
    alice.goto(f"{plan}versions/1/")
