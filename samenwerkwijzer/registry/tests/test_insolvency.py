import xml.etree.ElementTree as ET

import pytest

from samenwerkwijzer.registry.client import InsolvencyCase, InsolvencyCheck, RegistryProfile
from samenwerkwijzer.registry.insolvency import (
    ENDING_CODES,
    INSPUB,
    OPENING_CODES,
    InsolvencyAuthError,
    InsolvencyClient,
    InsolvencyError,
    InsolvencyFault,
    InsolvencyNotConfigured,
    InsolvencyUnavailable,
    attach_insolvency_check,
    case_ended,
    case_kind,
    get_insolvency_client,
    parse_case,
)

from .fake_cir import CASES, EXAMPLE_MARK, PASSWORD, case_xml


def cir(**kwargs):
    return InsolvencyClient(backoff=0.01, **kwargs)


@pytest.mark.parametrize(
    ("mark", "number", "kind"),
    [
        ("16.mne.23.100.F.1300.1.00", "", "F"),
        ("mne.21.151.S.3307.1.00", "", "S"),
        ("01.ams.19.12.R.2301.1.19", "F.13/19/12", "R"),  # the mark wins
        ("", "S.16/21/151", "S"),
        ("", "", ""),
    ],
)
def test_the_kind_is_the_letter_of_the_publication_mark(mark, number, kind):
    assert case_kind(mark, number) == kind


@pytest.mark.parametrize(
    ("codes", "ended"),
    [
        (["1300"], False),  # uitspraak faillissement
        (["1300", "1309", "1313"], False),  # verificatievergadering, slotuitdelingslijst: still running
        (["1300", "1316"], True),  # opheffing wegens gebrek aan baten
        (["1300", "1318", "1304"], False),  # ended by an akkoord, then reopened
        (["3300", "3307"], True),  # einde surseance
        (["3300", "3313"], True),  # surseance ended by conversion into bankruptcy
        (["2301", "2331", "2348"], True),  # einde schuldsanering, then rekening en verantwoording
        (["1309"], None),  # only a meeting on record: the register does not say
        ([], None),
    ],
)
def test_the_latest_opening_or_ending_publication_decides_whether_a_case_ended(codes, ended):
    assert case_ended(codes) is ended


def test_no_code_both_opens_and_ends_a_case():
    assert not ENDING_CODES & OPENING_CODES
    assert all(len(code) == 4 and code.isdigit() for code in ENDING_CODES | OPENING_CODES)


def test_the_example_case_is_read():
    element = ET.fromstring(case_xml(CASES[EXAMPLE_MARK]))  # noqa: S314
    case = parse_case(element.find(f"{{{INSPUB}}}insolvente"))
    assert case == InsolvencyCase(
        kind="F",
        number="F.16/21/150",
        court="Rechtbank Midden-Nederland",
        court_location="Lelystad",
        name="Company B.V.",
        publication="Uitspraak faillissement op 18 mei 2021",
        published_on="2021-05-20",
        publication_code="1300",
        ended=False,
    )


def test_it_finds_the_bankruptcy_of_the_example_company(fake_cir):
    check = cir().check("99098123")
    assert check.failed is False and check.checked_on == "2026-08-20"
    assert [(case.kind, case.number, case.ended) for case in check.cases] == [("F", "F.16/21/150", False)]
    assert check.cases[0].kind_label == "faillissement"  # tests run in Dutch
    assert fake_cir.requests == [("searchUndertaking", "99098123"), ("getCase", EXAMPLE_MARK)]


def test_two_publications_of_one_case_give_one_case_and_the_latest_publication(fake_cir):
    check = cir().check("99098124")
    assert len(check.cases) == 1
    case = check.cases[0]
    assert case.kind == "S" and case.ended is True
    assert case.publication == "Einde surseance op 1 september 2021" and case.published_on == "2021-09-02"
    assert [operation for operation, _ in fake_cir.requests].count("getCase") == 1


def test_a_company_without_publications_has_an_empty_check(fake_cir):
    check = cir().check("69599084")
    assert check == InsolvencyCheck(checked_on="2026-08-20", cases=[], failed=False)
    assert fake_cir.requests == [("searchUndertaking", "69599084")]


def test_the_request_is_a_soap_12_message_with_action_and_username_token(fake_cir):
    cir().check("69599084")
    headers, body = fake_cir.headers[0], fake_cir.bodies[0].decode()
    assert headers["Content-Type"].startswith("application/soap+xml; charset=utf-8")
    assert 'action="http://www.rechtspraak.nl/namespaces/cir01/searchUndertaking"' in headers["Content-Type"]
    assert "<commercialRegisterID>69599084</commercialRegisterID>" in body
    assert "test &lt;cir&gt; &amp; 'pass'" in body and PASSWORD not in body  # escaped, and accepted by the fake


def test_a_refused_account_is_a_clear_error_without_retries(fake_cir):
    with pytest.raises(InsolvencyAuthError) as error:
        cir(password="wrong").check("99098123")
    assert "FailedAuthentication" in error.value.detail
    assert "CIR_USERNAME" in str(error.value.message)
    assert len(fake_cir.bodies) == 1


