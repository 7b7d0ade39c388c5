"""Squatter rules of the directory: only a verified organisation is findable or takes over the
entry under its KvK number; the import leaves a verified organisation's entry alone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenwerkwijzer.directory import services
from samenwerkwijzer.directory.importer import import_csv
from samenwerkwijzer.directory.models import DirectoryEntry, DirectoryListing, DirectoryStat
from samenwerkwijzer.organisations.models import Membership, Organisation
from testsupport.factories import MembershipFactory

from .factories import make_entry, verify
from .test_import import write
from .test_views import _profile, confirm, make_findable

pytestmark = pytest.mark.django_db

LISTING = {"chain_position": "dienstverlener", "offers": ["logistiek"], "needs": [], "specialisms": []}


def admin_of(organisation) -> Membership:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).first()


def snapshot():
    return (
        list(DirectoryListing.objects.values_list("organisation_id", "findable", "offers", "culture").order_by("pk")),
        list(DirectoryEntry.objects.values_list("kvk_number", "name", "organisation_id", "source").order_by("pk")),
        list(DirectoryStat.objects.exclude(kind="total").values_list("kind", "key", "count").order_by("pk")),
    )


def squatter_of(organisation, name="Kaper BV") -> Organisation:
    """Someone else's unverified organisation under the same KvK number."""
    return MembershipFactory(organisation__name=name, organisation__kvk_number=organisation.kvk_number).organisation


# --- listing_save ----------------------------------------------------------


def test_an_unverified_organisation_cannot_be_made_findable_and_nothing_changes(personas):
    p = personas
    make_entry(kvk_number=p.alpha.kvk_number, name="Alpha uit het register")
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.listing_save(membership=admin_of(p.alpha), findable=True, culture="Wij", **LISTING)
    assert "Alleen een geverifieerde organisatie kan vindbaar zijn" in refused.value.message_dict["findable"][0]
    assert snapshot() == before
    assert not DirectoryListing.objects.exists()


def test_an_unverified_organisation_may_keep_a_listing_that_is_not_findable_and_leaves_the_register_entry_alone(
    personas,
):
    p = personas
    imported = make_entry(kvk_number=p.alpha.kvk_number, name="Alpha uit het register")
    listing = services.listing_save(membership=admin_of(p.alpha), findable=False, **LISTING)
    assert not listing.findable
    imported.refresh_from_db()
    assert imported.organisation is None and imported.name == "Alpha uit het register"


def test_a_verified_organisation_takes_over_the_imported_entry_under_its_number(personas):
    p = personas
    imported = make_entry(kvk_number=p.alpha.kvk_number, name="Alpha uit het register")
    verify(p.alpha)
    services.listing_save(membership=admin_of(p.alpha), findable=True, **LISTING)
    entry = DirectoryEntry.objects.get()
    assert entry.pk == imported.pk and entry.organisation_id == p.alpha.pk
    assert entry.name == p.alpha.name and entry.source == DirectoryEntry.Source.PLATFORM


def test_a_profile_change_of_an_unverified_organisation_never_lists_it(personas):
    """A findable listing left from before verification existed does not bring an entry back."""
    p = personas
    DirectoryListing.objects.create(organisation=p.alpha, findable=True, chain_position="producent")
    make_entry(kvk_number=p.alpha.kvk_number, name="Alpha uit het register")
    services.listing_refresh(organisation=p.alpha)
    assert list(DirectoryEntry.objects.values_list("name", "organisation_id")) == [("Alpha uit het register", None)]


# --- listing_after_verification --------------------------------------------


def test_verification_takes_the_listing_from_unverified_claims_and_gives_the_entry_to_the_verified_one(personas):
    p = personas
    squatter = squatter_of(p.alpha)
    # From before verification existed: the squatter had made itself findable under alpha's number
    # and so taken over the register's entry; alpha had chosen to be findable as well.
    taken = make_entry(kvk_number=p.alpha.kvk_number, name=squatter.name, organisation=squatter)
    DirectoryListing.objects.create(organisation=squatter, findable=True, chain_position="producent")
    DirectoryListing.objects.create(
        organisation=p.alpha, findable=True, chain_position="dienstverlener", offers=["vakkennis"]
    )
    total = DirectoryStat.objects.get(kind="total").count
    verify(p.alpha)  # through organisations.services.organisation_verify and its signal
    assert not DirectoryListing.objects.get(organisation=squatter).findable
    assert not DirectoryEntry.objects.filter(pk=taken.pk).exists()
    entry = DirectoryEntry.objects.get(kvk_number=p.alpha.kvk_number)
    assert entry.organisation_id == p.alpha.pk and entry.name == p.alpha.name and entry.offers == ["vakkennis"]
    assert DirectoryStat.objects.get(kind="total").count == total
    squatter.refresh_from_db()
    assert squatter.kvk_number == "" and not squatter.is_verified


