"""``import_directory --changes``: KVK change files applied idempotently, bad input refused per line."""

import datetime
import pathlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from samenwerkwijzer.core.models import OutgoingMail
from samenwerkwijzer.directory import changes, importer, services
from samenwerkwijzer.directory.changes import CHANGE_HEADER, ChangesRejected
from samenwerkwijzer.directory.importer import HEADER
from samenwerkwijzer.directory.models import (
    DirectoryDeregistration,
    DirectoryEntry,
    DirectoryListing,
    DirectorySbi,
    DirectorySpecialism,
    DirectoryStat,
    ShortlistItem,
)

from .test_import import GOOD
from .test_views import _profile, make_findable

pytestmark = pytest.mark.django_db

FIXTURE = str(pathlib.Path(__file__).parent / "fixtures" / "kvk_changes.csv")
HEADER_LINE = ",".join([*CHANGE_HEADER, "trade_names"])
EMPTY = "," * 9  # a deregistration leaves the import columns (and trade_names) empty


def apply_changes(path):
    with translation.override("en"):
        return changes.apply_changes(path)


def import_csv(path):
    with translation.override("en"):
        return importer.import_csv(path)


def write(tmp_path, lines, header=HEADER_LINE, name="changes.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def change(number, kind, when, name="Koeltransport Utrecht", pc4="3511", trade_names=""):
    if kind == "deregistration":
        return f"{number},{kind},{when}{EMPTY}"
    return f"{number},{kind},{when},{name},49410,10-19,{pc4},dienstverlener,logistiek,markttoegang,,{trade_names}"


@pytest.fixture
def directory(tmp_path, settings):
    """The two records of the full-import tests: 69599084 and 12345670."""
    settings.LANGUAGE_CODE = "en"
    import_csv(write(tmp_path, GOOD, header=",".join(HEADER), name="full.csv"))


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def searched_names(client, user, **query):
    client.force_login(user)
    return {result["name"] for result in client.get("/api/v1/directory/search", query).json()["results"]}


def test_the_fixture_of_the_mutation_subscription_registers_changes_and_deregisters(directory):
    report = apply_changes(FIXTURE)
    assert (report.read, report.created, report.updated, report.deregistered) == (3, 1, 1, 1)
    new = DirectoryEntry.objects.get(kvk_number="69599085")
    assert new.trade_name_list == ["Bakkerij Van der Molen", "De Molenbakker"]
    assert new.changed_at == datetime.datetime(2026, 12, 1, 7, 15, 2, tzinfo=datetime.UTC)
    changed = DirectoryEntry.objects.get(kvk_number="12345670")
    assert changed.name == "Koeltransport Utrecht B.V." and changed.size_label == "20-49"
    assert changed.trade_names == "Koeltransport Utrecht;KTU"
    assert not DirectoryEntry.objects.filter(kvk_number="69599084").exists()
    assert not DirectorySbi.objects.filter(code="10120").exists()
    gone = DirectoryDeregistration.objects.get(kvk_number="69599084")
    assert gone.name == "Test EMZ Dagobert" and gone.deregistered_at.isoformat() == "2026-12-01T10:02:45+00:00"
    # The planning statistics follow without a recount.
    assert DirectoryStat.objects.get(kind="total").count == 2
    assert DirectoryStat.objects.get(kind="sbi", key="10710").count == 1
    assert DirectoryStat.objects.get(kind="sbi", key="10110").count == 0


def test_applying_the_same_file_twice_changes_nothing_the_second_time(directory):
    apply_changes(FIXTURE)
    before = list(DirectoryEntry.objects.order_by("pk").values())
    report = apply_changes(FIXTURE)
    assert (report.created, report.updated, report.deregistered, report.older) == (0, 0, 0, 3)
    assert list(DirectoryEntry.objects.order_by("pk").values()) == before
    assert DirectoryDeregistration.objects.count() == 1


def test_a_change_older_than_the_last_applied_one_is_skipped(directory, tmp_path):
    apply_changes(write(tmp_path, [change("12345670", "change", "2026-12-02T10:00:00+01:00", name="Nieuw")]))
    report = apply_changes(write(tmp_path, [change("12345670", "change", "2026-12-01T10:00:00+01:00", name="Oud")]))
    assert report.older == 1 and report.updated == 0
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Nieuw"
    # Nor does an older change bring a deregistered company back.
    apply_changes(write(tmp_path, [change("69599084", "deregistration", "2026-12-03")]))
    report = apply_changes(write(tmp_path, [change("69599084", "registration", "2026-12-02")]))
    assert report.older == 1 and not DirectoryEntry.objects.filter(kvk_number="69599084").exists()
    # A newer deregistration of a company that is already deregistered changes nothing either.
    report = apply_changes(write(tmp_path, [change("69599084", "deregistration", "2026-12-04")]))
    assert (report.older, report.unknown, report.deregistered) == (1, 0, 0)
    # A newer registration brings it back; its next deregistration is recorded again.
    assert apply_changes(write(tmp_path, [change("69599084", "registration", "2026-12-05")])).created == 1
    assert apply_changes(write(tmp_path, [change("69599084", "deregistration", "2026-12-06")])).deregistered == 1
    assert timezone.localtime(DirectoryDeregistration.objects.get().deregistered_at).date() == datetime.date(
        2026, 12, 6
    )


def test_the_last_change_by_time_wins_within_a_file_and_the_others_are_reported(directory, tmp_path):
    lines = [
        change("12345670", "change", "2026-12-01T12:00:00+01:00", name="Laatste"),
        change("12345670", "change", "2026-12-01T09:00:00+01:00", name="Eerste"),
        change("12345670", "change", "2026-12-01T10:00:00+01:00", name="Tweede"),
    ]
    report = apply_changes(write(tmp_path, lines))
    assert (report.updated, report.superseded) == (1, 2)
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Laatste"
    assert [line for line, _note in report.notes] == [3, 4]
    assert all("changes again later (line 2)" in note for _line, note in report.notes)


def test_unknown_numbers_are_reported_per_line_and_a_new_registration_is_created(directory, tmp_path):
    lines = [
        change("11111111", "change", "2026-12-01T09:00:00+01:00"),
        change("22222222", "deregistration", "2026-12-01T09:00:00+01:00"),
        change("33333333", "registration", "2026-12-01T09:00:00+01:00", name="Nieuw Bedrijf"),
    ]
    report = apply_changes(write(tmp_path, lines))
    assert (report.unknown, report.created) == (2, 1)
    assert report.notes == [
        (2, "KvK number 11111111 is not in the directory: the change is not applied"),
        (3, "KvK number 22222222 is not in the directory: the deregistration is not applied"),
    ]
    assert not DirectoryEntry.objects.filter(kvk_number="11111111").exists()
    assert not DirectoryDeregistration.objects.exists()
    assert DirectoryEntry.objects.get(kvk_number="33333333").name == "Nieuw Bedrijf"


BROKEN = [
    ("12345670,change,2026-12-01", "expected 12 columns, found 3"),
    (change("12345670", "change", "1 december"), "changed_at '1 december' is not a date and time"),
    (change("1234567", "change", "2026-12-01"), "kvk_number '1234567' is not 8 digits"),
    (change("12345670", "merger", "2026-12-01"), "kind 'merger' is not one of registration, change, deregistration"),
    (change("12345670", "change", "2026-12-01", pc4="0000"), "pc4 '0000' is not a known postcode area"),
]


def test_a_file_with_broken_lines_is_refused_whole_with_a_line_number_and_reason_each(directory, tmp_path):
    good = change("12345670", "change", "2026-12-01T09:00:00+01:00", name="Mag niet")
    path = write(tmp_path, [good, *[line for line, _reason in BROKEN]])
    with pytest.raises(ChangesRejected) as caught:
        apply_changes(path)
    errors = caught.value.report.errors
    assert [line for line, _reason in errors] == list(range(3, 3 + len(BROKEN)))
    for (_line, reason), (_row, expected) in zip(errors, BROKEN, strict=True):
        assert expected in reason
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Koeltransport Utrecht"


def test_the_command_exits_non_zero_without_a_traceback_and_lists_the_broken_lines(
    directory, tmp_path, capsys, in_english
):
    path = write(tmp_path, [BROKEN[0][0], change("12345670", "change", "2026-12-01", name="Mag niet")])
    with pytest.raises(CommandError, match="1 of 2 lines are broken: nothing was applied"):
        call_command("import_directory", path, "--changes")
    assert "line 2: expected 12 columns, found 3" in capsys.readouterr().err
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Koeltransport Utrecht"
    with pytest.raises(CommandError, match="kvk_number,kind,changed_at,name"):
        call_command("import_directory", write(tmp_path, [], header="kvk,soort"), "--changes")
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("import_directory", str(tmp_path / "missing.csv"), "--changes")


def test_the_command_prints_the_notes_and_a_summary(directory, capsys, in_english):
    call_command("import_directory", FIXTURE, "--changes")
    captured = capsys.readouterr()
    assert "1 created, 1 updated, 1 deregistered, 0 skipped" in captured.out
    call_command("import_directory", FIXTURE, "--changes")
    assert "3 skipped (not newer than the change applied before)" in capsys.readouterr().out


def test_the_full_import_accepts_a_tenth_column_of_trade_names(tmp_path):
    header = ",".join([*HEADER, "trade_names"])
    report = import_csv(write(tmp_path, [GOOD[1] + ",KTU; Koel Utrecht ;KTU"], header=header))
    assert report.created == 1
    assert DirectoryEntry.objects.get().trade_name_list == ["KTU", "Koel Utrecht"]
    # Without the column a row of ten values is refused.
    report = import_csv(write(tmp_path, [GOOD[1] + ",KTU"], header=",".join(HEADER)))
    assert "expected 9 columns, found 10" in report.errors[0][1]


def test_a_deregistered_company_leaves_the_search_page_and_the_api(directory, tmp_path, client, personas):
    p = personas
    assert "Koeltransport Utrecht" in searched_names(client, p.charlie, needs="logistiek")
    apply_changes(write(tmp_path, [change("12345670", "deregistration", "2026-12-01")]))
    assert searched_names(client, p.charlie, needs="logistiek") == {"Test EMZ Dagobert"}
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    client.force_login(p.alice)
    page = client.get(reverse("directory:organisation_search", args=[p.alpha.pk])).content.decode()
    assert "Koeltransport Utrecht" not in page


def test_the_search_page_shows_the_trade_names(directory, tmp_path, client, personas):
    p = personas
    apply_changes(write(tmp_path, [change("12345670", "change", "2026-12-01", trade_names="KTU;Koel Utrecht")]))
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    client.force_login(p.alice)
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("directory:organisation_search", args=[p.alpha.pk])).content.decode()
    assert "Handelsnamen: KTU, Koel Utrecht" in page


