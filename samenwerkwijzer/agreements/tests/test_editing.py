import sys
import threading
import types

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.agreements import sections, selectors, services
from samenwerkwijzer.agreements.models import Document, SigningEvent, Version
from samenwerkwijzer.collaborations.models import AuditEvent

from .factories import AGREEMENT, access_of, frozen_agreement, signed_agreement
from .helpers import goals_post, parties_post, shares_post, url

pytestmark = pytest.mark.django_db


def save(personas, who, section, data, base):
    return services.version_save(
        access=access_of(personas, who, write=True),
        kind=AGREEMENT,
        section=section,
        section_data=data,
        base_number=base,
    )


def goals(purpose):
    return {"purpose": purpose, "activities": "", "items": []}


def test_the_first_save_creates_the_document_from_the_prefilled_draft(personas):
    version, created = save(personas, "bob", "goals", goals("Samen bezorgen"), 0)
    assert created and version.number == 1
    assert version.author == personas.bob and version.author_organisation_name == personas.beta.name
    assert version.data["goals"]["purpose"] == "Samen bezorgen"
    assert [p["organisation_id"] for p in version.data["parties"]] == [personas.alpha.pk, personas.beta.pk]
    assert version.data["parties"][0]["kvk_number"] == personas.alpha.kvk_number
    assert version.content_sha256 and len(version.content_sha256) == 64


def test_every_save_is_a_new_version_and_an_unchanged_save_is_not(personas):
    v1, _ = save(personas, "alice", "goals", goals("Eén"), 0)
    v2, created = save(personas, "bob", "goals", goals("Twee"), 1)
    assert created and v2.number == 2 and v2.base_number == 1
    same, created = save(personas, "bob", "goals", goals("Twee"), 2)
    assert not created and same.pk == v2.pk
    assert Version.objects.filter(document=v1.document).count() == 2
    v1.refresh_from_db()
    assert v1.data["goals"]["purpose"] == "Eén"  # old versions never change


def test_two_saves_from_the_same_base_give_a_conflict_not_a_lost_update(personas):
    save(personas, "alice", "goals", goals("Basis"), 0)
    save(personas, "alice", "goals", goals("Alice's tekst"), 1)
    with pytest.raises(services.EditConflict) as conflict:
        save(personas, "bob", "goals", goals("Bob's tekst"), 1)
    assert conflict.value.current.number == 2
    assert conflict.value.mine == goals("Bob's tekst")
    document = Document.objects.get()
    assert document.current_version.data["goals"]["purpose"] == "Alice's tekst"
    assert document.versions.count() == 2


def test_saves_from_the_same_base_on_different_sections_are_merged(personas):
    save(personas, "alice", "goals", goals("Basis"), 0)
    save(personas, "alice", "goals", goals("Alice"), 1)
    version, created = save(personas, "bob", "evaluation", {"frequency": "monthly", "notes": ""}, 1)
    assert created and version.number == 3
    assert version.data["goals"]["purpose"] == "Alice"
    assert version.data["evaluation"]["frequency"] == "monthly"


def test_a_save_that_ends_up_equal_to_the_newer_version_is_no_conflict(personas):
    save(personas, "alice", "goals", goals("Basis"), 0)
    save(personas, "alice", "goals", goals("Zelfde"), 1)
    version, created = save(personas, "bob", "goals", goals("Zelfde"), 1)
    assert not created and version.number == 2


def test_a_base_version_from_the_future_is_refused(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        save(personas, "alice", "goals", goals("x"), 5)
    assert not Version.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_the_same_base_never_lose_an_update(personas):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("Two threads need a database file or server; CI runs this on PostgreSQL.")
    save(personas, "alice", "goals", goals("Basis"), 0)
    barrier = threading.Barrier(2)
    outcomes = {}

    def worker(who):
        try:
            barrier.wait(timeout=10)
            version, _created = save(personas, who, "goals", goals(f"tekst van {who}"), 1)
            outcomes[who] = ("saved", version.number)
        except services.EditConflict as conflict:
            outcomes[who] = ("conflict", conflict.current.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(who,)) for who in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _n in outcomes.values()) == ["conflict", "saved"]
    winner = next(who for who, (kind, _n) in outcomes.items() if kind == "saved")
    document = Document.objects.get()
    assert document.versions.count() == 2
    assert document.current_version.data["goals"]["purpose"] == f"tekst van {winner}"