def test_verification_lists_nobody_who_did_not_choose_to_be_findable(personas):
    p = personas
    squatter = squatter_of(p.alpha)
    DirectoryListing.objects.create(organisation=squatter, findable=False, chain_position="producent")
    imported = make_entry(kvk_number=p.alpha.kvk_number, name="Alpha uit het register")
    verify(p.alpha, method="extract")
    imported.refresh_from_db()
    assert imported.organisation is None and imported.source == DirectoryEntry.Source.IMPORT
    assert not DirectoryListing.objects.get(organisation=squatter).findable


# --- the data migration ----------------------------------------------------


def test_the_migration_unlists_findable_organisations_that_are_not_verified(personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "samenwerkwijzer.directory.migrations.0004_only_verified_organisations_are_findable"
    )
    p = personas
    verify(p.beta)
    services.listing_save(membership=admin_of(p.beta), findable=True, **LISTING)
    DirectoryListing.objects.create(organisation=p.alpha, findable=True, chain_position="producent")
    make_entry(kvk_number=p.alpha.kvk_number, name=p.alpha.name, organisation=p.alpha)
    make_entry(name="Uit het register")
    migration.unlist_unverified(apps, None)
    assert dict(DirectoryListing.objects.values_list("organisation_id", "findable")) == {
        p.alpha.pk: False,
        p.beta.pk: True,
    }
    assert sorted(DirectoryEntry.objects.values_list("name", flat=True)) == sorted([p.beta.name, "Uit het register"])
    assert DirectoryStat.objects.get(kind="total").count == 2
    # Nothing left to do: a second run changes nothing.
    before = snapshot()
    migration.unlist_unverified(apps, None)
    assert snapshot() == before


# --- import_directory --------------------------------------------------------


def row(kvk_number: str, name: str) -> str:
    return f"{kvk_number},{name},49410,5-9,3511,dienstverlener,logistiek,,"


def test_the_import_skips_the_entry_of_a_verified_organisation_and_reports_it(personas, tmp_path):
    p = personas
    verify(p.beta)
    services.listing_save(membership=admin_of(p.beta), findable=True, culture="Eigen woorden", **LISTING)
    report = import_csv(write(tmp_path, [row(p.beta.kvk_number, "Beta uit het register"), row("12345670", "Nieuw")]))
    assert (report.created, report.updated, report.skipped) == (1, 0, 1)
    entry = DirectoryEntry.objects.get(kvk_number=p.beta.kvk_number)
    assert entry.organisation_id == p.beta.pk and entry.name == p.beta.name


def test_the_import_takes_back_an_entry_an_unverified_organisation_had_taken_over(personas, tmp_path):
    p = personas
    make_entry(kvk_number=p.alpha.kvk_number, name="Kaper", organisation=p.alpha)
    report = import_csv(write(tmp_path, [row(p.alpha.kvk_number, "Alpha uit het register")]))
    assert (report.created, report.updated, report.skipped) == (0, 1, 0)
    entry = DirectoryEntry.objects.get(kvk_number=p.alpha.kvk_number)
    assert entry.organisation_id is None and entry.source == DirectoryEntry.Source.IMPORT
    assert entry.name == "Alpha uit het register"


