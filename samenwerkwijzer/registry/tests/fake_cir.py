"""A local stand-in for the CIR web service of de Rechtspraak (SOAP 1.2, ``cir.asmx``).

Runs a stdlib HTTP server on 127.0.0.1 in a thread. It checks what the real service needs (a
SOAP 1.2 POST with a WS-Addressing Action and a WS-Security UsernameToken) and answers in the
real shapes: ``searchUndertaking`` gives a ``publicatieLijst`` (namespace inspubber01) of
publication marks or ``exceptie errorcode="1"`` (no results); ``getCase`` gives an
``inspubWebserviceInsolvente``. The cases are built from the example getCase response in
``fixtures/`` (fictitious: "Company B.V.", KvK 99098123):

- 99098123: the example case, a running bankruptcy (F.16/21/150, publication 1300);
- 99098124: derived from it, a suspension of payments that has ended: two publications
  (3300 granted, 3307 ended), both found by the search;
- 90004973 answers 401, 90002903 answers 500 (no SOAP), 44444444 a SOAP fault, 55555555 the
  CIR's own "technical error" (exceptie 2), 33333333 answers too slowly (after ``slow_seconds``);
- any other number: no publications.

A wrong username or password gets the SOAP fault WSE gives (``wsse:FailedAuthentication``).
Setting ``broken`` to a status makes every request answer that status.
"""

import copy
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from testsupport.local_server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"
USERNAME = "test-cir-user"
PASSWORD = "test <cir> & 'pass'"  # characters that must be escaped in the envelope

SOAP = "http://www.w3.org/2003/05/soap-envelope"
CIR = "http://www.rechtspraak.nl/namespaces/cir01"
INSPUB = "http://www.rechtspraak.nl/namespaces/inspubber01"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"

EXAMPLE_MARK = "16.mne.23.100.F.1300.1.00"
EXTRACTED = "2026-08-20T10:15:00.1234567+02:00"


def _example_case() -> dict:
    data = json.loads((FIXTURES / f"cir-getCase_{EXAMPLE_MARK}_fictitious.json").read_text(encoding="utf-8"))
    return data["getCaseResponse"]["getCaseResult"]["inspubWebserviceInsolvente"]


def _ended_surseance() -> dict:
    case = copy.deepcopy(_example_case())
    person = case["insolvente"]
    person["insolventienummer"] = "S.16/21/151"
    person["persoon"]["KvKNummer"] = person["handelendOnderDeNamen"]["handelendOnderDeNaam"]["KvKNummer"] = "99098124"
    person["cbvers"]["cbv"]["CB"] = "B"
    person["publicatiegeschiedenis"]["publicatie"] = [
        {
            "publicatieDatum": "2021-09-02",
            "publicatieKenmerk": "16.mne.21.151.S.3307.1.00",
            "publicatieOmschrijving": "Einde surseance op 1 september 2021",
            "publicatieSoortCode": "3307",
            "publicerendeInstantieCode": "42",
        },
        {
            "publicatieDatum": "2021-03-02",
            "publicatieKenmerk": "16.mne.21.151.S.3300.1.00",
            "publicatieOmschrijving": "Verlening voorlopige surseance op 1 maart 2021",
            "publicatieSoortCode": "3300",
            "publicerendeInstantieCode": "42",
        },
    ]
    return case


CASES = {
    EXAMPLE_MARK: _example_case(),
    "16.mne.21.151.S.3300.1.00": _ended_surseance(),
    "16.mne.21.151.S.3307.1.00": _ended_surseance(),
}
SEARCHES = {
    "99098123": [EXAMPLE_MARK],
    "99098124": ["16.mne.21.151.S.3300.1.00", "16.mne.21.151.S.3307.1.00"],
}


def to_xml(tag: str, value) -> str:
    """A JSON-converted XML element back as XML: ``@name`` keys are attributes, lists repeat."""
    if isinstance(value, list):
        return "".join(to_xml(tag, item) for item in value)
    if isinstance(value, dict):
        attributes = "".join(f" {key[1:]}={quoteattr(str(item))}" for key, item in value.items() if key[0] == "@")
        children = "".join(to_xml(key, item) for key, item in value.items() if key[0] != "@")
        return f"<{tag}{attributes}>{children}</{tag}>"
    return f"<{tag}>{escape(str(value))}</{tag}>"