def test_a_shortlist_keeps_a_deregistered_company_with_a_note(directory, tmp_path, client, personas):
    p = personas
    entry = DirectoryEntry.objects.get(kvk_number="12345670")
    profile = services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    services.shortlist_add(profile=profile, entry=entry, user=p.alice)
    apply_changes(write(tmp_path, [change("12345670", "deregistration", "2026-12-01T10:00:00+01:00")]))
    item = ShortlistItem.objects.get(profile=profile)
    assert item.entry is None and item.deregistration.kvk_number == "12345670"
    client.force_login(p.alice)
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("directory:collaboration_shortlist", args=[p.collaboration.pk])).content.decode()
    assert "Koeltransport Utrecht" in page and "uitgeschreven bij de KVK op 1 dec. 2026" in page


def test_a_deregistered_verified_organisation_keeps_its_account_and_collaborations_and_its_partners_are_told(
    tmp_path, client, personas, settings
):
    settings.LANGUAGE_CODE = "en"
    p = personas
    make_findable(p.beta, p.bob, offers=["logistiek"], needs=["vakkennis"])
    number = p.beta.kvk_number
    assert p.beta.name in searched_names(client, p.charlie, needs="logistiek")
    report = apply_changes(write(tmp_path, [change(number, "deregistration", "2026-12-01T10:00:00+01:00")]))
    assert report.deregistered == 1
    assert report.notes == [
        (2, f"KvK number {number} takes part in 1 collaboration(s): deregistered, their history is kept")
    ]
    p.beta.refresh_from_db()
    assert p.beta.is_verified and p.beta.participations.filter(collaboration=p.collaboration).exists()
    assert not DirectoryListing.objects.get(organisation=p.beta).findable
    assert p.beta.name not in searched_names(client, p.charlie, needs="logistiek")
    told = {address for mail in OutgoingMail.objects.all() for address in mail.to}
    assert p.bob.email in told  # beta's administrator
    assert p.alice.email in told  # the lead of beta's collaboration
    assert p.charlie.email not in told and p.dave.email not in told
    own = OutgoingMail.objects.get(to=[p.bob.email])
    assert "houdt haar account" in own.body and "is uitgeschreven bij de KVK" in own.subject  # in bob's language
    partner = OutgoingMail.objects.get(to=[p.alice.email])
    assert "partner in een van uw samenwerkingen" in partner.body
    # Applying the same file again tells nobody twice.
    count = OutgoingMail.objects.count()
    apply_changes(write(tmp_path, [change(number, "deregistration", "2026-12-01T10:00:00+01:00")]))
    assert OutgoingMail.objects.count() == count


