"""Directory rows for tests."""

import itertools

from samenwerkwijzer.directory import matching
from samenwerkwijzer.directory.importer import entry_children, refresh_statistics
from samenwerkwijzer.directory.models import DirectoryEntry, DirectorySbi, DirectorySpecialism

_numbers = itertools.count(1)


def make_entry(
    *,
    kvk_number=None,
    name=None,
    sbi_codes="49410",
    size="5-9",
    pc4="3511",
    chain="dienstverlener",
    offers=("logistiek",),
    needs=("vakkennis",),
    specialisms=(),
    organisation=None,
    trade_names="",
    refresh=True,
) -> DirectoryEntry:
    number = next(_numbers)
    entry = DirectoryEntry.objects.create(
        kvk_number=kvk_number or f"{70000000 + number:08d}",
        name=name or f"Testbedrijf {number}",
        sbi_codes=sbi_codes,
        size_class=matching.SIZE_INDEX[size],
        pc4=pc4,
        chain=matching.CHAIN_INDEX[chain],
        mask_pair=matching.pair_of(matching.mask_of(offers), matching.mask_of(needs)),
        specialisms=";".join(specialisms),
        trade_names=trade_names,
        organisation=organisation,
        source=DirectoryEntry.Source.PLATFORM if organisation else DirectoryEntry.Source.IMPORT,
    )
    sbi_rows, specialism_rows = entry_children([entry])
    DirectorySbi.objects.bulk_create(sbi_rows)
    DirectorySpecialism.objects.bulk_create(specialism_rows)
    if refresh:
        refresh_statistics()
    return entry


def verify(organisation, *, method="eherkenning", assurance_level="EH3"):
    """Verify an organisation the way the verification app does, through the organisations service."""
    from samenwerkwijzer.organisations.services import organisation_verify

    if method != "eherkenning":
        assurance_level = ""
    return organisation_verify(organisation=organisation, method=method, assurance_level=assurance_level)


def entry_for_matrix(personas) -> int:
    """A directory entry for URL patterns that need one (created once per test)."""
    entry = DirectoryEntry.objects.filter(kvk_number="79999999").first()
    return (entry or make_entry(kvk_number="79999999", name="Matrix Bedrijf")).pk