def test_editing_a_frozen_version_makes_a_new_draft_and_voids_the_round(personas):
    freeze = frozen_agreement(personas)
    services.document_approve(
        access=access_of(personas, "bob", write=True), freeze=freeze, document_sha256=freeze.pdf_sha256
    )
    number = freeze.version.number
    version, _ = save(personas, "bob", "goals", {**freeze.version.data["goals"], "activities": "Meer"}, number)
    freeze.refresh_from_db()
    assert freeze.is_void and freeze.void_reason == "edited"
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.DRAFT and status.version == version and status.freeze is None
    assert SigningEvent.objects.filter(freeze=freeze, kind=SigningEvent.Kind.VOIDED).exists()
    assert AuditEvent.objects.filter(action="agreement_voided").exists()


def test_editing_a_signed_version_starts_a_new_draft_and_keeps_the_signed_one(personas):
    freeze = signed_agreement(personas)
    # Signed is signed: a new version is an explicit step first (test_signed_is_signed.py).
    new = services.document_new_version(access=access_of(personas, "alice", write=True), kind=AGREEMENT)
    save(personas, "alice", "goals", {**freeze.version.data["goals"], "activities": "Nieuw"}, new.number)
    freeze.refresh_from_db()
    assert not freeze.is_void
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.DRAFT and status.signed_freeze == freeze


# --- Views ---


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_edit_page_shows_the_guide_help_and_the_base_version(personas):
    response = client_for(personas.bob).get(url(personas, "edit", "benefits"))
    assert response.status_code == 200
    assert response.context["editor"].base.initial == {"base_version": 0}
    assert str(sections.section_for(AGREEMENT, "benefits").help) in response.content.decode()


def test_saving_a_section_in_the_browser_makes_a_version(personas):
    response = client_for(personas.bob).post(
        url(personas, "edit", "goals"), goals_post(0, goals=[{"description": "Meer klanten"}])
    )
    assert response.status_code == 302
    version = Version.objects.get()
    assert version.data["goals"]["items"] == [
        {"description": "Meer klanten", "indicator": "", "target": "", "deadline": "", "confirmed_by": []}
    ]


def test_a_vague_goal_is_saved_and_flagged_with_what_is_missing(personas):
    client = client_for(personas.bob)
    client.post(
        url(personas, "edit", "goals"), goals_post(0, goals=[{"description": "Meer klanten", "target": "veel"}])
    )
    response = client.get(url(personas, "document"))
    (check,) = response.context["goal_checks"]
    # too short, no indicator, target not a number, no deadline, and nobody confirmed it acceptable and realistic
    assert len(check.hints) == 5
    assert any("indicator" in hint for hint in check.hints)


@pytest.mark.parametrize(
    ("costs", "revenue"), [(("60", "30"), ("50", "50")), (("50", "50"), ("70", "")), (("50", "50"), ("101", "-1"))]
)
def test_shares_that_do_not_add_up_to_100_are_refused_with_a_message(personas, costs, revenue):
    response = client_for(personas.alice).post(
        url(personas, "edit", "benefits"), shares_post(0, personas, costs, revenue)
    )
    assert response.status_code == 200
    editor = response.context["editor"]
    assert editor.party_formset.non_form_errors() or editor.party_formset.errors
    assert not Version.objects.exists()


def test_valid_shares_are_saved(personas):
    response = client_for(personas.alice).post(
        url(personas, "edit", "benefits"), shares_post(0, personas, ("33,5", "66,5"))
    )
    assert response.status_code == 302
    rows = Version.objects.get().data["benefits"]["parties"]
    assert [(r["cost_share"], r["revenue_share"]) for r in rows] == [("33.5", "50"), ("66.5", "50")]


def test_a_party_without_an_address_is_refused(personas):
    response = client_for(personas.alice).post(
        url(personas, "edit", "parties"), parties_post(0, personas, ("", "Weg 2"))
    )
    assert response.status_code == 200
    assert "address" in response.context["editor"].party_formset.forms[0].errors
    assert not Version.objects.exists()


def test_a_party_without_kvk_data_is_refused_with_a_clear_message(personas):
    type(personas.beta).objects.filter(pk=personas.beta.pk).update(kvk_number="")
    response = client_for(personas.alice).post(url(personas, "edit", "parties"), parties_post(0, personas))
    assert response.status_code == 200
    errors = response.context["editor"].party_formset.forms[1].non_field_errors()
    assert personas.beta.name in errors[0]
    assert not Version.objects.exists()