def test_a_change_file_keeps_the_name_search_current(directory, tmp_path):
    from samenwerkwijzer.directory import matching, names, search

    def found(text):
        query, _problem = names.parse_query(text)
        return [result.name for result in search.run(matching.Profile(), rings={}, name=query).results]

    assert found("koeltransport utrecht") == ["Koeltransport Utrecht"]
    apply_changes(
        write(
            tmp_path,
            [
                change(
                    "12345670", "change", "2026-12-01T10:00:00+01:00", name="Koelvervoer Zeist", trade_names="IJskoud"
                ),
                change("69599084", "deregistration", "2026-12-01T10:00:00+01:00"),
                change("11111110", "registration", "2026-12-01T10:00:00+01:00", name="Nieuw Koel Bedrijf"),
            ],
        )
    )
    assert found("koeltransport") == []
    assert found("koelvervoer zeist") == ["Koelvervoer Zeist"]
    assert found("ijskoud") == ["Koelvervoer Zeist"]  # a trade name of the change
    assert found("dagobert") == []  # deregistered
    assert found("koel") == ["Nieuw Koel Bedrijf", "Koelvervoer Zeist"]  # whole word first, then the word's start


def test_a_change_rewrites_only_what_it_changes(directory, tmp_path):
    """A new name leaves the SBI and specialism rows (the search's own index rows) as they are; a
    move rewrites them with the new postcode; both are found by their new name or place."""
    from samenwerkwijzer.directory import matching, search

    entry = DirectoryEntry.objects.get(kvk_number="12345670")
    children = sorted(DirectorySbi.objects.filter(entry=entry).values_list("pk", "pc4"))
    line = "12345670,change,2026-12-01T09:00:00+01:00,Koeltransport Zeist,49410,10-19,3511,dienstverlener,"
    apply_changes(write(tmp_path, [line + "logistiek,markttoegang,Koeltransport; Opslag,"]))
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Koeltransport Zeist"
    assert sorted(DirectorySbi.objects.filter(entry=entry).values_list("pk", "pc4")) == children
    assert sorted(DirectorySpecialism.objects.filter(entry=entry).values_list("tag", flat=True)) == [
        "koeltransport",
        "opslag",
    ]
    assert [r.name for r in search.run(matching.Profile(), name=_query("koeltransport zeist")).results][:1] == [
        "Koeltransport Zeist"
    ]

    moved = "12345670,change,2026-12-02T09:00:00+01:00,Koeltransport Zeist,49410,10-19,3701,dienstverlener,"
    apply_changes(write(tmp_path, [moved + "logistiek,markttoegang,Koeltransport; Opslag,"]))
    assert {pc4 for _pk, pc4 in DirectorySbi.objects.filter(entry=entry).values_list("pk", "pc4")} == {"3701"}
    assert set(DirectorySpecialism.objects.filter(entry=entry).values_list("pc4", flat=True)) == {"3701"}
    near_zeist = matching.Profile(pc4="3701", max_km=1.0, sbi=("49",))
    assert "Koeltransport Zeist" in [r.name for r in search.run(near_zeist).results]


def _query(text):
    from samenwerkwijzer.directory import names

    query, _problem = names.parse_query(text)
    return query


def test_on_postgresql_the_text_index_has_nothing_pending_after_a_change_file(directory, tmp_path):
    """GIN collects new entries in a pending list that every search reads until it is flushed:
    the change import flushes it (``name_index.flush_pending``)."""
    from django.db import connection

    from samenwerkwijzer.directory import name_index

    line = "12345670,change,2026-12-03T09:00:00+01:00,Koeltransport Houten,49410,10-19,3511,dienstverlener,"
    apply_changes(write(tmp_path, [line + "logistiek,markttoegang,,"]))
    if connection.vendor != "postgresql":
        return  # FTS5 writes its index at once
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name_index.GIN_INDEX])
        assert cursor.fetchone()[0] == 0  # nothing was left to flush