def envelope(operation: str, content: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP}" xmlns:wsa="{WSA}">'
        f"<soap:Header><wsa:Action>{CIR}/{operation}Response</wsa:Action></soap:Header>"
        f'<soap:Body><{operation}Response xmlns="{CIR}"><{operation}Result>{content}</{operation}Result>'
        f"</{operation}Response></soap:Body></soap:Envelope>"
    )


def publication_list(marks: list[str], *, errorcode: str = "1", text: str = "Geen resultaten gevonden") -> str:
    inner = (
        "".join(f"<publicatieKenmerk>{escape(mark)}</publicatieKenmerk>" for mark in marks)
        if marks
        else f'<exceptie errorcode="{errorcode}">{escape(text)}</exceptie>'
    )
    return f'<publicatieLijst extractiedatum="{EXTRACTED}" xmlns="{INSPUB}">{inner}</publicatieLijst>'


def case_xml(case: dict | None) -> str:
    if case is None:
        return f'<inspubWebserviceInsolvente xmlns="{INSPUB}"><exceptie errorcode="1">Geen resultaten gevonden</exceptie></inspubWebserviceInsolvente>'
    return to_xml("inspubWebserviceInsolvente", {"@xmlns": INSPUB, **case})


def fault(code: str, subcode: str, reason: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body><soap:Fault>'
        f"<soap:Code><soap:Value>soap:{code}</soap:Value>"
        f'<soap:Subcode><soap:Value xmlns:wsse="{WSSE}">{subcode}</soap:Value></soap:Subcode></soap:Code>'
        f'<soap:Reason><soap:Text xml:lang="en">{escape(reason)}</soap:Text></soap:Reason>'
        f"</soap:Fault></soap:Body></soap:Envelope>"
    )


class FakeCir(LocalServer):
    def __init__(self, slow_seconds: float = 1.0):
        super().__init__()
        self.requests: list[tuple[str, str]] = []  # (operation, argument)
        self.headers: list[dict] = []
        self.bodies: list[bytes] = []
        self.slow_seconds = slow_seconds
        self.broken: int | None = None

    def handle(self, method, path, headers, body):
        if method != "POST":
            return 405, {}, b""
        self.headers.append(dict(headers))
        self.bodies.append(body)
        status, answer = self.answer(headers.get("Content-Type", ""), body)
        return status, {"Content-Type": "application/soap+xml; charset=utf-8"}, answer.encode("utf-8")

    @property
    def url(self) -> str:
        return f"{self.origin}/cir.asmx"

    def answer(self, content_type: str, body: bytes) -> tuple[int, str]:
        if self.broken:
            return self.broken, "Service Unavailable"
        if not content_type.startswith("application/soap+xml"):
            return 415, "Unsupported Media Type"
        message = ET.fromstring(body)  # noqa: S314 - our own client's request
        operation_element = message.find(f"{{{SOAP}}}Body/*")
        operation = operation_element.tag.split("}")[1]
        if message.findtext(f"{{{SOAP}}}Header/{{{WSA}}}Action") != f"{CIR}/{operation}":
            return 500, fault("Sender", "wsa:ActionNotSupported", "The Action is missing or wrong.")
        token = f"{{{SOAP}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken"
        if (
            message.findtext(f"{token}/{{{WSSE}}}Username") != USERNAME
            or message.findtext(f"{token}/{{{WSSE}}}Password") != PASSWORD
        ):
            return 500, fault("Sender", "wsse:FailedAuthentication", "The security token could not be authenticated.")
        argument = "".join(operation_element.itertext()).strip()
        self.requests.append((operation, argument))
        if operation == "getCase":
            return 200, envelope(operation, case_xml(CASES.get(argument)))
        if operation != "searchUndertaking":
            return 500, fault("Sender", "soap:Client", f"Not in this fake: {operation}")
        if argument == "90004973":
            return 401, "Unauthorized"
        if argument == "90002903":
            return 500, "Internal Server Error"
        if argument == "44444444":
            return 500, fault("Receiver", "soap:Server", "Server was unable to process request.")
        if argument == "55555555":
            return 200, envelope(operation, publication_list([], errorcode="2", text="Technische fout"))
        if argument == "33333333":
            time.sleep(self.slow_seconds)
        return 200, envelope(operation, publication_list(SEARCHES.get(argument, [])))