def test_a_401_is_an_authentication_error(fake_cir):
    with pytest.raises(InsolvencyAuthError):
        cir().check("90004973")
    assert len(fake_cir.bodies) == 1


def test_a_server_error_is_retried_then_reported(fake_cir):
    with pytest.raises(InsolvencyUnavailable) as error:
        cir(retries=3).check("90002903")
    assert "500" in error.value.detail
    assert len(fake_cir.bodies) == 3


def test_a_soap_fault_is_reported_without_retries(fake_cir):
    with pytest.raises(InsolvencyFault) as error:
        cir(retries=3).check("44444444")
    assert "Server was unable to process request." in error.value.detail
    assert len(fake_cir.bodies) == 1


def test_a_technical_error_of_the_register_is_reported(fake_cir):
    with pytest.raises(InsolvencyUnavailable) as error:
        cir().check("55555555")
    assert "exceptie 2" in error.value.detail


def test_a_timeout_is_reported(fake_cir):
    with pytest.raises(InsolvencyUnavailable):
        cir(timeout=0.2, retries=1).check("33333333")


def test_an_answer_with_a_dtd_is_refused():
    from samenwerkwijzer.registry.insolvency import _parse

    with pytest.raises(InsolvencyUnavailable):
        _parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(InsolvencyUnavailable):
        _parse(b"not xml")


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="utf-16"?>'
    '<!DOCTYPE x [<!ENTITY a "hahahahahahahahahaha">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x>&c;</x>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]><x>&secret;</x>'
)
DTD_ONLY = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x SYSTEM "http://example.org/x.dtd"><x>1</x>'


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, DTD_ONLY], ids=["laughs", "external", "dtd"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8"])
def test_a_dtd_or_entity_is_refused_in_any_encoding(text, encoding):
    """Not by sniffing bytes: a UTF-16 body has no ``<!DOCTYPE`` in its bytes, the parser itself refuses."""
    from samenwerkwijzer.registry.insolvency import _parse

    if encoding == "utf-16-be":
        body = b"\xfe\xff" + text.encode("utf-16-be")  # big-endian, with its byte order mark
    else:
        body = text.replace("utf-16", encoding).encode(encoding)
    with pytest.raises(InsolvencyUnavailable) as error:
        _parse(body)
    assert "DTD" in error.value.detail


def test_an_encoding_the_parser_cannot_read_is_an_unusable_answer():
    from samenwerkwijzer.registry.insolvency import _parse

    with pytest.raises(InsolvencyUnavailable) as error:
        _parse(DTD_ONLY.replace("utf-16", "utf-16-le").encode("utf-16-le"))
    assert "not XML" in error.value.detail


def test_a_utf16_answer_without_a_dtd_is_read(fake_cir):
    from samenwerkwijzer.registry.insolvency import SOAP, _parse

    from .fake_cir import envelope, publication_list

    text = envelope("searchUndertaking", publication_list([EXAMPLE_MARK])).replace("utf-8", "utf-16")
    parsed = _parse(text.encode("utf-16"))
    assert parsed.find(f"{{{SOAP}}}Body") is not None
    assert parsed.find(f".//{{{INSPUB}}}publicatieKenmerk").text == EXAMPLE_MARK


def test_a_publication_mark_is_checked_before_it_is_sent(fake_cir):
    with pytest.raises(InsolvencyError):
        cir().get_case("</publicationNumber><evil/>")
    assert fake_cir.bodies == []


def test_without_an_account_the_cir_is_not_asked():
    assert get_insolvency_client() is None
    with pytest.raises(InsolvencyNotConfigured):
        InsolvencyClient(username="", password="").check("99098123")
    profile = RegistryProfile(kvk_number="99098123", found=True, source="offline")
    assert attach_insolvency_check(profile).insolvency_check is None and profile.notes == []


def test_a_failing_register_leaves_the_profile_with_a_note(fake_cir):
    fake_cir.broken = 503
    profile = RegistryProfile(kvk_number="99098123", found=True, source="kvk_api", name="Company B.V.")
    attach_insolvency_check(profile, client=cir(retries=2))
    assert profile.insolvency_check.failed is True and profile.insolvency_check.cases == []
    assert profile.name == "Company B.V."
    assert profile.notes == [
        "Insolventieregister niet geraadpleegd: "
        "Het Centraal Insolventieregister antwoordde niet op tijd of had een storing. Probeer het later opnieuw."
    ]


def test_a_company_the_registry_does_not_know_is_not_looked_up_in_the_cir(fake_cir):
    profile = attach_insolvency_check(RegistryProfile(kvk_number="12345678", found=False, source="kvk_api"))
    assert profile.insolvency_check is None and fake_cir.bodies == []


def test_the_check_round_trips_and_old_results_without_it_still_load(fake_cir):
    profile = attach_insolvency_check(RegistryProfile(kvk_number="99098123", found=True, source="offline"))
    assert RegistryProfile.from_dict(profile.to_dict()) == profile
    assert isinstance(RegistryProfile.from_dict(profile.to_dict()).insolvency_check.cases[0], InsolvencyCase)
    old = profile.to_dict()
    del old["insolvency_check"]
    assert RegistryProfile.from_dict(old).insolvency_check is None
