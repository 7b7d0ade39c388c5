"""The business plan in the API, the export ZIP and the personal-data download and deletion."""

import pytest
from django.test import Client
from django.utils import timezone

from samenwerkwijzer.businessmodel.models import BudgetLine, PlanVersion
from samenwerkwijzer.businessmodel.services_plan import approve
from samenwerkwijzer.integrations.exports import FILES, SECTIONS
from samenwerkwijzer.privacy.registry import ERASURES, EXPORTS

from .plan_factories import access_of, fill_budget, make_version

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def api(personas, who, tail=""):
    client = Client()
    client.force_login(getattr(personas, who))
    return client.get(f"/api/v1/business-model/collaborations/{personas.collaboration.pk}/business-plan{tail}")


def test_the_api_shows_version_approvals_budget_and_break_even_year(personas):
    empty = api(personas, "olivia").json()
    assert empty["state"] == "empty" and empty["current_version"] is None and empty["frozen_budget"] is None
    fill_budget(personas, YEAR)
    version = make_version(personas, note="Eerste")
    approve(access=access_of(personas, "bob", write=True), version=version)
    body = api(personas, "olivia").json()
    assert body["state"] == "approval" and not body["all_approved"]
    assert body["current_version"]["number"] == 1 and body["current_version"]["approved_by"] == ["Beta Transport"]
    assert [(a["organisation"], a["approved"]) for a in body["approvals"]] == [
        ("Alpha Bakkerij", False),
        ("Beta Transport", True),
    ]
    assert body["budget"]["break_even_year"] == YEAR + 2
    assert body["budget"]["totals"][0] == {
        "year": YEAR,
        "costs": "1500.00",
        "revenues": "200.00",
        "result": "-1300.00",
        "cumulative_result": "-1300.00",
    }
    assert body["frozen_budget"]["break_even_year"] == YEAR + 2
    make_version(personas)
    versions = api(personas, "alice", "/versions?limit=1").json()
    assert versions["total"] == 2 and [v["number"] for v in versions["results"]] == [2]
    pdf = api(personas, "alice", "/versions/1/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api(personas, "alice", "/versions/9/pdf").status_code == 404
    assert api(personas, "charlie").status_code == 404


def test_the_export_holds_the_plan_and_the_pdf_of_the_current_version(personas):
    access = access_of(personas, "olivia")
    assert list(FILES["business_plan"](access)) == []
    make_version(personas)
    section = SECTIONS["business_plan"](access)
    assert section["current_version"]["number"] == 1 and [v["number"] for v in section["versions"]] == [1]
    [(path, content)] = list(FILES["business_plan"](access))
    assert path == "businessplan/businessplan-versie-1.pdf" and content.startswith(b"%PDF")


def test_personal_data_download_and_deletion(personas):
    fill_budget(personas, YEAR)
    version = make_version(personas)
    approve(access=access_of(personas, "alice", write=True), version=version)
    exported = EXPORTS["business_plan"](personas.alice)
    assert [v["number"] for v in exported["businessplan_versies_gemaakt"]] == [1]
    assert "data" not in exported["businessplan_versies_gemaakt"][0]
    assert len(exported["businessplan_goedkeuringen"]) == 1
    assert exported["begrotingsregels_bijgewerkt"]
    erase, describe = ERASURES["business_plan"]
    kept = describe(personas.alice)
    assert len(kept) == 1 and "Zonnedak Zwaluwstaart" in kept[0].what
    assert erase(personas.alice) == kept
    version = PlanVersion.objects.get()
    assert version.author is None and version.author_name != "Alice Lead"
    assert not BudgetLine.objects.filter(updated_by=personas.alice).exists()