def test_the_import_command_reports_the_skipped_entries(personas, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    p = personas
    verify(p.beta)
    services.listing_save(membership=admin_of(p.beta), findable=True, **LISTING)
    out = StringIO()
    call_command("import_directory", write(tmp_path, [row(p.beta.kvk_number, "Beta")]), stdout=out, stderr=StringIO())
    assert "1 skipped (listed by a verified organisation itself)" in out.getvalue()


# --- the listing page --------------------------------------------------------


def test_the_listing_page_refuses_findable_for_an_unverified_organisation_next_to_the_field(client, personas):
    p = personas
    client.force_login(p.alice)
    url = reverse("directory:listing", args=[p.alpha.pk])
    before = snapshot()
    response = client.post(
        url, {"findable": "on", "chain_position": "producent", "offers": ["vakkennis"], "culture": "Vroeg op pad."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    field = page.split('id="id_findable"')[0].rsplit('<div class="field', 1)[1]
    assert "field--error" in field and "Alleen een geverifieerde organisatie kan vindbaar zijn" in field
    assert "Vroeg op pad." in page  # what was typed is kept
    assert "niet geverifieerd" in page
    assert f'href="{reverse("verification:overview", args=[p.alpha.pk])}"' in page
    assert snapshot() == before


def test_the_listing_page_shows_what_others_see_with_the_verification(client, personas):
    p = personas
    verify(p.alpha, method="extract")
    client.force_login(p.alice)
    page = client.get(reverse("directory:listing", args=[p.alpha.pk])).content.decode()
    others = page.split("Wat anderen zien")[1]
    assert "geverifieerd via beoordeeld uittreksel" in others
    assert 'id="findable-verification"' not in page


# --- labels wherever an organisation appears ------------------------------------


def result_of(page: str, name: str) -> str:
    return page.split(f"<h3>{name}</h3>", 1)[1].split('<li class="result">', 1)[0]


def test_matches_show_the_verification_of_each_organisation_and_of_who_can_introduce(client, personas):
    p = personas
    make_findable(p.gamma, p.charlie)  # verified through eHerkenning (EH3)
    verify(p.beta, method="extract")
    make_entry(name="Uit het register", offers=("logistiek",))
    confirm(p.alpha, p.beta)
    confirm(p.beta, p.gamma)  # gamma is in alpha's second ring, via beta
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    client.force_login(p.alice)
    page = client.get(reverse("directory:organisation_search", args=[p.alpha.pk])).content.decode()
    gamma = result_of(page, p.gamma.name)
    assert "geverifieerd via eHerkenning (EH3) op" in gamma.split("via Beta Transport")[0]
    assert "geverifieerd via beoordeeld uittreksel" in gamma.split("via Beta Transport")[1]
    assert "geïmporteerd gegeven, niet op Samenwerkwijzer" in result_of(page, "Uit het register")


def test_the_shortlist_and_the_connections_show_the_verification(client, personas):
    p = personas
    make_findable(p.beta, p.bob)
    entry = DirectoryEntry.objects.get(organisation=p.beta)
    profile = services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    services.shortlist_add(profile=profile, entry=entry, user=p.alice)
    confirm(p.alpha, p.gamma)
    client.force_login(p.alice)
    shortlist = client.get(reverse("directory:organisation_shortlist", args=[p.alpha.pk])).content.decode()
    assert "geverifieerd via eHerkenning (EH3)" in shortlist.split(p.beta.name)[1]
    connections = client.get(reverse("directory:connections", args=[p.alpha.pk])).content.decode()
    row = connections.split(f"{p.gamma.name} ", 1)[1].split("</th>")[0]
    assert "niet geverifieerd" in row


def test_before_inviting_a_match_the_lead_is_told_an_unverified_organisation_cannot_sign(client, personas):
    p = personas
    claimed = make_entry(kvk_number=p.gamma.kvk_number, name="Gamma uit het register")
    client.force_login(p.alice)
    page = client.get(reverse("directory:invite", args=[claimed.pk])).content.decode()
    warning = page.split('id="unverified-warning"')[1].split("</div>")[0]
    assert p.gamma.name in warning and "kan geen overeenkomst ondertekenen of laten verzegelen" in warning
    assert "niet geverifieerd" in page

    make_findable(p.beta, p.bob)
    listed = DirectoryEntry.objects.get(organisation=p.beta)
    page = client.get(reverse("directory:invite", args=[listed.pk])).content.decode()
    assert "geverifieerd via eHerkenning (EH3)" in page and 'id="unverified-warning"' not in page

    unknown = make_entry(name="Nog niet op het platform")
    page = client.get(reverse("directory:invite", args=[unknown.pk])).content.decode()
    assert "Dit bedrijf staat nog niet op Samenwerkwijzer" in page and 'id="unverified-warning"' not in page


def test_the_entry_page_shows_the_verification(client, personas):
    p = personas
    make_findable(p.beta, p.bob)
    listed = DirectoryEntry.objects.get(organisation=p.beta)
    imported = make_entry(name="Uit het register")
    client.force_login(p.alice)
    assert (
        "geverifieerd via eHerkenning (EH3)"
        in client.get(reverse("registry:entry_check", args=[listed.pk])).content.decode()
    )
    page = client.get(reverse("registry:entry_check", args=[imported.pk])).content.decode()
    assert "geïmporteerd gegeven, niet op Samenwerkwijzer" in page
