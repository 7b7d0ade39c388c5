import pytest
from django.core.management import CommandError, call_command

from samenwerkwijzer.directory import matching
from samenwerkwijzer.directory.importer import HEADER, import_csv
from samenwerkwijzer.directory.models import DirectoryEntry, DirectorySbi, DirectorySpecialism, DirectoryStat

pytestmark = pytest.mark.django_db

GOOD = [
    "69599084,Test EMZ Dagobert,10110;10120,1,1034,producent,vakkennis;productiemiddelen,logistiek,vleesverwerking",
    "12345670,Koeltransport Utrecht,49410,10-19,3511,dienstverlener,logistiek,markttoegang,Koeltransport; Opslag",
]
BAD = [
    ("12345671,Onbekende code,99999,1,3511,producent,,,", "unknown SBI 2025 code"),
    ("12345672,Onbekende pc4,49410,1,0000,producent,,,", "pc4 '0000'"),
    ("12345673,Verkeerde grootte,49410,3,3511,producent,,,", "size_class '3'"),
    ("1234567,Kort nummer,49410,1,3511,producent,,,", "not 8 digits"),
    ("12345674,Verkeerde keten,49410,1,3511,fabriek,,,", "chain_position 'fabriek'"),
    ("12345675,Verkeerde categorie,49410,1,3511,producent,geld,,", "offers has unknown categories: geld"),
    ("12345676,Te weinig kolommen,49410", "expected 9 columns"),
]


def write(tmp_path, lines, header=None):
    header = header or ",".join(HEADER)
    path = tmp_path / "import.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def test_it_imports_good_rows_and_reports_bad_ones_with_line_numbers(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = write(tmp_path, [GOOD[0], *[line for line, _reason in BAD], GOOD[1]])
    report = import_csv(path)
    assert (report.read, report.created, report.updated) == (9, 2, 0)
    assert [line for line, _reason in report.errors] == list(range(3, 3 + len(BAD)))
    for (_line, reason), (_row, expected) in zip(report.errors, BAD, strict=True):
        assert expected in reason
    entry = DirectoryEntry.objects.get(kvk_number="12345670")
    assert entry.size_class == matching.SIZE_INDEX["10-19"] and entry.chain_slug == "dienstverlener"
    assert entry.offers == ["logistiek"] and entry.needs == ["markttoegang"]
    assert entry.specialism_list == ["koeltransport", "opslag"]
    assert sorted(DirectorySbi.objects.values_list("code", flat=True)) == ["10110", "10120", "49410"]
    assert DirectoryStat.objects.get(kind="total").count == 2


def test_a_large_file_is_parsed_in_a_second_process_with_the_same_outcome(tmp_path, settings, monkeypatch):
    """Parsing apart (``parse_worker``, used for large files) changes nothing but the speed: the
    same rows, the same refusals with their line numbers and reasons, in the importer's language,
    the last row for a number winning, also across chunks."""
    from samenwerkwijzer.directory import importer

    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(importer, "_CHUNK_ROWS", 2)  # many chunks, several in flight
    later = GOOD[1].replace("Koeltransport Utrecht", "Later")
    path = write(tmp_path, [GOOD[0], *[line for line, _reason in BAD], GOOD[1], "", later])
    report = import_csv(path, parse_apart=True)
    assert (report.read, report.created, report.updated) == (10, 2, 0)
    assert [line for line, _reason in report.errors] == list(range(3, 3 + len(BAD)))
    for (_line, reason), (_row, expected) in zip(report.errors, BAD, strict=True):
        assert expected in reason
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Later"
    assert sorted(DirectorySbi.objects.values_list("code", flat=True)) == ["10110", "10120", "49410"]
    assert import_csv(path, parse_apart=False).errors == report.errors


def test_a_second_import_updates_instead_of_duplicating(tmp_path):
    import_csv(write(tmp_path, GOOD))
    changed = GOOD[1].replace("Koeltransport Utrecht", "Koeltransport Utrecht BV")
    report = import_csv(write(tmp_path, [changed]))
    assert (report.created, report.updated) == (0, 1)
    assert DirectoryEntry.objects.count() == 2
    assert DirectoryEntry.objects.get(kvk_number="12345670").name == "Koeltransport Utrecht BV"
    assert DirectorySpecialism.objects.filter(entry__kvk_number="12345670").count() == 2


def test_the_same_number_twice_in_one_file_keeps_the_last_row(tmp_path):
    report = import_csv(write(tmp_path, [GOOD[1], GOOD[1].replace("Koeltransport Utrecht", "Later")]))
    assert report.created == 1
    assert DirectoryEntry.objects.get().name == "Later"


def test_a_wrong_header_aborts_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="kvk_number,name,sbi_codes"):
        call_command("import_directory", write(tmp_path, GOOD, header="kvk,name"))
    assert not DirectoryEntry.objects.exists()


def test_the_command_prints_a_summary(tmp_path, capsys):
    call_command("import_directory", write(tmp_path, [*GOOD, BAD[0][0]]))
    captured = capsys.readouterr()
    assert "2 created" in captured.out and "1 bad rows" in captured.out
    assert "line 4" in captured.err


@pytest.mark.django_db(transaction=True)
def test_a_first_import_rebuilds_the_search_indexes_at_the_end(tmp_path):
    from django.db import connection

    import_csv(write(tmp_path, GOOD))
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, DirectorySbi._meta.db_table))
    assert "directory_sbi_search" in names
    assert DirectorySbi.objects.filter(code="49410", pc4="3511").exists()