def test_the_later_of_two_browser_saves_gets_the_conflict_page_with_both_texts(personas):
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    alice.post(url(personas, "edit", "goals"), goals_post(0, purpose="Basis"))
    alice.post(url(personas, "edit", "goals"), goals_post(1, purpose="Tekst van Alice"))
    response = bob.post(url(personas, "edit", "goals"), goals_post(1, purpose="Tekst van Bob"))
    assert response.status_code == 409
    assert "Tekst van Alice" in response.context["theirs_text"]
    assert "Tekst van Bob" in response.context["mine_text"]
    assert response.context["editor"].base["base_version"].value() == "2"
    assert Document.objects.get().current_version.data["goals"]["purpose"] == "Tekst van Alice"
    # Bob saves deliberately on top of Alice's version: now it is a new version, nothing lost.
    response = bob.post(url(personas, "edit", "goals"), goals_post(2, purpose="Tekst van Bob"))
    assert response.status_code == 302
    assert [v.data["goals"]["purpose"] for v in Version.objects.order_by("number")] == [
        "Basis",
        "Tekst van Alice",
        "Tekst van Bob",
    ]


def test_an_observer_cannot_save(personas):
    response = client_for(personas.olivia).post(url(personas, "edit", "goals"), goals_post(0))
    assert response.status_code == 403
    assert not Version.objects.exists()


def test_an_unknown_section_or_kind_is_not_found(personas):
    client = client_for(personas.alice)
    assert client.get(url(personas, "edit", "secrets")).status_code == 404
    assert client.get(url(personas, "document", kind="memo")).status_code == 404
    assert client.get(url(personas, "edit", "goals", kind="letter-of-intent")).status_code == 404


def test_the_diff_page_shows_what_changed_between_two_versions(personas):
    client = client_for(personas.alice)
    client.post(url(personas, "edit", "goals"), goals_post(0, purpose="Oude tekst"))
    client.post(url(personas, "edit", "goals"), goals_post(1, purpose="Nieuwe tekst"))
    response = client.get(url(personas, "diff"), {"a": 1, "b": 2})
    lines = [(line.op, line.text.strip()) for hunk in response.context["hunks"] for line in hunk]
    assert ("removed", "Oude tekst") in lines and ("added", "Nieuwe tekst") in lines
    partial = client.get(url(personas, "diff"), {"a": 2, "b": 1}, HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "agreements/_diff.html"
    assert client.get(url(personas, "versions")).status_code == 200


def test_the_document_of_another_collaboration_is_not_found(personas):
    save(personas, "alice", "goals", goals("Geheim"), 0)
    other = client_for(personas.dave)
    assert other.get(url(personas, "version", 1)).status_code == 404


def test_a_version_is_found_only_under_its_own_collaboration(personas):
    save(personas, "alice", "goals", goals("Geheim"), 0)
    alice, dave = client_for(personas.alice), client_for(personas.dave)
    assert alice.get(url(personas, "version", 1)).status_code == 200
    assert alice.get(url(personas, "version", 2)).status_code == 404
    assert alice.get(url(personas, "version", 1, kind="letter-of-intent")).status_code == 404
    for name in ("version", "version_pdf", "version_docx"):
        # Dave asks for version 1 under his own collaboration: alice's version is not there.
        address = reverse(f"agreements:{name}", args=[personas.other_collaboration.pk, "agreement", 1])
        assert dave.get(address).status_code == 404


# --- Prefill from other modules (the draft never copies answers into clauses: see test_clauses.py) ---


def test_the_draft_takes_the_collaboration_purpose_as_its_starting_point(personas):
    assert (
        sections.initial_data(personas.collaboration, AGREEMENT)["goals"]["purpose"] == personas.collaboration.purpose
    )


def test_the_legal_form_advice_fills_the_legal_form(personas, monkeypatch):
    module = types.ModuleType("samenwerkwijzer.legalforms.selectors")
    module.latest_legal_form_choice = lambda collaboration: types.SimpleNamespace(label="Vennootschap onder firma")
    monkeypatch.setitem(sys.modules, "samenwerkwijzer.legalforms.selectors", module)
    assert (
        sections.initial_data(personas.collaboration, AGREEMENT)["conditions"]["legal_form"]
        == "Vennootschap onder firma"
    )
