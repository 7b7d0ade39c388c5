"""The business plan's pages: budget, texts, versions, approvals, PDF and DOCX, the work-plan button."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements.tests.factories import write_agreement
from samenwerkwijzer.businessmodel.models import BudgetLine, BusinessPlan, PlanApproval, PlanVersion
from samenwerkwijzer.workspace.models import WorkGoal

from .plan_factories import fill_budget, make_version

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(personas, name, *args):
    return reverse(f"businessmodel:{name}", args=[personas.collaboration.pk, *args])


def state():
    return (
        list(BudgetLine.objects.values_list("organisation_id", "year", "costs", "revenues")),
        list(PlanVersion.objects.values_list("number", flat=True)),
        list(PlanApproval.objects.values_list("organisation_id", flat=True)),
        list(BusinessPlan.objects.values_list("texts", flat=True)),
    )


def test_the_plan_page_is_honest_about_what_is_missing(personas):
    response = client_for(personas.alice).get(url(personas, "plan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De lusten en lasten zijn nog niet ingevuld: vul ze in bij de afspraken." in page
    assert reverse("agreements:edit", args=[personas.collaboration.pk, "agreement", "benefits"]) in page
    assert "De begroting is nog niet ingevuld." in page
    assert "Versie 1 maken" in page
    assert 'aria-current="page">Businessplan' in page


def test_the_budget_accepts_dutch_amounts_and_bad_input_keeps_what_was_typed(personas):
    client = client_for(personas.alice)
    assert client.get(url(personas, "plan_budget")).status_code == 200
    before = state()
    response = client.post(
        url(personas, "plan_budget"),
        {"start_year": YEAR, f"costs_{personas.alpha.pk}_0": "twaalf", f"revenues_{personas.beta.pk}_1": "1.250,50"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een bedrag in euro in, bijvoorbeeld 1.250,50." in page
    assert 'value="twaalf"' in page and 'value="1.250,50"' in page
    assert state() == before
    response = client.post(url(personas, "plan_budget"), {"start_year": YEAR - 30})
    assert response.status_code == 400 and state() == before
    response = client.post(
        url(personas, "plan_budget"),
        {
            "start_year": YEAR,
            f"costs_{personas.alpha.pk}_0": "1.250,50",
            f"revenues_{personas.beta.pk}_1": "€ 2.000",
        },
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(organisation=personas.alpha, year=YEAR).costs == Decimal("1250.50")
    page = client.get(url(personas, "plan")).content.decode()
    assert "€\xa01.250,50" in page
    assert f"Break-evenjaar: {YEAR + 1}" in page


def test_texts_with_a_conflict_keep_what_was_typed(personas):
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    seen = alice.get(url(personas, "plan_text")).context["form"].initial["seen"]
    assert bob.post(url(personas, "plan_text"), {"summary": "Van Bob", "seen": seen}).status_code == 302
    before = state()
    response = alice.post(url(personas, "plan_text"), {"summary": "Van Alice", "seen": seen})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Van Alice" in page and "Van Bob" in page and "Iemand anders heeft de teksten gewijzigd" in page
    assert state() == before
    # Saving again (the form now carries what it was compared with) replaces Bob's text.
    assert alice.post(url(personas, "plan_text"), response.context["form"].data).status_code == 302
    assert BusinessPlan.objects.get().texts == {"summary": "Van Alice"}


def test_versions_conflicts_and_approvals_reset_with_a_new_version(personas):
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    assert alice.post(url(personas, "plan_new_version"), {"base_number": 0, "note": "Eerste"}).status_code == 302
    before = state()
    response = bob.post(url(personas, "plan_new_version"), {"base_number": 0, "note": "Mijn notitie"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft versie 1 gemaakt" in page and 'value="Mijn notitie"' in page
    assert bob.post(url(personas, "plan_new_version"), {"base_number": "x"}).status_code == 400
    assert state() == before
    page = bob.get(url(personas, "plan")).content.decode()
    assert "Goedkeuren namens Beta Transport" in page
    assert bob.post(url(personas, "plan_approve"), {"version": 1}).status_code == 302
    assert alice.post(url(personas, "plan_approve"), {"version": 1}).status_code == 302
    page = alice.get(url(personas, "plan")).content.decode()
    assert "Goedgekeurd door alle partners" in page and "Goedkeuren namens" not in page
    assert alice.post(url(personas, "plan_approve"), {"version": 1}).status_code == 302  # again: a message
    assert PlanApproval.objects.count() == 2
    assert alice.post(url(personas, "plan_approve"), {"version": ""}).status_code == 302
    assert alice.post(url(personas, "plan_approve"), {"version": 9}).status_code == 404
    assert alice.post(url(personas, "plan_new_version"), {"base_number": 1}).status_code == 302
    page = alice.get(url(personas, "plan")).content.decode()
    assert "Goedgekeurd door alle partners" not in page
    assert "Alpha Bakkerij: nog niet goedgekeurd" in page and "Beta Transport: nog niet goedgekeurd" in page
    versions = alice.get(url(personas, "plan_versions")).content.decode()
    assert "Versie 2" in versions and "Eerste" in versions
    assert alice.get(url(personas, "plan_version", 1)).status_code == 200
    assert alice.get(url(personas, "plan_version", 3)).status_code == 404


def test_pdf_and_docx_of_a_version(personas):
    write_agreement(personas)
    fill_budget(personas, YEAR)
    version = make_version(personas)
    client = client_for(personas.olivia)  # an observer reads
    pdf = client.get(url(personas, "plan_pdf", version.number))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.get(url(personas, "plan_docx", version.number))
    assert response.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Zonnedak Zwaluwstaart" in text
    assert f"Break-evenjaar: {YEAR + 2}" in text


def test_observers_are_refused_writes_and_outsiders_see_nothing(personas):
    make_version(personas)
    before = state()
    olivia = client_for(personas.olivia)
    page = olivia.get(url(personas, "plan")).content.decode()
    assert "Goedkeuren namens" not in page and "Versie 2 maken" not in page
    assert olivia.post(url(personas, "plan_approve"), {"version": 1}).status_code == 403
    assert olivia.post(url(personas, "plan_new_version"), {"base_number": 1}).status_code == 403
    assert olivia.get(url(personas, "plan_budget")).status_code == 403
    charlie = client_for(personas.charlie)
    assert charlie.get(url(personas, "plan")).status_code == 404
    assert charlie.get(url(personas, "plan_pdf", 1)).status_code == 404
    assert state() == before


def test_an_archived_collaboration_is_read_only(personas):
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    alice = client_for(personas.alice)
    page = alice.get(url(personas, "plan")).content.decode()
    assert "gearchiveerd" in page and "Versie 1 maken" not in page
    assert alice.post(url(personas, "plan_new_version"), {"base_number": 0}).status_code == 403


def test_the_work_plan_takes_the_plans_goals_over(personas):
    alice = client_for(personas.alice)
    target = url(personas, "plan_goals_to_work_plan")
    work_plan = alice.get(reverse("workspace:plan", args=[personas.collaboration.pk])).content.decode()
    assert f'action="{target}"' in work_plan and "Doelen overnemen uit het businessplan" in work_plan
    observer_page = client_for(personas.olivia).get(reverse("workspace:plan", args=[personas.collaboration.pk]))
    assert target not in observer_page.content.decode()
    assert alice.post(target, {"year": YEAR}).status_code == 302  # no version yet: a message, nothing added
    assert alice.post(target, {"year": "x"}).status_code == 302
    write_agreement(personas)
    make_version(personas)
    response = alice.post(target, {"year": YEAR}, follow=True)
    assert WorkGoal.objects.filter(year=YEAR).exists()
    assert "Doelen uit het businessplan toegevoegd aan het werkplan" in response.content.decode()
    count = WorkGoal.objects.count()
    response = alice.post(target, {"year": YEAR}, follow=True)
    assert WorkGoal.objects.count() == count
    assert "Het werkplan heeft alle doelen uit het businessplan voor dit jaar al." in response.content.decode()
