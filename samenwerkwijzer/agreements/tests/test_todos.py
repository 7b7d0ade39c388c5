"""The agreements' to-do rules (docs/todos.md)."""

from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.todos import todos_for_access, todos_for_user
from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import add_totp

from .. import services
from ..models import DocumentKind
from .factories import accesses, approved_agreement, frozen_agreement, sign, signed_agreement, write_agreement

LOI = DocumentKind.LETTER_OF_INTENT


def rules(user, personas):
    return {t.rule: t for t in todos_for_access(get_collaboration_for_user(user, personas.collaboration.pk))}


def test_a_draft_asks_nothing(personas):
    write_agreement(personas, LOI)
    assert not {"agreements.approve", "agreements.sign"} & set(rules(personas.alice, personas))


def test_a_frozen_version_asks_each_organisation_to_approve_until_it_has(personas):
    freeze = frozen_agreement(personas, LOI)
    todo = rules(personas.bob, personas)["agreements.approve"]
    assert todo.title == "Keur de intentieverklaring goed"
    assert todo.hint == "0 van 2 organisaties goedgekeurd"
    services.document_approve(access=accesses(personas)[1], freeze=freeze, document_sha256=freeze.pdf_sha256)
    assert "agreements.approve" not in rules(personas.bob, personas)
    assert "agreements.approve" in rules(personas.alice, personas)
    assert "agreements.approve" not in rules(personas.olivia, personas)


def test_an_approved_version_asks_a_signatory_with_a_second_factor_to_sign(personas):
    approved_agreement(personas, LOI)
    add_totp(personas.alice)
    todo = rules(personas.alice, personas)["agreements.sign"]
    assert todo.title == "Teken de intentieverklaring"
    assert todo.url == reverse("agreements:sign", args=[personas.collaboration.pk, "letter-of-intent"])


def test_a_signatory_without_a_second_factor_is_asked_to_set_one_up_first(personas):
    approved_agreement(personas, LOI)
    found = rules(personas.alice, personas)
    assert "agreements.sign" not in found
    assert found["agreements.second_factor"].title == "Stel tweestapsverificatie in om te kunnen tekenen"
    # On the overview it is listed once, not also as the personal rule.
    overview = [t.rule for t in todos_for_user(personas.alice)]
    assert overview.count("agreements.second_factor") == 1 and "accounts.second_factor" not in overview


def test_an_organisation_without_signatory_is_asked_to_name_one(personas):
    approved_agreement(personas, LOI)
    Membership.objects.filter(organisation=personas.beta).update(is_authorised_signatory=False)
    found = rules(personas.bob, personas)
    assert found["agreements.become_signatory"].title == "Word tekenbevoegde om te kunnen tekenen"
    assert "agreements.sign" not in found


def test_a_member_who_is_no_signatory_is_not_asked_when_a_colleague_can_sign(personas):
    approved_agreement(personas, LOI)
    found = rules(personas.anna, personas)
    assert "agreements.become_signatory" not in found and "agreements.sign" not in found


def test_once_signed_by_ones_organisation_or_sealed_nothing_is_left(personas):
    freeze = approved_agreement(personas, LOI)
    add_totp(personas.alice)
    sign(personas, "alice", freeze)
    assert "agreements.sign" not in rules(personas.alice, personas)
    assert "agreements.second_factor" in rules(personas.bob, personas)  # bob's organisation still has to sign


def test_a_signed_agreement_asks_nothing(personas):
    signed_agreement(personas)
    found = rules(personas.alice, personas)
    assert not {"agreements.approve", "agreements.sign", "agreements.second_factor"} & set(found)


def test_once_a_partner_joined_the_lead_is_asked_to_draw_up_the_letter_of_intent_until_it_is_up_for_approval(
    personas,
):
    slug = LOI.slug
    todo = rules(personas.alice, personas)["agreements.letter_of_intent"]
    assert todo.title == "Stel de intentieverklaring op"
    assert todo.url == reverse("agreements:document", args=[personas.collaboration.pk, slug])
    # Lead work: the partner and the observer are not asked.
    assert "agreements.letter_of_intent" not in rules(personas.bob, personas)
    assert "agreements.letter_of_intent" not in rules(personas.olivia, personas)
    write_agreement(personas, LOI)
    todo = rules(personas.alice, personas)["agreements.letter_of_intent"]
    assert todo.title == "Bied de intentieverklaring ter goedkeuring aan"
    assert todo.url == reverse("agreements:freeze", args=[personas.collaboration.pk, slug])
    freeze = frozen_agreement(personas, LOI)
    assert "agreements.letter_of_intent" not in rules(personas.alice, personas)
    # A voided version asks for a new one.
    freeze.voided_at = freeze.frozen_at
    freeze.save(update_fields=["voided_at"])
    assert rules(personas.alice, personas)["agreements.letter_of_intent"].url.endswith("/freeze/")


def test_without_a_partner_there_is_no_letter_of_intent_to_draw_up(personas):
    from samenwerkwijzer.collaborations.models import Participant

    Participant.objects.filter(collaboration=personas.collaboration, organisation=personas.beta).delete()
    assert "agreements.letter_of_intent" not in rules(personas.alice, personas)
