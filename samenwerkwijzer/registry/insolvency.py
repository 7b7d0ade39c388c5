"""Asking the Centraal Insolventieregister (CIR) of de Rechtspraak whether a company is insolvent.

None of the KVK APIs says whether a company is bankrupt, in suspension of payments or in debt
restructuring; the CIR web service does. ``InsolvencyClient`` asks it with the standard library:
a SOAP 1.2 message (WS-Addressing, WS-Security UsernameToken) over HTTPS; the answer is read with
``defusedxml``, which refuses DTDs, entities and external references in any encoding.
``searchUndertaking(commercialRegisterID=<KvK number>)`` gives the publication marks
(``publicatieKenmerk``) about the company; ``getCase`` gives the case behind each.
``InsolvencyClient.check()`` sums that up as an ``InsolvencyCheck`` (see client.py).

Django settings (settings.py reads them from the environment): ``CIR_URL`` (default
``https://webservice.rechtspraak.nl/cir.asmx``), ``CIR_USERNAME`` and ``CIR_PASSWORD`` (the
web service account de Rechtspraak gives on request). The CIR is asked only when both
``CIR_USERNAME`` and ``CIR_PASSWORD`` are set; otherwise a check keeps saying that its source
has no insolvency data. Timeout and retries are the registry check's: ``KVK_API_TIMEOUT`` and
``KVK_API_RETRIES``.

When a case has ended: the CIR has no "ended" field, but every publication has a
``publicatieSoortCode`` (list in ``shared/data/kvk-api/cir/cir_codelists.csv``). ``ENDING_CODES``
are the codes whose text is an end of the case ("einde …", "opheffing …", "vernietiging …",
"beëindiging …", "omgezet in …"); ``OPENING_CODES`` are those that start or restart one
("uitspraak …", "verlening … surseance", "omzetting … in", "heropening", "herleving"). Of a case's
publications with such a code, the latest decides: an ending code means ended, an opening code
means running; with neither the CIR does not say (``ended=None``).
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .client import (
    InsolvencyCase,
    InsolvencyCheck,
    RegistryError,
    RegistryProfile,
    RetryingHttpClient,
    TryAgain,
    _setting,
)

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://webservice.rechtspraak.nl/cir.asmx"
MAX_CASES = 10  # cases fetched per check; a company with more is rare, the rest is counted

SOAP = "http://www.w3.org/2003/05/soap-envelope"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
CIR = "http://www.rechtspraak.nl/namespaces/cir01"
INSPUB = "http://www.rechtspraak.nl/namespaces/inspubber01"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"  # noqa: S105 - the WS-Security type name, not a password

# publicatieSoortCode values, grouped by insolvency kind (1xxx F, 2xxx R, 3xxx S); see the module docstring.
ENDING_CODES = frozenset(
    {
        "1102", "1202", "1316", "1317", "1318", "1319", "1320", "1324", "1333",  # faillissement: vernietiging, opheffing, einde, omgezet in SSR
        "2328", "2329", "2330", "2331", "2332", "2333", "2334", "2335", "2354",  # schuldsanering: einde, tussentijdse beëindiging
        "3307", "3308", "3309", "3313",  # surseance: einde, beëindiging door omzetting in faillissement
    }
)  # fmt: skip
OPENING_CODES = frozenset(
    {
        "1100", "1101", "1200", "1201", "1300", "1301", "1302", "1303", "1304", "1305", "1306",  # uitspraak, heropening
        "2100", "2101", "2102", "2200", "2201", "2202", "2301", "2302", "2303", "2304", "2305", "2306", "2307",
        "2308", "2337",  # uitspraak, omzetting in schuldsanering, herleving
        "3100", "3200", "3300", "3301", "3302",  # verlening voorlopige of definitieve surseance
    }
)  # fmt: skip

KENMERK_KIND = re.compile(r"\.([FSR])\.\d{4}\.")
KENMERK = re.compile(r"(?:\d{2}\.)?[a-z]{3}\.\d{2}\.\d{1,4}\.[FSR]\.\d{4}\.\d{1,2}\.\d{2}")


class InsolvencyError(RegistryError):
    message = _("The Centraal Insolventieregister (CIR) could not be consulted.")


class InsolvencyNotConfigured(InsolvencyError):
    message = _("The connection to the Centraal Insolventieregister is not set up (no CIR account).")


class InsolvencyAuthError(InsolvencyError):
    message = _(
        "The Centraal Insolventieregister refused our account. Ask the administrator to check CIR_USERNAME and CIR_PASSWORD."
    )


class InsolvencyUnavailable(InsolvencyError):
    message = _("The Centraal Insolventieregister did not answer in time or had a fault. Try again later.")


class InsolvencyFault(InsolvencyError):
    message = _("The Centraal Insolventieregister could not handle the question (SOAP fault).")


class InsolvencyClient(RetryingHttpClient):
    unavailable = InsolvencyUnavailable

    def __init__(self, *, url: str | None = None, username: str | None = None, password: str | None = None, **http):
        super().__init__(**http)
        self.url = url or _setting("CIR_URL", DEFAULT_URL)
        self.username = username if username is not None else _setting("CIR_USERNAME", "")
        self.password = password if password is not None else _setting("CIR_PASSWORD", "")

    def check(self, kvk_number: str) -> InsolvencyCheck:
        """Everything the CIR publishes about the company, one ``InsolvencyCase`` per case."""
        marks, extracted_on = self.search_undertaking(kvk_number)
        groups: dict[str, str] = {}
        for mark in marks:  # several publications of one case: fetch the case once
            groups.setdefault(_case_key(mark), mark)
        cases: dict[tuple[str, str], InsolvencyCase] = {}
        for mark in list(groups.values())[:MAX_CASES]:
            case = self.get_case(mark)
            if case is not None:
                cases.setdefault((case.court, case.number), case)
        ordered = sorted(cases.values(), key=lambda case: case.published_on or "", reverse=True)
        return InsolvencyCheck(
            checked_on=extracted_on or timezone.localdate().isoformat(),
            cases=ordered,
            omitted=max(0, len(groups) - MAX_CASES),
        )

    def search_undertaking(self, kvk_number: str) -> tuple[list[str], str | None]:
        """The publication marks about this KvK number, and the CIR's extraction date (ISO)."""
        body = self._call("searchUndertaking", f"<commercialRegisterID>{escape(kvk_number)}</commercialRegisterID>")
        found = body.find(f".//{{{INSPUB}}}publicatieLijst")
        if found is None:
            raise InsolvencyUnavailable("searchUndertaking: no publicatieLijst in the answer")
        extracted = (found.get("extractiedatum") or "")[:10]
        extracted_on = extracted if re.fullmatch(r"\d{4}-\d{2}-\d{2}", extracted) else None
        if _exception(found, "searchUndertaking"):
            return [], extracted_on
        marks = [(item.text or "").strip() for item in found.findall(f"{{{INSPUB}}}publicatieKenmerk")]
        return [mark for mark in marks if mark], extracted_on

    def get_case(self, publication_number: str) -> InsolvencyCase | None:
        """The case a publication belongs to; ``None`` when the CIR no longer has it."""
        if not KENMERK.fullmatch(publication_number):
            raise InsolvencyError(f"not a publicatieKenmerk: {publication_number!r}")
        body = self._call("getCase", f"<publicationNumber>{escape(publication_number)}</publicationNumber>")
        found = body.find(f".//{{{INSPUB}}}inspubWebserviceInsolvente")
        if found is None:
            raise InsolvencyUnavailable("getCase: no inspubWebserviceInsolvente in the answer")
        if _exception(found, "getCase"):
            return None
        insolvente = found.find(f"{{{INSPUB}}}insolvente")
        if insolvente is None:
            raise InsolvencyUnavailable("getCase: no insolvente in the answer")
        return parse_case(insolvente)

    def _call(self, operation: str, parameters: str) -> ET.Element:
        """POST one SOAP request; the SOAP Body of the answer."""
        if not (self.username and self.password):
            raise InsolvencyNotConfigured
        action = f"{CIR}/{operation}"
        request = urllib.request.Request(  # noqa: S310 - CIR_URL is the administrator's setting
            self.url,
            data=self._envelope(operation, action, parameters).encode("utf-8"),
            method="POST",
            headers={"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'},
        )
        envelope = _parse(self._send(request) or b"")
        _raise_fault(envelope)
        found = envelope.find(f"{{{SOAP}}}Body")
        if found is None:
            raise InsolvencyUnavailable(f"{operation}: no SOAP 1.2 Body in the answer")
        return found

    def _on_http_error(self, error: urllib.error.HTTPError) -> bytes:
        """Statuses of the CIR. A SOAP fault comes with 400 or 500 and is read like any answer."""
        try:
            body = error.read()
        except OSError:
            body = b""
        if error.code in (401, 403):
            raise InsolvencyAuthError(f"HTTP {error.code}") from error
        if error.code in (400, 500) and (b":Fault" in body or b"<Fault" in body):
            return body  # _call raises the fault
        if error.code == 429:
            raise TryAgain(InsolvencyUnavailable("HTTP 429"), retry_after=error.headers.get("Retry-After"))
        if error.code >= 500:
            raise TryAgain(InsolvencyUnavailable(f"HTTP {error.code}"))
        raise InsolvencyError(f"HTTP {error.code}") from error

    def _envelope(self, operation: str, action: str, parameters: str) -> str:
        return (
            f'<?xml version="1.0" encoding="utf-8"?>'
            f'<soap:Envelope xmlns:soap="{SOAP}" xmlns:wsa="{WSA}" xmlns:wsse="{WSSE}">'
            f"<soap:Header>"
            f"<wsa:Action>{escape(action)}</wsa:Action>"
            f"<wsa:MessageID>urn:uuid:{uuid.uuid4()}</wsa:MessageID>"
            f"<wsa:To>{escape(self.url)}</wsa:To>"
            f'<wsse:Security soap:mustUnderstand="true"><wsse:UsernameToken>'
            f"<wsse:Username>{escape(self.username)}</wsse:Username>"
            f'<wsse:Password Type="{PASSWORD_TEXT}">{escape(self.password)}</wsse:Password>'
            f"</wsse:UsernameToken></wsse:Security>"
            f"</soap:Header>"
            f'<soap:Body><{operation} xmlns="{CIR}">{parameters}</{operation}></soap:Body>'
            f"</soap:Envelope>"
        )


def get_insolvency_client(**http) -> InsolvencyClient | None:
    """The CIR client when an account is configured (``http``: e.g. its ``deadline``), else ``None``."""
    if _setting("CIR_USERNAME", "") and _setting("CIR_PASSWORD", ""):
        return InsolvencyClient(**http)
    return None


def attach_insolvency_check(profile: RegistryProfile, *, client: InsolvencyClient | None = None) -> RegistryProfile:
    """Ask the CIR about a found company and put the answer in ``profile.insolvency_check``.

    Without a CIR account nothing changes. When the CIR cannot answer, the profile is kept with
    ``insolvency_check.failed`` and a note saying so: the registry result is not lost.
    """
    client = client or get_insolvency_client()
    if client is None or not profile.found:
        return profile
    try:
        profile.insolvency_check = client.check(profile.kvk_number)
    except RegistryError as error:
        logger.warning("CIR check of %s failed: %s %s", profile.kvk_number, type(error).__name__, error.detail)
        profile.insolvency_check = InsolvencyCheck(checked_on=timezone.localdate().isoformat(), failed=True)
        profile.notes.append(gettext("Insolvency register not consulted: %(reason)s") % {"reason": str(error.message)})
    return profile


# --- reading the answers -------------------------------------------------------------------------


def parse_case(insolvente: ET.Element) -> InsolvencyCase:
    """An ``insolvente`` element (namespace inspubber01) as an ``InsolvencyCase``."""
    publications = []
    history = insolvente.find(f"{{{INSPUB}}}publicatiegeschiedenis")
    for index, item in enumerate(history.findall(f"{{{INSPUB}}}publicatie") if history is not None else []):
        publications.append(
            {
                "date": _text(item, "publicatieDatum")[:10],
                "mark": _text(item, "publicatieKenmerk"),
                "description": _text(item, "publicatieOmschrijving"),
                "code": _text(item, "publicatieSoortCode"),
                "order": index,
            }
        )
    publications.sort(key=lambda item: (item["date"], item["order"]))
    latest = publications[-1] if publications else {}
    number = _text(insolvente, "insolventienummer")
    person = insolvente.find(f"{{{INSPUB}}}persoon")
    return InsolvencyCase(
        kind=case_kind(latest.get("mark", ""), number),
        number=number,
        court=_text(insolvente, "behandelendeInstantieNaam"),
        court_location=_text(insolvente, "behandelendeVestigingNaam"),
        name=_text(person, "achternaam") if person is not None else "",
        publication=latest.get("description", ""),
        published_on=latest.get("date") or None,
        publication_code=latest.get("code", ""),
        ended=case_ended([item["code"] for item in publications]),
    )


def case_kind(mark: str, number: str = "") -> str:
    """F, S or R: the letter in the publicatieKenmerk (``16.mne.23.100.F.1300.1.00``), else the
    first letter of the insolventienummer (``F.16/21/150``); "" when neither says."""
    found = KENMERK_KIND.search(f".{mark}.")
    if found:
        return found.group(1)
    return number[:1] if number[:1] in {"F", "S", "R"} else ""


def case_ended(codes: list[str]) -> bool | None:
    """Whether a case has ended, from its publicatieSoortCodes in date order (oldest first).

    The latest code that opens or ends a case decides; ``None`` when none of them does.
    """
    for code in reversed(codes):
        if code in ENDING_CODES:
            return True
        if code in OPENING_CODES:
            return False
    return None


def _case_key(mark: str) -> str:
    """The part of a publicatieKenmerk that names the case (court, year, serial number, kind)."""
    found = KENMERK_KIND.search(mark)
    return mark[: found.start(1) + 1] if found else mark


def _text(element: ET.Element | None, name: str) -> str:
    found = element.find(f"{{{INSPUB}}}{name}") if element is not None else None
    return " ".join((found.text or "").split()) if found is not None else ""


def _exception(element: ET.Element, operation: str) -> bool:
    """``True`` for the CIR's "no results" (exceptie 1); raises for its other exceptions."""
    found = element.find(f"{{{INSPUB}}}exceptie")
    if found is None:
        return False
    code = found.get("errorcode", "")
    if code == "1":
        return True
    detail = f"{operation}: exceptie {code} {(found.text or '').strip()}".strip()
    if code in {"3", "4"}:  # too many results, incorrect input
        raise InsolvencyError(detail)
    raise InsolvencyUnavailable(detail)


def _parse(body: bytes) -> ET.Element:
    """The answer as XML, read by defusedxml whatever its encoding (UTF-8, UTF-16, ...).

    A SOAP message may not contain a DTD (SOAP 1.2 part 1, 5): one is refused by the parser itself,
    and so are entity declarations and external references, not by looking at the bytes."""
    try:
        return safe_xml.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise InsolvencyUnavailable(f"the answer contains a DTD or entities: {type(error).__name__}") from error
    except (ET.ParseError, ValueError) as error:  # ValueError: e.g. an encoding expat cannot read
        raise InsolvencyUnavailable(f"the answer is not XML: {error}") from error


def _fault(envelope: ET.Element) -> tuple[str, str] | None:
    """(codes, reason) of a SOAP 1.2 (or 1.1) Fault in the message, else ``None``."""
    for namespace in (SOAP, SOAP11):
        fault = envelope.find(f".//{{{namespace}}}Fault")
        if fault is None:
            continue
        if namespace == SOAP:
            codes = [value.text or "" for value in fault.iter(f"{{{SOAP}}}Value")]
            reason = " ".join(text.text or "" for text in fault.iter(f"{{{SOAP}}}Text"))
        else:
            codes = [fault.findtext("faultcode") or ""]
            reason = fault.findtext("faultstring") or ""
        return " ".join(code.strip() for code in codes), " ".join(reason.split())
    return None


def _raise_fault(envelope: ET.Element) -> None:
    fault = _fault(envelope)
    if fault is None:
        return
    codes, reason = fault
    detail = f"{codes}: {reason}".strip(": ")
    if any(
        word in f"{codes} {reason}".lower() for word in ("failedauthentication", "invalidsecurity", "security token")
    ):
        raise InsolvencyAuthError(detail)
    raise InsolvencyFault(detail)
